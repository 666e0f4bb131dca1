/* task.c - kernel tasks: the task table, creation, exit and reaping. */
#include "task_private.h"
#include <kern/arch.h>
#include <kern/errno.h>
#include <kern/kmalloc.h>
#include <kern/kstack.h>
#include <kern/sched.h>
#include <lib/string.h>

#define TASK_MAX CONFIG_MAX_TASKS

static struct task *table[TASK_MAX];  /* slot id % TASK_MAX */
static int next_id = 1;
static unsigned count;

struct task *task_find(int id)
{
	if (id <= 0)
		return NULL;
	struct task *t = table[id % TASK_MAX];
	return t && t->id == id ? t : NULL;
}

unsigned task_count(void)
{
	return count;
}

/* Gives t an id whose slot is free; ids grow, so a stale id never names a new task soon.
 * Interrupts off. */
static int task_register(struct task *t)
{
	if (count == TASK_MAX)
		return -EAGAIN;
	while (table[next_id % TASK_MAX] || next_id <= 0)
		next_id = next_id == 0x7FFFFFFF ? 1 : next_id + 1;
	t->id = next_id;
	table[next_id % TASK_MAX] = t;
	next_id = next_id == 0x7FFFFFFF ? 1 : next_id + 1;
	count++;
	return t->id;
}

void task_unregister(struct task *t)
{
	table[t->id % TASK_MAX] = NULL;
	count--;
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
	ipc_mailbox_init(&t->mbox);
	unsigned long s = arch_irq_save();
	*err = task_register(t);
	arch_irq_restore(s);
	if (*err < 0) {
		kstack_free(top);
		kfree(t);
		return NULL;
	}
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
	ipc_mailbox_init(&t->mbox);
	return task_register(t);
}
