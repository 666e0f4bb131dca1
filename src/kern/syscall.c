/* syscall.c - the table of system calls by number (the C half of the dispatcher: the entries
 * check the number and call through it) and the first three calls, exit, write and yield; the
 * others are in syscall_calls.c.
 *
 * Every argument is checked before anything happens or blocks; a bad one returns its error at
 * once. User memory is touched only through kern/uaccess.h. */
#include <kern/arch.h>
#include <kern/console.h>
#include <kern/errno.h>
#include <kern/proc.h>
#include <kern/sched.h>
#include <kern/task.h>
#include <kern/trace.h>
#include <kern/uaccess.h>
#include <uapi/syscall.h>
#include "syscall_private.h"

#define WRITE_CHUNK 256

static long sys_exit(uint64_t status, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
		     uint64_t a6)
{
	proc_exit((int)(status & 0xFF));
}

/* One write's bytes stay together on the console: the writer holds it (others wait their
 * turn), while interrupts stay on but for a few bytes at a time. A kill ends a long write. */
static long sys_write(uint64_t fd, uint64_t buf, uint64_t len, uint64_t a4, uint64_t a5,
		      uint64_t a6)
{
	char chunk[WRITE_CHUNK];
	if (fd != 1 && fd != 2)
		return -EBADF;
	if (!uaccess_ok(buf, len, false))
		return -EFAULT;
	if (console_lock() < 0)
		return -EINTR;  /* killed while waiting: the process ends on return */
	for (uint64_t done = 0; done < len && !sched_current()->killed;) {
		uint64_t n = len - done < WRITE_CHUNK ? len - done : WRITE_CHUNK;
		copy_from_user_checked(chunk, buf + done, n);
		console_write_long(chunk, n);
		done += n;
	}
	console_unlock();
	return (long)len;
}

static long sys_yield(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
		      uint64_t a6)
{
	sched_yield();
	return 0;
}

/* The system calls by number. X(nr, fn) for each; with --enable-trace each goes through a
 * wrapper that records its entry and its result (kern/trace.h), without it straight to fn. */
#define SYSCALLS(X)                                                                            \
	X(SYS_exit, sys_exit) X(SYS_write, sys_write) X(SYS_yield, sys_yield)                   \
	X(SYS_getpid, sys_getpid) X(SYS_send, sys_send) X(SYS_recv, sys_recv)                  \
	X(SYS_spawn, sys_spawn) X(SYS_wait, sys_wait) X(SYS_sleep, sys_sleep)                  \
	X(SYS_uptime, sys_uptime) X(SYS_sbrk, sys_sbrk) X(SYS_meminfo, sys_meminfo)            \
	X(SYS_kill, sys_kill) X(SYS_call, sys_call) X(SYS_reply, sys_reply)                    \
	X(SYS_reply_recv, sys_reply_recv) X(SYS_spawn_with, sys_spawn_with)                    \
	X(SYS_ioport, sys_ioport) X(SYS_irq_bind, sys_irq_bind) X(SYS_irq_ack, sys_irq_ack)    \
	X(SYS_procinfo, sys_procinfo)

SYSCALLS(TRACE_SYSCALL_WRAPPER)

#define SYSCALL_ENTRY(nr, fn) [nr] = TRACE_SYSCALL(fn),

/* The entries call kern_syscalls[nr] for nr < SYS_COUNT (see kern/arch.h). */
const kern_syscall_fn kern_syscalls[SYS_COUNT] = { SYSCALLS(SYSCALL_ENTRY) };
