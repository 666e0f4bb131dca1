/** @file
 * ISA interrupt lines held by user-space drivers, delivered to them as notifications
 * (irq_bind, irq_ack; the ABI's "Notifications").
 *
 * A process holding MK_RIGHT_IO binds a line; when the line raises an interrupt, the
 * architecture masks it and calls kern_irqline(), which marks it pending in the holder's task
 * (task->irq_pending) and ends the holder's wait if it waits in recv (ipc_notify()). Its next
 * receive delivers the lowest pending line, before any message (ipc.c). The line stays masked
 * until the holder acknowledges it with irq_ack. Lines 0 and 2 are the kernel's (the PIT and
 * the PICs' cascade). */
#ifndef KERN_IRQLINE_H
#define KERN_IRQLINE_H

#include <stdint.h>

struct proc;

/**
 * irq_bind() for the calling process: line @p irq (as the system call passed it) becomes the
 * caller's, unmasked. Binding a line the caller holds already is 0 and changes nothing.
 * @return 0; -EPERM without MK_RIGHT_IO; -EINVAL for 0, 2 and anything outside 1..15;
 *         -EBUSY if another process holds it.
 */
long irqline_bind(int64_t irq);

/**
 * irq_ack() for the calling process: unmasks line @p irq, which it holds, so that its next
 * interrupt can arrive. @return 0; -EINVAL if the caller does not hold that line.
 */
long irqline_ack(int64_t irq);

/**
 * Masks and releases every line @p p holds, and forgets its pending notifications: @p p is
 * ending. Interrupts off.
 */
void irqline_release(struct proc *p);

#endif
