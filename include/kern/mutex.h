/** @file
 * Sleeping locks: one task owns the lock, the others wait their turn, first come first served.
 *
 * For what may take long and must not be interleaved (one write()'s bytes on the console),
 * without keeping interrupts off: the owner can be preempted, and everyone else keeps running.
 * Not for interrupt handlers (they cannot wait). */
#ifndef KERN_MUTEX_H
#define KERN_MUTEX_H

#include <lib/list.h>
#include <stddef.h>

struct task;

/** A sleeping lock; MUTEX_INIT() makes a free one. */
struct mutex {
	struct task *owner;        /**< NULL when free */
	struct list_node waiters;  /**< tasks waiting for it (their wait_link), oldest first */
};

#define MUTEX_INIT(name) { NULL, LIST_HEAD_INIT((name).waiters) }

/**
 * Takes @p m for the calling task, waiting while another task holds it. The lock goes to the
 * waiters in the order they came (mutex_unlock() hands it over; no one can barge in).
 * May block: call with interrupts on, from a task, never while holding @p m.
 * @return 0 (the caller owns @p m); -EINTR if the caller is killed before it gets the lock
 *         (it does not own it then).
 */
int mutex_lock(struct mutex *m);

/** Releases @p m, which the caller owns, handing it to the first waiter if there is one. */
void mutex_unlock(struct mutex *m);

#endif
