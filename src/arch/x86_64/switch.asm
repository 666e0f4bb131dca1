; switch.asm - the context switch, and the first instructions of every new task.
%include "arch/x86_64/asm.inc"
%include "asm-offsets.inc"

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
; (arch_context_init() puts them there). This runs once: later switches return into the task's
; own code, so the entry arguments are never read again.
FUNCTION task_trampoline
	call kern_task_start
	mov rdi, r13
	call r12
	call kern_task_return
END task_trampoline

; void enter_user(uint64_t entry, uint64_t stack, uint64_t kstack_top)
; A process's first entry to ring 3: on a fresh kernel stack, an iret frame with the user's
; rip, rsp and rflags (interrupts on), every general register zero (as the ABI promises).
FUNCTION enter_user
	cli
	mov rsp, rdx
	push USER_DS                    ; ss: user data
	push rsi                        ; rsp
	push RFLAGS_IF | RFLAGS_FIXED   ; rflags: IF
	push USER_CS                    ; cs: user code
	push rdi                        ; rip
	xor eax, eax
	xor ebx, ebx
	xor ecx, ecx
	xor edx, edx
	xor esi, esi
	xor edi, edi
	xor ebp, ebp
	xor r8d, r8d
	xor r9d, r9d
	xor r10d, r10d
	xor r11d, r11d
	xor r12d, r12d
	xor r13d, r13d
	xor r14d, r14d
	xor r15d, r15d
	swapgs
	iretq
END enter_user
