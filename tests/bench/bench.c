/* bench.c - the benchmark runner: figures as `bench NAME key=value ticks=N` lines. */
#include "bench.h"
#include <kern/arch.h>
#include <kern/boot.h>
#include <kern/frame.h>
#include <lib/printk.h>
#include <lib/string.h>

extern const struct bench __bench_start[], __bench_end[];

void bench_report(const char *figure, const char *params, unsigned long long ticks)
{
	printk("bench %s%s%s ticks=%llu\n", figure, *params ? " " : "", params, ticks);
}

unsigned long bench_mem_mib(void)
{
	const struct boot_info *bi = boot_info_get();
	uint64_t usable = 0;
	for (size_t i = 0; i < bi->mmap_count; i++)
		if (bi->mmap[i].type == BOOT_MEM_USABLE)
			usable += bi->mmap[i].length;
	return (unsigned long)(((usable >> 20) + 63) / 64 * 64);
}

void bench_run(const char *filter)
{
	printk("bench config %s\n", CONFIG_SUMMARY);
	for (const struct bench *b = __bench_start; b < __bench_end; b++)
		if (!strncmp(b->name, filter, strlen(filter)))
			b->fn();
	printk("bench done\n");
}

/* `bench` or `bench=PREFIX`: the figures, then power off. */
static void bench_main(const char *filter)
{
	bench_run(filter);
	arch_stop(ARCH_STOP_SUCCESS);
}
BOOT_ACTION("bench", bench_main);
