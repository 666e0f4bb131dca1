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
	bool receiver_waiting;     /**< the owner is blocked receiving */
	int from;                  /**< sender's id (pid for processes) */
	size_t len;
	struct list_node senders;  /**< tasks blocked sending here, first come first */
	uint8_t data[IPC_MSG_MAX];
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

/** Called when @p t ends: every sender waiting on its mailbox gets -ESRCH. Interrupts off. */
void ipc_task_exit(struct task *t);

/** Sets up a new task's empty mailbox. */
void ipc_mailbox_init(struct mailbox *mb);

#endif
