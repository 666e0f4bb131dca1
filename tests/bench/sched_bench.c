/* sched_bench.c - benchmarks of task switching, the timer interrupt and tick jitter
 * (see doc/scheduling.md). */
#include <kern/arch.h>
#include "bench.h"
#include <kern/kmalloc.h>
#include <kern/sched.h>
#include <kern/task.h>
#include <kern/timer.h>
#include <lib/format.h>
#include <lib/sort.h>

#define YIELDS 20000
#define JITTER_TICKS 101
#define BUSY_LOOPS 4000000ull  /* about 20 ticks at 1000 Hz under -icount */

static volatile int stop, running;

static void yielder(void *arg)
{
	unsigned long s = arch_irq_save();
	running++;
	arch_irq_restore(s);
	while (!stop)
		sched_yield();
	s = arch_irq_save();
	running--;
	arch_irq_restore(s);
}

/* Ticks per switch while `n` tasks (the caller included) take turns by yielding. */
static uint64_t switch_cost(int n)
{
	stop = 0;
	running = 0;
	for (int i = 0; i < n - 1; i++)
		if (create_task("yielder", yielder, 0) < 0)
			return 0;
	while (running < n - 1)
		sched_yield();
	int rounds = YIELDS / n > 5 ? YIELDS / n : 5;
	uint64_t s0 = sched_switches(), t0 = arch_cycles();
	for (int r = 0; r < rounds; r++)
		sched_yield();
	uint64_t ticks = arch_cycles() - t0, switches = sched_switches() - s0;
	stop = 1;
	while (running > 0)
		sched_sleep_ms(1);
	return switches ? ticks / switches : 0;
}

BENCH(sched)
{
	static const int runnable[] = { 2, 100, 1000 };
	char params[32];
	bench_report("sched_yield_switch", "", switch_cost(2));
	for (unsigned i = 0; i < sizeof(runnable) / sizeof(runnable[0]); i++) {
		ksnprintf(params, sizeof(params), "runnable=%d", runnable[i]);
		bench_report("sched_switch", params, switch_cost(runnable[i]));
	}
}


/* A fixed amount of work, timed. */
static uint64_t busy_work(void)
{
	uint64_t t0 = arch_cycles();
	for (uint64_t i = 0; i < BUSY_LOOPS; i++)
		__asm__ volatile("" : : "r"(i));  /* the loop stays, whatever the optimiser thinks */
	return arch_cycles() - t0;
}

#define IRQ_MIN_TICKS 8         /* the noisy runs go on until this many ticks struck */

/* The cost of one timer interrupt (entry, handler, end-of-interrupt, scheduler_tick() with
 * nothing else to run, return): the same work with interrupts on and off; the difference
 * divided by the ticks that struck. At a slow tick rate the work is repeated until enough
 * ticks have struck. */
static uint64_t irq_cost(void)
{
	unsigned long s = arch_irq_save();
	uint64_t quiet = busy_work();
	arch_irq_restore(s);
	uint64_t k0 = timer_ticks(), noisy = 0, runs = 0;
	do {
		noisy += busy_work();
		runs++;
	} while (timer_ticks() - k0 < IRQ_MIN_TICKS);
	uint64_t ticks = timer_ticks() - k0;
	return noisy > runs * quiet ? (noisy - runs * quiet) / ticks : 0;
}

BENCH(timer)
{
	char params[48];
	ksnprintf(params, sizeof(params), "timer=%s", timer_name);
	bench_report("timer_irq", params, irq_cost());

	uint64_t *stamps = kmalloc(JITTER_TICKS * sizeof(uint64_t));
	timer_record_ticks(stamps, JITTER_TICKS);
	/* Spin, not hlt: on a halted CPU QEMU's -icount moves the clock to the next timer event
	 * itself, and how it gets there can follow the host's timing (a 10 kHz run differed by
	 * 57 ticks between two boots); spinning, every tick is counted in instructions. */
	while (timer_recorded() < JITTER_TICKS)
		;
	for (unsigned i = 0; i + 1 < JITTER_TICKS; i++)
		stamps[i] = stamps[i + 1] - stamps[i];
	sort_u64(stamps, JITTER_TICKS - 1);
	static const char *const stat[] = { "min", "median", "max" };
	const uint64_t value[] = { stamps[0], stamps[(JITTER_TICKS - 1) / 2],
				   stamps[JITTER_TICKS - 2] };
	for (int i = 0; i < 3; i++) {
		ksnprintf(params, sizeof(params), "timer=%s hz=%u stat=%s", timer_name, TIMER_HZ,
			  stat[i]);
		bench_report("timer_tick_interval", params, value[i]);
	}
	kfree(stamps);
}
