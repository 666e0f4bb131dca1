/** @file
 * Kernel benchmarks, run with `bench` on the command line; one line per figure. */
#ifndef KERN_BENCH_H
#define KERN_BENCH_H

/** A benchmark; BENCH() defines one and puts it in the .bench section. */
struct bench {
	const char *name;
	void (*fn)(void);
};

/** Defines a benchmark named @p name; its body prints figures with bench_report(). */
#define BENCH(name)                                                                            \
	static void bench_fn_##name(void);                                                     \
	static const struct bench bench_##name                                                 \
		__attribute__((section(".bench"), used, aligned(8))) = { #name, bench_fn_##name }; \
	static void bench_fn_##name(void)

/**
 * Prints one figure in the machine-readable form the comparison scripts read:
 * `bench FIGURE key=value ... ticks=N`, where @p params is the `key=value ...` part (may be "").
 */
void bench_report(const char *figure, const char *params, unsigned long long ticks);

/** RAM size for the `mem=` parameter: usable memory rounded up to 64 MiB, in MiB. */
unsigned long bench_mem_mib(void);

/**
 * Runs every benchmark whose name starts with @p filter (all when it is empty), then prints
 * `bench done`.
 */
void bench_run(const char *filter);

#endif
