/** @file
 * The periodic tick, uptime and the cycle counter's rate. The tick source is the PIT
 * or the local APIC timer, chosen by `--with-timer` (timer_pit.c or timer_lapic.c). */
#ifndef KERN_TIMER_H
#define KERN_TIMER_H

#include <stdint.h>

/** Ticks per second (`--with-tick-hz`). */
#define TIMER_HZ CONFIG_TICK_HZ

/**
 * Measures the TSC against the PIT, starts the periodic tick at TIMER_HZ (calibrating the
 * local APIC timer first when it is the source) and logs what it did. Interrupts stay off;
 * the caller enables them when the scheduler is ready.
 */
void timer_init(void);

/** Ticks since timer_init(). */
uint64_t timer_ticks(void);

/** Milliseconds since timer_init(), by the tick count (resolution 1000 / TIMER_HZ ms). */
uint64_t timer_uptime_ms(void);

/** The TSC's rate in Hz as measured at boot. */
uint64_t timer_tsc_hz(void);

/** "pit" or "lapic". */
extern const char timer_name[];


/* --- Implemented by each tick source. --- */

/** Programs the source for @p hz periodic interrupts and installs its handler. */
void timer_source_start(unsigned hz);

/** Source-specific facts for the boot log and the tests (the LAPIC's calibration). */
struct timer_source_info {
	uint64_t input_hz;      /**< the counter's input rate (after the divider) */
	uint32_t reload;        /**< counts per tick programmed */
};
/** Fills @p out with the source's input rate and counts per tick. */
void timer_source_info(struct timer_source_info *out);

/* --- Jitter recording, for the benchmark. --- */

/** Starts recording the TSC at each of the next @p n ticks into @p stamps. */
void timer_record_ticks(uint64_t *stamps, unsigned n);

/** Ticks recorded so far since timer_record_ticks(). */
unsigned timer_recorded(void);

#endif
