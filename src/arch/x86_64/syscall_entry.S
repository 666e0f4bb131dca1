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
#define VECTOR_GP 13

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
	/* The registers C preserves anyway (rbx, rbp, r12-r15) and the two SYSCALL clobbers
	 * (rcx, r11) get slots but are not stored: nothing reads them from a SYSCALL frame. */
	pushq %rax
	subq $8, %rsp                   /* rbx */
	subq $8, %rsp                   /* rcx */
	pushq %rdx
	pushq %rsi
	pushq %rdi
	subq $8, %rsp                   /* rbp */
	pushq %r8
	pushq %r9
	pushq %r10
	subq $40, %rsp                  /* r11, r12, r13, r14, r15 */
	movq %rsp, %rdi
	call syscall_dispatch
	cli
	/* SYSRET to a non-canonical rip faults in ring 0 on the user's stack (the SYSRET
	 * pitfall). syscall_dispatch() never lets that happen, and this is the second lock. */
	movq TF_RIP(%rsp), %rcx
	shrq $47, %rcx
	jnz syscall_iret
	addq $40, %rsp                  /* r15 .. r11: callee-saved ones are intact */
	popq %r10
	popq %r9
	popq %r8
	addq $8, %rsp                   /* rbp */
	popq %rdi
	popq %rsi
	popq %rdx
	addq $16, %rsp                  /* rcx, rbx */
	popq %rax
	movq 16(%rsp), %rcx             /* rip (after vector and error code) */
	movq 32(%rsp), %r11             /* rflags */
	movq 40(%rsp), %rsp             /* the user's stack */
	swapgs
	sysretq

/* The iretq way back, for a frame SYSRET cannot return to: store the registers the frame
 * lacks, then take the common interrupt return. */
syscall_iret:
	movq %rbx, TF_RBX(%rsp)
	movq %rbp, TF_RBP(%rsp)
	movq %r12, TF_R12(%rsp)
	movq %r13, TF_R13(%rsp)
	movq %r14, TF_R14(%rsp)
	movq %r15, TF_R15(%rsp)
	jmp trap_return

/* SYSCALL from compatibility mode enters here (IA32_CSTAR). No 32-bit code segment exists, so
 * no program can get here; if one ever did, it is treated as a #GP in user mode: the frame of
 * a fault at the caller's rip goes to the common trap path, which ends the process. Like the
 * 64-bit entry, it touches nothing of the caller's until it is on the task's kernel stack. */
	.global syscall_compat_entry
syscall_compat_entry:
	swapgs
	movq %rsp, %gs:PERCPU_USER_RSP
	movq %gs:PERCPU_KERNEL_RSP, %rsp
	pushq $USER_DS
	pushq %gs:PERCPU_USER_RSP
	pushq %r11                      /* rflags */
	pushq $USER_CS
	pushq %rcx                      /* rip */
	pushq $0                        /* error code */
	pushq $VECTOR_GP
	swapgs                          /* trap_common switches GS for a frame from ring 3 */
	jmp trap_common

	.section .note.GNU-stack, "", @progbits
