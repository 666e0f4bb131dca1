/* syscall_test.c - in-kernel tests of the system-call table and of write and yield, called
 * through kern_syscalls as the entries call them, from a kernel thread (no process: its user
 * half is what the test maps). The user test suite (tests/user/usertests) tests every call
 * from ring 3. */
#include <kern/arch.h>
#include <kern/errno.h>
#include <kern/frame.h>
#include "ktest.h"
#include <kern/param.h>
#include <kern/task.h>
#include <kern/vm.h>
#include <lib/format.h>
#include <lib/ksyms.h>
#include <lib/string.h>
#include <uapi/syscall.h>

static long call3(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return kern_syscalls[nr](a1, a2, a3, 0, 0, 0);
}

/* Each number's function is sys_NAME, with NAME as in uapi/syscall.h. */
static const char *const call_names[SYS_COUNT] = {
	[SYS_exit] = "exit",       [SYS_write] = "write",     [SYS_yield] = "yield",
	[SYS_getpid] = "getpid",   [SYS_send] = "send",       [SYS_recv] = "recv",
	[SYS_spawn] = "spawn",     [SYS_wait] = "wait",       [SYS_sleep] = "sleep",
	[SYS_uptime] = "uptime",   [SYS_sbrk] = "sbrk",       [SYS_meminfo] = "meminfo",
	[SYS_kill] = "kill",       [SYS_call] = "call",       [SYS_reply] = "reply",
	[SYS_reply_recv] = "reply_recv", [SYS_spawn_with] = "spawn_with",
	[SYS_ioport] = "ioport",   [SYS_irq_bind] = "irq_bind", [SYS_irq_ack] = "irq_ack",
	[SYS_procinfo] = "procinfo",
};

/* The table has a function for every number below SYS_COUNT, and it is that call's: an empty
 * slot would be a call to address 0 from ring 0, which any program could make. */
KTEST(syscall_table_by_number)
{
	char what[112];
	for (uint64_t nr = 0; nr < SYS_COUNT; nr++) {
		const char *want = call_names[nr] ? call_names[nr] : "?";
		uint64_t off = 1;
		uint64_t fn = (uint64_t)kern_syscalls[nr];
		const char *got = fn ? ksym_lookup(fn, &off) : 0;
		/* (with --enable-trace the table holds each call's wrapper, sys_NAME_traced) */
		size_t n = strlen(want);
		bool ok = call_names[nr] && got && off == 0 && !strncmp(got, "sys_", 4) &&
			  !strncmp(got + 4, want, n) &&
			  (!got[4 + n] || (CONFIG_TRACE && !strcmp(got + 4 + n, "_traced")));
		ksnprintf(what, sizeof(what), "kern_syscalls[%lu] is sys_%s (it is %s)", nr, want,
			  !kern_syscalls[nr] ? "NULL" : got ? got : "no function");
		ktest_check(ok, what, __FILE__, __LINE__);
	}
}

#define UPAGE 0x600000ul  /* the test's one user page, read-only; those around it are unmapped */

static const char line[] = "# a line written from a user page by kern_syscalls[SYS_write]\n";
static const char tail[] = "# BUG!\n";  /* the page's last bytes: a write must not print them */

/* Checks one write that must fail with -EFAULT. */
static void write_efault(uint64_t buf, uint64_t len, int at)
{
	char what[96];
	long r = call3(SYS_write, 1, buf, len);
	ksnprintf(what, sizeof(what), "write(1, %#lx, %#lx) gives -EFAULT (got %ld)", buf, len, r);
	ktest_check(r == -EFAULT, what, __FILE__, at);
}

/* write: fd 1 and 2 only; every byte of the buffer readable user memory (a read-only page is
 * fine), or -EFAULT: never kernel memory, never past the page, whatever the length's wrap. */
KTEST(syscall_write_fd_and_user_buffer)
{
	struct vm_space vs;
	uint64_t free_before = frame_free_count();
	uint64_t on_stack = 0;
	KT_EQ(vm_space_create(&vs), 0);
	uint64_t pa = frame_alloc();
	KT_ASSERT(pa != 0);
	char *kva = arch_phys_to_virt(pa);
	memset(kva, 0, PAGE_SIZE);
	memcpy(kva, line, sizeof(line) - 1);
	memcpy(kva + PAGE_SIZE - (sizeof(tail) - 1), tail, sizeof(tail) - 1);
	KT_EQ(vm_map_page(&vs, UPAGE, pa, VM_USER | VM_OWNED), 0);
	vm_space_activate(&vs);

	KT_EQ(call3(SYS_write, 1, UPAGE, sizeof(line) - 1), sizeof(line) - 1);
	KT_EQ(call3(SYS_write, 2, UPAGE, sizeof(line) - 1), sizeof(line) - 1);
	KT_EQ(call3(SYS_write, 1, UPAGE, 0), 0);
	KT_EQ(call3(SYS_write, 1, 0, 0), 0);  /* no byte to check */
	static const uint64_t bad_fds[] = { 0, 3, (uint64_t)-1, 1000, 0x7fffffff };
	for (size_t i = 0; i < sizeof(bad_fds) / sizeof(bad_fds[0]); i++)
		KT_EQ(call3(SYS_write, bad_fds[i], UPAGE, sizeof(line) - 1), -EBADF);

	write_efault(0, 1, __LINE__);
	write_efault(0, 16, __LINE__);
	write_efault(UPAGE - PAGE_SIZE, 1, __LINE__);                    /* unmapped below */
	write_efault(UPAGE + PAGE_SIZE, 1, __LINE__);                    /* unmapped above */
	write_efault(UPAGE + PAGE_SIZE - (sizeof(tail) - 1), sizeof(tail), __LINE__);  /* 1 over */
	write_efault(UPAGE, PAGE_SIZE + 1, __LINE__);
	write_efault(UPAGE, 1ul << 40, __LINE__);
	write_efault(UPAGE, (uint64_t)0 - UPAGE + 16, __LINE__);         /* wraps to 16 */
	write_efault((uintptr_t)line, sizeof(line) - 1, __LINE__);       /* kernel rodata */
	write_efault((uintptr_t)&on_stack, sizeof(on_stack), __LINE__);  /* kernel stack */
	write_efault((uintptr_t)kva, 16, __LINE__);                      /* the direct map */
	write_efault(MK_USER_TOP - PAGE_SIZE, 2 * PAGE_SIZE, __LINE__);  /* off the top */
	write_efault(MK_USER_TOP, 1, __LINE__);                          /* not canonical */
	write_efault(0xffff800000000000ul, 16, __LINE__);
	write_efault(0xfffffffffffff000ul, 0x2000, __LINE__);            /* wraps past 2^64 */
	write_efault(1, (uint64_t)-1, __LINE__);

	vm_space_activate(vm_kernel_space());
	vm_space_destroy(&vs);
	KT_EQ(frame_free_count(), free_before);
}

static volatile int yielded_to;

static void note_turn(void *arg)
{
	yielded_to++;
}

/* yield: 0, at once when nothing else is ready; another ready task runs before it returns.
 * Interrupts stay off around it (sched_yield() takes them so), so no tick can switch first. */
KTEST(syscall_yield_lets_others_run)
{
	yielded_to = 0;
	KT_EQ(call3(SYS_yield, 0, 0, 0), 0);
	unsigned long s = arch_irq_save();
	KT_ASSERT(create_task("yield-to", note_turn, 0) > 0);
	long r = call3(SYS_yield, 0, 0, 0);
	int turns = yielded_to;
	arch_irq_restore(s);
	KT_EQ(r, 0);
	KT_EQ(turns, 1);
}
