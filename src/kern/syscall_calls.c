/* syscall_calls.c - the system calls of ABI v2 other than exit, write and yield (those three
 * and the table by number are in syscall.c). kern_syscalls reaches each of them through
 * syscall_private.h.
 *
 * Every argument is checked before anything happens or blocks; a bad one returns its error at
 * once. User memory is touched only through kern/uaccess.h. */
#include <kern/errno.h>
#include <kern/ipc.h>
#include <kern/irqline.h>
#include <kern/mm.h>
#include <kern/proc.h>
#include <kern/sched.h>
#include <kern/timer.h>
#include <kern/uaccess.h>
#include <uapi/syscall.h>
#include "syscall_private.h"

_Static_assert(sizeof(struct mk_meminfo) == sizeof(struct mm_info), "meminfo layout");
_Static_assert(sizeof(struct mk_procinfo) == 96, "procinfo layout: 96 bytes, as the ABI says");

long sys_getpid(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6)
{
	return proc_current()->pid;
}

long sys_send(uint64_t dst, uint64_t msg, uint64_t len, uint64_t a4, uint64_t a5, uint64_t a6)
{
	return ipc_send_user(dst, msg, len);
}

long sys_recv(uint64_t from, uint64_t buf, uint64_t cap, uint64_t a4, uint64_t a5, uint64_t a6)
{
	return ipc_recv_user(from, buf, cap);
}

long sys_call(uint64_t dst, uint64_t msg, uint64_t len, uint64_t reply, uint64_t cap, uint64_t a6)
{
	return ipc_call_user(dst, msg, len, reply, cap);
}

long sys_reply(uint64_t dst, uint64_t msg, uint64_t len, uint64_t a4, uint64_t a5, uint64_t a6)
{
	return ipc_reply_user(dst, msg, len);
}

long sys_reply_recv(uint64_t dst, uint64_t msg, uint64_t len, uint64_t from, uint64_t buf,
		    uint64_t cap)
{
	return ipc_reply_recv_user(dst, msg, len, from, buf, cap);
}

/* spawn and spawn_with: the program named at user address name, holding rights (checked). */
static long spawn_named(uint64_t name, uint32_t rights)
{
	char buf[MK_NAME_MAX + 1];
	long len = copy_string_from_user(buf, name, sizeof(buf));
	if (len < 0)
		return len;
	return proc_spawn(buf, proc_current(), rights);
}

long sys_spawn(uint64_t name, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6)
{
	return spawn_named(name, 0);  /* a child made with spawn holds no right */
}

/* A right is passed on, never made: the caller must hold every bit it gives. */
long sys_spawn_with(uint64_t name, uint64_t rights, uint64_t a3, uint64_t a4, uint64_t a5,
		    uint64_t a6)
{
	if (rights & ~(uint64_t)MK_RIGHTS_ALL)
		return -EINVAL;
	if (rights & ~(uint64_t)proc_current()->rights)
		return -EPERM;
	return spawn_named(name, (uint32_t)rights);
}

long sys_wait(uint64_t pid, uint64_t status, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6)
{
	if ((int64_t)pid != -1 && (pid == 0 || pid > 0x7FFFFFFF))
		return -ECHILD;
	return proc_wait((int)pid, status);
}

long sys_sleep(uint64_t ms, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6)
{
	return sched_sleep_ms(ms);  /* -EINTR only when killed: the process ends on return */
}

long sys_uptime(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6)
{
	return (long)timer_uptime_ms();
}

long sys_sbrk(uint64_t increment, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6)
{
	return proc_sbrk((int64_t)increment);
}

long sys_meminfo(uint64_t out, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6)
{
	struct mm_info info;
	if (!uaccess_ok(out, sizeof(info), true))
		return -EFAULT;
	mm_info_get(&info);
	return copy_to_user(out, &info, sizeof(info));
}

long sys_kill(uint64_t pid, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6)
{
	if (pid == 0 || pid > 0x7FFFFFFF)
		return -ESRCH;
	return proc_kill((int)pid);
}

long sys_ioport(uint64_t first, uint64_t count, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6)
{
	return proc_ioport(first, count);
}

long sys_irq_bind(uint64_t irq, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6)
{
	return irqline_bind((int64_t)irq);
}

long sys_irq_ack(uint64_t irq, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6)
{
	return irqline_ack((int64_t)irq);
}

long sys_procinfo(uint64_t pid, uint64_t out, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6)
{
	struct mk_procinfo info;
	if (!uaccess_ok(out, sizeof(info), true))
		return -EFAULT;
	long ret = proc_info((int64_t)pid, &info);
	if (ret < 0)
		return ret;
	return copy_to_user(out, &info, sizeof(info)) < 0 ? -EFAULT : ret;
}
