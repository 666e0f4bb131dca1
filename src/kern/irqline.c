/* irqline.c - ISA interrupt lines held by user-space drivers: binding, acknowledging, and the
 * notification when one fires (kern/irqline.h).
 *
 * Critical sections: the holders and the pending bits change with interrupts off; a line's
 * holder is a live process (irqline_release() runs before a process becomes a zombie). */
#include <kern/irqline.h>
#include <kern/arch.h>
#include <kern/errno.h>
#include <kern/ipc.h>
#include <kern/proc.h>
#include <kern/task.h>
#include <uapi/syscall.h>

#define IRQ_TIMER 0    /* the PIT's line (and, with the local APIC timer, still the kernel's) */
#define IRQ_CASCADE 2  /* the slave PIC's way to the master */

static struct proc *holder[MK_IRQ_MAX + 1];  /* by line; NULL: nobody's (and masked) */

static bool bindable(int64_t irq)
{
	return irq >= 0 && irq <= MK_IRQ_MAX && irq != IRQ_TIMER && irq != IRQ_CASCADE;
}

long irqline_bind(int64_t irq)
{
	struct proc *me = proc_current();
	if (!(me->rights & MK_RIGHT_IO))
		return -EPERM;
	if (!bindable(irq))
		return -EINVAL;
	unsigned long s = arch_irq_save();
	long ret = 0;
	if (holder[irq] && holder[irq] != me) {
		ret = -EBUSY;
	} else if (!holder[irq]) {
		holder[irq] = me;
		arch_irqline_unmask((unsigned)irq);
	}
	arch_irq_restore(s);
	return ret;
}

long irqline_ack(int64_t irq)
{
	if (!bindable(irq) || holder[irq] != proc_current())
		return -EINVAL;
	unsigned long s = arch_irq_save();
	arch_irqline_unmask((unsigned)irq);
	arch_irq_restore(s);
	return 0;
}

void irqline_release(struct proc *p)
{
	for (unsigned irq = 0; irq <= MK_IRQ_MAX; irq++) {
		if (holder[irq] == p) {
			arch_irqline_mask(irq);
			holder[irq] = NULL;
		}
	}
	if (p->task)
		p->task->irq_pending = 0;
}

/* The line already waits for its holder's irq_ack: masked at the 8259, or held in the kernel
 * with the I/O APIC (irqline_ioapic.c, which ignores edges on masked inputs). One that lost
 * its holder while the interrupt was on its way stays masked for the next one to bind. */
void kern_irqline(unsigned irq)
{
	struct proc *p = irq <= MK_IRQ_MAX ? holder[irq] : NULL;
	if (!p)
		return;
	p->task->irq_pending |= 1u << irq;
	ipc_notify(p->task);
}
