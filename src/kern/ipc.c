/* ipc.c - blocking send/recv through single-slot mailboxes.
 *
 * Critical sections: a mailbox and its sender queue change only with interrupts off; the
 * whole of ipc_send() and ipc_recv() runs that way (a message is at most IPC_MSG_MAX bytes,
 * so the copy inside is short), and blocking keeps them off across the check and the sleep. */
#include <kern/ipc.h>
#include <kern/arch.h>
#include <kern/errno.h>
#include <kern/sched.h>
#include <kern/task.h>
#include <kern/uaccess.h>
#include <lib/string.h>

void ipc_mailbox_init(struct mailbox *mb)
{
	mb->full = false;
	mb->receiver_waiting = false;
	list_init(&mb->senders);
}

static bool queued(struct task *t)
{
	return t->wait_link.next != &t->wait_link;
}

/* With the mailbox empty, the first queued sender may deposit: wake it. */
static void wake_next_sender(struct mailbox *mb)
{
	if (!mb->full && !list_empty(&mb->senders))
		sched_wake(list_entry(mb->senders.next, struct task, wait_link));
}

static void copy_in(void *dst, struct ipc_buf src, size_t len)
{
	if (src.user)
		copy_from_user_checked(dst, src.addr, len);
	else
		memcpy(dst, (const void *)src.addr, len);
}

static void copy_out(struct ipc_buf dst, const void *src, size_t len)
{
	if (dst.user)
		copy_to_user_checked(dst.addr, src, len);
	else
		memcpy((void *)dst.addr, src, len);
}

int ipc_send(struct task *dst, int from, struct ipc_buf msg, size_t len)
{
	struct task *me = sched_current();
	struct mailbox *mb = &dst->mbox;
	unsigned long s = arch_irq_save();
	bool woke_receiver = false;
	int err = 0;

	for (;;) {
		bool my_turn = list_empty(&mb->senders) || mb->senders.next == &me->wait_link;
		if (!mb->full && my_turn) {
			if (queued(me))
				list_remove(&me->wait_link);
			copy_in(mb->data, msg, len);
			mb->full = true;
			mb->from = from;
			mb->len = len;
			if (mb->receiver_waiting) {
				sched_wake(dst);
				woke_receiver = true;
			}
			break;
		}
		if (!queued(me))
			list_push_back(&mb->senders, &me->wait_link);
		me->wait_result = 0;
		err = sched_block_current();
		if (me->wait_result < 0) {  /* dst ended: ipc_task_exit() dequeued us */
			err = me->wait_result;
			break;
		}
		if (err < 0) {  /* killed, before or while waiting: leave the queue */
			list_remove(&me->wait_link);
			wake_next_sender(mb);
			break;
		}
	}
	/* Hand the CPU to the receiver we woke: the message is handled at once, and a reply
	 * finds this sender waiting for it. */
	if (woke_receiver)
		sched_handoff(dst);
	arch_irq_restore(s);
	return err;
}

long ipc_recv(int *from, struct ipc_buf buf, size_t cap)
{
	struct task *me = sched_current();
	struct mailbox *mb = &me->mbox;
	unsigned long s = arch_irq_save();
	long ret = 0;

	while (!mb->full && ret == 0) {
		mb->receiver_waiting = true;
		ret = sched_block_current();  /* -EINTR: killed */
		mb->receiver_waiting = false;
	}
	if (!mb->full)
		ret = -EINTR;
	else if (cap < mb->len)
		ret = -EMSGSIZE;
	else {
		copy_out(buf, mb->data, mb->len);
		ret = (long)mb->len;
		*from = mb->from;
		mb->full = false;
		wake_next_sender(mb);
	}
	arch_irq_restore(s);
	return ret;
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
	/* If t itself waits in another mailbox's queue, leave it (and let the next one go). */
	if (queued(t))
		list_remove(&t->wait_link);
}

int ipc_send_to(int dst, const void *msg, size_t len)
{
	if (dst == sched_current_id())
		return -EDEADLK;
	if (len > IPC_MSG_MAX)
		return -EINVAL;
	unsigned long s = arch_irq_save();
	struct task *t = task_find(dst);
	int err = t ? ipc_send(t, sched_current_id(), (struct ipc_buf){ (uintptr_t)msg, false }, len)
		    : -ESRCH;
	arch_irq_restore(s);
	return err;
}

long ipc_recv_from(int *from, void *buf, size_t cap)
{
	return ipc_recv(from, (struct ipc_buf){ (uintptr_t)buf, false }, cap);
}
