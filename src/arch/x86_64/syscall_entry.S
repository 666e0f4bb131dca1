/* syscall_entry.S - the SYSCALL instruction's way into the kernel and SYSRET's way back.
 *
 * The CPU arrives here with interrupts off (FMASK), rip in rcx, rflags in r11, and nothing
 * else changed: no stack. swapgs reaches the per-CPU data, which gives the task's kernel stack.
 * The frame built there has the same layout as an interrupt's (struct trap_frame), so one C
 * dispatcher serves both entries. */
#include <asm-offsets.h>

#define USER_CS (0x28 | 3)
#define USER_DS (0x20 | 3)
#define VECTOR_SYSCALL 0x100            /* not a CPU vector: marks a SYSCALL frame */

	.text
	.global syscall_entry
syscall_entry:
	swapgs
	movq %rsp, %gs:PERCPU_USER_RSP
	movq %gs:PERCPU_KERNEL_RSP, %rsp
	pushq $USER_DS
	pushq %gs:PERCPU_USER_RSP
	pushq %r11                      /* rflags */
	pushq $USER_CS
	pushq %rcx                      /* rip */
	pushq $0
	pushq $VECTOR_SYSCALL
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %rdi
	call syscall_dispatch
	cli
	/* SYSRET to a non-canonical rip faults in ring 0 on the user's stack (the SYSRET
	 * pitfall). syscall_dispatch() never lets that happen, and this is the second lock. */
	movq TF_RIP(%rsp), %rcx
	shrq $47, %rcx
	jnz trap_return
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11                       /* overwritten below: sysret takes rflags from r11 */
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	movq 16(%rsp), %rcx             /* rip (after vector and error code) */
	movq 32(%rsp), %r11             /* rflags */
	movq 40(%rsp), %rsp             /* the user's stack */
	swapgs
	sysretq

	.section .note.GNU-stack, "", @progbits
