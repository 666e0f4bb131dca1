/* sched_lab.c - the sched lab (week 4): the scheduler's policy behind kern/sched.h: the run
 * queue, the timer tick, the switch, blocking and waking. Selected by --with-lab=sched, in
 * place of src/kern/sched.c; the handout is doc/lab-sched.md, and `make grade` tells you how
 * far you are.
 *
 * Given: src/kern/sched_core.c (the boot and idle tasks, sched_running, freeing dead tasks,
 * kill and exit), and in include/kern/sched.h the switch itself, sched_run(), with the inline
 * helpers built on your functions (sched_yield() calls schedule_next(); sched_pass_to() and
 * sched_yield_to(), the IPC paths, call sched_make_ready()). In this file the queues, the
 * sleep-queue insertion, sched_interrupt_to() and sched_sleep_ms() are given too.
 *
 * Everything here runs with interrupts off (the timer interrupt, or inside arch_irq_save() /
 * arch_irq_restore()): that is the lock. A task is on at most one of the queues, through
 * t->link (run queue) or t->sleep_link (sleep queue); see include/lib/list.h. */
#include <kern/sched.h>
#include <kern/arch.h>
#include <kern/errno.h>
#include <kern/timer.h>
#include <lib/panic.h>
#include "task_private.h"

static struct list_node run_queue = LIST_HEAD_INIT(run_queue);      /* ready tasks, FIFO */
static struct list_node sleep_queue = LIST_HEAD_INIT(sleep_queue);  /* by wake_tick */
/* TODO: a count of the ticks left in the running task's timeslice (SCHED_TIMESLICE_TICKS). */

/* Puts t at the end of the run queue and marks it TASK_READY. Interrupts off. */
void sched_make_ready(struct task *t)
{
	(void)t;
	/* TODO */
	panic("lab sched: not implemented: sched_make_ready");
}

/* Switches to the next ready task: the head of the run queue (round robin, O(1)). The
 * running task (sched_running) goes to the end of the run queue if it is still
 * TASK_RUNNING; if the caller set another state (blocked, sleeping, dead) it stays off the
 * queue. Nothing ready: a running task just goes on (with a fresh timeslice); a task that
 * stopped running leaves the CPU to sched_idle_task, which never goes on the run queue (mark
 * it TASK_READY when it stops running). Each switch starts a fresh timeslice. The switch
 * itself is sched_run(prev, next). Interrupts off. */
void schedule_next(void)
{
	/* TODO */
	panic("lab sched: not implemented: schedule_next");
}

/* Called on every timer tick, interrupts off. Counts the tick in sched_running->cpu_ticks;
 * makes ready every sleeper whose wake_tick has come (timer_ticks() is now); then, if the
 * idle task is running and a task is ready, or the running task's timeslice is used up,
 * calls schedule_next(). */
void scheduler_tick(void)
{
	/* TODO */
	panic("lab sched: not implemented: scheduler_tick");
}

/* Keeps the sleep queue ordered by wake_tick (FIFO among equals). Interrupts off. Given. */
static __attribute__((unused)) void sleep_queue_insert(struct task *t)
{
	struct list_node *pos = sleep_queue.next;
	while (pos != &sleep_queue &&
	       list_entry(pos, struct task, sleep_link)->wake_tick <= t->wake_tick)
		pos = pos->next;
	list_push_back(pos, &t->sleep_link);  /* inserts before pos */
}

/* Every wait of every task comes here, with state TASK_BLOCKED or TASK_SLEEPING (then
 * sched_running->wake_tick is set, and the task goes on the sleep queue). The running task
 * takes that state and leaves the CPU; this returns when it is woken and scheduled again.
 * Kills: a task already killed (sched_running->killed) does not block and gets -EINTR at once;
 * a task killed while it waits is woken by the kill (sched_kill() calls sched_wake()) and gets
 * -EINTR too. Otherwise 0. Interrupts off throughout, so no wake-up or kill is lost. */
static int block_current(enum task_state state)
{
	(void)state;
	/* TODO */
	panic("lab sched: not implemented: block_current");
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

/* Runs next at once from an interrupt handler; the interrupted task goes to the head of the
 * run queue so it loses no turn. Given (change it if you change the run queue). */
void sched_interrupt_to(struct task *next)
{
	struct task *prev = sched_running;
	prev->state = TASK_READY;
	if (prev != sched_idle_task)
		list_push_back(run_queue.next, &prev->link);  /* at the head: its turn goes on next */
	sched_run(prev, next);
}

/* Makes the blocked task id ready again: 0; -ESRCH if no task has that id (task_find());
 * -EINVAL if it is not TASK_BLOCKED. Callable from interrupt handlers, so with interrupts on
 * or off: save and restore them around the work. */
int sched_unblock(int id)
{
	(void)id;
	/* TODO */
	return -ENOSYS;
}

/* Makes t ready if it is blocked or sleeping (a sleeper leaves the sleep queue); does nothing
 * to a task in another state. Interrupts off. */
void sched_wake(struct task *t)
{
	(void)t;
	/* TODO */
	panic("lab sched: not implemented: sched_wake");
}

#define SLEEP_MAX_MS (1ull << 40)  /* about 35 years; keeps the tick sums from overflowing */

/* Given: sleeps through block_current(TASK_SLEEPING). */
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
