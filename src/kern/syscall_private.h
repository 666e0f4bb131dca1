/* syscall_private.h - what syscall_calls.c gives syscall.c (or the syscall lab's file): the
 * system calls other than exit, write and yield, for the table kern_syscalls. Each has the
 * shape of kern_syscall_fn (kern/arch.h): the six argument registers in, a result or minus an
 * errno out (uapi/syscall.h gives each call's arguments, doc/syscalls.md its errors). */
#ifndef KERN_SYSCALL_PRIVATE_H
#define KERN_SYSCALL_PRIVATE_H

#include <stdint.h>

long sys_getpid(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);
long sys_send(uint64_t dst, uint64_t msg, uint64_t len, uint64_t a4, uint64_t a5, uint64_t a6);
long sys_recv(uint64_t from, uint64_t buf, uint64_t cap, uint64_t a4, uint64_t a5, uint64_t a6);
long sys_spawn(uint64_t name, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);
long sys_wait(uint64_t pid, uint64_t status, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);
long sys_sleep(uint64_t ms, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);
long sys_uptime(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);
long sys_sbrk(uint64_t increment, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
	      uint64_t a6);
long sys_meminfo(uint64_t out, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);
long sys_kill(uint64_t pid, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);
long sys_call(uint64_t dst, uint64_t msg, uint64_t len, uint64_t reply, uint64_t cap, uint64_t a6);
long sys_reply(uint64_t dst, uint64_t msg, uint64_t len, uint64_t a4, uint64_t a5, uint64_t a6);
long sys_reply_recv(uint64_t dst, uint64_t msg, uint64_t len, uint64_t from, uint64_t buf,
		    uint64_t cap);
long sys_spawn_with(uint64_t name, uint64_t rights, uint64_t a3, uint64_t a4, uint64_t a5,
		    uint64_t a6);
long sys_ioport(uint64_t first, uint64_t count, uint64_t a3, uint64_t a4, uint64_t a5,
		uint64_t a6);
long sys_irq_bind(uint64_t irq, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);
long sys_irq_ack(uint64_t irq, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6);
long sys_procinfo(uint64_t pid, uint64_t out, uint64_t a3, uint64_t a4, uint64_t a5,
		  uint64_t a6);

#endif
