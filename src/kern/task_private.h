/* task_private.h - the task table's internals, shared by task.c and sched.c only. */
#ifndef KERN_TASK_PRIVATE_H
#define KERN_TASK_PRIVATE_H

#include <kern/task.h>

/** Allocates a task with its stack, ready to start @p entry(@p arg); registers its id.
 *  NULL with *err = -ENOMEM or -EAGAIN on failure. Not yet on the run queue. */
struct task *task_new(const char *name, void (*entry)(void *), void *arg, int *err);

/** Registers the running boot context as task @p t. @return its id or -EAGAIN. */
int task_adopt(struct task *t, const char *name);

/** Removes @p t from the id table (interrupts off). */
void task_unregister(struct task *t);

/** Frees a dead task's stack and structure; never the running task. */
void task_free(struct task *t);

#endif
