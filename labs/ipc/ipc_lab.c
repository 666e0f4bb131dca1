/* ipc_lab.c - the ipc lab (week 6): send and recv through the single-slot mailbox of
 * kern/ipc.h: queueing a message nobody waits for, senders blocked while the mailbox is full,
 * a receiver blocked until a message comes, and their errors. Selected by --with-lab=ipc, in
 * place of src/kern/ipc_mailbox.c; the handout is doc/lab-ipc.md, and `make grade` tells you
 * how far you are.
 *
 * You write send_irqoff() and recv_irqoff() below. Given: in this file the entry points
 * (ipc_send_kernel() and the others at the end: the argument checks, finding the receiver,
 * the interrupts-off region, the switch to a receiver you delivered to), take_notification(),
 * and ipc_mailbox_send() / ipc_mailbox_recv(), through which call and reply_recv (ipc.c) use
 * your functions; in src/kern/ipc_private.h the steps of the path (copies, the direct
 * delivery can_deliver_direct() and deliver(), one wait of a receiver recv_wait()); in
 * src/kern/ipc.c call, reply, ipc_task_init() and ipc_task_exit() (a task that ends wakes
 * the senders queued on its mailbox with wait_result = -ESRCH).
 *
 * Everything here runs with interrupts off: that is the lock. A task blocks with
 * sched_block_current_irqoff() (0, or -EINTR when it is killed) and is woken by sched_wake();
 * its wait_link puts it on one mailbox's senders list; a receiver waits with its wait record,
 * sched_current()->ipc (kern/ipc.h), so that a sender can deliver straight into its buffer. */
#include "ipc_private.h"

/* Delivers the checked message (len <= IPC_MSG_MAX, msg readable) from the caller, whose id
 * is from, to dst (not the caller). If dst waits in recv with room for it (and no sender is
 * queued before the caller), straight into its buffer: deliver(), which sets *run when dst is
 * still blocked (the given code then runs it at once). Else into dst's mailbox, blocking while
 * the mailbox is full or other senders are queued: senders blocked on one mailbox deposit in
 * the order they came (first come, first served). A receiver that waits with too small a
 * buffer gets the message in its mailbox and is woken with its wait ended (it finds the
 * message there and reports -EMSGSIZE). Interrupts off.
 * @return 0 once the message is delivered or in the mailbox; -ESRCH if dst ends while the
 *         caller waits (ipc_task_exit() has dequeued it and set its wait_result); -EINTR if
 *         the caller is killed, before or while waiting (it leaves the queue, and the next
 *         sender may go). */
IPC_PATH int send_irqoff(struct task *dst, int from, struct ipc_buf msg, size_t len,
			 struct task **run)
{
	(void)dst, (void)from, (void)msg, (void)len, (void)run;
	/* TODO */
	return -ENOSYS;
}

/* Delivers the lowest interrupt line pending for the caller (kern/irqline.h) into the checked
 * buffer, as a message from the kernel (from 0): the line's number, a 4-byte little-endian
 * uint32 (x86_64's own order). Too small a buffer leaves it pending. Interrupts off. Given. */
static __attribute__((unused)) long take_notification(struct ipc_from from, struct ipc_buf buf,
						      size_t cap)
{
	struct task *me = sched_current();
	if (cap < sizeof(uint32_t))
		return -EMSGSIZE;
	uint32_t line = (uint32_t)__builtin_ctz(me->irq_pending);
	copy_out(buf, &line, sizeof(line));
	me->irq_pending &= ~(1u << line);
	put_from(from, 0);
	return sizeof(line);
}

/* Takes a message for the caller into the checked buffer buf (cap bytes) and stores its
 * sender's id at from (put_from()): the message in the caller's mailbox, or, when the mailbox
 * is empty, one a sender delivers straight into buf while the caller waits (recv_wait(), or
 * your own wait with the same record). A pending interrupt line (sched_current()->irq_pending)
 * ends a wait too, and comes before the mailbox: take_notification(). partner, when not NULL,
 * is a blocked task the caller has just answered (reply_recv): it runs at once if the caller
 * has to wait, else it is woken (sched_wake()). Taking the message empties the mailbox: the
 * first queued sender may then deposit. Interrupts off.
 * @return the message's length; -EMSGSIZE if cap is smaller than the message in the mailbox
 *         (it stays there); -EINTR if the caller is killed while it waits. */
IPC_PATH long recv_irqoff(struct ipc_from from, struct ipc_buf buf, size_t cap,
			  struct task *partner)
{
	(void)from, (void)buf, (void)cap, (void)partner;
	/* TODO */
	return -ENOSYS;
}

/* --- Given from here on ---------------------------------------------------------------- */

int ipc_mailbox_send(struct task *dst, int from, struct ipc_buf msg, size_t len,
		     struct task **run)
{
	return send_irqoff(dst, from, msg, len, run);
}

long ipc_mailbox_recv(struct ipc_from from, struct ipc_buf buf, size_t cap,
		      struct task *partner)
{
	return recv_irqoff(from, buf, cap, partner);
}

/* A checked send, then a handoff to the receiver it woke. */
IPC_PATH int send(int64_t dst, int me, struct ipc_buf msg, size_t len)
{
	int err = send_check(dst, me, msg, len);
	if (err)
		return err;
	unsigned long s = irq_off(msg.user);
	struct task *t = find_task(dst, msg.user);
	struct task *run = NULL;
	err = t ? send_irqoff(t, me, msg, len, &run) : -ESRCH;
	/* Hand the CPU to the receiver we delivered to: the message is handled at once, and a
	 * reply finds this sender waiting for it. */
	if (run)
		sched_yield_to(run);
	irq_back(msg.user, s);
	return err;
}

/* A checked receive. */
IPC_PATH long recv(struct ipc_from from, struct ipc_buf buf, size_t cap)
{
	if (from.user && from.addr && !uaccess_ok(from.addr, sizeof(int), true))
		return -EFAULT;
	if (buf.user && !uaccess_ok(buf.addr, cap, true))
		return -EFAULT;
	unsigned long s = irq_off(buf.user);
	long ret = recv_irqoff(from, buf, cap, NULL);
	irq_back(buf.user, s);
	return ret;
}

int ipc_send_kernel(int dst, const void *msg, size_t len)
{
	return send(dst, sched_current_id(), (struct ipc_buf){ (uintptr_t)msg, false }, len);
}

long ipc_recv_kernel(int *from, void *buf, size_t cap)
{
	return recv((struct ipc_from){ (uintptr_t)from, false }, (struct ipc_buf){ (uintptr_t)buf, false },
		    cap);
}

long ipc_send_user(uint64_t dst, uintptr_t msg, size_t len)
{
	return send((int64_t)dst, proc_current()->pid, (struct ipc_buf){ msg, true }, len);
}

long ipc_recv_user(uintptr_t from, uintptr_t buf, size_t cap)
{
	return recv((struct ipc_from){ from, true }, (struct ipc_buf){ buf, true }, cap);
}
