/* ktest.c - the in-kernel test runner: TAP output that Automake's TAP driver reads. */
#include "ktest.h"
#include <kern/arch.h>
#include <kern/boot.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <stddef.h>

extern const struct ktest __ktest_start[], __ktest_end[];

static int current_failures;

bool ktest_check(bool ok, const char *what, const char *file, int line)
{
	if (!ok) {
		printk("# check failed: %s (%s:%d)\n", what, file, line);
		current_failures++;
	}
	return ok;
}

bool ktest_check_eq(uint64_t got, uint64_t want, const char *what, const char *file, int line)
{
	if (got != want) {
		printk("# check failed: %s: got %lu (0x%lx), want %lu (0x%lx) (%s:%d)\n", what, got,
		       got, want, want, file, line);
		current_failures++;
	}
	return got == want;
}

/* "PREFIX" selects the tests whose names start with it; "-PREFIX" all the others. */
static bool selected(const struct ktest *t, const char *filter)
{
	bool exclude = filter[0] == '-';
	const char *prefix = filter + exclude;
	return (strncmp(t->name, prefix, strlen(prefix)) == 0) != exclude;
}

int ktest_run(const char *filter)
{
	int planned = 0, failed = 0, n = 0;

	for (const struct ktest *t = __ktest_start; t < __ktest_end; t++)
		planned += selected(t, filter);
	printk("1..%d\n", planned);
	for (const struct ktest *t = __ktest_start; t < __ktest_end; t++) {
		if (!selected(t, filter))
			continue;
		current_failures = 0;
		t->fn();
		n++;
		printk("%s %d - %s\n", current_failures ? "not ok" : "ok", n, t->name);
		failed += current_failures != 0;
	}
	printk("# ktest: %d passed, %d failed\n", planned - failed, failed);
	return failed;
}

/* `ktest` or `ktest=FILTER`: the tests, then power off with their verdict. */
static void ktest_main(const char *filter)
{
	arch_stop(ktest_run(filter) ? ARCH_STOP_FAILURE : ARCH_STOP_SUCCESS);
}
BOOT_ACTION("ktest", ktest_main);
