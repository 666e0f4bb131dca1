/* sched_core.c - the scheduler's frame around the policy in sched.c: the boot and idle tasks,
 * the switch counter, freeing the tasks that exited, kill and exit. sched.c (or the sched lab's
 * file that replaces it, --with-lab=sched) owns the run queue, the sleep queue and every
 * state change of a task between ready, running, blocked and sleeping. */
#include <kern/sched.h>
#include <kern/arch.h>
#include <lib/panic.h>
#include "task_private.h"

static struct task boot_task;
struct task *sched_running = &boot_task;
struct task *sched_idle_task;
struct list_node sched_dead = LIST_HEAD_INIT(sched_dead);
uint64_t sched_switch_count;

static void idle_loop(void *arg)
{
	for (;;)
		arch_idle();
}

void sched_init(void)
{
	int err;
	KASSERT(task_adopt(&boot_task, "main") > 0);
	sched_idle_task = task_new("idle", idle_loop, 0, &err);
	if (!sched_idle_task)
		panic("sched: cannot create the idle task (%d)", err);
	sched_idle_task->state = TASK_READY;  /* never on the run queue: picked when it is empty */
}

void sched_reap(void)
{
	struct list_node *n;
	while ((n = list_pop_front(&sched_dead)) != NULL)
		task_free(list_entry(n, struct task, link));
}

/* Called by task_trampoline on the task's fresh stack. */
void kern_task_start(void)
{
	sched_reap();
	arch_irq_enable();
}

int sched_current_id(void)
{
	return sched_running->id;
}

uint64_t sched_switches(void)
{
	return sched_switch_count;
}

void sched_kill(struct task *t)
{
	t->killed = true;
	if (t == sched_running)
		arch_set_user_work(true);
	sched_wake(t);
}

void sched_exit_current(void)
{
	struct task *t = sched_running;
	KASSERT(t != &boot_task && t != sched_idle_task);
	t->state = TASK_DEAD;
	list_push_back(&sched_dead, &t->link);
	schedule_next();
	panic("sched: a dead task was scheduled");
}
