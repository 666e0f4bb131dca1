/** @file
 * The preemptive round-robin scheduler (names from the seed plan).
 *
 * Critical sections: the run queue, the sleep queue and task states change only with
 * interrupts off (in the timer interrupt, or inside arch_irq_save()/arch_irq_restore()). */
#ifndef KERN_SCHED_H
#define KERN_SCHED_H

#include <kern/arch.h>
#include <kern/errno.h>
#include <kern/task.h>
#include <kern/trace.h>
#include <lib/compiler.h>
#include <lib/list.h>
#include <stdint.h>

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
 * Inline (below), like the switch it makes.
 * @return 0 when the caller is woken; -EINTR if it is (or gets) killed.
 */
static inline int sched_pass_to(struct task *next);

/**
 * Runs the blocked task @p next (on no queue) at once; the caller stays ready, at the end of
 * the run queue. The path of a send that reached a waiting receiver. Interrupts off.
 */
static inline void sched_yield_to(struct task *next);

/**
 * Runs the blocked task @p next (on no queue) at once, from an interrupt handler that has just
 * given it work (a notification): the interrupted task goes back to the head of the run queue,
 * so it loses no turn, and @p next runs in the rest of its timeslice. The idle task is just
 * left. An interrupt's driver thus runs as soon as its interrupt is taken, not at the next tick.
 * Interrupts off, in an interrupt handler that has acknowledged its interrupt.
 */
void sched_interrupt_to(struct task *next);

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

/* The switch itself, inline: the IPC path runs its partner through it on every call, and a
 * call and a return around it would cost more than some of its steps. */

/** Tasks that exited, freed by sched_reap() on the stack of the next task to run. */
extern struct list_node sched_dead;
/** Switches made since boot (sched_switches()). */
extern uint64_t sched_switch_count;
/** Frees the tasks on sched_dead. */
void sched_reap(void);

/**
 * Runs @p next; @p prev's state is already what it should be. Interrupts off. Returns when
 * prev runs again, on its own stack. The timeslice goes on: a task that hands the CPU to
 * another out of turn (IPC) gives it the rest of its own slice, so partners passing the CPU
 * back and forth cannot keep the run queue waiting beyond one slice.
 */
static inline __attribute__((always_inline)) void sched_run(struct task *prev, struct task *next)
{
	trace_switch(prev, next);  /* every switch passes here: its block, wake and switch events */
	next->state = TASK_RUNNING;
	sched_running = next;
	sched_switch_count++;
	arch_set_user_work(next->killed);  /* the entries check it before going back to user */
	arch_context_switch(&prev->arch, &next->arch);
	if (unlikely(!list_empty(&sched_dead)))
		sched_reap();
}

/** Puts @p t at the end of the run queue. Interrupts off. */
void sched_make_ready(struct task *t);

static inline __attribute__((always_inline)) int sched_pass_to(struct task *next)
{
	struct task *prev = sched_running;
	if (unlikely(prev->killed)) {  /* a killed task does not block: next just becomes ready */
		sched_make_ready(next);
		return -EINTR;
	}
	prev->state = TASK_BLOCKED;
	sched_run(prev, next);
	return prev->killed ? -EINTR : 0;
}

static inline __attribute__((always_inline)) void sched_yield_to(struct task *next)
{
	struct task *prev = sched_running;
	sched_make_ready(prev);
	sched_run(prev, next);
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
