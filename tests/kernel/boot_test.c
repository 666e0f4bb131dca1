/* boot_test.c - in-kernel tests of the foundation: formatter, boot information, exceptions. */
#include <kern/arch.h>
#include <kern/boot.h>
#include <lib/ksyms.h>
#include "ktest.h"
#include <lib/cmdline.h>
#include <lib/format.h>
#include <lib/string.h>

KTEST(format_in_kernel)
{
	char buf[64];
	/* Same code as the host unit test, built with the kernel's flags (no SSE, no red zone). */
	KT_EQ(ksnprintf(buf, sizeof(buf), "%d|%5u|%-4x|%08lx|%s|%c|%%", -42, 7u, 0xabu,
			0x1234ul, "ok", 'z'), 30);
	KT_ASSERT(!strcmp(buf, "-42|    7|ab  |00001234|ok|z|%"));
	KT_EQ(ksnprintf(buf, sizeof(buf), "%p", (void *)0xffffffff80100000ul), 18);
	KT_ASSERT(!strcmp(buf, "0xffffffff80100000"));
	KT_EQ(ksnprintf(buf, 4, "%s", "truncated"), 9);
	KT_ASSERT(!strcmp(buf, "tru"));
}

KTEST(bootinfo_present)
{
	const struct boot_info *bi = boot_info_get();
	KT_ASSERT(bi->protocol == 1 || bi->protocol == 2);
	KT_ASSERT(bi->mmap_count > 0);
	KT_ASSERT(cmdline_get(bi->cmdline, "ktest", 0, 0));
	uint64_t usable = 0;
	for (size_t i = 0; i < bi->mmap_count; i++)
		if (bi->mmap[i].type == BOOT_MEM_USABLE)
			usable += bi->mmap[i].length;
	KT_ASSERT(usable >= (16ull << 20));  /* the tests boot with at least 32 MiB */
}

static void do_int3(void *arg) { __asm__ volatile("int3"); }
static void do_ud2(void *arg) { __asm__ volatile("ud2"); }
static void do_div0(void *arg)
{
	/* In assembly: the compiler may turn a C division by a constant into other code. */
	__asm__ volatile("xor edx, edx; mov eax, 1; div %0" : : "r"(0) : "rax", "rdx");
}
static void do_read(void *arg) { (void)*(volatile uint64_t *)arg; }
static void do_write(void *arg) { *(volatile uint64_t *)arg = 0; }
static void do_nothing(void *arg) {}

KTEST(exceptions_reach_c)
{
	struct arch_fault f;

	KT_EQ(arch_try_call(do_nothing, 0, &f), -1);
	KT_EQ(arch_try_call(do_int3, 0, &f), 3);
	KT_EQ(arch_try_call(do_ud2, 0, &f), 6);
	KT_EQ(arch_try_call(do_div0, 0, &f), 0);
	KT_EQ(arch_try_call(do_read, (void *)0x0000800000000000ull, &f), 13);

	/* Page faults report the address and a decoded error code. */
	KT_EQ(arch_try_call(do_read, (void *)0xFFFFFFFFC0001000ull, &f), 14);
	KT_EQ(f.addr, 0xFFFFFFFFC0001000ull);
	KT_EQ(f.error, 0);                 /* read, not present, kernel */
	KT_EQ(arch_try_call(do_write, (void *)0xFFFFFFFFC0001000ull, &f), 14);
	KT_EQ(f.error, 2);                 /* write, not present, kernel */
}

/* Every vector without an error code reaches trap_dispatch() with its own number. */
#define INT_CASE(n) static void do_int_##n(void *arg) { __asm__ volatile("int " #n); }
INT_CASE(0) INT_CASE(1) INT_CASE(3) INT_CASE(4) INT_CASE(5) INT_CASE(6) INT_CASE(7)
INT_CASE(9) INT_CASE(15) INT_CASE(16) INT_CASE(19) INT_CASE(20) INT_CASE(22) INT_CASE(23)
INT_CASE(24) INT_CASE(25) INT_CASE(26) INT_CASE(27) INT_CASE(28) INT_CASE(31)

KTEST(exception_vectors_numbered)
{
	static const struct {
		int vector;
		void (*fn)(void *);
	} cases[] = {
		{ 0, do_int_0 }, { 1, do_int_1 }, { 3, do_int_3 }, { 4, do_int_4 },
		{ 5, do_int_5 }, { 6, do_int_6 }, { 7, do_int_7 }, { 9, do_int_9 },
		{ 15, do_int_15 }, { 16, do_int_16 }, { 19, do_int_19 }, { 20, do_int_20 },
		{ 22, do_int_22 }, { 23, do_int_23 }, { 24, do_int_24 }, { 25, do_int_25 },
		{ 26, do_int_26 }, { 27, do_int_27 }, { 28, do_int_28 }, { 31, do_int_31 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		KT_EQ(arch_try_call(cases[i].fn, 0, 0), cases[i].vector);
}

extern char boot_stack_guard[];

KTEST(boot_mappings)
{
	/* The identity map is gone (NULL faults), the stack guard page is unmapped, and
	 * physical memory is reachable through the direct map. */
	KT_EQ(arch_try_call(do_read, (void *)0, 0), 14);
	KT_EQ(arch_try_call(do_read, (void *)0x100000, 0), 14);
	KT_EQ(arch_try_call(do_write, boot_stack_guard, 0), 14);
	KT_EQ(arch_try_call(do_read, boot_stack_guard + 4096, 0), -1);
	KT_EQ(arch_try_call(do_read, arch_phys_to_virt(0x100000), 0), -1);
}

KTEST(symbols_name_functions)
{
	uint64_t off = 99;
	const char *name = ksym_lookup((uint64_t)kernel_main, &off);
	KT_ASSERT(name && !strcmp(name, "kernel_main"));
	KT_EQ(off, 0);
	name = ksym_lookup((uint64_t)ktest_run + 3, &off);
	KT_ASSERT(name && !strcmp(name, "ktest_run"));
	KT_EQ(off, 3);
	KT_ASSERT(ksym_lookup(0x1000, &off) == 0);
}
