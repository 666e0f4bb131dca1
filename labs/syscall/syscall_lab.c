/* syscall_lab.c - the syscall lab (week 5): the table of system calls by number, the C half
 * of the dispatcher, and the first three calls, exit, write and yield. Selected by
 * --with-lab=syscall, in place of src/kern/syscall.c; the handout is doc/lab-syscall.md, and
 * `make grade` tells you how far you are.
 *
 * Given: the entries (src/arch/x86_64/syscall_entry.asm and syscall_int80.asm, sharing the
 * macro SYSCALL_DISPATCH of include/arch/x86_64/syscall_frame.inc). They save the user's
 * registers, check the number (rax, all 64 bits, unsigned: rax >= SYS_COUNT gives -ENOSYS
 * without reading the table), call kern_syscalls[rax](rdi, rsi, rdx, r10, r8, r9) with
 * interrupts on, and put what it returns in rax for the program. Given too: the other 18 calls
 * (src/kern/syscall_calls.c, declared in syscall_private.h) and checked copies from user
 * memory (kern/uaccess.h).
 *
 * The convention of every call: the six argument registers come in as uint64_t (a pointer is
 * a user address, never to be dereferenced as it is); the result is a long, >= 0 on success,
 * or minus an errno (kern/errno.h) that the program sees as a value in [-4095, -1]. Check
 * every argument before doing anything. The calls' arguments and errors: uapi/syscall.h and
 * doc/syscalls.md. */
#include <kern/arch.h>
#include <kern/console.h>
#include <kern/errno.h>
#include <kern/proc.h>
#include <kern/sched.h>
#include <kern/task.h>
#include <kern/uaccess.h>
#include <lib/panic.h>
#include <uapi/syscall.h>
#include "syscall_private.h"

/* exit(status): ends the calling process; its parent's wait() gets status & 0xff (0..255:
 * larger values are the kernel's, for a fault or a kill). proc_exit() does the work and
 * never returns, and neither does this. */
static __attribute__((unused)) long sys_exit(uint64_t status, uint64_t a2, uint64_t a3, uint64_t a4,
					     uint64_t a5, uint64_t a6)
{
	/* TODO */
	panic("lab syscall: not implemented: sys_exit");
}

/* write(fd, buf, len): prints len bytes of the caller's memory at user address buf on the
 * console and returns len. Errors, checked before anything is printed:
 *   -EBADF  unless fd is 1 or 2 (all 64 bits of it);
 *   -EFAULT unless every byte of [buf, buf + len) is readable user memory of the caller: not
 *           kernel memory, not unmapped, not past the top of user space, not a range that
 *           wraps around; then nothing at all is printed. len 0 is fine with any buf.
 * Never touch buf directly: check the whole range with uaccess_ok(), then copy it into a
 * kernel buffer on your stack with copy_from_user_checked(), a piece at a time.
 * One write's bytes appear together on the console, and yet the machine goes on scheduling
 * while a long one is printed: hold the console with console_lock() (-EINTR if the caller is
 * killed while it waits) around console_write_long() of each piece, then console_unlock().
 * A killed caller (sched_current()->killed) stops printing at the next piece; it ends on
 * its way back to user mode, so the value returned then does not matter. */
static __attribute__((unused)) long sys_write(uint64_t fd, uint64_t buf, uint64_t len, uint64_t a4,
					      uint64_t a5, uint64_t a6)
{
	/* TODO */
	panic("lab syscall: not implemented: sys_write");
}

/* yield(): gives up the CPU to the next ready task (sched_yield()) and returns 0 when the
 * caller runs again (at once if nothing else is ready). */
static __attribute__((unused)) long sys_yield(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
					      uint64_t a5, uint64_t a6)
{
	/* TODO */
	panic("lab syscall: not implemented: sys_yield");
}

/* Every slot of the table until you fill it in. An ENOSYS here would be cleaner by the ABI's
 * letter, but then no program could print or even end (exit() retries forever) and the boot
 * would just stop: the panic names what is missing at the first call a program makes. */
static long sys_unwritten(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
			  uint64_t a6)
{
	panic("lab syscall: not implemented: kern_syscalls");
}

/* The dispatcher's table: kern_syscalls[nr] is the function of call number nr of
 * uapi/syscall.h, for every nr below SYS_COUNT (kern/arch.h). The entries read it for any
 * number a program passes below SYS_COUNT, so a slot left empty (NULL) is a call to address
 * 0 in ring 0, which any program could make. Each call's function is sys_NAME: the three
 * above (marked unused only until the table names them) and the 18 of syscall_private.h.
 * TODO: one designated initializer per call, [SYS_exit] = sys_exit, ..., in place of the
 * line that sends every number to sys_unwritten() (delete that function then). */
const kern_syscall_fn kern_syscalls[SYS_COUNT] = {
	[0 ... SYS_COUNT - 1] = sys_unwritten,
};
