/** @file
 * In-kernel tests, run with `ktest` on the kernel command line, reported as TAP. */
#ifndef KERN_KTEST_H
#define KERN_KTEST_H

#include <stdbool.h>
#include <stdint.h>

/** A test case; KTEST() defines one and puts it in the .ktest section. */
struct ktest {
	const char *name;
	void (*fn)(void);
};

/**
 * Defines a test case named @p name. The body uses KT_ASSERT()/KT_EQ(); a failed check marks
 * the case `not ok` and the body goes on.
 */
#define KTEST(name)                                                                            \
	static void ktest_fn_##name(void);                                                     \
	static const struct ktest ktest_##name                                                 \
		__attribute__((section(".ktest"), used, aligned(8))) = { #name,                \
									 ktest_fn_##name }; \
	static void ktest_fn_##name(void)

/** Records a check; on failure prints a TAP diagnostic with @p what and the location. */
bool ktest_check(bool ok, const char *what, const char *file, int line);

/** Records an equality check of two integers, printing both values on failure. */
bool ktest_check_eq(uint64_t got, uint64_t want, const char *what, const char *file, int line);

#define KT_ASSERT(cond) ktest_check((cond), #cond, __FILE__, __LINE__)
#define KT_EQ(got, want)                                                                       \
	ktest_check_eq((uint64_t)(got), (uint64_t)(want), #got " == " #want, __FILE__, __LINE__)

/**
 * Runs every test whose name starts with @p filter (all when it is empty; with a leading
 * `-`, every test whose name does not start with the rest), printing TAP
 * (`1..N`, then `ok`/`not ok` lines) on the console.
 * @return the number of failed tests.
 */
int ktest_run(const char *filter);

#endif
