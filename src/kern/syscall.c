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

/* The entries call kern_syscalls[nr] for nr < SYS_COUNT (see kern/arch.h). */
const kern_syscall_fn kern_syscalls[SYS_COUNT] = {
	[SYS_exit] = sys_exit,       [SYS_write] = sys_write,   [SYS_yield] = sys_yield,
	[SYS_getpid] = sys_getpid,   [SYS_send] = sys_send,     [SYS_recv] = sys_recv,
	[SYS_spawn] = sys_spawn,     [SYS_wait] = sys_wait,     [SYS_sleep] = sys_sleep,
	[SYS_uptime] = sys_uptime,   [SYS_sbrk] = sys_sbrk,     [SYS_meminfo] = sys_meminfo,
	[SYS_kill] = sys_kill,       [SYS_call] = sys_call,     [SYS_reply] = sys_reply,
	[SYS_reply_recv] = sys_reply_recv, [SYS_spawn_with] = sys_spawn_with,
	[SYS_ioport] = sys_ioport,   [SYS_irq_bind] = sys_irq_bind, [SYS_irq_ack] = sys_irq_ack,
	[SYS_procinfo] = sys_procinfo,
};
