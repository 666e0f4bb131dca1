/* syscall_regs.c - the x86_64 half of a system call: the trap frame handed to kern_syscall(). */
#include <kern/arch.h>
#include <arch/x86_64/trap.h>
#include <stddef.h>
#include <uapi/syscall.h>

#define ARG_SLOT(reg, i) (offsetof(struct trap_frame, reg) == offsetof(struct trap_frame, rdi) + (i) * 8)
_Static_assert(ARG_SLOT(rsi, 1) && ARG_SLOT(rdx, 2) && ARG_SLOT(r10, 3) && ARG_SLOT(r8, 4) &&
		       ARG_SLOT(r9, 5),
	       "the trap frame holds the system-call arguments in the ABI's order");

/* The call, for both entries; the result goes back in rax. */
static inline void syscall_run(struct trap_frame *tf)
{
	arch_irq_enable();
	tf->rax = (uint64_t)kern_syscall(tf->rax, &tf->rdi);
	/* Returning to a non-canonical rip (a system call in the last bytes of user space) would
	 * fault in ring 0 (the SYSRET pitfall): it is this process's fault, a #GP. */
	if (tf->rip >= MK_USER_TOP)
		kern_user_fault(T_GP, 0, tf->rip, 0);
}

void syscall_handle(struct trap_frame *tf)
{
	syscall_run(tf);
}

void syscall_from_user(struct trap_frame *tf)
{
	syscall_run(tf);
	kern_user_return();
}
