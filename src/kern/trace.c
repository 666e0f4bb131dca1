/* trace.c - event tracing (--enable-trace): the ring of events the trace points record, and
 * its dump on the trace channel (COM2), at power-off and when a byte arrives there. The dump's
 * format is doc/tracing.md's; kern/trace.h lists the trace points.
 *
 * Critical sections: a record takes one slot of the ring with interrupts off, so events from
 * tasks and interrupt handlers never share a slot and their TSCs never go backwards. The dump
 * runs with interrupts off from its first line to its last. */
#include <kern/trace.h>
#include <kern/arch.h>
#include <kern/ipc.h>
#include <kern/proc.h>
#include <kern/sched.h>
#include <kern/task.h>
#include <kern/timer.h>
#include <lib/format.h>
#include <lib/string.h>

_Static_assert((TRACE_RING_EVENTS & (TRACE_RING_EVENTS - 1)) == 0,
	       "TRACE_RING_EVENTS is a power of two");
_Static_assert(TASK_NAME_MAX <= 16, "a name event holds a task's whole name");
_Static_assert(sizeof(struct trace_event) == 40, "an event is 40 bytes (doc/tracing.md)");

#define RING_MASK (TRACE_RING_EVENTS - 1)
#define LINE_MAX 96

static struct trace_event ring[TRACE_RING_EVENTS];
static uint64_t head;   /* events recorded since boot: the next goes to ring[head & RING_MASK] */
static uint64_t tail;   /* the events before it were dumped (or reset) */
static bool channel;    /* the machine has a trace channel */
static bool dumping;

/* Per task, by id % CONFIG_MAX_TASKS (a slot of the task table): why it last blocked (its
 * wake-up gives the same reason), and the sender of the message it takes next. */
static uint8_t block_reason[CONFIG_MAX_TASKS];
static int32_t next_sender[CONFIG_MAX_TASKS];

static const char *const kind_names[TRACE_KINDS] = {
	[TRACE_NAME] = "name",     [TRACE_SWITCH] = "switch", [TRACE_IRQ] = "irq",
	[TRACE_SYS] = "sys",       [TRACE_SYSRET] = "sysret", [TRACE_SEND] = "send",
	[TRACE_RECV] = "recv",     [TRACE_CALL] = "call",     [TRACE_REPLY] = "reply",
	[TRACE_BLOCK] = "block",   [TRACE_WAKE] = "wake",     [TRACE_SPAWN] = "spawn",
	[TRACE_EXIT] = "exit",     [TRACE_FAULT] = "fault",
};

static const char *const reason_names[] = {
	[TRACE_WHY_RECV] = "recv",   [TRACE_WHY_SEND] = "send",   [TRACE_WHY_CALL] = "call",
	[TRACE_WHY_SLEEP] = "sleep", [TRACE_WHY_WAIT] = "wait",   [TRACE_WHY_MUTEX] = "mutex",
	[TRACE_WHY_OTHER] = "other", [TRACE_WHY_KILL] = "kill",
};

static unsigned task_slot(const struct task *t)
{
	return (unsigned)t->id % CONFIG_MAX_TASKS;
}

/* The next slot of the ring, stamped. Interrupts off. */
static struct trace_event *take_slot(enum trace_kind kind)
{
	struct trace_event *e = &ring[head++ & RING_MASK];
	e->tsc = arch_cycles();
	e->kind = (uint8_t)kind;
	return e;
}

void trace_record(enum trace_kind kind, int32_t a, int64_t b, int64_t c)
{
	unsigned long s = arch_irq_save();
	struct trace_event *e = take_slot(kind);
	e->a = a;
	e->b = b;
	e->c = c;
	arch_irq_restore(s);
}

void trace_name(const struct task *t, int pid)
{
	unsigned long s = arch_irq_save();
	struct trace_event *e = take_slot(TRACE_NAME);
	e->a = t->id;
	e->pid = pid;
	memcpy(e->name, t->name, sizeof(e->name));
	e->name[sizeof(e->name) - 1] = '\0';
	arch_irq_restore(s);
}

/* Why t, which is about to stop running blocked or asleep, waits. */
static enum trace_reason block_why(const struct task *t)
{
	if (t->state == TASK_SLEEPING)
		return TRACE_WHY_SLEEP;
	switch (t->ipc.wait_for) {
	case IPC_WAIT_RECV:
		return TRACE_WHY_RECV;
	case IPC_WAIT_SEND:
		return TRACE_WHY_SEND;
	case IPC_WAIT_REPLY:
		return TRACE_WHY_CALL;
	default:
		break;
	}
	if (t->proc && t->proc->waiting)
		return TRACE_WHY_WAIT;
	if (t->wait_link.next != &t->wait_link)  /* queued, not in IPC: a mutex's waiters */
		return TRACE_WHY_MUTEX;
	return TRACE_WHY_OTHER;
}

/* A wake of t, blocked or asleep, for the reason it blocked (or a kill). Interrupts off. */
static void record_wake(const struct task *t)
{
	enum trace_reason why = t->killed ? TRACE_WHY_KILL : block_reason[task_slot(t)];
	trace_record(TRACE_WAKE, t->id, why, 0);
}

void trace_switch(const struct task *prev, const struct task *next)
{
	if (prev->state == TASK_BLOCKED || prev->state == TASK_SLEEPING) {
		enum trace_reason why = block_why(prev);
		block_reason[task_slot(prev)] = (uint8_t)why;
		trace_record(TRACE_BLOCK, prev->id, why, 0);
	}
	if (next->state == TASK_BLOCKED)
		record_wake(next);
	trace_record(TRACE_SWITCH, prev->id, next->id, 0);
}

void trace_ready(const struct task *t)
{
	if (t->state == TASK_BLOCKED || t->state == TASK_SLEEPING)
		record_wake(t);
}

void trace_ipc_sent(enum trace_kind kind, const struct task *dst, int64_t len, long err)
{
	if (err)
		return;
	int me = sched_current_id();
	next_sender[task_slot(dst)] = me;
	trace_record(kind, me, dst->id, len);
}

void trace_ipc_notified(void)
{
	next_sender[task_slot(sched_current())] = 0;
}

void trace_ipc_taken(long len)
{
	struct task *me = sched_current();
	if (len < 0)
		return;
	trace_record(TRACE_RECV, me->id, next_sender[task_slot(me)], len);
}

void trace_reply(const struct task *dst, int64_t len)
{
	trace_record(TRACE_REPLY, sched_current_id(), dst->id, len);
}

void trace_user_fault(int vector, uint64_t addr, uint64_t error)
{
	if (vector == 14)  /* the page-fault vector */
		trace_record(TRACE_FAULT, sched_current_id(), (int64_t)addr, (int64_t)error);
}

void trace_exit(const struct task *t, int status)
{
	trace_record(TRACE_EXIT, t->id, status, 0);
}

void trace_thread_exit(const struct task *t)
{
	if (!t->proc)  /* a process's end is recorded by proc_exit(), with its status */
		trace_exit(t, 0);
}

void kern_trace_irq(unsigned vector)
{
	trace_record(TRACE_IRQ, (int32_t)vector, sched_current_id(), 0);
}

/* --- The dump ------------------------------------------------------------------------------ */

static void put_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void put_line(const char *fmt, ...)
{
	char line[LINE_MAX];
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n] = '\n';
	arch_trace_port_write(line, (size_t)n + 1);
}

/* A task's name as one word of the dump. */
static void name_word(char *out, const char *name)
{
	size_t i = 0;
	for (; i < 15 && name[i]; i++)
		out[i] = name[i] == ' ' ? '_' : name[i];
	if (i == 0)
		out[i++] = '?';
	out[i] = '\0';
}

static void put_name(uint64_t tsc, int id, int pid, const char *name)
{
	char word[16];
	name_word(word, name);
	put_line("E %lu name %d %d %s", tsc, id, pid, word);
}

static void put_event(const struct trace_event *e)
{
	const char *kind = e->kind < TRACE_KINDS ? kind_names[e->kind] : "?";
	switch (e->kind) {
	case TRACE_NAME:
		put_name(e->tsc, e->a, e->pid, e->name);
		break;
	case TRACE_SWITCH: case TRACE_IRQ: case TRACE_SYS: case TRACE_EXIT:  /* two numbers */
		put_line("E %lu %s %d %ld", e->tsc, kind, e->a, e->b);
		break;
	case TRACE_BLOCK: case TRACE_WAKE:
		put_line("E %lu %s %d %s", e->tsc, kind, e->a, reason_names[e->b]);
		break;
	case TRACE_FAULT:
		put_line("E %lu %s %d 0x%lx 0x%lx", e->tsc, kind, e->a, (uint64_t)e->b,
			 (uint64_t)e->c);
		break;
	default:  /* sysret, send, recv, call, reply, spawn: three numbers */
		put_line("E %lu %s %d %ld %ld", e->tsc, kind, e->a, e->b, e->c);
		break;
	}
}

struct name_pass {
	uint64_t tsc;
	uint64_t lines;
};

static void put_live_name(struct task *t, void *arg)
{
	struct name_pass *np = arg;
	put_name(np->tsc, t->id, t->proc ? t->proc->pid : 0, t->name);
	np->lines++;
}

/* The TSC's rate in whole MHz (as the boot line prints it), per ms: the measurement's last
 * digits are noise (1000002 under -icount, where the TSC counts one per instruction). */
static uint64_t tsc_per_ms(void)
{
	return (timer_tsc_hz() + 500000) / 1000000 * 1000;
}

void trace_dump(void)
{
	if (!channel)
		return;
	unsigned long s = arch_irq_save();
	dumping = true;
	uint64_t first = head - tail > TRACE_RING_EVENTS ? head - TRACE_RING_EVENTS : tail;
	put_line("# mk-trace 1");
	put_line("# tsc-per-ms %lu", tsc_per_ms());
	put_line("# dropped %lu", first - tail);
	struct name_pass np = { first < head ? ring[first & RING_MASK].tsc : arch_cycles(), 0 };
	task_for_each(put_live_name, &np);  /* so that every id has a name */
	for (uint64_t i = first; i < head; i++)
		put_event(&ring[i & RING_MASK]);
	put_line("# end %lu", np.lines + (head - first));
	tail = head;
	dumping = false;
	arch_irq_restore(s);
}

void trace_tick(void)
{
	if (!dumping && arch_trace_port_received())
		trace_dump();
}

void trace_init(void)
{
	channel = arch_trace_port_init();
}

/* --- For tests and benchmarks -------------------------------------------------------------- */

void trace_reset(void)
{
	unsigned long s = arch_irq_save();
	tail = head;
	arch_irq_restore(s);
}

unsigned trace_count(void)
{
	return head - tail > TRACE_RING_EVENTS ? TRACE_RING_EVENTS : (unsigned)(head - tail);
}

uint64_t trace_dropped(void)
{
	return head - tail - trace_count();
}

bool trace_peek(unsigned i, struct trace_event *out)
{
	unsigned long s = arch_irq_save();
	uint64_t first = head - trace_count();
	bool ok = first + i < head;
	if (ok)
		*out = ring[(first + i) & RING_MASK];
	arch_irq_restore(s);
	return ok;
}
