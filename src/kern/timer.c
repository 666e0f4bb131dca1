/* timer.c - the tick: counting, uptime, TSC rate, and the hook into the scheduler. */
#include <kern/timer.h>
#include <kern/arch.h>
#include <lib/printk.h>
#include <kern/sched.h>
#include <kern/trace.h>

static volatile uint64_t ticks;
static uint64_t tsc_hz;
static uint64_t *record;
static unsigned record_want;
static volatile unsigned record_have;

void timer_init(void)
{
	tsc_hz = arch_tsc_measure_hz();
	timer_source_start(TIMER_HZ);
	struct timer_source_info info;
	timer_source_info(&info);
	pr_info("timer: %s at %u Hz (input %lu Hz, %u counts per tick), TSC %lu MHz\n",
		timer_name, TIMER_HZ, info.input_hz, info.reload, tsc_hz / 1000000);
}

void kern_tick(void)
{
	ticks++;
	if (record_have < record_want)
		record[record_have++] = arch_cycles();
	trace_tick();  /* a byte on the trace channel asks for a dump */
	scheduler_tick();
}

uint64_t timer_ticks(void)
{
	return ticks;
}

uint64_t timer_uptime_ms(void)
{
	return ticks * 1000 / TIMER_HZ;
}

uint64_t timer_tsc_hz(void)
{
	return tsc_hz;
}

void timer_record_ticks(uint64_t *stamps, unsigned n)
{
	unsigned long s = arch_irq_save();
	record = stamps;
	record_have = 0;
	record_want = n;
	arch_irq_restore(s);
}

unsigned timer_recorded(void)
{
	return record_have;
}
