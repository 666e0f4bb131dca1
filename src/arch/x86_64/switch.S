/* switch.S - the context switch, and the first instructions of every new task. */

/* void switch_context(uint64_t *save_rsp, uint64_t new_rsp)
 * Saves the callee-saved registers and rflags on the current stack and its stack pointer in
 * *save_rsp, then resumes the stack new_rsp the same way. The caller-saved registers are the
 * C caller's business; rip comes back through the return address. rflags travels with its
 * task so that no flag crosses a switch: a task switched away inside a user-access window
 * (AC set) must not hand that window to the next one. */
	.text
	.global switch_context
switch_context:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	pushfq
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popfq
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

/* A new task's first "return" from switch_context lands here with r12 = entry, r13 = arg
 * (task_stack_init() puts them there). This runs once: later switches return into the task's
 * own code, so the entry arguments are never read again. */
	.global task_trampoline
task_trampoline:
	call sched_task_started
	movq %r13, %rdi
	call *%r12
	call task_exit

/* void enter_user(uint64_t entry, uint64_t stack, uint64_t kstack_top)
 * A process's first entry to ring 3: on a fresh kernel stack, an iret frame with the user's
 * rip, rsp and rflags (interrupts on), every general register zero (as the ABI promises). */
	.global enter_user
enter_user:
	cli
	movq %rdx, %rsp
	pushq $(0x20 | 3)               /* ss: user data */
	pushq %rsi                      /* rsp */
	pushq $0x202                    /* rflags: IF */
	pushq $(0x28 | 3)               /* cs: user code */
	pushq %rdi                      /* rip */
	xorl %eax, %eax
	xorl %ebx, %ebx
	xorl %ecx, %ecx
	xorl %edx, %edx
	xorl %esi, %esi
	xorl %edi, %edi
	xorl %ebp, %ebp
	xorl %r8d, %r8d
	xorl %r9d, %r9d
	xorl %r10d, %r10d
	xorl %r11d, %r11d
	xorl %r12d, %r12d
	xorl %r13d, %r13d
	xorl %r14d, %r14d
	xorl %r15d, %r15d
	swapgs
	iretq

	.section .note.GNU-stack, "", @progbits
