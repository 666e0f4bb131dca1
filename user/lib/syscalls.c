/* syscalls.c - the C wrappers of the ABI v2 calls, over the entry mk_use_int80 selects. */
#include <syscalls.h>

int mk_use_int80;

long mk_call6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	if (mk_use_int80)
		return mk_int80_6(nr, a1, a2, a3, a4, a5, a6);
	return mk_syscall6(nr, a1, a2, a3, a4, a5, a6);
}

/* The wrappers below enter the kernel with an inline `syscall` (rcx and r11 are its
 * clobbers), so that a call costs the program a few instructions, not a chain of stubs;
 * mk_use_int80 sends them through mk_int80_6() instead. The argument registers beyond a
 * call's own arguments may hold anything: the kernel reads only those. */
static inline long call6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	if (mk_use_int80)
		return mk_int80_6(nr, a1, a2, a3, a4, a5, a6);
	register long r10 __asm__("r10") = a4, r8 __asm__("r8") = a5, r9 __asm__("r9") = a6;
	__asm__ volatile("syscall"
			 : "+a"(nr)
			 : "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return nr;
}

static inline long call3(long nr, long a1, long a2, long a3)
{
	if (mk_use_int80)
		return mk_int80_6(nr, a1, a2, a3, 0, 0, 0);
	__asm__ volatile("syscall"
			 : "+a"(nr)
			 : "D"(a1), "S"(a2), "d"(a3)
			 : "rcx", "r11", "memory");
	return nr;
}

static inline long call1(long nr, long a1)
{
	return call3(nr, a1, 0, 0);
}

static inline long call0(long nr)
{
	return call3(nr, 0, 0, 0);
}

void exit(int status)
{
	for (;;)
		call1(SYS_exit, status);
}

long write(int fd, const void *buf, size_t len)
{
	return call3(SYS_write, fd, (long)buf, (long)len);
}

long yield(void)
{
	return call0(SYS_yield);
}

long getpid(void)
{
	return call0(SYS_getpid);
}

long send(int dst, const void *msg, size_t len)
{
	return call3(SYS_send, dst, (long)msg, (long)len);
}

long recv(int *from, void *buf, size_t cap)
{
	return call3(SYS_recv, (long)from, (long)buf, (long)cap);
}

long spawn(const char *name)
{
	return call1(SYS_spawn, (long)name);
}

long wait(int pid, int *status)
{
	return call3(SYS_wait, pid, (long)status, 0);
}

long msleep(uint64_t ms)
{
	return call1(SYS_sleep, (long)ms);
}

long uptime(void)
{
	return call0(SYS_uptime);
}

long sbrk_raw(intptr_t inc)
{
	return call1(SYS_sbrk, inc);
}

void *sbrk(intptr_t inc)
{
	long r = sbrk_raw(inc);
	if (r < 0)
		return (void *)-1;
	return (void *)r;
}

long meminfo(struct mk_meminfo *out)
{
	return call1(SYS_meminfo, (long)out);
}

long kill(int pid)
{
	return call1(SYS_kill, pid);
}

long call(int dst, const void *msg, size_t len, void *reply, size_t cap)
{
	return call6(SYS_call, dst, (long)msg, (long)len, (long)reply, (long)cap, 0);
}

long reply(int dst, const void *msg, size_t len)
{
	return call3(SYS_reply, dst, (long)msg, (long)len);
}

long reply_recv(int dst, const void *msg, size_t len, int *from, void *buf, size_t cap)
{
	return call6(SYS_reply_recv, dst, (long)msg, (long)len, (long)from, (long)buf,
			(long)cap);
}

long spawn_with(const char *name, uint64_t rights)
{
	return call3(SYS_spawn_with, (long)name, (long)rights, 0);
}

long ioport(unsigned first, unsigned count)
{
	return call3(SYS_ioport, (long)first, (long)count, 0);
}

long irq_bind(int irq)
{
	return call1(SYS_irq_bind, irq);
}

long irq_ack(int irq)
{
	return call1(SYS_irq_ack, irq);
}

long procinfo(int pid, struct mk_procinfo *out)
{
	return call3(SYS_procinfo, pid, (long)out, 0);
}

size_t mk_ipc_msg_max(void)
{
	static char probe[4096];
	size_t lo = MK_IPC_MSG_MIN, hi = sizeof(probe);
	while (lo < hi) {  /* a binary search: lo is always taken, above hi never */
		size_t mid = (lo + hi + 1) / 2;
		if (send(0x7FFFFFFF, probe, mid) == -EINVAL)
			hi = mid - 1;
		else
			lo = mid;
	}
	return lo;
}
