/* irqline_pic.c - the ISA interrupt lines of user-space drivers through the two 8259 PICs,
 * the controllers of the PIT tick (vectors 0x20..0x2f; the slave's lines 8..15 reach the CPU
 * through the master's line 2, which pic_init() leaves open). Selected by --with-timer=pit. */
#include <kern/arch.h>
#include <arch/x86_64/irq.h>
#include <arch/x86_64/trap.h>

/* A bound line's interrupt: masked until its holder acknowledges it with irq_ack, ended at
 * the PICs (both, for the slave's lines), then handed to the generic kernel. A spurious IRQ 7
 * or 15 never gets here (irq_dispatch()). */
static void line_irq(struct trap_frame *tf)
{
	unsigned irq = (unsigned)tf->vector - IRQ_PIC_BASE;
	pic_mask(irq);
	pic_eoi(irq);
	kern_irqline(irq);
}

void arch_irqline_unmask(unsigned irq)
{
	irq_set_handler(IRQ_PIC_BASE + irq, line_irq);  /* stays: an interrupt may be on its way */
	pic_unmask(irq);
}

void arch_irqline_mask(unsigned irq)
{
	pic_mask(irq);
}
