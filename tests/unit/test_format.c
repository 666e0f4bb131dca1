/* test_format.c - host unit tests of the kernel's formatter, against the C library's printf. */
#include <lib/format.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "unit.h"

/* Formats with both ksnprintf and snprintf and compares text and return value. */
#define SAME(...)                                                                              \
	do {                                                                                   \
		char mine[256], libc[256];                                                     \
		int a = ksnprintf(mine, sizeof(mine), __VA_ARGS__);                            \
		int b = snprintf(libc, sizeof(libc), __VA_ARGS__);                             \
		CHECK_STR(mine, libc);                                                         \
		CHECK_EQ(a, b);                                                                \
	} while (0)

static void test_against_libc(void)
{
	SAME("plain text");
	SAME("%d %i %d %d", 0, 42, -42, -2147483647 - 1);
	SAME("%u %u", 0u, 4294967295u);
	SAME("%x %X %o", 0xdeadbeefu, 0xabcdefu, 0755u);
	SAME("%lx %lu %ld", 0xffffffffffffffffUL, 18446744073709551615UL, -9223372036854775807L - 1);
	SAME("%llx %lld", 0x123456789abcdefULL, -1LL);
	SAME("%zu %zx", (size_t)123456, (size_t)0xfff);
	SAME("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
	SAME("[%5d] [%-5d] [%05d] [%+d] [% d]", 42, 42, 42, 42, 42);
	SAME("[%08lx] [%-8x] [%#x] [%#o] [%#x]", 0xabcUL, 0xabu, 255u, 8u, 0u);
	SAME("[%.3d] [%8.3d] [%-8.3d] [%.0d] [%05.2d]", 7, 7, 7, 0, 3);
	SAME("[%s] [%10s] [%-10s] [%.2s] [%*s] [%-*s] [%.*s]", "abc", "abc", "abc", "abc", 6,
	     "x", 6, "y", 1, "zz");
	SAME("[%c] [%3c] [%-3c] %%", 'a', 'b', 'c');
	SAME("%*d|%-*d", -4, 1, 3, 2);
	SAME("%jd %td", (intmax_t)-5, (ptrdiff_t)-6);
}

static void test_kernel_specifics(void)
{
	char buf[64];

	/* %p: always 0x and 16 digits, so addresses line up in logs. */
	CHECK_EQ(ksnprintf(buf, sizeof(buf), "%p", (void *)0x1234), 18);
	CHECK_STR(buf, "0x0000000000001234");
	/* NULL strings do not crash. */
	ksnprintf(buf, sizeof(buf), "%s", (char *)NULL);
	CHECK_STR(buf, "(null)");
	/* Unknown and truncated conversions are copied verbatim. */
	ksnprintf(buf, sizeof(buf), "a%qb %");
	CHECK_STR(buf, "a%qb %");
	/* Truncation: the return value is the full length; the buffer is terminated. */
	CHECK_EQ(ksnprintf(buf, 5, "%d", 123456789), 9);
	CHECK_STR(buf, "1234");
	CHECK_EQ(ksnprintf(buf, 1, "abc"), 3);
	CHECK_STR(buf, "");
	buf[0] = 'x';
	CHECK_EQ(ksnprintf(buf, 0, "abc"), 3);
	CHECK_EQ(buf[0], 'x');
	/* Long padding is emitted in pieces. */
	CHECK_EQ(ksnprintf(buf, sizeof(buf), "%40d", 1), 40);
	CHECK_EQ(strlen(buf), 40);
}

static void collect(void *ctx, const char *s, size_t n)
{
	size_t *total = ctx;
	*total += n;
}

static void vout_helper(size_t *total, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	format_vout(collect, total, fmt, ap);
	va_end(ap);
}

static void test_sink(void)
{
	size_t total = 0;
	vout_helper(&total, "%s=%d;", "x", 10);
	CHECK_EQ(total, 5);
}

/* Random formats built from the supported pieces, compared with the C library. */
static void test_random(void)
{
	static const char *const convs[] = { "d", "i", "u", "x", "X", "o", "ld", "lu", "lx", "s", "c" };
	static const char *const flags[] = { "", "-", "0", "+", " ", "#", "-0", "+0" };
	srand(12345);
	for (int i = 0; i < 5000; i++) {
		char fmt[32], mine[128], libc[128];
		const char *conv = convs[rand() % 11];
		const char *flag = flags[rand() % 8];
		int width = rand() % 3 ? rand() % 20 : 0;
		int prec = rand() % 3 ? -1 : rand() % 12;
		if (conv[0] == 'c' || conv[0] == 's')
			flag = rand() % 2 ? "-" : "";  /* other flags are undefined for these */
		if ((conv[0] == 'u' || conv[0] == 'x' || conv[0] == 'X' || conv[0] == 'o' ||
		     conv[1] == 'u' || conv[1] == 'x') && (flag[0] == '+' || flag[0] == ' '))
			flag = "";  /* + and space are for signed conversions */
		if (strchr(flag, '#') && !strchr("xXo", conv[strlen(conv) - 1]))
			flag = "";  /* # is for x and o */
		if (conv[0] == 'c')
			prec = -1;  /* precision is undefined for %c */
		if (prec >= 0)
			snprintf(fmt, sizeof(fmt), "%%%s%d.%d%s", flag, width, prec, conv);
		else
			snprintf(fmt, sizeof(fmt), "%%%s%d%s", flag, width, conv);
		long long v = (long long)(((unsigned long long)rand() << 33) ^
					  ((unsigned long long)rand() << 2) ^ (unsigned long long)rand());
		if (rand() % 4 == 0)
			v = (long long)(0ull - (unsigned long long)v);
		int a, b;
		if (conv[0] == 's') {
			a = ksnprintf(mine, sizeof(mine), fmt, "string");
			b = snprintf(libc, sizeof(libc), fmt, "string");
		} else if (conv[0] == 'l') {
			a = ksnprintf(mine, sizeof(mine), fmt, (long)v);
			b = snprintf(libc, sizeof(libc), fmt, (long)v);
		} else {
			a = ksnprintf(mine, sizeof(mine), fmt, (int)v);
			b = snprintf(libc, sizeof(libc), fmt, (int)v);
		}
		if (a != b || strcmp(mine, libc) != 0) {
			printf("format \"%s\": got \"%s\", libc \"%s\"\n", fmt, mine, libc);
			unit_failures++;
		}
		unit_checks++;
	}
}

int main(void)
{
	test_against_libc();
	test_kernel_specifics();
	test_sink();
	test_random();
	return unit_report("test_format");
}
