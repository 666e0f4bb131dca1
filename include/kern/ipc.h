/** @file
 * Blocking message passing: one single-slot mailbox per task. */
#ifndef KERN_IPC_H
#define KERN_IPC_H

#include <lib/list.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Largest message in bytes (`--with-ipc-msg-max`; the ABI promises at least 64). */
#define IPC_MSG_MAX CONFIG_IPC_MSG_MAX

/** A task's mailbox: at most one message, and the senders waiting to deposit theirs. */
struct mailbox {
	bool full;
	int from;                  /**< sender's id (pid for processes) */
	size_t len;
	struct list_node senders;  /**< tasks blocked sending here, first come first */
	uint8_t data[IPC_MSG_MAX];
};

/** What a task blocked in IPC waits for. */
enum ipc_wait_for {
	IPC_WAIT_NONE,   /**< not waiting */
	IPC_WAIT_RECV,   /**< in recv, for a message */
	IPC_WAIT_REPLY,  /**< in call, for the reply of @c partner */
	IPC_WAIT_SEND,   /**< blocked on a full mailbox, in send or call's send half (procinfo) */
};

/**
 * A task's side of a direct delivery: while it waits in recv (or in call, for the reply), a
 * partner copies the message straight into its buffer and leaves the outcome here.
 */
struct ipc_wait {
	enum ipc_wait_for wait_for;
	uintptr_t buf;             /**< where a delivery goes: kernel memory, or user memory */
	bool user;                 /**< ... of this task's process */
	size_t cap;
	struct task *partner;      /**< IPC_WAIT_REPLY: the task called */
	unsigned callers;          /**< tasks whose partner this task is (they wait for its reply) */
	long result;               /**< set by the deliverer: the length, or -ESRCH */
	int from;                  /**< set by the deliverer: the sender's id */
};

struct task;

/*
 * Sending and receiving may block; call them with interrupts on or off. Inside, each is one
 * interrupts-off region: after the argument checks, through the deposit or the take and any
 * blocking on the way.
 */

/**
 * Sends @p len bytes at @p msg (kernel memory) to task @p dst, for kernel threads: puts them
 * into its mailbox, blocking while that is full; senders blocked on one mailbox deposit in
 * the order they came. The receiver sees the caller's task id.
 * @return 0; -EDEADLK (@p dst is the caller), -EINVAL (@p len > IPC_MSG_MAX), -ESRCH (no such
 *         task, or it ends while the caller waits), -EINTR (the caller is killed).
 */
int ipc_send_kernel(int dst, const void *msg, size_t len);

/**
 * Takes the message in the calling task's mailbox into @p buf (kernel memory, @p cap bytes),
 * blocking until there is one, for kernel threads.
 * @return its length, and *from its sender; -EMSGSIZE if @p cap is smaller than the message
 *         (the message stays); -EINTR if the caller is killed while waiting.
 */
long ipc_recv_kernel(int *from, void *buf, size_t cap);

/**
 * send() for the calling process: as ipc_send_kernel(), to the live process @p dst (a pid, as
 * the system call passed it), from user address @p msg, checked before anything blocks.
 * The receiver sees the caller's pid.
 * @return as ipc_send_kernel() (-EDEADLK: the caller's own pid; -ESRCH: no such live
 *         process), and -EFAULT (@p msg is not readable user memory).
 */
long ipc_send_user(uint64_t dst, uintptr_t msg, size_t len);

/**
 * recv() for the calling process: as ipc_recv_kernel(), into user address @p buf, and the
 * sender's pid to user address @p from (0: not wanted), both checked before anything blocks.
 * @return as ipc_recv_kernel(), and -EFAULT (a buffer is not writable user memory).
 */
long ipc_recv_user(uintptr_t from, uintptr_t buf, size_t cap);

/**
 * A remote procedure call, for kernel threads: sends as ipc_send_kernel(), then waits until
 * @p dst answers with ipc_reply_kernel() or ipc_reply_recv_kernel(); the answer goes to
 * @p reply (@p cap bytes). Nothing else wakes the caller meanwhile: messages to it stay
 * queued in its mailbox.
 * @return the reply's length; the errors of ipc_send_kernel(); -ESRCH also when @p dst ends
 *         before it replies; -EINTR if the caller is killed.
 */
long ipc_call_kernel(int dst, const void *msg, size_t len, void *reply, size_t cap);

/**
 * Answers task @p dst, which waits in ipc_call_kernel() for the caller's reply; never blocks.
 * @return 0 once @p dst has the reply and is ready; -ESRCH unless @p dst waits for a reply
 *         from the caller; -EMSGSIZE if @p len is above its cap (it keeps waiting); -EINVAL
 *         (@p len > IPC_MSG_MAX).
 */
int ipc_reply_kernel(int dst, const void *msg, size_t len);

/**
 * ipc_reply_kernel(), then ipc_recv_kernel(): a server loop's one call.
 * @return the reply's error (then nothing is received), or what the receive returns.
 */
long ipc_reply_recv_kernel(int dst, const void *msg, size_t len, int *from, void *buf,
			   size_t cap);

/** call() for the calling process (checked before anything blocks). @return as the ABI says */
long ipc_call_user(uint64_t dst, uintptr_t msg, size_t len, uintptr_t reply, size_t cap);

/** reply() for the calling process. @return as the ABI says */
long ipc_reply_user(uint64_t dst, uintptr_t msg, size_t len);

/** reply_recv() for the calling process. @return as the ABI says */
long ipc_reply_recv_user(uint64_t dst, uintptr_t msg, size_t len, uintptr_t from,
			 uintptr_t buf, size_t cap);

/**
 * Called when @p t ends: every sender waiting on its mailbox, and every caller waiting for its
 * reply, gets -ESRCH. Interrupts off.
 */
void ipc_task_exit(struct task *t);

/**
 * An interrupt line became pending for @p t (t->irq_pending, kern/irqline.h): if @p t waits in
 * recv (or reply_recv's receive half), its wait ends, it runs at once (sched_interrupt_to():
 * the interrupted task waits at the head of the run queue), and the receive delivers the
 * notification, before any message in the mailbox. A task waiting for anything else is not
 * woken: its next receive delivers it. From the interrupt handler, interrupts off.
 */
void ipc_notify(struct task *t);

/** Sets up a new task's empty mailbox and IPC state. */
void ipc_task_init(struct task *t);

#endif
