/* unit.h - a tiny check framework for host unit tests: CHECK()/CHECK_EQ() and a summary. */
#ifndef TESTS_UNIT_H
#define TESTS_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_checks, unit_failures;

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
			printf("%s:%d: %s: got %llu, want %llu\n", __FILE__, __LINE__, #got, g_, w_); \
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

/* Prints the summary; the return value is the test's exit status. */
static inline int unit_report(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, unit_checks, unit_failures);
	return unit_failures ? 1 : 0;
}

#endif
