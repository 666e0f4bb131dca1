/* syscall_regs.c - the x86_64 half of a system call: the trap frame unpacked for kern_syscall(). */
#include <kern/arch.h>
#include <arch/x86_64/layout.h>
#include <arch/x86_64/trap.h>

void syscall_handle(struct trap_frame *tf)
{
	arch_irq_enable();
	const uint64_t args[6] = { tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9 };
	tf->rax = (uint64_t)kern_syscall(tf->rax, args);
	/* Returning to a non-canonical rip (a system call in the last bytes of user space) would
	 * fault in ring 0 (the SYSRET pitfall): it is this process's fault, a #GP. */
	if (tf->rip >= USER_TOP)
		kern_user_fault(T_GP, 0, tf->rip, 0);
}

void syscall_from_user(struct trap_frame *tf)
{
	syscall_handle(tf);
	kern_user_return();
}
