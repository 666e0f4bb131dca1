/** @file
 * The preemptive round-robin scheduler (names from the seed plan).
 *
 * Critical sections: the run queue, the sleep queue and task states change only with
 * interrupts off (in the timer interrupt, or inside arch_irq_save()/arch_irq_restore()). */
#ifndef KERN_SCHED_H
#define KERN_SCHED_H

#include <kern/arch.h>
#include <stdint.h>

struct task;

/** Timeslice in ticks (`--with-timeslice-ms`, at least one tick). */
#define SCHED_TIMESLICE_TICKS                                                                  \
	(CONFIG_TIMESLICE_MS * CONFIG_TICK_HZ >= 1000 ? CONFIG_TIMESLICE_MS * CONFIG_TICK_HZ / 1000 : 1)

/**
 * Turns the boot context into the task "main" and creates the idle task. Call once, before
 * the timer starts.
 */
void sched_init(void);

/**
 * Called on every timer tick, interrupts off: wakes sleepers that are due and, when the
 * running task's timeslice is used up and another task is ready, switches to it.
 */
void scheduler_tick(void);

/**
 * Switches to the next ready task (round robin; O(1): the head of the run queue), or to the
 * idle task when none is ready. The caller has set the current task's state if it should not
 * stay runnable. Call with interrupts off.
 */
void schedule_next(void);

/** Gives up the CPU to the next ready task, if any; returns when scheduled again. */
static inline void sched_yield(void)
{
	unsigned long s = arch_irq_save();
	schedule_next();
	arch_irq_restore(s);
}

/**
 * Blocks the calling task until sched_unblock() or sched_wake() names it. To check a condition
 * and block without losing a wake-up, keep interrupts off across both. Every blocking wait in
 * the kernel comes here (or to sched_sleep_ms()), which is where a kill ends it: a task that
 * is killed does not block, and a kill wakes a blocked task, whatever the interleaving.
 * @return 0 when woken; -EINTR if the task has been killed (before or while blocked): the
 *         caller undoes its wait and returns -EINTR.
 */
int sched_block_current(void);

/** sched_block_current() for a caller that has interrupts off; they are off when it returns. */
int sched_block_current_irqoff(void);

/**
 * The IPC path's switch: the calling task blocks and the blocked task @p next (waiting in
 * IPC, on no queue) runs at once, in the rest of the caller's timeslice; no run-queue pass.
 * A caller that has been killed does not block: @p next becomes ready instead. Interrupts off.
 * @return 0 when the caller is woken; -EINTR if it is (or gets) killed.
 */
int sched_pass_to(struct task *next);

/**
 * Runs the blocked task @p next (on no queue) at once; the caller stays ready, at the end of
 * the run queue. The path of a send that reached a waiting receiver. Interrupts off.
 */
void sched_yield_to(struct task *next);

/**
 * Makes the blocked task @p id ready again.
 * @return 0; -ESRCH if there is no such task; -EINVAL if it is not blocked.
 * Callable from interrupt handlers.
 */
int sched_unblock(int id);

/**
 * Makes @p t ready if it is blocked or sleeping (a kill, a death it waits on). Interrupts off.
 */
void sched_wake(struct task *t);

/**
 * Marks @p t killed and ends the wait it is in, if any: its blocking call returns -EINTR,
 * and a later one does not block (see sched_block_current()). Interrupts off.
 */
void sched_kill(struct task *t);

/** The calling task's id. */
int sched_current_id(void);

/** The running task; read it through sched_current(). */
extern struct task *sched_running;

/** The calling task. */
static inline struct task *sched_current(void)
{
	return sched_running;
}

/**
 * Sleeps for at least @p ms milliseconds of uptime: wakes on the first tick after that, so
 * at most two ticks late.
 * @return 0; -EINTR at once if the task is (or gets) killed, as sched_block_current().
 */
int sched_sleep_ms(uint64_t ms);

/** Context switches done since boot. */
uint64_t sched_switches(void);

#endif
