/** @file
 * The system calls of ABI v2 as C functions, and the raw entry stubs beneath them. */
#ifndef USER_SYSCALLS_H
#define USER_SYSCALLS_H

#include <stddef.h>
#include <stdint.h>
#include <uapi/errno.h>
#include <uapi/syscall.h>

/*
 * Every wrapper returns the kernel's raw result: a value in [-4095, -1] is minus an errno
 * (uapi/errno.h); there is no errno variable. Pointers must point to user memory the call
 * may read (or write, for results); otherwise the call returns -EFAULT and does nothing.
 */

/**
 * Which instruction the wrappers use to enter the kernel: 0 (the default) for `syscall`,
 * anything else for `int 0x80`. A test sets it to run the same calls through both entries.
 */
extern int mk_use_int80;

/**
 * Enters the kernel with `syscall`: call @p nr with up to six arguments, all passed as
 * they are (the full 64 bits of @p nr select the call).
 * @return the kernel's result (negative errno on failure)
 */
long mk_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

/** Like mk_syscall6(), entering the kernel with `int 0x80`. */
long mk_int80_6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

/** Calls @p nr through the entry mk_use_int80 selects. */
long mk_call6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

/** Ends the process; the parent's wait() sees @p status & 0xff. */
void exit(int status) __attribute__((noreturn));

/**
 * Writes @p len bytes of @p buf to @p fd (1 or 2, both the console); the bytes of one call
 * appear contiguously.
 * @return @p len; -EBADF for another fd; -EFAULT if any byte is not readable user memory
 */
long write(int fd, const void *buf, size_t len);

/** Gives up the CPU to the next runnable process. @return 0 */
long yield(void);

/** @return the caller's pid (>= 1) */
long getpid(void);

/**
 * Puts a message of @p len bytes into the mailbox of process @p dst; blocks while it is full.
 * @return 0; -ESRCH no such live process; -EDEADLK @p dst is the caller; -EINVAL @p len is
 *         above the kernel's IPC_MSG_MAX (at least MK_IPC_MSG_MIN); -EFAULT
 */
long send(int dst, const void *msg, size_t len);

/**
 * Takes the oldest message from the caller's mailbox into @p buf (@p cap bytes); blocks
 * until there is one. Stores the sender's pid in @p from unless it is NULL.
 * @return the message length; -EMSGSIZE if it is above @p cap, -EFAULT (the message stays)
 */
long recv(int *from, void *buf, size_t cap);

/**
 * Starts the boot module @p name as a child process.
 * @return its pid; -ENOENT, -ENOEXEC, -ENOMEM, -EAGAIN, -EFAULT, -ENAMETOOLONG
 */
long spawn(const char *name);

/**
 * Waits until child @p pid (or any child, for -1) ends, reaps it and stores its status in
 * @p status unless that is NULL: 0..255 from exit(), MK_STATUS_FAULT + vector when killed
 * for a CPU exception, MK_STATUS_KILLED when ended by kill().
 * @return the pid reaped; -ECHILD no such child; -EFAULT (the child is not reaped)
 */
long wait(int pid, int *status);

/** Sleeps at least @p ms milliseconds (the `sleep` call). @return 0 */
long msleep(uint64_t ms);

/** @return milliseconds since boot */
long uptime(void);

/**
 * Moves the program break by @p inc bytes; new memory reads as zero, memory given back is
 * unmapped.
 * @return the previous break; -ENOMEM; -EINVAL if the break would go below its start
 */
long sbrk_raw(intptr_t inc);

/** Like sbrk_raw(), in the C library's style: the previous break, or (void *)-1 on error. */
void *sbrk(intptr_t inc);

/** Fills @p out with the machine's memory counters. @return 0; -EFAULT */
long meminfo(struct mk_meminfo *out);

/**
 * Ends child @p pid; its parent's wait() sees MK_STATUS_KILLED.
 * @return 0; -ESRCH no such process; -EPERM not a child of the caller
 */
long kill(int pid);

/**
 * A remote procedure call: delivers @p len bytes at @p msg to @p dst's mailbox as send() does
 * (blocking while it is full), then waits for @p dst's answer (reply() or reply_recv()), which
 * is stored in @p reply (@p cap bytes). Nothing else wakes the caller meanwhile: other
 * messages to it stay queued.
 * @return the reply's length; -ESRCH no such live process, or @p dst ended before replying;
 *         -EDEADLK @p dst is the caller; -EINVAL @p len above IPC_MSG_MAX; -EFAULT for
 *         @p msg or @p reply
 */
long call(int dst, const void *msg, size_t len, void *reply, size_t cap);

/**
 * Answers process @p dst, which waits in call() for a reply from the caller; never blocks.
 * @return 0 once @p dst has the reply and is runnable; -ESRCH unless @p dst waits for the
 *         caller's reply; -EMSGSIZE @p len is above @p dst's cap (it keeps waiting); -EINVAL
 *         @p len above IPC_MSG_MAX; -EFAULT
 */
long reply(int dst, const void *msg, size_t len);

/**
 * reply(@p dst, @p msg, @p len), then recv(@p from, @p buf, @p cap), in one call: a server's
 * loop is `n = recv(...); for (;;) n = reply_recv(client, ...)`.
 * @return what recv() returns; if the reply fails, its error, and nothing is received
 */
long reply_recv(int dst, const void *msg, size_t len, int *from, void *buf, size_t cap);

/**
 * The largest message this kernel takes (its IPC_MSG_MAX, a configure value), found by
 * probing: a send to a pid no process has fails with -EINVAL when the message is too long
 * (checked first) and with -ESRCH otherwise. Between MK_IPC_MSG_MIN and 4096.
 */
size_t mk_ipc_msg_max(void);

/**
 * spawn(), but the child holds @p rights (MK_RIGHT_*); a child made with spawn() holds none.
 * @return as spawn(); -EINVAL if a bit of @p rights is not a right (checked first); -EPERM if
 *         the caller does not hold every bit of @p rights
 */
long spawn_with(const char *name, uint64_t rights);

/**
 * Lets the caller use `in`/`out` on ports @p first .. @p first + @p count - 1 from now on
 * (any other port still raises #GP). Several processes may hold the same port.
 * @return 0; -EPERM without MK_RIGHT_IO; -EINVAL @p count 0 or a port above 0xffff; -EBUSY a
 *         port the kernel keeps for itself (nothing is granted)
 */
long ioport(unsigned first, unsigned count);

/**
 * Makes ISA interrupt line @p irq (1, 3..15) the caller's, unmasked: each interrupt masks it
 * and arrives as a notification, a 4-byte message (the line, little-endian) from pid 0 that
 * recv() delivers before any message in the mailbox, until irq_ack().
 * @return 0 (also if the caller holds it already); -EPERM without MK_RIGHT_IO; -EINVAL for 0,
 *         2 or a line outside 1..15; -EBUSY another live process holds it
 */
long irq_bind(int irq);

/** Unmasks line @p irq, which the caller holds. @return 0; -EINVAL if it does not hold it */
long irq_ack(int irq);

/**
 * Describes the process with the smallest pid >= @p pid (<= 0: the first) that exists, ended
 * and not yet reaped ones included, in @p out.
 * @return its pid; -ESRCH if there is none; -EFAULT
 */
long procinfo(int pid, struct mk_procinfo *out);

#endif
