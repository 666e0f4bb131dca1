/* t_fault.c - every kind of fault kills only the child that made it, with the right status. */
#include <stdio.h>
#include "usertests.h"

#define PF (MK_STATUS_FAULT + 14)       /* page fault */
#define GP (MK_STATUS_FAULT + 13)       /* general protection */
#define UD (MK_STATUS_FAULT + 6)        /* invalid opcode */
#define BP (MK_STATUS_FAULT + 3)        /* breakpoint */
#define DE (MK_STATUS_FAULT + 0)        /* divide error */

/* int $n from ring 3 for every vector the ABI does not allow (all but 3 and 0x80): #GP. */
static void test_every_int_vector(const struct test *t)
{
	char mode[16];
	int wrong = 0;
	for (int v = 0; v < 256; v++) {
		if (v == 3 || v == 0x80)
			continue;
		snprintf(mode, sizeof(mode), "intn %d", v);
		long status = faulter_run(mode);
		if (status != GP) {
			diag("int $%d gave status %#lx", v, status);
			wrong++;
		}
	}
	CHECK_EQ(wrong, 0);
}

/* Each test spawns faulter, names the fault (see tests/user/faulter/faulter.c) and checks the
 * status; the test itself goes on running, which shows the parent is fine. */
static const struct test tests[] = {
	{ "fault: read address 0 -> 0x10e", test_faulter, "nullread", PF },
	{ "fault: write address 0 -> 0x10e", test_faulter, "nullwrite", PF },
	{ "fault: read the kernel image -> 0x10e", test_faulter, "kernelread", PF },
	{ "fault: write the kernel image -> 0x10e", test_faulter, "kernelwrite", PF },
	{ "fault: read the first kernel-half address -> 0x10e", test_faulter, "kernellow", PF },
	{ "fault: read 0x0000800000000000 (non-canonical) -> 0x10d", test_faulter, "noncanonical",
	  GP },
	{ "fault: read 0x8000000000000000 (non-canonical) -> 0x10d", test_faulter,
	  "noncanonical2", GP },
	{ "fault: read just above the break -> 0x10e", test_faulter, "readbrk", PF },
	{ "fault: ud2 -> 0x106", test_faulter, "ud2", UD },
	{ "fault: divide by zero -> 0x100", test_faulter, "div0", DE },
	{ "fault: int3 -> 0x103", test_faulter, "int3", BP },
	{ "fault: int $0x41 -> 0x10d", test_faulter, "int41", GP },
	{ "fault: cli -> 0x10d", test_faulter, "cli", GP },
	{ "fault: hlt -> 0x10d", test_faulter, "hlt", GP },
	{ "fault: popf cannot raise IOPL (cli after it) -> 0x10d", test_faulter, "popfiopl", GP },
	{ "fault: mov rax, cr3 -> 0x10d", test_faulter, "movcr3", GP },
	{ "fault: rdmsr -> 0x10d", test_faulter, "rdmsr", GP },
	{ "fault: wrmsr -> 0x10d", test_faulter, "wrmsr", GP },
	{ "fault: lgdt -> 0x10d", test_faulter, "lgdt", GP },
	{ "fault: lidt -> 0x10d", test_faulter, "lidt", GP },
	{ "fault: swapgs -> 0x10d", test_faulter, "swapgs", GP },
	{ "fault: invlpg -> 0x10d", test_faulter, "invlpg", GP },
	{ "fault: outb -> 0x10d", test_faulter, "outb", GP },
	{ "fault: inb -> 0x10d", test_faulter, "inb", GP },
	{ "fault: stack overflow into the guard page -> 0x10e", test_faulter, "stackoverflow", PF },
	{ "fault: write the program's text -> 0x10e", test_faulter, "writetext", PF },
	{ "fault: write the program's rodata -> 0x10e", test_faulter, "writerodata", PF },
	{ "fault: execute the stack -> 0x10e", test_faulter, "execstack", PF },
	{ "fault: execute the heap -> 0x10e", test_faulter, "execheap", PF },
	{ "fault: execute data -> 0x10e", test_faulter, "execdata", PF },
	{ "fault: execute rodata -> 0x10e", test_faulter, "execrodata", PF },
	{ "fault: jump into the kernel image -> 0x10e", test_faulter, "jumpkernel", PF },
	{ "fault: jump to a non-canonical address -> 0x10d", test_faulter, "jumpnoncanonical", GP },
	{ "fault: a call with rsp 0, then a push -> 0x10e", test_faulter, "badrsp", PF },
	{ "fault: int $n for every vector but 3 and 0x80 -> 0x10d", test_every_int_vector, NULL, 0 },
	{ "fault: sysret -> 0x10d", test_faulter, "sysret", GP },
	{ "a call with DF set works, the kernel unharmed", test_faulter, "dfsyscall", 0 },
	{ "a call with AC set works, the kernel unharmed", test_faulter, "acsyscall", 0 },
	{ "a call with NT set works, the kernel unharmed", test_faulter, "ntsyscall", 0 },
	{ "a call with TF set: single-step trap after it -> 0x101", test_faulter, "tfsyscall",
	  MK_STATUS_FAULT + 1 },
};
TEST_TABLE(fault_tests, tests);
