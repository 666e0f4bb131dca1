/* irqline_ioapic.c - the ISA interrupt lines of user-space drivers through the I/O APIC, with
 * the local APIC timer's tick (the 8259 PICs stay fully masked). ISA line n is input n, on
 * vector 0x40 + n: the standard wiring (the ACPI tables are not read yet; QEMU moves only
 * line 0, which the kernel keeps). Selected by --with-timer=lapic. */
#include <kern/arch.h>
#include <arch/x86_64/irq.h>
#include <arch/x86_64/trap.h>
#include <stdbool.h>

/* The I/O APIC ignores an edge on a masked input (the 82093AA's rule, which QEMU follows), so
 * a line masked until irq_ack would lose the interrupt of a device that raised its line while
 * its driver served it: a byte reaching the UART after the driver read it empty and before
 * irq_ack leaves the line high, and no edge ever comes again. So a bound line stays unmasked
 * at the I/O APIC, and "masked until irq_ack" is kept here: an interrupt that comes while its
 * line waits for the acknowledgement is remembered, and handed to the holder at irq_ack (what
 * the 8259 does by itself, in its request register). */
static bool waiting_ack[16], missed[16];

static void line_irq(struct trap_frame *tf)
{
	unsigned irq = (unsigned)tf->vector - IRQ_IOAPIC_BASE;
	lapic_eoi();
	if (waiting_ack[irq]) {
		missed[irq] = true;
		return;
	}
	waiting_ack[irq] = true;
	kern_irqline(irq);
}

void arch_irqline_unmask(unsigned irq)
{
	irq_set_handler(IRQ_IOAPIC_BASE + irq, line_irq);  /* stays: an interrupt may be on its way */
	if (missed[irq]) {  /* it came while the line waited: the holder gets it now */
		missed[irq] = false;
		kern_irqline(irq);
		return;
	}
	waiting_ack[irq] = false;
	ioapic_unmask(irq, IRQ_IOAPIC_BASE + irq);
}

void arch_irqline_mask(unsigned irq)
{
	ioapic_mask(irq);
	waiting_ack[irq] = missed[irq] = false;
}
