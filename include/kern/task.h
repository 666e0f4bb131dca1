/** @file
 * Kernel tasks (threads): their structure, creation and exit. */
#ifndef KERN_TASK_H
#define KERN_TASK_H

#include <kern/ipc.h>
#include <kern/arch.h>
#include <lib/list.h>
#include <stdbool.h>

struct proc;
struct vm_space;
#include <stdint.h>

#define TASK_NAME_MAX 16

/** Where a task is in its life. */
enum task_state {
	TASK_READY,    /**< on the run queue */
	TASK_RUNNING,  /**< on the CPU (exactly one task) */
	TASK_BLOCKED,  /**< waiting for sched_unblock() */
	TASK_SLEEPING, /**< waiting for a tick (sched_sleep_ms()) */
	TASK_DEAD,     /**< exited; its stack and structure are freed at the next switch */
};

/** A kernel task. */
struct task {
	struct arch_task arch;     /**< the CPU's part: stack pointer, kernel stack, FPU area */
	enum task_state state;
	int id;                    /**< unique while the task exists, never 0 */
	char name[TASK_NAME_MAX];
	struct list_node link;     /**< run queue or a wait list */
	uint64_t wake_tick;        /**< when sleeping: the tick to wake at */
	struct list_node sleep_link;
	struct proc *proc;         /**< the user process this task runs, or NULL */
	int wait_result;           /**< what a waker tells a task it unblocks (IPC, wait) */
	struct list_node wait_link; /**< in one wait queue: a mailbox's senders, a mutex's waiters */
	bool killed;               /**< asked to end; blocking calls return -EINTR */
	struct mailbox mbox;       /**< IPC: its single-slot mailbox */
	struct ipc_wait ipc;       /**< IPC: what it waits for, where a partner delivers */
	uint32_t irq_pending;      /**< interrupt lines raised for it, not yet received (bit n:
				    *   line n; kern/irqline.h); changed with interrupts off */
	uint64_t cpu_ticks;        /**< ticks that found it running (its CPU time) */
};

/**
 * Creates a kernel task that runs @p entry(@p arg) with interrupts on, on a fresh 16 KiB stack
 * with a guard page, and puts it on the run queue. Returning from @p entry ends the task.
 * @return its id (> 0), -ENOMEM (no memory for the stack or structure) or -EAGAIN (task
 *         table full).
 */
int create_task(const char *name, void (*entry)(void *arg), void *arg);

/**
 * Ends the calling task. Its stack and structure are freed by the next task to run.
 * Never returns.
 */
__attribute__((noreturn)) void task_exit(void);

/**
 * Asks task @p id to end: it is woken if blocked or sleeping, and its blocking calls return
 * -EINTR (a kernel thread then returns from its entry; a process ends with status 0x200).
 * @return 0 or -ESRCH.
 */
int task_kill(int id);

/** The task with id @p id, or NULL. Call with interrupts off; valid until they are back on. */
struct task *task_find(int id);

/** Calls @p fn(t, @p arg) for every task t (slow: for rare events, such as an end). Interrupts
 * off; @p fn must not add or remove tasks. */
void task_for_each(void (*fn)(struct task *t, void *arg), void *arg);

/** Tasks that exist, the idle task and the boot task included. */
unsigned task_count(void);

#endif
