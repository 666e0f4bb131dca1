/* task.c - kernel tasks: the task table, creation, kill and exit. */
#include "task_private.h"
#include <kern/arch.h>
#include <kern/errno.h>
#include <kern/ipc.h>
#include <kern/kmalloc.h>
#include <kern/kstack.h>
#include <kern/sched.h>
#include <kern/trace.h>
#include <lib/id_alloc.h>
#include <lib/string.h>

#define TASK_MAX CONFIG_MAX_TASKS

static struct task *table[TASK_MAX];  /* slot id % TASK_MAX */

static bool slot_taken(int id)
{
	return table[id % TASK_MAX] != NULL;
}

static struct id_alloc ids = ID_ALLOC_INIT(TASK_MAX);

struct task *task_find(int id)
{
	if (id <= 0)
		return NULL;
	struct task *t = table[id % TASK_MAX];
	return t && t->id == id ? t : NULL;
}

void task_for_each(void (*fn)(struct task *t, void *arg), void *arg)
{
	for (int i = 0; i < TASK_MAX; i++)
		if (table[i])
			fn(table[i], arg);
}

unsigned task_count(void)
{
	return ids.count;
}

/* Gives t an id and its slot. Interrupts off. */
static int task_register(struct task *t)
{
	int id = id_alloc_take(&ids, slot_taken);
	if (id < 0)
		return id;
	t->id = id;
	table[id % TASK_MAX] = t;
	return id;
}

/* Takes t out of the table. Interrupts off. */
static void task_unregister(struct task *t)
{
	table[t->id % TASK_MAX] = NULL;
	id_alloc_release(&ids);
}

struct task *task_new(const char *name, void (*entry)(void *), void *arg, int *err)
{
	struct task *t = kzalloc(sizeof(*t));
	uintptr_t top = t ? kstack_alloc() : 0;
	if (!top) {
		kfree(t);
		*err = -ENOMEM;
		return NULL;
	}
	strlcpy(t->name, name, sizeof(t->name));
	t->arch.kstack_top = top;
	arch_context_init(&t->arch, entry, arg);
	list_init(&t->link);
	list_init(&t->sleep_link);
	list_init(&t->wait_link);
	ipc_task_init(t);
	unsigned long s = arch_irq_save();
	*err = task_register(t);
	arch_irq_restore(s);
	if (*err < 0) {
		kstack_free(top);
		kfree(t);
		return NULL;
	}
	trace_name(t, 0);  /* a process's task gets its pid in a second one (proc_spawn()) */
	return t;
}

void task_free(struct task *t)
{
	if (t->arch.kstack_top)
		kstack_free(t->arch.kstack_top);
	kfree(t);
}

int task_adopt(struct task *t, const char *name)
{
	strlcpy(t->name, name, sizeof(t->name));
	t->state = TASK_RUNNING;
	list_init(&t->link);
	list_init(&t->sleep_link);
	list_init(&t->wait_link);
	ipc_task_init(t);
	int id = task_register(t);
	if (id > 0)
		trace_name(t, 0);
	return id;
}

int create_task(const char *name, void (*entry)(void *arg), void *arg)
{
	int err;
	struct task *t = task_new(name, entry, arg, &err);
	if (!t)
		return err;
	unsigned long s = arch_irq_save();
	sched_make_ready(t);
	arch_irq_restore(s);
	return t->id;
}

int task_kill(int id)
{
	unsigned long s = arch_irq_save();
	struct task *t = task_find(id);
	if (t)
		sched_kill(t);
	arch_irq_restore(s);
	return t ? 0 : -ESRCH;
}

void task_exit(void)
{
	arch_irq_save();
	struct task *t = sched_current();
	trace_thread_exit(t);
	ipc_task_exit(t);  /* senders waiting on its mailbox get -ESRCH */
	task_unregister(t);
	sched_exit_current();
}

/* Called by task_trampoline when a task's entry function returns. */
void kern_task_return(void)
{
	task_exit();
}
