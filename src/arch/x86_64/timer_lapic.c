/* timer_lapic.c - the tick from the local APIC timer in periodic mode, calibrated at boot
 * against the PIT; the 8259 PIC and the I/O APIC are masked. Selected by --with-timer=lapic. */
#include <kern/arch.h>
#include <kern/timer.h>
#include <kern/printk.h>
#include <arch/x86_64/irq.h>

#define LVT_PERIODIC 0x20000
#define LVT_MASKED 0x10000
#define DIVIDE_BY_16 0x3
#define CALIBRATE_PIT_COUNTS 11932  /* 10 ms of PIT clock */
#define CALIBRATE_ROUNDS 5

const char timer_name[] = "lapic";
static uint64_t input_hz;
static uint32_t reload;

static void lapic_timer_irq(struct trap_frame *tf)
{
	lapic_eoi();
	kern_tick();
}

/* Counts the timer's decrements during 10 ms of PIT time; median of five rounds, so that one
 * round stretched by the host (under emulation) does not skew the result. */
static uint64_t calibrate(void)
{
	uint64_t rate[CALIBRATE_ROUNDS];
	lapic_write(LAPIC_TIMER_DIVIDE, DIVIDE_BY_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	for (int r = 0; r < CALIBRATE_ROUNDS; r++) {
		lapic_write(LAPIC_TIMER_INITIAL, 0xFFFFFFFF);
		pit_wait(CALIBRATE_PIT_COUNTS);
		uint32_t elapsed = 0xFFFFFFFF - lapic_read(LAPIC_TIMER_CURRENT);
		rate[r] = (uint64_t)elapsed * PIT_HZ / CALIBRATE_PIT_COUNTS;
	}
	lapic_write(LAPIC_TIMER_INITIAL, 0);
	for (int i = 1; i < CALIBRATE_ROUNDS; i++)
		for (int j = i; j > 0 && rate[j - 1] > rate[j]; j--) {
			uint64_t t = rate[j];
			rate[j] = rate[j - 1];
			rate[j - 1] = t;
		}
	return rate[CALIBRATE_ROUNDS / 2];
}

void timer_source_start(unsigned hz)
{
	pic_init();    /* remapped and fully masked: its vectors must not alias exceptions */
	ioapic_init();
	lapic_init();
	input_hz = calibrate();
	reload = (uint32_t)((input_hz + hz / 2) / hz);
	irq_set_handler(IRQ_LAPIC_TIMER, lapic_timer_irq);
	lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | IRQ_LAPIC_TIMER);
	lapic_write(LAPIC_TIMER_DIVIDE, DIVIDE_BY_16);
	lapic_write(LAPIC_TIMER_INITIAL, reload);
	pr_info("timer: local APIC timer calibrated against the PIT: %lu Hz after the divider\n",
		input_hz);
}

void timer_source_info(struct timer_source_info *out)
{
	out->input_hz = input_hz;
	out->reload = reload;
}
