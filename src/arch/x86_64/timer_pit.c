/* timer_pit.c - the tick from the PIT: channel 0 as a rate generator on IRQ 0, acknowledged at
 * the 8259 PIC. Selected by --with-timer=pit. */
#include <kern/arch.h>
#include <kern/timer.h>
#include <arch/x86_64/irq.h>

_Static_assert(PIT_HZ / CONFIG_TICK_HZ <= PIT_DIVISOR_MAX,
	       "--with-tick-hz is below the slowest rate the PIT can make (19 Hz)");

const char timer_name[] = "pit";
static unsigned divisor;

static void pit_irq(struct trap_frame *tf)
{
	pic_eoi(0);
	kern_tick();
}

void timer_source_start(unsigned hz)
{
	pic_init();
	irq_set_handler(IRQ_PIC_BASE + 0, pit_irq);
	divisor = pit_start_periodic(hz);
	pic_unmask(0);
}

void timer_source_info(struct timer_source_info *out)
{
	out->input_hz = PIT_HZ;
	out->reload = divisor;
}
