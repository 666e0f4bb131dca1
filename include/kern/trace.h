/** @file
 * Event tracing (--enable-trace): what the kernel records at its trace points, into a
 * fixed-size ring, and writes out on the trace channel (COM2) at power-off and on demand.
 * The dump's format is in doc/tracing.md.
 *
 * Every hook here is empty when the kernel is configured without tracing (CONFIG_TRACE 0),
 * so call sites need no condition and such a kernel holds no trace code at all. Each hook
 * takes a few dozen instructions with tracing on: interrupts off, one slot of the ring, the
 * TSC. Hooks may be called with interrupts on or off, from tasks and interrupt handlers. */
#ifndef KERN_TRACE_H
#define KERN_TRACE_H

#include <stdbool.h>
#include <stdint.h>

struct task;

/** Events the ring holds; the oldest are overwritten (and counted as dropped) when full. */
#define TRACE_RING_EVENTS 16384

/** The kinds of event, as the dump names them. */
enum trace_kind {
	TRACE_NAME, TRACE_SWITCH, TRACE_IRQ, TRACE_SYS, TRACE_SYSRET, TRACE_SEND, TRACE_RECV,
	TRACE_CALL, TRACE_REPLY, TRACE_BLOCK, TRACE_WAKE, TRACE_SPAWN, TRACE_EXIT, TRACE_FAULT,
	TRACE_KINDS
};

/** Why a task blocks or wakes, as the dump names it. */
enum trace_reason {
	TRACE_WHY_RECV, TRACE_WHY_SEND, TRACE_WHY_CALL, TRACE_WHY_SLEEP, TRACE_WHY_WAIT,
	TRACE_WHY_MUTEX, TRACE_WHY_OTHER, TRACE_WHY_KILL
};

/** One recorded event (the fields per kind are those of the dump; see doc/tracing.md). */
struct trace_event {
	uint64_t tsc;
	uint8_t kind;               /**< enum trace_kind */
	int32_t a;                  /**< the first field: a task id, or a vector */
	union {
		struct {
			int64_t b, c;       /**< the second and third fields */
		};
		struct {
			int32_t pid;        /**< TRACE_NAME: the process's pid, 0 for a kernel thread */
			char name[16];      /**< TRACE_NAME: the task's name (TASK_NAME_MAX) */
		};
	};
};

#if CONFIG_TRACE

/** Records one event of @p kind with fields @p a, @p b, @p c (the dump's order). */
void trace_record(enum trace_kind kind, int32_t a, int64_t b, int64_t c);

/** Records a `name` event for @p t, a task just created (or its process's, with @p pid). */
void trace_name(const struct task *t, int pid);

/** Records a switch from @p prev to @p next, with a `block` for prev if it no longer runs
 * and a `wake` for next if it was blocked (an IPC partner run at once). Interrupts off. */
void trace_switch(const struct task *prev, const struct task *next);

/** Records a `wake` of @p t if it is blocked or sleeping (it is about to be made ready). */
void trace_ready(const struct task *t);

/** Records a `send` or a `call` (@p kind) of @p len bytes from the running task to @p dst, if
 * @p err is 0: the message has been delivered or queued. The receive that takes it names that
 * sender. (The hooks take the result and decide: a condition at the call site would stay in
 * a kernel without tracing.) */
void trace_ipc_sent(enum trace_kind kind, const struct task *dst, int64_t len, long err);

/** The message the running task takes next is a notification, from the kernel (sender 0). */
void trace_ipc_notified(void);

/** Records that the running task took a message of @p len bytes (a `recv` event), if @p len
 * is not an error. */
void trace_ipc_taken(long len);

/** Records a `reply` of @p len bytes from the running task to @p dst. */
void trace_reply(const struct task *dst, int64_t len);

/** Records a `fault` of the running task if CPU exception @p vector from user mode is a page
 * fault (at @p addr, error code @p error). */
void trace_user_fault(int vector, uint64_t addr, uint64_t error);

/** Records the end of the running task @p t, a process's, with its exit @p status. */
void trace_exit(const struct task *t, int status);

/** Records the end of the running task @p t if it is a kernel thread (status 0); a process's
 * end is trace_exit()'s, with its status. */
void trace_thread_exit(const struct task *t);

/** Writes the ring on the trace channel (if there is one) and empties it. Interrupts off or
 * on; they are off while it writes. */
void trace_dump(void);

/** At each tick: dumps the ring if a byte arrived on the trace channel. Interrupts off. */
void trace_tick(void);

/** Prepares the trace channel; call once at boot, before the timer starts. */
void trace_init(void);

/** Empties the ring and zeroes the dropped count (tests, benchmarks). Interrupts off or on. */
void trace_reset(void);

/** Copies the event @p i places after the oldest into @p out. @return false if there is none. */
bool trace_peek(unsigned i, struct trace_event *out);

/** Events in the ring now, and events overwritten since the last dump or reset. */
unsigned trace_count(void);
uint64_t trace_dropped(void);

/* The wrapper of system call @p fn (number @p nr) that records its entry and its result. The
 * table of system calls names TRACE_SYSCALL(fn) and defines TRACE_SYSCALL_WRAPPER(nr, fn) for
 * each entry; without tracing the first is fn itself and the second is nothing. The file that
 * expands them includes kern/sched.h (sched_current_id()). */
#define TRACE_SYSCALL_WRAPPER(nr, fn)                                                          \
	static long fn##_traced(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, \
				uint64_t a6)                                                   \
	{                                                                                      \
		trace_record(TRACE_SYS, sched_current_id(), nr, 0);                            \
		long ret = fn(a1, a2, a3, a4, a5, a6);                                         \
		trace_record(TRACE_SYSRET, sched_current_id(), nr, ret);                       \
		return ret;                                                                    \
	}
#define TRACE_SYSCALL(fn) fn##_traced

#else

/* Macros, not empty inline functions: the kernel without tracing must get the very code it
 * had before the trace points (GCC lays out a function differently around even an empty call). */
#define trace_record(kind, a, b, c) ((void)0)
#define trace_name(t, pid) ((void)0)
#define trace_switch(prev, next) ((void)0)
#define trace_ready(t) ((void)0)
#define trace_ipc_sent(kind, dst, len, err) ((void)0)
#define trace_ipc_notified() ((void)0)
#define trace_ipc_taken(len) ((void)0)
#define trace_reply(dst, len) ((void)0)
#define trace_user_fault(vector, addr, error) ((void)0)
#define trace_exit(t, status) ((void)0)
#define trace_thread_exit(t) ((void)0)
#define trace_dump() ((void)0)
#define trace_tick() ((void)0)
#define trace_init() ((void)0)
#define TRACE_SYSCALL_WRAPPER(nr, fn)
#define TRACE_SYSCALL(fn) fn

#endif

#endif
