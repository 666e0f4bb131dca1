/* ipc.c - message passing: call/reply on top of send/recv (ipc_mailbox.c), the wait records
 * that deliver messages straight into a waiting task's buffer, and a task's IPC state from its
 * start to its end.
 *
 * Two kinds of caller: a kernel thread names tasks by id and passes kernel memory (the
 * ipc_*_kernel() functions); a process names processes by pid and passes its own memory
 * (ipc_*_user(), the system calls). Both go through the same checks, all made before anything
 * blocks.
 *
 * Delivery. A message to a task that waits in recv goes straight into its buffer (one copy,
 * from the sender's memory to the receiver's), and the sender switches to it at once. The
 * mailbox is the fallback: it holds a message nobody waits for yet, and senders queue first
 * come, first served while it is full. A call is a send followed by a wait in which only the
 * callee's reply (or its end, or a kill) wakes the caller; the reply, too, goes straight into
 * the caller's buffer. The common case of a call (to a server that waits) and of reply_recv's
 * receive (an empty mailbox: wait for the next request) is inline here; the rest goes through
 * the mailbox (ipc_mailbox_send(), ipc_mailbox_recv()).
 *
 * Critical sections: mailboxes, sender queues and wait states change only with interrupts
 * off. Each operation is one interrupts-off region, from finding the partner to the return (a
 * message is at most IPC_MSG_MAX bytes, so the copy inside is short); blocking keeps them off
 * across the check and the sleep. */
#include "ipc_private.h"

void ipc_task_init(struct task *t)
{
	t->mbox.full = false;
	list_init(&t->mbox.senders);
	t->ipc.wait_for = IPC_WAIT_NONE;
	t->ipc.callers = 0;
}

void ipc_notify(struct task *t)
{
	if (t->ipc.wait_for != IPC_WAIT_RECV)
		return;
	end_wait(t, -EAGAIN, 0);  /* no delivery: look again, and find the notification */
	if (t->state == TASK_BLOCKED)
		sched_interrupt_to(t);  /* a driver runs at once (a killed one is ready already) */
}

/* Waits, after a call's send half reached dst, for dst's reply into the checked buffer; runs
 * run (dst, when the send delivered straight to it) at once. Interrupts off. */
IPC_PATH long await_reply_irqoff(struct task *dst, struct ipc_buf reply, size_t cap,
			       struct task *run)
{
	struct task *me = sched_current();
	me->ipc.wait_for = IPC_WAIT_REPLY;
	me->ipc.buf = reply.addr;
	me->ipc.user = reply.user;
	me->ipc.cap = cap;
	me->ipc.partner = dst;  /* (a task that ends answers its callers: ipc_task_exit()) */
	dst->ipc.callers++;
	int err = run ? sched_pass_to(run) : sched_block_current_irqoff();
	while (unlikely(me->ipc.wait_for == IPC_WAIT_REPLY && err == 0))
		err = sched_block_current_irqoff();  /* nothing but the answer ends this wait */
	if (unlikely(me->ipc.wait_for == IPC_WAIT_REPLY)) {  /* no answer came: killed */
		me->ipc.wait_for = IPC_WAIT_NONE;
		dst->ipc.callers--;  /* (dst has not ended: it would have answered) */
		return err;
	}
	return me->ipc.result;  /* the reply's length, or -ESRCH: dst ended */
}

/* Puts the checked reply into the buffer of dst, which must wait in call for the caller.
 * Interrupts off. */
IPC_PATH int reply_irqoff(struct task *dst, struct ipc_buf msg, size_t len)
{
	if (unlikely(!dst || dst->ipc.wait_for != IPC_WAIT_REPLY ||
		     dst->ipc.partner != sched_current() || dst->killed))
		return -ESRCH;
	if (unlikely(len > dst->ipc.cap))
		return -EMSGSIZE;  /* dst keeps waiting */
	copy_across(dst, msg, len);
	end_wait(dst, (long)len, 0);  /* still blocked: the caller runs or wakes it */
	trace_reply(dst, (int64_t)len);
	sched_current()->ipc.callers--;
	return 0;
}

/* The receive of reply_recv, partner the client just answered: a server's usual case, an
 * empty mailbox, waits inline for the next request while partner runs; anything else is the
 * mailbox's receive. Interrupts off. */
IPC_PATH long recv_after_reply(struct ipc_from from, struct ipc_buf buf, size_t cap,
			       struct task *partner)
{
	struct task *me = sched_current();
	long ret;
	if (unlikely(me->mbox.full || me->irq_pending))
		return ipc_mailbox_recv(from, buf, cap, partner);  /* no wait: partner is woken */
	if (likely(recv_wait(me, from, buf, cap, partner, &ret)))
		return ret;
	return ipc_mailbox_recv(from, buf, cap, NULL);  /* woken without a delivery: look again */
}

IPC_PATH long call(int64_t dst, int me, struct ipc_buf msg, size_t len, struct ipc_buf reply,
		 size_t cap)
{
	int err = send_check(dst, me, msg, len);
	if (err)
		return err;
	if (reply.user && !uaccess_ok(reply.addr, cap, true))
		return -EFAULT;
	unsigned long s = irq_off(msg.user);
	struct task *t = find_task(dst, msg.user);
	struct task *run = NULL;
	long ret;
	if (unlikely(!t))
		ret = -ESRCH;
	else if (likely(can_deliver_direct(t, len))) {  /* the server waits */
		deliver(t, me, msg, len, &run);
		ret = 0;
	} else
		ret = ipc_mailbox_send(t, me, msg, len, &run);
	if (ret == 0) {
		trace_ipc_sent(TRACE_CALL, t, (int64_t)len, 0);
		ret = await_reply_irqoff(t, reply, cap, run);
	}
	irq_back(msg.user, s);
	return ret;
}

/* reply, and when recv_buf is not NULL the recv of reply_recv: checked, then made in one
 * interrupts-off region. A receive that has to wait runs the client just answered. */
IPC_PATH long reply(int64_t dst, struct ipc_buf msg, size_t len, struct ipc_from from,
		  const struct ipc_buf *recv_buf, size_t cap)
{
	if (unlikely(len > IPC_MSG_MAX))
		return -EINVAL;
	if (from.user && likely(from.addr) && unlikely(!uaccess_ok(from.addr, sizeof(int), true)))
		return -EFAULT;
	if (msg.user && !uaccess_ok(msg.addr, len, false))
		return -EFAULT;
	if (recv_buf && recv_buf->user && !uaccess_ok(recv_buf->addr, cap, true))
		return -EFAULT;
	unsigned long s = irq_off(msg.user);
	struct task *t = find_task(dst, msg.user);
	long ret = reply_irqoff(t, msg, len);
	if (ret == 0 && recv_buf) {
		ret = recv_after_reply(from, *recv_buf, cap, t);  /* t runs at once if we must wait */
		trace_ipc_taken(ret);
	} else if (ret == 0)
		sched_wake(t);
	irq_back(msg.user, s);
	return ret;
}

long ipc_call_kernel(int dst, const void *msg, size_t len, void *reply_buf, size_t cap)
{
	return call(dst, sched_current_id(), (struct ipc_buf){ (uintptr_t)msg, false }, len,
		    (struct ipc_buf){ (uintptr_t)reply_buf, false }, cap);
}

int ipc_reply_kernel(int dst, const void *msg, size_t len)
{
	return (int)reply(dst, (struct ipc_buf){ (uintptr_t)msg, false }, len,
			  (struct ipc_from){ 0, false }, NULL, 0);
}

long ipc_reply_recv_kernel(int dst, const void *msg, size_t len, int *from, void *buf,
			   size_t cap)
{
	struct ipc_buf b = { (uintptr_t)buf, false };
	return reply(dst, (struct ipc_buf){ (uintptr_t)msg, false }, len,
		     (struct ipc_from){ (uintptr_t)from, false }, &b, cap);
}

long ipc_call_user(uint64_t dst, uintptr_t msg, size_t len, uintptr_t reply_buf, size_t cap)
{
	return call((int64_t)dst, proc_current()->pid, (struct ipc_buf){ msg, true }, len,
		    (struct ipc_buf){ reply_buf, true }, cap);
}

long ipc_reply_user(uint64_t dst, uintptr_t msg, size_t len)
{
	return reply((int64_t)dst, (struct ipc_buf){ msg, true }, len, (struct ipc_from){ 0, true },
		     NULL, 0);
}

long ipc_reply_recv_user(uint64_t dst, uintptr_t msg, size_t len, uintptr_t from,
			 uintptr_t buf, size_t cap)
{
	struct ipc_buf b = { buf, true };
	return reply((int64_t)dst, (struct ipc_buf){ msg, true }, len, (struct ipc_from){ from, true },
		     &b, cap);
}

/* A caller of the task that ends gets -ESRCH. */
static void answer_caller(struct task *c, void *ended)
{
	if (c->ipc.wait_for == IPC_WAIT_REPLY && c->ipc.partner == ended)
		finish_wait(c, -ESRCH, 0);
}

void ipc_task_exit(struct task *t)
{
	struct list_node *n;
	while ((n = list_pop_front(&t->mbox.senders)) != NULL) {
		struct task *sender = list_entry(n, struct task, wait_link);
		sender->wait_result = -ESRCH;
		sched_wake(sender);
	}
	t->mbox.full = false;
	if (t->ipc.callers)  /* no list of them: a call costs a count, not a list */
		task_for_each(answer_caller, t);
	/* If t itself is still in another mailbox's queue or waits for another task's reply,
	 * leave it. (A task ends from its own context, after its blocking call returned and left
	 * its queue, waking the next sender; this is the safety net.) */
	if (queued(t))
		list_remove(&t->wait_link);
	t->ipc.wait_for = IPC_WAIT_NONE;
}
