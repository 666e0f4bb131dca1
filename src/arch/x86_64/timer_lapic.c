/* timer_lapic.c - the tick from the local APIC timer in periodic mode, calibrated at boot
 * against the PIT; the 8259 PIC and the I/O APIC are masked. Selected by --with-timer=lapic. */
#include <kern/arch.h>
#include <kern/timer.h>
#include <lib/printk.h>
#include <arch/x86_64/irq.h>

#define LVT_PERIODIC 0x20000
#define LVT_MASKED 0x10000
#define DIVIDE_BY_16 0x3

const char timer_name[] = "lapic";
static uint64_t input_hz;
static uint32_t reload;

static void lapic_timer_irq(struct trap_frame *tf)
{
	lapic_eoi();
	kern_tick();
}

/* The timer's decrements since calibrate() loaded it (one-shot from 0xFFFFFFFF, masked). */
static uint64_t elapsed_counts(void)
{
	return 0xFFFFFFFF - lapic_read(LAPIC_TIMER_CURRENT);
}

/* The timer's input rate after the divider, measured against the PIT. */
static uint64_t calibrate(void)
{
	lapic_write(LAPIC_TIMER_DIVIDE, DIVIDE_BY_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_TIMER_INITIAL, 0xFFFFFFFF);
	uint64_t hz = pit_measure_hz(elapsed_counts);
	lapic_write(LAPIC_TIMER_INITIAL, 0);
	return hz;
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
