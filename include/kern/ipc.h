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
	bool receiver_waiting;     /**< the owner is blocked in ipc_recv() */
	int from;                  /**< sender's id (pid for processes) */
	size_t len;
	struct list_node senders;  /**< tasks blocked in ipc_send() here, first come first */
	uint8_t data[IPC_MSG_MAX];
};

struct task;

/**
 * Where a message's bytes are: kernel memory, or the calling process's memory (then already
 * checked with uaccess_ok() by the caller).
 */
struct ipc_buf {
	uintptr_t addr;
	bool user;
};

/**
 * Puts a message of @p len bytes into @p dst's mailbox, blocking while it is full; senders
 * blocked on one mailbox deposit in the order they came. @p from is what the receiver sees.
 * Arguments are checked by the caller (length, buffer). Interrupts may be on or off.
 * @return 0; -ESRCH if @p dst ends while the sender waits; -EINTR if the sender is killed.
 */
int ipc_send(struct task *dst, int from, struct ipc_buf msg, size_t len);

/**
 * Takes the message in the caller's mailbox, blocking until there is one.
 * @return its length, and *from its sender; -EMSGSIZE if @p cap is smaller than the message
 *         (the message stays); -EINTR if the caller is killed while waiting.
 */
long ipc_recv(int *from, struct ipc_buf buf, size_t cap);

/**
 * ipc_send() for kernel threads, by task id, with the ABI's argument checks.
 * @return 0; -EDEADLK (@p dst is the caller), -EINVAL (@p len > IPC_MSG_MAX), -ESRCH (no such
 *         task, or it ends while we wait), -EINTR (the caller is killed).
 */
int ipc_send_to(int dst, const void *msg, size_t len);

/** ipc_recv() into kernel memory, for kernel threads. */
long ipc_recv_from(int *from, void *buf, size_t cap);

/** Called when @p t ends: every sender waiting on its mailbox gets -ESRCH. Interrupts off. */
void ipc_task_exit(struct task *t);

/** Sets up a new task's empty mailbox. */
void ipc_mailbox_init(struct mailbox *mb);

#endif
