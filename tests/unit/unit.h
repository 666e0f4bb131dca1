/* unit.h - a tiny check framework for host unit tests: CHECK()/CHECK_EQ() and a summary. */
#ifndef TESTS_UNIT_H
#define TESTS_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_checks, unit_failures;

/* Prints a value CHECK_EQ() compares: small negative numbers (an errno) as such. */
static inline void unit_print_value(unsigned long long v)
{
	if ((long long)v < 0 && (long long)v >= -4096)
		printf("%lld", (long long)v);
	else
		printf("%llu", v);
}

#define CHECK(cond)                                                                            \
	do {                                                                                   \
		unit_checks++;                                                                 \
		if (!(cond)) {                                                                 \
			unit_failures++;                                                       \
			printf("%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);        \
		}                                                                              \
	} while (0)

#define CHECK_EQ(got, want)                                                                    \
	do {                                                                                   \
		unsigned long long g_ = (unsigned long long)(got), w_ = (unsigned long long)(want); \
		unit_checks++;                                                                 \
		if (g_ != w_) {                                                                \
			unit_failures++;                                                       \
			printf("%s:%d: %s: got ", __FILE__, __LINE__, #got);                   \
			unit_print_value(g_);                                                  \
			printf(", want ");                                                     \
			unit_print_value(w_);                                                  \
			printf("\n");                                                          \
		}                                                                              \
	} while (0)

#define CHECK_STR(got, want)                                                                   \
	do {                                                                                   \
		const char *g_ = (got), *w_ = (want);                                          \
		unit_checks++;                                                                 \
		if (strcmp(g_, w_) != 0) {                                                     \
			unit_failures++;                                                       \
			printf("%s:%d: %s: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, #got, g_, w_); \
		}                                                                              \
	} while (0)

/* A named test case, for unit_run_cases(). */
struct unit_case {
	const char *name;
	void (*fn)(void);
};

/* Runs the cases named in argv[1..argc-1], or every case when there is no argument.
 * Returns 0, or -1 (after a message) when an argument names no case. */
static inline int unit_run_cases(const struct unit_case *c, size_t n, int argc, char **argv)
{
	for (size_t i = 0; i < n && argc <= 1; i++)
		c[i].fn();
	for (int a = 1; a < argc; a++) {
		size_t i = 0;
		while (i < n && strcmp(c[i].name, argv[a]) != 0)
			i++;
		if (i == n) {
			printf("no test case named '%s'\n", argv[a]);
			return -1;
		}
		c[i].fn();
	}
	return 0;
}

/* Prints the summary; the return value is the test's exit status. */
static inline int unit_report(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, unit_checks, unit_failures);
	return unit_failures ? 1 : 0;
}

#endif
