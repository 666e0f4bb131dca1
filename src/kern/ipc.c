/* ipc.c - message passing: send/recv through single-slot mailboxes, and call/reply on top.
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
 * the caller's buffer.
 *
 * Critical sections: mailboxes, sender queues and wait states change only with interrupts
 * off. Each operation is one interrupts-off region, from finding the partner to the return (a
 * message is at most IPC_MSG_MAX bytes, so the copy inside is short); blocking keeps them off
 * across the check and the sleep. */
#include <kern/ipc.h>
#include <kern/arch.h>
#include <kern/errno.h>
#include <kern/param.h>
#include <kern/proc.h>
#include <kern/sched.h>
#include <kern/task.h>
#include <kern/uaccess.h>
#include <kern/vm.h>
#include <lib/compiler.h>
#include <lib/string.h>

/* The steps of the IPC path are small functions for the reader and one straight line for the
 * CPU: each is inlined into the system call that uses it (a call and a prologue per step cost
 * more than some steps do), and the rare turns are marked unlikely(), so that the common case
 * runs straight through. */
#define IPC_PATH static inline __attribute__((always_inline))

/* Where a message's bytes are: kernel memory, or the calling process's memory (user: then
 * the ids of the call are pids too). */
struct ipc_buf {
	uintptr_t addr;
	bool user;
};

/* Where a receive stores the sender's id (0: not wanted): kernel memory, or the calling
 * process's memory (checked before anything, as the buffers are). */
struct ipc_from {
	uintptr_t addr;
	bool user;
};

void ipc_task_init(struct task *t)
{
	t->mbox.full = false;
	list_init(&t->mbox.senders);
	t->ipc.wait_for = IPC_WAIT_NONE;
	t->ipc.callers = 0;
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

/* The interrupts-off region of one operation. A system call comes in with interrupts on, and
 * its entry turns them off again before it returns to user mode: for a process, turning them
 * off is all there is to do. A kernel thread gets back the state it had. */
IPC_PATH unsigned long irq_off(bool user)
{
	if (!user)
		return arch_irq_save();
	arch_irq_disable();
	return 0;
}

IPC_PATH void irq_back(bool user, unsigned long s)
{
	if (!user)
		arch_irq_restore(s);
}

/* Stores the id of a message's sender where the receiver asked for it. */
IPC_PATH void put_from(struct ipc_from from, int id)
{
	if (from.user && likely(from.addr))
		put_user_u32_checked(from.addr, (uint32_t)id);
	else if (from.addr)
		*(int *)from.addr = id;
}

/* Copies a message from the caller's memory into the kernel. */
IPC_PATH void copy_in(void *dst, struct ipc_buf src, size_t len)
{
	if (src.user)
		copy_from_user_checked(dst, src.addr, len);
	else
		memcpy(dst, (const void *)src.addr, len);
}

/* Copies a message from the caller's memory straight into the buffer task t waits with
 * (t is not the caller: its user memory is reached through its own page tables). */
IPC_PATH void copy_across(struct task *t, struct ipc_buf src, size_t len)
{
	if (unlikely(!t->ipc.user))
		copy_in((void *)t->ipc.buf, src, len);
	else if (likely(len && (t->ipc.buf ^ (t->ipc.buf + len - 1)) < PAGE_SIZE))  /* one page */
		copy_in(vm_user_kva(&t->proc->vs, t->ipc.buf), src, len);
	else
		copy_to_space_checked(&t->proc->vs, t->ipc.buf, (const void *)src.addr, len,
				      src.user);
}

/* Ends t's wait with result (and from), leaving t blocked: the caller runs it at once or
 * wakes it. Interrupts off. */
IPC_PATH void end_wait(struct task *t, long result, int from)
{
	t->ipc.wait_for = IPC_WAIT_NONE;
	t->ipc.result = result;
	t->ipc.from = from;
}

/* Ends t's wait with result (and from), and makes it ready. Interrupts off. */
IPC_PATH void finish_wait(struct task *t, long result, int from)
{
	end_wait(t, result, from);
	sched_wake(t);
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

	/* The path of every call to a server that waits: nobody queued, straight into its buffer
	 * (its mailbox is empty: a task waits in recv only then). */
	if (likely(dst->ipc.wait_for == IPC_WAIT_RECV && len <= dst->ipc.cap &&
		   list_empty(&mb->senders)))
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
		copy_across(dst, msg, len);
		end_wait(dst, (long)len, from);
		if (dst->state == TASK_BLOCKED)
			*run = dst;  /* (a killed receiver is ready already) */
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
	if (buf.user)
		copy_to_user_checked(buf.addr, &line, sizeof(line));
	else
		memcpy((void *)buf.addr, &line, sizeof(line));
	me->irq_pending &= ~(1u << line);
	put_from(from, 0);
	return sizeof(line);
}

void ipc_notify(struct task *t)
{
	if (t->ipc.wait_for != IPC_WAIT_RECV)
		return;
	end_wait(t, -EAGAIN, 0);  /* no delivery: look again, and find the notification */
	if (t->state == TASK_BLOCKED)
		sched_interrupt_to(t);  /* a driver runs at once (a killed one is ready already) */
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
	if (buf.user)
		copy_to_user_checked(buf.addr, mb->data, len);
	else
		memcpy((void *)buf.addr, mb->data, len);
	put_from(from, mb->from);
	mb->full = false;
	wake_next_sender(mb);
	return (long)len;
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
	sched_current()->ipc.callers--;
	return 0;
}

/* The task a message to dst reaches: a live process's (by pid) for a process, any task (by
 * id) for a kernel thread; NULL if there is none. Interrupts off. */
IPC_PATH struct task *find_task(int64_t dst, bool user)
{
	if (dst <= 0 || dst > 0x7FFFFFFF)
		return NULL;
	if (!user)
		return task_find((int)dst);
	struct proc *p = proc_find_live((int)dst);
	return p ? p->task : NULL;
}

/* The checks of a send from me (the caller's id) to dst, in the ABI's order. */
IPC_PATH int send_check(int64_t dst, int me, struct ipc_buf msg, size_t len)
{
	if (unlikely(dst == me))
		return -EDEADLK;
	if (unlikely(len > IPC_MSG_MAX))
		return -EINVAL;
	if (msg.user && unlikely(!uaccess_ok(msg.addr, len, false)))
		return -EFAULT;
	return 0;
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
	long ret = t ? send_irqoff(t, me, msg, len, &run) : -ESRCH;
	if (ret == 0)
		ret = await_reply_irqoff(t, reply, cap, run);
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
	if (ret == 0 && recv_buf)
		ret = recv_irqoff(from, *recv_buf, cap, t);  /* t runs at once if we must wait */
	else if (ret == 0)
		sched_wake(t);
	irq_back(msg.user, s);
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

long ipc_send_user(uint64_t dst, uintptr_t msg, size_t len)
{
	return send((int64_t)dst, proc_current()->pid, (struct ipc_buf){ msg, true }, len);
}

long ipc_recv_user(uintptr_t from, uintptr_t buf, size_t cap)
{
	return recv((struct ipc_from){ from, true }, (struct ipc_buf){ buf, true }, cap);
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
