/* usertests.c - the user-space test suite: every test via `syscall`, then `int 0x80`, in TAP. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "usertests.h"

static const struct test_table *const tables[] = {
	&basic_tests, &proc_tests, &mem_tests, &ipc_tests, &call_tests, &cpu_tests, &fault_tests,
	&harden_tests, &driver_tests,
};
#define TABLES (sizeof(tables) / sizeof(tables[0]))

static int tests_per_pass(void)
{
	size_t n = 0;
	for (size_t i = 0; i < TABLES; i++)
		n += tables[i]->count;
	return (int)n;
}

/* Runs every test with the wrappers entering the kernel through one instruction. */
static void run_pass(const char *entry, int use_int80)
{
	test_entry = entry;
	mk_use_int80 = use_int80;
	diag("--- every test through %s ---", use_int80 ? "int 0x80" : "syscall");
	for (size_t i = 0; i < TABLES; i++)
		for (size_t j = 0; j < tables[i]->count; j++)
			tap_run(&tables[i]->tests[j]);
	mk_use_int80 = 0;
	test_entry = "syscall";
}

/* Brings every process, stack and heap the suite uses to its peak size once (the kernel may
 * keep what it allocates for the first time), so that the leak check compares like with like:
 * our stack and heap, hello, a process granted ports (the kernel heap's tables for its I/O
 * bitmap), and 64 processes at once. */
static void warm_up(void)
{
	enum { CHILDREN = 63 };
	long pids[CHILDREN];
	volatile char stack[16384];
	memset((char *)stack, 0, sizeof(stack));
	free(malloc(1));
	child_run("hello");
	long drv = spawn_with("irqdrv", MK_RIGHT_IO);
	if (drv > 0 && send((int)drv, "syscall grant", 13) == 0)
		wait((int)drv, NULL);
	for (int i = 0; i < CHILDREN; i++)
		pids[i] = spawn("echo");
	for (int i = 0; i < CHILDREN; i++)
		if (pids[i] > 0 && send((int)pids[i], "quit", 4) == 0)
			wait((int)pids[i], NULL);
}

static void print_meminfo(const char *when, const struct mk_meminfo *m)
{
	diag("meminfo %s: total_frames %lu, free_frames %lu, heap_used %lu, heap_total %lu", when,
	     (unsigned long)m->total_frames, (unsigned long)m->free_frames,
	     (unsigned long)m->heap_used, (unsigned long)m->heap_total);
}

/* The frames and kernel heap in use must be the same after the suite as before it. */
static void leak_check(const struct mk_meminfo *before)
{
	struct mk_meminfo after;
	bool ok = meminfo(&after) == 0;
	print_meminfo("after", &after);
	ok = ok && after.free_frames == before->free_frames && after.heap_used == before->heap_used;
	tap_result(ok, "no frames and no kernel heap leaked over the whole suite");
}

int main(void)
{
	struct mk_meminfo before;
	int per_pass = tests_per_pass();

	warm_up();
	long probe = child_run("probe80");
	bool int80 = probe == 0;
	bool probe_ok = probe == 0 || probe == MK_STATUS_FAULT + 13;

	tap_plan(1 + per_pass + (int80 ? per_pass : 1) + 1);
	diag("usertests: %d tests through each entry", per_pass);
	diag("probe80 ended with status %#lx", probe);
	tap_result(probe_ok, "probe80 ends with 0 (int 0x80 works) or 0x10d (disabled)");

	if (meminfo(&before) != 0)
		memset(&before, 0, sizeof(before));
	print_meminfo("before", &before);
	run_pass("syscall", 0);
	if (int80)
		run_pass("int80", 1);
	else if (probe == MK_STATUS_FAULT + 13)
		tap_skip("int80", "int 0x80 disabled in this kernel");
	else
		tap_skip("int80", "probe80 failed");
	leak_check(&before);

	int failed = tap_failed();
	diag("usertests: %s (%d failed)", failed ? "FAILED" : "all passed", failed);
	return failed ? 1 : 0;
}
