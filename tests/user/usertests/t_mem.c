/* t_mem.c - tests of sbrk, meminfo and the user library's malloc. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "usertests.h"

#define MIB (1024 * 1024)

static bool all_bytes(const char *p, size_t n, char c)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != c)
			return false;
	return true;
}

static void test_sbrk_grow(const struct test *t)
{
	char *b0 = (char *)sbrk_raw(0);
	CHECK((uintptr_t)b0 >= heap_start());
	if (!CHECK_EQ(sbrk_raw(2 * PAGE_SIZE), b0))
		return;
	CHECK_EQ(sbrk_raw(0), b0 + 2 * PAGE_SIZE);
	CHECK(all_bytes(b0, 2 * PAGE_SIZE, 0));
	memset(b0, 0x5a, 2 * PAGE_SIZE);
	CHECK(all_bytes(b0, 2 * PAGE_SIZE, 0x5a));
	CHECK_EQ(sbrk_raw(-2 * (intptr_t)PAGE_SIZE), b0 + 2 * PAGE_SIZE);
	CHECK_EQ(sbrk_raw(0), b0);
}

static void test_sbrk_regrow_zero(const struct test *t)
{
	/* Within one page: the bytes given back must read as zero when taken again. */
	char *b0 = (char *)sbrk_raw(16) + 16;
	CHECK_EQ(sbrk_raw(100), b0);
	memset(b0, 0x5a, 100);
	CHECK_EQ(sbrk_raw(-100), b0 + 100);
	CHECK_EQ(sbrk_raw(100), b0);
	CHECK(all_bytes(b0, 100, 0));
	CHECK_EQ(sbrk_raw(-116), b0 + 100);

	/* A whole page. */
	char *edge = heap_edge_get();
	if (!CHECK(edge != NULL))
		return;
	memset(edge - PAGE_SIZE, 0x5a, PAGE_SIZE);
	CHECK_EQ(sbrk_raw(-(intptr_t)PAGE_SIZE), edge);
	CHECK_EQ(sbrk_raw(PAGE_SIZE), edge - PAGE_SIZE);
	CHECK(all_bytes(edge - PAGE_SIZE, PAGE_SIZE, 0));
	heap_edge_put();
}

static void test_sbrk_errors(const struct test *t)
{
	long brk = sbrk_raw(0);
	intptr_t below = -(intptr_t)((uintptr_t)brk - heap_start()) - 1;
	CHECK_EQ(sbrk_raw(below), -EINVAL);
	CHECK_EQ(sbrk_raw(INTPTR_MIN), -EINVAL);
	CHECK_EQ(sbrk_raw(INTPTR_MAX), -ENOMEM);
	CHECK_EQ(sbrk_raw((intptr_t)1 << 47), -ENOMEM);
	CHECK_EQ(sbrk_raw(0), brk);
}

static void test_sbrk_above(const struct test *t)
{
	uintptr_t top = ((uintptr_t)sbrk_raw(0) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	CHECK_EQ(write(1, (const void *)top, 1), -EFAULT);
	CHECK_EQ(write(1, (const void *)(top + 64 * PAGE_SIZE), 1), -EFAULT);
	CHECK_EQ(meminfo((struct mk_meminfo *)top), -EFAULT);
}

static void test_meminfo(const struct test *t)
{
	struct mk_meminfo m;
	memset(&m, 0xff, sizeof(m));
	if (!CHECK_EQ(meminfo(&m), 0))
		return;
	CHECK(m.total_frames > 0);
	CHECK(m.free_frames <= m.total_frames);
	CHECK(m.heap_used <= m.heap_total);
	diag("  total_frames %lu, free_frames %lu, heap_used %lu, heap_total %lu",
	     (unsigned long)m.total_frames, (unsigned long)m.free_frames,
	     (unsigned long)m.heap_used, (unsigned long)m.heap_total);
}

static void test_meminfo_heap(const struct test *t)
{
	struct mk_meminfo before, grown, after;
	CHECK_EQ(meminfo(&before), 0);
	char *p = sbrk(MIB);
	if (!CHECK(p != (char *)-1))
		return;
	for (size_t off = 0; off < MIB; off += PAGE_SIZE)
		p[off] = 1;
	CHECK_EQ(meminfo(&grown), 0);
	CHECK_EQ(sbrk_raw(-MIB), p + MIB);
	CHECK_EQ(meminfo(&after), 0);
	if (!CHECK(before.free_frames >= grown.free_frames + MIB / PAGE_SIZE))
		diag("  free_frames %lu before, %lu with 1 MiB more heap",
		     (unsigned long)before.free_frames, (unsigned long)grown.free_frames);
	if (!CHECK(after.free_frames >= grown.free_frames + MIB / PAGE_SIZE))
		diag("  free_frames %lu with 1 MiB more heap, %lu after giving it back",
		     (unsigned long)grown.free_frames, (unsigned long)after.free_frames);
}

static void test_meminfo_bad(const struct test *t)
{
	CHECK_EQ(meminfo(NULL), -EFAULT);
	CHECK_EQ(meminfo((struct mk_meminfo *)ADDR_KERNEL_TEXT), -EFAULT);
	CHECK_EQ(meminfo((struct mk_meminfo *)ADDR_KERNEL_LOW), -EFAULT);
	CHECK_EQ(meminfo((struct mk_meminfo *)ADDR_NONCANON_LOW), -EFAULT);
	/* Read-only memory: the program's text and rodata. */
	CHECK_EQ(meminfo((struct mk_meminfo *)(uintptr_t)test_meminfo_bad), -EFAULT);
	CHECK_EQ(meminfo((struct mk_meminfo *)(uintptr_t)bug_text), -EFAULT);

	/* Half mapped: nothing may be written. */
	char *edge = heap_edge_get();
	if (!CHECK(edge != NULL))
		return;
	memset(edge - 16, 0x5a, 16);
	CHECK_EQ(meminfo((struct mk_meminfo *)(edge - 16)), -EFAULT);
	CHECK(all_bytes(edge - 16, 16, 0x5a));
	heap_edge_put();
}

/* Allocates blocks of several sizes, checks they are aligned and apart, frees them. */
static void malloc_sizes(void)
{
	static const size_t sizes[] = { 1, 15, 16, 17, 100, 4096, 70000, 300000 };
	enum { N = sizeof(sizes) / sizeof(sizes[0]) };
	char *p[N];
	for (int i = 0; i < N; i++) {
		p[i] = malloc(sizes[i]);
		if (!CHECK(p[i] != NULL))
			return;
		CHECK(((uintptr_t)p[i] & 15) == 0);
		memset(p[i], i + 1, sizes[i]);
	}
	for (int i = 0; i < N; i++)
		CHECK(all_bytes(p[i], sizes[i], (char)(i + 1)));
	for (int i = 1; i < N; i += 2)
		free(p[i]);
	for (int i = 0; i < N; i += 2)
		free(p[i]);
}

static void test_malloc(const struct test *t)
{
	free(malloc(1));                /* the heap exists from here on */
	long b0 = sbrk_raw(0);
	malloc_sizes();
	CHECK_EQ(sbrk_raw(0), b0);      /* everything freed went back */

	char *c = calloc(100, 10);
	if (CHECK(c != NULL)) {
		CHECK(all_bytes(c, 1000, 0));
		memset(c, 'a', 1000);
		c = realloc(c, 200000);
		CHECK(c != NULL && all_bytes(c, 1000, 'a'));
		free(c);
	}
	CHECK(malloc(0) == NULL);
	CHECK(malloc(SIZE_MAX) == NULL);
	CHECK(calloc(SIZE_MAX / 2, 4) == NULL);
	CHECK_EQ(sbrk_raw(0), b0);
}

/* A server receives into a heap page that it gives back and takes again (same address, a
 * fresh frame) between two calls: each request must land in the page it has now. The kernel
 * remembers where a receiver's buffer is and must forget it when the mapping changes. */
static void test_receiver_page_remapped(const struct test *t)
{
	char msg[16], back[16];
	long pid = child_spawn("heapecho");
	if (!CHECK(pid >= 1))
		return;
	for (int i = 0; i < 4; i++) {
		int len = snprintf(msg, sizeof(msg), "request %d", i);
		memset(back, 0, sizeof(back));
		CHECK_EQ(call((int)pid, msg, (size_t)len, back, sizeof(back)), len);
		if (!CHECK(memcmp(msg, back, (size_t)len) == 0))
			diag("  request %d came back as '%.*s'", i, len, back);
		CHECK_EQ(call((int)pid, "remap", 5, back, sizeof(back)), 5);
	}
	int status = -1;
	CHECK_EQ(call((int)pid, "quit", 4, back, sizeof(back)), 4);
	CHECK_EQ(child_wait((int)pid, &status), pid);
	CHECK_EQ(status, 0);
}

static const struct test tests[] = {
	{ "sbrk grows: old break returned, memory zeroed and writable", test_sbrk_grow, NULL, 0 },
	{ "sbrk: memory given back and taken again reads as zero", test_sbrk_regrow_zero, NULL, 0 },
	{ "sbrk errors: EINVAL below the start, ENOMEM for huge sizes", test_sbrk_errors, NULL, 0 },
	{ "sbrk: memory above the break gives EFAULT", test_sbrk_above, NULL, 0 },
	{ "sbrk: 64 MiB and more, until ENOMEM (in a child)", test_faulter, "sbrkmax", 0 },
	{ "sbrk: shrinking unmaps (the child is killed with 0x10e)", test_faulter, "sbrkshrink",
	  MK_STATUS_FAULT + 14 },
	{ "meminfo: plausible fields", test_meminfo, NULL, 0 },
	{ "meminfo: free frames follow the heap", test_meminfo_heap, NULL, 0 },
	{ "meminfo: bad or read-only pointers give EFAULT", test_meminfo_bad, NULL, 0 },
	{ "malloc, calloc, realloc and free", test_malloc, NULL, 0 },
	{ "sbrk: a server's buffer page given back and taken again gets the next request",
	  test_receiver_page_remapped, NULL, 0 },
};
TEST_TABLE(mem_tests, tests);
