/* test_kmalloc.c - host unit tests of the kernel heap over a C-library backend: alignment,
 * no overlap, exact counters, page reuse, poisoning, and misuse caught. */
#include <kern/kmalloc.h>
#include <lib/panic.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include "unit.h"

/* panic() in the kernel stops the machine; here it returns to the test that expected it. */
static jmp_buf panic_jump;
static int panic_armed;
static char panic_message[256];

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(panic_message, sizeof(panic_message), fmt, ap);
	va_end(ap);
	if (panic_armed)
		longjmp(panic_jump, 1);
	printf("unexpected panic: %s\n", panic_message);
	abort();
}

static long pages_out;  /* pages the backend has handed out and not taken back */

/* Every block handed out, so the test can give back what the heap keeps (its cached pages,
 * and what tests that panic on purpose leave behind) before LeakSanitizer looks. */
#define BLOCKS_MAX 8192
static void *blocks[BLOCKS_MAX];

static void *track(void *p)
{
	for (int i = 0; p && i < BLOCKS_MAX; i++)
		if (!blocks[i]) {
			blocks[i] = p;
			break;
		}
	return p;
}

static void untrack(void *p)
{
	for (int i = 0; i < BLOCKS_MAX; i++)
		if (blocks[i] == p)
			blocks[i] = NULL;
	free(p);
}

static void release_all(void)
{
	for (int i = 0; i < BLOCKS_MAX; i++) {
		free(blocks[i]);
		blocks[i] = NULL;
	}
}

static void *page_alloc(void)
{
	pages_out++;
	return track(aligned_alloc(4096, 4096));
}
static void page_free(void *p) { pages_out--; untrack(p); }
static void *pages_alloc(size_t n)
{
	pages_out += (long)n;
	return track(aligned_alloc(4096, n * 4096));
}
static void pages_free(void *p, size_t n) { pages_out -= (long)n; untrack(p); }
static unsigned long lock(void) { return 0; }
static void unlock(unsigned long s) { (void)s; }

static void start(int poison)
{
	release_all();
	const struct heap_backend be = { page_alloc, page_free, pages_alloc, pages_free, lock,
					 unlock, poison };
	heap_init(&be);
	pages_out = 0;
}

/* Runs `stmt` expecting a panic whose message contains `what`. */
#define EXPECT_PANIC(stmt, what)                                                               \
	do {                                                                                   \
		panic_armed = 1;                                                               \
		panic_message[0] = 0;                                                          \
		if (setjmp(panic_jump) == 0) {                                                 \
			stmt;                                                                  \
			CHECK(!"no panic");                                                    \
		}                                                                              \
		panic_armed = 0;                                                               \
		CHECK(strstr(panic_message, what) != NULL);                                    \
	} while (0)

static void test_basics(void)
{
	start(0);
	CHECK(kmalloc(0) == NULL);
	static const size_t sizes[] = { 1, 15, 16, 17, 100, 496, 497, 1008, 2016, 2017, 4032, 5000,
					100000 };
	void *p[sizeof(sizes) / sizeof(sizes[0])];
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		p[i] = kmalloc(sizes[i]);
		CHECK(p[i] != NULL);
		CHECK_EQ((uintptr_t)p[i] % 16, 0);
		memset(p[i], 0xA5, sizes[i]);
	}
	CHECK_EQ(heap_objects(), sizeof(sizes) / sizeof(sizes[0]));
	CHECK_EQ(heap_bytes_total(), (uint64_t)pages_out * 4096);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		kfree(p[i]);
	kfree(NULL);
	CHECK_EQ(heap_bytes_used(), 0);
	CHECK_EQ(heap_objects(), 0);
	/* Only the one cached page per class used stays. */
	CHECK(heap_bytes_total() <= 8 * 4096);
	CHECK_EQ(heap_bytes_total(), (uint64_t)pages_out * 4096);

	char *z = kzalloc(300);
	int nonzero = 0;
	for (int i = 0; i < 300; i++)
		nonzero |= z[i];
	CHECK_EQ(nonzero, 0);
	kfree(z);
}

static void test_counters(void)
{
	start(0);
	void *a = kmalloc(20);    /* 32-byte class */
	CHECK_EQ(heap_bytes_used(), 32);
	CHECK_EQ(heap_bytes_total(), 4096);
	void *b = kmalloc(3000);  /* large: one page, header included */
	CHECK_EQ(heap_bytes_used(), 32 + 4096 - 64);
	CHECK_EQ(heap_bytes_total(), 2 * 4096);
	void *c = kmalloc(5000);  /* large: two pages */
	CHECK_EQ(heap_bytes_total(), 4 * 4096);
	kfree(b);
	kfree(c);
	kfree(a);
	CHECK_EQ(heap_bytes_used(), 0);
	CHECK_EQ(heap_bytes_total(), 4096);  /* the 32-byte class keeps its page */
	CHECK_EQ(pages_out, 1);
}

/* Fill many pages of one class, free them all: every page but one goes back. */
static void test_pages_return(void)
{
	start(0);
	enum { N = 2000 };
	static void *p[N];
	for (int i = 0; i < N; i++)
		p[i] = kmalloc(64);
	CHECK(pages_out >= N / 63);
	for (int i = 0; i < N; i += 2)
		kfree(p[i]);
	for (int i = 1; i < N; i += 2)
		kfree(p[i]);
	CHECK_EQ(pages_out, 1);
	CHECK_EQ(heap_bytes_used(), 0);
}

static void test_random_against_model(void)
{
	start(1);
	enum { SLOTS = 3000 };
	static struct { unsigned char *p; size_t n; unsigned char tag; } slot[SLOTS];
	memset(slot, 0, sizeof(slot));
	srand(31337);
	long bad = 0;
	for (int op = 0; op < 200000; op++) {
		int i = rand() % SLOTS;
		if (slot[i].p) {
			for (size_t k = 0; k < slot[i].n; k++)
				bad += slot[i].p[k] != slot[i].tag;
			kfree(slot[i].p);
			slot[i].p = NULL;
		} else {
			size_t n = rand() % 8 == 0 ? (size_t)(rand() % 20000) + 1
						   : (size_t)(rand() % 600) + 1;
			slot[i].p = kmalloc(n);
			if (!slot[i].p || (uintptr_t)slot[i].p % 16) {
				bad++;
				continue;
			}
			slot[i].n = n;
			slot[i].tag = (unsigned char)rand();
			memset(slot[i].p, slot[i].tag, n);
		}
	}
	CHECK_EQ(bad, 0);
	for (int i = 0; i < SLOTS; i++)
		kfree(slot[i].p);
	CHECK_EQ(heap_bytes_used(), 0);
	CHECK_EQ(heap_objects(), 0);
	CHECK_EQ(heap_bytes_total(), (uint64_t)pages_out * 4096);
	CHECK(pages_out <= 8);
}

static void test_misuse(void)
{
	start(1);
	char *p = kmalloc(100);
	char *q = kmalloc(100);
	EXPECT_PANIC(kfree(p + 16), "not the start of an object");
	kfree(p);
	EXPECT_PANIC(kfree(p), "double free");
	p[40] = 1;  /* write after free */
	/* The freed object is handed out again (LIFO) and the write is noticed. */
	EXPECT_PANIC(kmalloc(100), "written after it was freed");
	/* A write one byte past the requested size lands in the redzone. */
	char *r = kmalloc(30);
	r[30] = 'x';
	EXPECT_PANIC(kfree(r), "heap overrun");
	char *r2 = kmalloc(100);
	r2[99] = 'y';  /* the last byte of the object itself is fine */
	kfree(r2);
	static char not_heap[8192] __attribute__((aligned(4096)));
	EXPECT_PANIC(kfree(not_heap + 64), "not handed out by kmalloc");
	char *big = kmalloc(10000);
	EXPECT_PANIC(kfree(big + 16), "not handed out by kmalloc");
	kfree(big);
	kfree(q);
}

int main(void)
{
	test_basics();
	test_counters();
	test_pages_return();
	test_random_against_model();
	test_misuse();
	release_all();
	return unit_report("test_kmalloc");
}
