/* irqline_ioapic.c - the ISA interrupt lines of user-space drivers through the I/O APIC, with
 * the local APIC timer's tick (the 8259 PICs stay fully masked). ISA line n is input n, on
 * vector 0x40 + n: the standard wiring (the ACPI tables are not read yet; QEMU moves only
 * line 0, which the kernel keeps). Selected by --with-timer=lapic. */
#include <kern/arch.h>
#include <arch/x86_64/irq.h>
#include <arch/x86_64/trap.h>

/* A bound line's interrupt: masked at the I/O APIC until its holder acknowledges it with
 * irq_ack, ended at the local APIC, then handed to the generic kernel. */
static void line_irq(struct trap_frame *tf)
{
	unsigned irq = (unsigned)tf->vector - IRQ_IOAPIC_BASE;
	ioapic_mask(irq);
	lapic_eoi();
	kern_irqline(irq);
}

void arch_irqline_unmask(unsigned irq)
{
	irq_set_handler(IRQ_IOAPIC_BASE + irq, line_irq);  /* stays: an interrupt may be on its way */
	ioapic_unmask(irq, IRQ_IOAPIC_BASE + irq);
}

void arch_irqline_mask(unsigned irq)
{
	ioapic_mask(irq);
}
