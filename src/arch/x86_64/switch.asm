; switch.asm - the context switch, and the first instructions of every new task.
; (--with-lab=switch replaces this file, with context_frame.c, by labs/switch/.)
%include "arch/x86_64/asm.inc"

extern kern_task_start, kern_task_return

section .text

; void switch_context(uint64_t *save_rsp, uint64_t new_rsp)
; Saves the callee-saved registers and rflags on the current stack and its stack pointer in
; *save_rsp, then resumes the stack new_rsp the same way. The caller-saved registers are the
; C caller's business; rip comes back through the return address. rflags travels with its
; task so that no flag crosses a switch: a task switched away inside a user-access window
; (AC set) must not hand that window to the next one.
FUNCTION switch_context
	push rbp
	push rbx
	push r12
	push r13
	push r14
	push r15
	pushfq
	mov [rdi], rsp
	mov rsp, rsi
	popfq
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	pop rbp
	ret
END switch_context

; A new task's first "return" from switch_context lands here with r12 = entry, r13 = arg
; (arch_context_init() in context_frame.c puts them there). This runs once: later switches
; return into the task's own code, so the entry arguments are never read again.
FUNCTION task_trampoline
	call kern_task_start
	mov rdi, r13
	call r12
	call kern_task_return
END task_trampoline
