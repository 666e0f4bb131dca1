/* t_basic.c - tests of write, getpid, yield, uptime, sleep and unknown call numbers. */
#include <string.h>
#include "usertests.h"

static void test_write_ok(const struct test *t)
{
	static const char out[] = "# a line written to fd 1\n";
	static const char err[] = "# a line written to fd 2\n";
	CHECK_EQ(write(1, out, sizeof(out) - 1), sizeof(out) - 1);
	CHECK_EQ(write(2, err, sizeof(err) - 1), sizeof(err) - 1);
	CHECK_EQ(write(1, out, 0), 0);
}

static void test_write_bad_fd(const struct test *t)
{
	static const int fds[] = { 0, 3, -1, 1000, 0x7fffffff };
	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (!CHECK_EQ(write(fds[i], bug_text, strlen(bug_text)), -EBADF))
			diag("  fd %d", fds[i]);
}

static void test_write_bad_pointers(const struct test *t)
{
	static const struct {
		uintptr_t addr;
		size_t len;
	} cases[] = {
		{ 0, 1 },
		{ 0, 16 },
		{ ADDR_KERNEL_LOW, 1 },
		{ ADDR_KERNEL_TEXT, 16 },
		{ ADDR_NONCANON_LOW, 1 },
		{ ADDR_NONCANON_HIGH, 16 },
		{ 0xfffffffffffff000ul, 0x2000 },           /* wraps past 2^64 */
		{ ADDR_NONCANON_LOW - PAGE_SIZE, 0x2000 },  /* runs off the top of user space */
		{ 1, (size_t)-1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long r = write(1, (const void *)cases[i].addr, cases[i].len);
		if (!CHECK_EQ(r, -EFAULT))
			diag("  buf %#lx, len %#zx", (unsigned long)cases[i].addr, cases[i].len);
	}
	/* Readable at first, then a length that wraps around to address 16 ... */
	CHECK_EQ(write(1, bug_text, (size_t)0 - (uintptr_t)bug_text + 16), -EFAULT);
	/* ... or that runs far beyond anything mapped. */
	CHECK_EQ(write(1, bug_text, (size_t)1 << 40), -EFAULT);
}

static void test_write_straddle(const struct test *t)
{
	static const char heap_line[] = "# a line written from the heap\n";
	static const char bug_end[] = "# BUG!\n";
	char *edge = heap_edge_get();
	if (!CHECK(edge != NULL))
		return;
	memcpy(edge - PAGE_SIZE, heap_line, sizeof(heap_line) - 1);
	CHECK_EQ(write(1, edge - PAGE_SIZE, sizeof(heap_line) - 1), sizeof(heap_line) - 1);
	/* The last 7 mapped bytes, then one that is not. */
	memcpy(edge - 7, bug_end, 7);
	CHECK_EQ(write(1, edge - 7, 8), -EFAULT);
	CHECK_EQ(write(1, edge - PAGE_SIZE, PAGE_SIZE + 1), -EFAULT);
	CHECK_EQ(write(1, edge, 1), -EFAULT);
	CHECK_EQ(write(1, edge + 16 * PAGE_SIZE, 1), -EFAULT);
	heap_edge_put();
}

static void test_getpid(const struct test *t)
{
	long pid = getpid();
	CHECK(pid >= 1);
	CHECK_EQ(getpid(), pid);
	/* A child's pid is its parent's or later (pids grow): as init, 1. */
	long child = child_spawn("nop");
	CHECK(child > pid);
	child_wait((int)child, NULL);
	diag("  usertests runs as pid %ld%s", pid, pid == 1 ? " (init)" : "");
}

static void test_yield(const struct test *t)
{
	for (int i = 0; i < 10; i++)
		CHECK_EQ(yield(), 0);
}

static void test_uptime(const struct test *t)
{
	long prev = uptime();
	CHECK(prev >= 0);
	for (int i = 0; i < 1000; i++) {
		long now = uptime();
		if (!CHECK(now >= prev))
			break;
		prev = now;
	}
}

static void test_sleep(const struct test *t)
{
	CHECK_EQ(msleep(0), 0);
	long t0 = uptime();
	CHECK_EQ(msleep(50), 0);
	long slept = uptime() - t0;
	if (!CHECK(slept >= 50))
		diag("  sleep(50) returned after %ld ms", slept);
}

static void test_unknown_numbers(const struct test *t)
{
	static const long numbers[] = {
		SYS_COUNT, 21, 255, 1000, -1, (long)INT32_MIN, 0xffffffffl,
		0x100000001l,   /* write + 2^32 */
		0x100000002l,   /* yield + 2^32 */
		0x100000003l,   /* getpid + 2^32 */
		(long)(1ul << 63),
	};
	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		long r = mk_call6(numbers[i], 1, (long)bug_text, (long)strlen(bug_text), 0, 0, 0);
		if (!CHECK_EQ(r, -ENOSYS))
			diag("  call number %#lx", numbers[i]);
	}
}

static const struct test tests[] = {
	{ "write returns len (fd 1 and 2, len 0)", test_write_ok, NULL, 0 },
	{ "write to a bad fd gives EBADF", test_write_bad_fd, NULL, 0 },
	{ "write from bad pointers gives EFAULT", test_write_bad_pointers, NULL, 0 },
	{ "write of a buffer running into unmapped memory gives EFAULT", test_write_straddle, NULL, 0 },
	{ "getpid is stable and below the pids of later children", test_getpid, NULL, 0 },
	{ "yield returns 0", test_yield, NULL, 0 },
	{ "uptime never goes back", test_uptime, NULL, 0 },
	{ "sleep(50) takes at least 50 ms", test_sleep, NULL, 0 },
	{ "unknown call numbers give ENOSYS (all 64 bits count)", test_unknown_numbers, NULL, 0 },
};
TEST_TABLE(basic_tests, tests);
