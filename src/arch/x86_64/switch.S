/* switch.S - the context switch, and the first instructions of every new task. */

/* void switch_context(uint64_t *save_rsp, uint64_t new_rsp)
 * Saves the callee-saved registers on the current stack and its stack pointer in *save_rsp,
 * then resumes the stack new_rsp the same way. The caller-saved registers are the C caller's
 * business; rip comes back through the return address. */
	.text
	.global switch_context
switch_context:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
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

	.section .note.GNU-stack, "", @progbits
