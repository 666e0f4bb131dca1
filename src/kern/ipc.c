/* ipc.c - blocking send/recv through single-slot mailboxes.
 *
 * Two kinds of caller: a kernel thread names tasks by id and passes kernel memory
 * (ipc_send_kernel(), ipc_recv_kernel()); a process names processes by pid and passes its own
 * memory (ipc_send_user(), ipc_recv_user(), the system calls). Both go through the same checks,
 * all made before anything blocks.
 *
 * Critical sections: a mailbox and its sender queue change only with interrupts off. Each
 * send or recv is one interrupts-off region, from finding the receiver to the return (a
 * message is at most IPC_MSG_MAX bytes, so the copy inside is short); blocking keeps them off
 * across the check and the sleep. */
#include <kern/ipc.h>
#include <kern/arch.h>
#include <kern/errno.h>
#include <kern/proc.h>
#include <kern/sched.h>
#include <kern/task.h>
#include <kern/uaccess.h>
#include <lib/string.h>

/* Where a message's bytes are: kernel memory, or the calling process's memory (user: then
 * the ids of the call are pids too). */
struct ipc_buf {
	uintptr_t addr;
	bool user;
};

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

/* Puts the checked message into dst's mailbox, blocking while it is full; senders blocked on
 * one mailbox deposit in the order they came. Interrupts off. */
static int send_irqoff(struct task *dst, int from, struct ipc_buf msg, size_t len)
{
	struct task *me = sched_current();
	struct mailbox *mb = &dst->mbox;
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
		err = sched_block_current_irqoff();
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
	return err;
}

/* Takes the message in the caller's mailbox into the checked buffer, blocking until there is
 * one. Interrupts off. */
static long recv_irqoff(int *from, struct ipc_buf buf, size_t cap)
{
	struct mailbox *mb = &sched_current()->mbox;
	long ret = 0;

	while (!mb->full && ret == 0) {
		mb->receiver_waiting = true;
		ret = sched_block_current_irqoff();  /* -EINTR: killed */
		mb->receiver_waiting = false;
	}
	if (!mb->full)
		return -EINTR;
	if (cap < mb->len)
		return -EMSGSIZE;
	size_t len = mb->len;
	copy_out(buf, mb->data, len);
	*from = mb->from;
	mb->full = false;
	wake_next_sender(mb);
	return (long)len;
}

/* The task a send to dst reaches: a live process's (by pid) for a process, any task (by id)
 * for a kernel thread; NULL if there is none. Interrupts off. */
static struct task *find_receiver(int64_t dst, bool user)
{
	if (dst <= 0 || dst > 0x7FFFFFFF)
		return NULL;
	if (!user)
		return task_find((int)dst);
	struct proc *p = proc_find_live((int)dst);
	return p ? p->task : NULL;
}

/* Checks a send from me (the caller's id) to dst in the ABI's order, then makes it. */
static int send(int64_t dst, int me, struct ipc_buf msg, size_t len)
{
	if (dst == me)
		return -EDEADLK;
	if (len > IPC_MSG_MAX)
		return -EINVAL;
	if (msg.user && !uaccess_ok(msg.addr, len, false))
		return -EFAULT;
	unsigned long s = arch_irq_save();
	struct task *t = find_receiver(dst, msg.user);
	int err = t ? send_irqoff(t, me, msg, len) : -ESRCH;
	arch_irq_restore(s);
	return err;
}

/* Checks the buffer of a recv, then makes it. */
static long recv(int *from, struct ipc_buf buf, size_t cap)
{
	if (buf.user && !uaccess_ok(buf.addr, cap, true))
		return -EFAULT;
	unsigned long s = arch_irq_save();
	long ret = recv_irqoff(from, buf, cap);
	arch_irq_restore(s);
	return ret;
}

int ipc_send_kernel(int dst, const void *msg, size_t len)
{
	return send(dst, sched_current_id(), (struct ipc_buf){ (uintptr_t)msg, false }, len);
}

long ipc_recv_kernel(int *from, void *buf, size_t cap)
{
	return recv(from, (struct ipc_buf){ (uintptr_t)buf, false }, cap);
}

long ipc_send_user(uint64_t dst, uintptr_t msg, size_t len)
{
	return send((int64_t)dst, proc_current()->pid, (struct ipc_buf){ msg, true }, len);
}

long ipc_recv_user(uintptr_t from, uintptr_t buf, size_t cap)
{
	if (from && !uaccess_ok(from, sizeof(int), true))
		return -EFAULT;
	int sender;
	long len = recv(&sender, (struct ipc_buf){ buf, true }, cap);
	if (len >= 0 && from)
		copy_to_user_checked(from, &sender, sizeof(sender));
	return len;
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
