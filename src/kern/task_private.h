/* task_private.h - what task.c, sched_core.c and sched.c (or the sched lab's file) give each
 * other: the task table's internals, the idle task, and the way out of a dying task. */
#ifndef KERN_TASK_PRIVATE_H
#define KERN_TASK_PRIVATE_H

#include <kern/task.h>

/* task.c, for sched.c. */

/** Allocates a task with its stack, ready to start @p entry(@p arg); registers its id.
 *  NULL with *err = -ENOMEM or -EAGAIN on failure. Not yet on the run queue. */
struct task *task_new(const char *name, void (*entry)(void *), void *arg, int *err);

/** Registers the running boot context as task @p t. @return its id or -EAGAIN. */
int task_adopt(struct task *t, const char *name);

/** Frees a dead task's stack and structure; never the running task. */
void task_free(struct task *t);

/* sched_core.c, for sched.c. */

/** The idle task: run when no task is ready, never on the run queue (its state stays
 *  TASK_READY while it does not run). */
extern struct task *sched_idle_task;

/* sched_core.c, for task.c. */

/**
 * Marks the running task dead, leaves it to the next task to run to free, and switches away.
 * Interrupts off; the task is already out of the task table. Never returns.
 */
__attribute__((noreturn)) void sched_exit_current(void);

#endif
