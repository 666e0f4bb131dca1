/* mutex.c - sleeping locks with a FIFO of waiters and direct hand-over.
 *
 * Critical sections: owner and waiters change with interrupts off. A waiter sleeps in
 * sched_block_current(), so a kill ends its wait like any other. */
#include <kern/mutex.h>
#include <kern/arch.h>
#include <kern/errno.h>
#include <kern/sched.h>
#include <kern/task.h>

int mutex_lock(struct mutex *m)
{
	struct task *me = sched_current();
	unsigned long s = arch_irq_save();
	int err = 0;
	if (!m->owner) {
		m->owner = me;
	} else {
		list_push_back(&m->waiters, &me->wait_link);
		while (m->owner != me && err == 0)
			err = sched_block_current();
		if (m->owner == me)
			err = 0;  /* handed over, even if a kill came at the same time */
		else
			list_remove(&me->wait_link);
	}
	arch_irq_restore(s);
	return err;
}

void mutex_unlock(struct mutex *m)
{
	unsigned long s = arch_irq_save();
	struct list_node *n = list_pop_front(&m->waiters);
	m->owner = n ? list_entry(n, struct task, wait_link) : NULL;
	if (m->owner)
		sched_wake(m->owner);
	arch_irq_restore(s);
}
