/* trap_entry.S - entry stubs for all 256 vectors, the common path into trap_dispatch(), and
 * the recovery point used by arch_try_call(). */
#include <asm-offsets.h>

/* Stub n lives at trap_stubs + n * TRAP_STUB_SIZE (idt_init() computes the addresses). */
#define TRAP_STUB_SIZE 16

	.text
	.balign TRAP_STUB_SIZE
	.global trap_stubs
trap_stubs:
	.set vec, 0
	.rept 256
	.balign TRAP_STUB_SIZE
	/* Vectors whose error code the CPU pushes itself; the others get a 0. */
	.if (vec == 8) || (vec >= 10 && vec <= 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	.else
	pushq $0
	.endif
	pushq $vec
	jmp trap_common
	.set vec, vec + 1
	.endr

	.global trap_common
trap_common:
	/* From user mode: switch GS to the kernel's per-CPU data (the CPU pushed cs at 24). */
	testb $3, TF_CS - TF_VECTOR(%rsp)
	jz 1f
	swapgs
	/* An interrupt gate does not clear AC: a program could enter with AC set and switch SMAP
	 * off for the kernel, and an interrupt inside a user-access window would run its handler
	 * (and whatever task it switches to) without SMAP. Every entry clears it; iretq gives the
	 * interrupted code its own AC back. clac exists only where SMAP does. */
1:	testl $1, cpu_smap(%rip)
	jz 2f
	clac
2:	pushq %rax
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
	cld
	movq %rsp, %rdi
	call trap_dispatch
	.global trap_return
trap_return:
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
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
	addq $16, %rsp                  /* vector and error code */
	testb $3, 8(%rsp)               /* back to user mode: user GS again */
	jz 1f
	swapgs
1:	iretq

/* int try_call_raw(void (*fn)(void *), void *arg)
 * Calls fn(arg) with a recovery point armed; trap_dispatch() resumes a faulting call at
 * try_landing with rsp = try_saved_rsp and eax = the vector. Returns -1 if fn returned. */
	.global try_call_raw
try_call_raw:
	pushq %rbp
	movq %rsp, %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	subq $8, %rsp                   /* keeps the call below 16-byte aligned */
	movq %rsp, try_saved_rsp(%rip)
	movq %rdi, %rax
	movq %rsi, %rdi
	call *%rax
	movl $-1, %eax
	.global try_landing
try_landing:
	movq $0, try_saved_rsp(%rip)
	addq $8, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

	.bss
	.balign 8
	.global try_saved_rsp
try_saved_rsp:
	.skip 8

	.section .note.GNU-stack, "", @progbits
