/* sched.c - the preemptive round-robin scheduler's policy: the run queue, the sleep queue,
 * the tick, the switch, blocking and waking. The boot and idle tasks, kill and exit are in
 * sched_core.c. The sched lab (--with-lab=sched, labs/sched/) replaces this file. */
#include <kern/sched.h>
#include <kern/arch.h>
#include <kern/errno.h>
#include <kern/timer.h>
#include "task_private.h"

static struct list_node run_queue = LIST_HEAD_INIT(run_queue);
static struct list_node sleep_queue = LIST_HEAD_INIT(sleep_queue);  /* by wake_tick */
static unsigned slice_left = SCHED_TIMESLICE_TICKS;

void sched_make_ready(struct task *t)
{
	trace_ready(t);  /* a wake, if t was blocked or asleep */
	t->state = TASK_READY;
	list_push_back(&run_queue, &t->link);
}

/* Puts prev back in line if it is still runnable, and runs next. Interrupts off. */
static inline __attribute__((always_inline)) void switch_to(struct task *prev, struct task *next)
{
	if (prev->state == TASK_RUNNING && prev != sched_idle_task)
		sched_make_ready(prev);
	else if (prev == sched_idle_task)
		prev->state = TASK_READY;
	sched_run(prev, next);
}

void schedule_next(void)
{
	struct task *prev = sched_running, *next;
	struct list_node *n = list_pop_front(&run_queue);

	if (n) {
		next = list_entry(n, struct task, link);
	} else if (prev->state == TASK_RUNNING) {
		slice_left = SCHED_TIMESLICE_TICKS;  /* nobody else wants the CPU */
		return;
	} else {
		next = sched_idle_task;
	}
	slice_left = SCHED_TIMESLICE_TICKS;
	switch_to(prev, next);
}

void scheduler_tick(void)
{
	sched_running->cpu_ticks++;  /* CPU time, by the tick: what procinfo reports */
	uint64_t now = timer_ticks();
	while (!list_empty(&sleep_queue)) {
		struct task *t = list_entry(sleep_queue.next, struct task, sleep_link);
		if (t->wake_tick > now)
			break;
		list_remove(&t->sleep_link);
		sched_make_ready(t);
	}
	if (sched_running == sched_idle_task) {
		if (!list_empty(&run_queue))
			schedule_next();
	} else if (--slice_left == 0) {
		schedule_next();
	}
}

/* Keeps the sleep queue ordered by wake_tick (FIFO among equals). Interrupts off. */
static void sleep_queue_insert(struct task *t)
{
	struct list_node *pos = sleep_queue.next;
	while (pos != &sleep_queue &&
	       list_entry(pos, struct task, sleep_link)->wake_tick <= t->wake_tick)
		pos = pos->next;
	list_push_back(pos, &t->sleep_link);  /* inserts before pos */
}

/* Every wait of every task goes through here, so this is the one place that decides what a
 * kill does to a wait: a task killed before it blocks does not block, and one killed while
 * blocked is woken by the kill (task_kill(), proc_kill()). Both checks and the block happen
 * with interrupts off, so no interleaving loses a kill. Interrupts off. */
static int block_current(enum task_state state)
{
	if (sched_running->killed)
		return -EINTR;
	if (state == TASK_SLEEPING)
		sleep_queue_insert(sched_running);
	sched_running->state = state;
	schedule_next();
	return sched_running->killed ? -EINTR : 0;
}

int sched_block_current(void)
{
	unsigned long s = arch_irq_save();
	int err = block_current(TASK_BLOCKED);
	arch_irq_restore(s);
	return err;
}

int sched_block_current_irqoff(void)
{
	return block_current(TASK_BLOCKED);
}

void sched_interrupt_to(struct task *next)
{
	struct task *prev = sched_running;
	prev->state = TASK_READY;
	if (prev != sched_idle_task)
		list_push_back(run_queue.next, &prev->link);  /* at the head: its turn goes on next */
	sched_run(prev, next);
}

int sched_unblock(int id)
{
	unsigned long s = arch_irq_save();
	struct task *t = task_find(id);
	int err = !t ? -ESRCH : t->state != TASK_BLOCKED ? -EINVAL : 0;
	if (!err)
		sched_make_ready(t);
	arch_irq_restore(s);
	return err;
}

void sched_wake(struct task *t)
{
	if (t->state == TASK_SLEEPING)
		list_remove(&t->sleep_link);
	if (t->state == TASK_SLEEPING || t->state == TASK_BLOCKED)
		sched_make_ready(t);
}

#define SLEEP_MAX_MS (1ull << 40)  /* about 35 years; keeps the tick sums from overflowing */

int sched_sleep_ms(uint64_t ms)
{
	/* Whole ticks covering ms, plus one because the current tick is already under way. */
	if (ms > SLEEP_MAX_MS)
		ms = SLEEP_MAX_MS;
	uint64_t n = (ms * TIMER_HZ + 999) / 1000 + 1;
	unsigned long s = arch_irq_save();
	sched_running->wake_tick = timer_ticks() + n;
	int err = block_current(TASK_SLEEPING);
	arch_irq_restore(s);
	return err;
}

