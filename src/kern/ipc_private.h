/* ipc_private.h - what ipc.c (call, reply, the wait records) and ipc_mailbox.c (send, recv,
 * the mailbox; or the ipc lab's file) give each other: the steps of the IPC path, inline into
 * every system call that takes them, and the mailbox's way in for call and reply_recv.
 *
 * The steps are small functions for the reader and one straight line for the CPU: each is
 * inlined into the system call that uses it (a call and a prologue per step cost more than
 * some steps do), and the rare turns are marked unlikely(), so that the common case runs
 * straight through. The ones both files take are here, so that neither pays a call for them. */
#ifndef KERN_IPC_PRIVATE_H
#define KERN_IPC_PRIVATE_H

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

/* ipc_mailbox.c, for ipc.c: the send half of call and the receive half of reply_recv when
 * their inline common case (deliver() to a server that waits; recv_wait() with an empty
 * mailbox) does not apply. As send_irqoff() and recv_irqoff() there. Interrupts off. */
int ipc_mailbox_send(struct task *dst, int from, struct ipc_buf msg, size_t len,
		     struct task **run);
long ipc_mailbox_recv(struct ipc_from from, struct ipc_buf buf, size_t cap,
		      struct task *partner);

/* Whether t waits in a sender queue (its wait_link is on some mailbox's senders list). */
IPC_PATH bool queued(struct task *t)
{
	return t->wait_link.next != &t->wait_link;
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

/* Copies a message from the kernel into the caller's checked buffer. */
IPC_PATH void copy_out(struct ipc_buf dst, const void *src, size_t len)
{
	if (dst.user)
		copy_to_user_checked(dst.addr, src, len);
	else
		memcpy((void *)dst.addr, src, len);
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

/* Delivers the checked message from the caller straight into the buffer dst waits with in
 * recv (it has room: len <= dst->ipc.cap), and ends that wait with the message's length and
 * sender. If dst is still blocked, *run = dst: the caller runs it at once (sched_yield_to(),
 * sched_pass_to()) or wakes it (a killed receiver is ready already). Interrupts off. */
IPC_PATH void deliver(struct task *dst, int from, struct ipc_buf msg, size_t len,
		      struct task **run)
{
	copy_across(dst, msg, len);
	end_wait(dst, (long)len, from);
	if (dst->state == TASK_BLOCKED)
		*run = dst;
}

/* The path of every call to a server that waits: dst waits in recv with room for a message
 * of len bytes, and nobody is queued to send to it (its mailbox is empty: a task waits in recv
 * only then), so the message can go straight into its buffer (deliver()). Interrupts off. */
IPC_PATH bool can_deliver_direct(struct task *dst, size_t len)
{
	return dst->ipc.wait_for == IPC_WAIT_RECV && len <= dst->ipc.cap &&
	       list_empty(&dst->mbox.senders);
}

/* One wait of a receive by me, the caller (sched_current()), for a delivery straight into
 * the checked buffer: its mailbox is empty and no interrupt line is pending for it. Records
 * the wait (a sender finds it in me->ipc), blocks, or runs partner at once when it is not NULL
 * (a blocked task the caller has just answered). True when that ends the receive, with *ret
 * the length of the message delivered into buf (its sender's id stored at from), or -EINTR
 * when the caller is killed; false when it was woken without a delivery (a message went to
 * its mailbox, or an interrupt line is pending for it): look again. Interrupts off. */
IPC_PATH bool recv_wait(struct task *me, struct ipc_from from, struct ipc_buf buf, size_t cap,
			struct task *partner, long *ret)
{
	me->ipc.wait_for = IPC_WAIT_RECV;
	me->ipc.buf = buf.addr;
	me->ipc.user = buf.user;
	me->ipc.cap = cap;
	me->ipc.result = -EINTR;
	int err = partner ? sched_pass_to(partner) : sched_block_current_irqoff();
	me->ipc.wait_for = IPC_WAIT_NONE;
	if (likely(me->ipc.result >= 0)) {  /* delivered straight into buf */
		put_from(from, me->ipc.from);
		*ret = me->ipc.result;
		return true;
	}
	*ret = err;
	return err < 0;  /* killed */
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

#endif
