/* t_proc.c - tests of spawn, wait, kill and exit. */
#include <string.h>
#include "usertests.h"

#define NO_SUCH_PID 30000

static void test_spawn_hello(const struct test *t)
{
	long pid = child_spawn("hello");
	int status = -1;
	if (!CHECK(pid >= 1))
		return;
	CHECK(pid != getpid());
	CHECK_EQ(child_wait((int)pid, &status), pid);
	CHECK_EQ(status, 0);
}

static void test_spawn_errors(const struct test *t)
{
	char name[MK_NAME_MAX + 2];
	CHECK_EQ(child_spawn("nosuchprogram"), -ENOENT);
	CHECK_EQ(child_spawn(""), -ENOENT);
	CHECK_EQ(child_spawn("hello.elf"), -ENOENT);
	CHECK_EQ(child_spawn("notelf"), -ENOEXEC);

	memset(name, 'x', sizeof(name));
	name[MK_NAME_MAX] = '\0';                     /* 63 bytes: allowed, but no such module */
	CHECK_EQ(child_spawn(name), -ENOENT);
	name[MK_NAME_MAX] = 'x';
	name[MK_NAME_MAX + 1] = '\0';                 /* 64 bytes */
	CHECK_EQ(child_spawn(name), -ENAMETOOLONG);

	CHECK_EQ(child_spawn(NULL), -EFAULT);
	CHECK_EQ(child_spawn((const char *)ADDR_KERNEL_TEXT), -EFAULT);
	CHECK_EQ(child_spawn((const char *)ADDR_NONCANON_HIGH), -EFAULT);

	/* "hello" right below unmapped memory, without its NUL. */
	char *edge = heap_edge_get();
	if (!CHECK(edge != NULL))
		return;
	memcpy(edge - 5, "hello", 5);
	CHECK_EQ(child_spawn(edge - 5), -EFAULT);
	heap_edge_put();
}

static void test_wait_any(const struct test *t)
{
	long a = child_spawn("nop");
	long b = child_spawn("nop");
	int status;
	if (!CHECK(a >= 1) || !CHECK(b >= 1))
		return;
	for (int i = 0; i < 2; i++) {
		status = -1;
		long r = child_wait(-1, &status);
		CHECK(r == a || r == b);
		CHECK_EQ(status, 0);
	}
	CHECK_EQ(child_wait(-1, &status), -ECHILD);
}

static void test_wait_errors(const struct test *t)
{
	int status;
	CHECK_EQ(child_wait(-1, &status), -ECHILD);
	CHECK_EQ(child_wait((int)getpid(), &status), -ECHILD);
	CHECK_EQ(child_wait(0, &status), -ECHILD);
	CHECK_EQ(child_wait(NO_SUCH_PID, &status), -ECHILD);

	long pid = child_spawn("nop");
	if (!CHECK(pid >= 1))
		return;
	CHECK_EQ(child_wait((int)pid, NULL), pid);    /* status NULL is allowed */
	CHECK_EQ(child_wait((int)pid, &status), -ECHILD);
}

static void test_wait_bad_status(const struct test *t)
{
	int status = -1;
	/* A child that never ends: the checks must come before blocking. */
	long pid = child_spawn("spin");
	if (!CHECK(pid >= 1))
		return;
	CHECK_EQ(child_wait((int)pid, (int *)ADDR_KERNEL_TEXT), -EFAULT);
	CHECK_EQ(child_wait((int)pid, (int *)(uintptr_t)test_wait_bad_status), -EFAULT);
	CHECK_EQ(kill((int)pid), 0);
	CHECK_EQ(child_wait((int)pid, &status), pid);
	CHECK_EQ(status, MK_STATUS_KILLED);

	/* A child that has ended is not reaped by a wait that fails. */
	pid = child_spawn("nop");
	if (!CHECK(pid >= 1))
		return;
	msleep(50);
	CHECK_EQ(child_wait((int)pid, (int *)ADDR_KERNEL_LOW), -EFAULT);
	CHECK_EQ(child_wait((int)pid, &status), pid);
	CHECK_EQ(status, 0);
}

static void test_kill_spinning(const struct test *t)
{
	int status = -1;
	long pid = child_spawn("spin");
	if (!CHECK(pid >= 1))
		return;
	for (int i = 0; i < 5; i++)
		yield();
	CHECK_EQ(kill((int)pid), 0);
	CHECK_EQ(child_wait((int)pid, &status), pid);
	CHECK_EQ(status, MK_STATUS_KILLED);
	CHECK_EQ(kill((int)pid), -ESRCH);
}

static void test_kill_sleeping(const struct test *t)
{
	int status = -1;
	long pid = faulter_start("sleep");
	if (!CHECK(pid >= 1))
		return;
	msleep(20);
	long t0 = uptime();
	CHECK_EQ(kill((int)pid), 0);
	CHECK_EQ(child_wait((int)pid, &status), pid);
	CHECK_EQ(status, MK_STATUS_KILLED);
	if (!CHECK(uptime() - t0 < 5000))
		diag("  the killed child slept on");
}

static void test_kill_errors(const struct test *t)
{
	CHECK_EQ(kill(NO_SUCH_PID), -ESRCH);
	CHECK_EQ(kill(1 << 30), -ESRCH);
	/* The child calls kill() on us, its parent, and exits 0 if that gave EPERM. */
	CHECK_EQ(faulter_run("killparent"), 0);
}

static void test_exit_status(const struct test *t)
{
	CHECK_EQ(faulter_run("exit1234"), 0x34);
	CHECK_EQ(faulter_run("return7"), 7);
}

static void test_orphans(const struct test *t)
{
	/* The child starts two children and exits without waiting; the leak check at the end
	 * shows whether the kernel reaped them. */
	CHECK_EQ(faulter_run("orphans"), 0);
	msleep(20);
}

static void test_many_processes(const struct test *t)
{
	enum { CHILDREN = 63 };         /* with usertests, 64 processes */
	long pids[CHILDREN];
	int n = 0;
	for (; n < CHILDREN; n++) {
		pids[n] = child_spawn("echo");
		if (!CHECK(pids[n] >= 1)) {
			diag("  spawn number %d of %d failed", n + 1, CHILDREN);
			break;
		}
	}
	for (int i = 0; i < n; i++)
		CHECK_EQ(send((int)pids[i], "quit", 4), 0);
	for (int i = 0; i < n; i++) {
		int status = -1;
		CHECK_EQ(child_wait((int)pids[i], &status), pids[i]);
		CHECK_EQ(status, 0);
	}
}

/* Malformed programs (the harness makes them from a valid one, tests/qemu/mkbadelf.sh): the
 * loader refuses each with ENOEXEC and keeps nothing. badelf-hugebss is valid but needs 1 TiB
 * for its bss: ENOMEM, and nothing kept either. */
static void spawn_bad_programs(void)
{
	static const char *const bad[] = {
		"badelf-truncated", "badelf-magic", "badelf-phoverflow", "badelf-kernelseg",
		"badelf-wx", "badelf-overlap", "badelf-entry", "badelf-memsz", "badelf-filesz",
		"badelf-stack", "badelf-guard", "badelf-intoguard", "badelf-overstack",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		long r = spawn(bad[i]);
		if (!CHECK_EQ(r, -ENOEXEC))
			diag("spawn(\"%s\") returned %ld", bad[i], r);
		if (r > 0)
			child_wait((int)r, NULL);
	}
	long r = spawn("badelf-hugebss");
	if (!CHECK_EQ(r, -ENOMEM))
		diag("spawn(\"badelf-hugebss\") returned %ld", r);
	if (r > 0)
		child_wait((int)r, NULL);
}

/* Frames outside the kernel heap, and the heap's live bytes, are the same in a and b (the heap
 * may keep an empty page per size class, so which pages it holds may shift). */
static bool memory_same(const struct mk_meminfo *a, const struct mk_meminfo *b)
{
	return a->free_frames + a->heap_total / PAGE_SIZE ==
		       b->free_frames + b->heap_total / PAGE_SIZE &&
	       a->heap_used == b->heap_used;
}

static void test_bad_programs(const struct test *t)
{
	struct mk_meminfo before, after;
	CHECK_EQ(meminfo(&before), 0);
	spawn_bad_programs();
	CHECK_EQ(meminfo(&after), 0);
	if (!CHECK(memory_same(&before, &after)))
		diag("  free frames %lu -> %lu, heap bytes %lu -> %lu (held %lu -> %lu)",
		     (unsigned long)before.free_frames, (unsigned long)after.free_frames,
		     (unsigned long)before.heap_used, (unsigned long)after.heap_used,
		     (unsigned long)before.heap_total, (unsigned long)after.heap_total);
}

/* A system call in the last bytes of user space returns to a non-canonical address: the
 * program ends with #GP, whichever entry it used. */
static void test_top_of_user_space(const struct test *t)
{
	CHECK_EQ(child_run("topsyscall"), MK_STATUS_FAULT + 13);
	CHECK_EQ(child_run("topint80"), MK_STATUS_FAULT + 13);
}

static const struct test tests[] = {
	{ "spawn hello and wait for it: status 0", test_spawn_hello, NULL, 0 },
	{ "spawn of malformed programs: ENOEXEC for each, nothing kept", test_bad_programs, NULL,
	  0 },
	{ "a call in the last bytes of user space ends the program with #GP", test_top_of_user_space,
	  NULL, 0 },
	{ "spawn errors: ENOENT, ENOEXEC, ENAMETOOLONG, EFAULT", test_spawn_errors, NULL, 0 },
	{ "wait -1 reaps any child", test_wait_any, NULL, 0 },
	{ "wait errors: ECHILD", test_wait_errors, NULL, 0 },
	{ "wait with a bad status pointer: EFAULT, child kept", test_wait_bad_status, NULL, 0 },
	{ "kill a spinning child: status 0x200", test_kill_spinning, NULL, 0 },
	{ "kill a sleeping child: status 0x200", test_kill_sleeping, NULL, 0 },
	{ "kill errors: ESRCH, EPERM", test_kill_errors, NULL, 0 },
	{ "exit status is the low 8 bits, main's return value exits", test_exit_status, NULL, 0 },
	{ "a child may exit before its children", test_orphans, NULL, 0 },
	{ "64 processes at once", test_many_processes, NULL, 0 },
};
TEST_TABLE(proc_tests, tests);
