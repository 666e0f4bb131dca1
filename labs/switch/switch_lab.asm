; switch_lab.asm - the switch lab (week 3): switch_context(), the context switch, and
; task_trampoline, where a new task's first switch lands. Selected by --with-lab=switch, in
; place of src/arch/x86_64/switch.asm; the other half of the lab, a new task's first frame, is
; context_frame_lab.c. The handout is doc/lab-switch.md; `make grade` tells you how far you are.
;
; Given: the callers. arch_context_switch() (src/arch/x86_64/context.c, or arch_io_switch()
; in ioport.c) calls switch_context(&prev->rsp, next->rsp) last, with interrupts off, after
; it has switched what is not on the stack (x87/SSE state, kernel stack for user entries,
; page tables). sched_run() (include/kern/sched.h) calls that on every switch.
%include "arch/x86_64/asm.inc"

extern panic, kern_task_start, kern_task_return

section .rodata
not_implemented: db "lab switch: not implemented: switch_context", 0

section .text

; void switch_context(uint64_t *save_rsp, uint64_t new_rsp)
;
; rdi = save_rsp: where the running task's stack pointer goes (&prev->rsp);
; rsi = new_rsp: the next task's stack pointer, as an earlier switch_context() stored it (the
;       next task called switch_context() itself and is waiting inside it), or as
;       arch_context_init() built it (the next task has never run).
; Returns in the next task. The running task's call returns only when a later switch
; resumes its stack, as if it had been an ordinary call.
;
; What to keep, by the System V AMD64 ABI: a called function may destroy rax, rcx, rdx, rsi,
; rdi, r8-r11 (caller-saved: the C compiler kept what it needs of them elsewhere before the
; call), but must return rbx, rbp, r12, r13, r14, r15 and rsp as it found them (callee-saved).
; Each task keeps its own values of these six, on its own stack. rip needs no work: it is the
; return address the call pushed. rflags travels with its task too: a task switched away
; inside a user-access window (AC set by stac) must get its AC back, and must not hand it to
; the next task. Interrupts are off throughout: save and restore rflags, never sti or cli.
;
; The stack picture (higher addresses at the top; a push goes down):
;
;       prev's kernel stack                       next's kernel stack
;   |  prev's C frames     |                  |  next's C frames     |
;   +----------------------+                  +----------------------+
;   | return address       | <- rsp at entry  | return address       |
;   | the callee-saved     |                  | its callee-saved     |
;   |  registers and       |                  |  registers and       |
;   |  rflags, in an order |                  |  rflags, in the same |
;   |  you choose          | <- *save_rsp     |  order               | <- new_rsp
;   +----------------------+                  +----------------------+
;
; A new task's stack must look exactly like the right-hand side, with task_trampoline as the
; return address: that is arch_context_init()'s job (context_frame_lab.c). Whatever order you
; push in here, build the first frame in the order you pop.
FUNCTION switch_context
	; TODO: push the callee-saved registers and rflags, store rsp in [rdi], load rsp from
	; rsi, pop the next task's registers and rflags in the reverse order, ret.
	push rbp                        ; a frame, so that the panic's backtrace names the caller
	mov rbp, rsp
	lea rdi, [rel not_implemented]
	xor eax, eax                    ; panic() is variadic: no vector registers
	call panic
END switch_context

; A new task's first "return" from switch_context lands here, on its fresh stack, with the
; registers the first frame gave it: r12 = entry, r13 = arg (arch_context_init() puts them
; there). kern_task_start() frees the task that exited last and turns interrupts on; then
; entry(arg) runs, with rdi = arg; if it returns, kern_task_return() ends the task and never
; returns. This runs once per task: later switches return into the task's own code.
; Given: it is the contract between your first frame and your switch. Change it only together
; with arch_context_init() (for example, to carry entry and arg in other registers).
FUNCTION task_trampoline
	call kern_task_start
	mov rdi, r13
	call r12
	call kern_task_return
END task_trampoline
