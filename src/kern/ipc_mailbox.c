/* ipc_mailbox.c - send and recv: the single-slot mailbox, its queue of blocked senders, and a
 * receiver's wait; call and reply are in ipc.c, the steps both take in ipc_private.h.
 *
 * A message to a task that waits in recv goes straight into its buffer (deliver()),
 * and the sender switches to it at once. The mailbox is the fallback: it holds a message
 * nobody waits for yet, and senders queue first come, first served while it is full. A
 * receiver takes the message in its mailbox, or waits until a sender delivers one straight
 * into its buffer (ipc.c's reply_recv waits the same way, through recv_wait()).
 *
 * Each operation is one interrupts-off region, from finding the partner to the return (see
 * ipc.c); blocking keeps interrupts off across the check and the sleep. */
#include "ipc_private.h"

/* With the mailbox empty, the first queued sender may deposit: wake it. */
static void wake_next_sender(struct mailbox *mb)
{
	if (!mb->full && !list_empty(&mb->senders))
		sched_wake(list_entry(mb->senders.next, struct task, wait_link));
}

/* Delivers the checked message to dst: straight into its buffer if it waits in recv with room
 * for it, else into its mailbox, blocking while that is full (senders blocked on one mailbox
 * deposit in the order they came). After a direct delivery to a task still blocked, *run is
 * that task: the caller runs it at once (sched_yield_to(), sched_pass_to()) or wakes it.
 * Interrupts off. */
IPC_PATH int send_irqoff(struct task *dst, int from, struct ipc_buf msg, size_t len,
		       struct task **run)
{
	struct task *me = sched_current();
	struct mailbox *mb = &dst->mbox;

	if (likely(can_deliver_direct(dst, len)))
		goto deliver;
	for (;;) {
		bool my_turn = list_empty(&mb->senders) || mb->senders.next == &me->wait_link;
		if (!mb->full && my_turn)
			break;
		if (!queued(me))
			list_push_back(&mb->senders, &me->wait_link);
		me->wait_result = 0;
		me->ipc.wait_for = IPC_WAIT_SEND;  /* for procinfo */
		int err = sched_block_current_irqoff();
		me->ipc.wait_for = IPC_WAIT_NONE;
		if (me->wait_result < 0)  /* dst ended: ipc_task_exit() dequeued us */
			return me->wait_result;
		if (err < 0) {  /* killed, before or while waiting: leave the queue */
			list_remove(&me->wait_link);
			wake_next_sender(mb);
			return err;
		}
	}
	if (queued(me))
		list_remove(&me->wait_link);
	bool waiting = dst->ipc.wait_for == IPC_WAIT_RECV;
	if (waiting && len <= dst->ipc.cap) {
		wake_next_sender(mb);  /* the mailbox stays empty: the next in line may go */
deliver:
		deliver(dst, from, msg, len, run);
		return 0;
	}
	/* Nobody waits, or the message is too long for the receiver's buffer: it waits in the
	 * mailbox (a receiver we wake finds it there and reports -EMSGSIZE). */
	copy_in(mb->data, msg, len);
	mb->full = true;
	mb->from = from;
	mb->len = len;
	if (waiting)
		finish_wait(dst, -EAGAIN, 0);  /* no delivery: look in the mailbox */
	return 0;
}

/* Delivers the lowest interrupt line pending for the caller (kern/irqline.h) into the checked
 * buffer, as a message from the kernel (from 0): the line's number, a 4-byte little-endian
 * uint32 (x86_64's own order). Too small a buffer leaves it pending. Interrupts off. */
static long take_notification(struct ipc_from from, struct ipc_buf buf, size_t cap)
{
	struct task *me = sched_current();
	if (cap < sizeof(uint32_t))
		return -EMSGSIZE;
	uint32_t line = (uint32_t)__builtin_ctz(me->irq_pending);
	copy_out(buf, &line, sizeof(line));
	me->irq_pending &= ~(1u << line);
	put_from(from, 0);
	trace_ipc_notified();
	return sizeof(line);
}

/* Takes a message into the checked buffer: the one in the caller's mailbox, or one a sender
 * delivers while it waits. partner (may be NULL) is a blocked task the caller has just
 * answered: it runs at once if the caller has to wait, else it is woken. Interrupts off. */
IPC_PATH long recv_irqoff(struct ipc_from from, struct ipc_buf buf, size_t cap,
			 struct task *partner)
{
	struct task *me = sched_current();
	struct mailbox *mb = &me->mbox;

	while (likely(!mb->full && !me->irq_pending)) {  /* (a notification ends the wait too) */
		me->ipc.wait_for = IPC_WAIT_RECV;
		me->ipc.buf = buf.addr;
		me->ipc.user = buf.user;
		me->ipc.cap = cap;
		me->ipc.result = -EINTR;
		int err = partner ? sched_pass_to(partner) : sched_block_current_irqoff();
		partner = NULL;
		me->ipc.wait_for = IPC_WAIT_NONE;
		if (likely(me->ipc.result >= 0)) {  /* delivered straight into buf */
			put_from(from, me->ipc.from);
			return me->ipc.result;
		}
		if (err < 0)
			return err;  /* killed */
	}
	if (unlikely(partner))  /* something was there already: no wait, the partner is ready */
		sched_wake(partner);
	if (unlikely(me->irq_pending))  /* notifications come before the mailbox */
		return take_notification(from, buf, cap);
	if (cap < mb->len)
		return -EMSGSIZE;
	size_t len = mb->len;
	copy_out(buf, mb->data, len);
	put_from(from, mb->from);
	mb->full = false;
	wake_next_sender(mb);
	return (long)len;
}

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
	trace_ipc_sent(TRACE_SEND, t, (int64_t)len, err);
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
	trace_ipc_taken(ret);
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
