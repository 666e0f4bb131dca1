; trap_entry.asm - entry stubs for all 256 vectors, the common path into trap_dispatch(), and
; the recovery point used by arch_try_call().
%include "arch/x86_64/asm.inc"
%include "arch/x86_64/trap_frame.inc"

; Stub n lives at trap_stubs + n * TRAP_STUB_SIZE (idt_init() computes the addresses).

extern arch_smap, trap_dispatch

default rel
section .text
	align TRAP_STUB_SIZE
FUNCTION trap_stubs
%assign vec 0
%rep 256
	align TRAP_STUB_SIZE, int3
	; Stub vec starts at vec * TRAP_STUB_SIZE; this emits nothing, but if the stub before
	; outgrew TRAP_STUB_SIZE its count is negative and the build stops.
	times vec * TRAP_STUB_SIZE - ($ - trap_stubs) int3
	; Vectors whose error code the CPU pushes itself; the others get a 0.
%if !(vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21 || vec == 29 || vec == 30)
	push 0
%endif
	push vec
	jmp trap_common
%assign vec vec + 1
%endrep
END trap_stubs

FUNCTION trap_common
	; From user mode: switch GS to the kernel's per-CPU data (the CPU pushed cs at 24).
	test byte [rsp + TF_CS - TF_VECTOR], 3
	jz .kernel_gs
	swapgs
	; An interrupt gate does not clear AC: a program could enter with AC set and switch SMAP
	; off for the kernel, and an interrupt inside a user-access window would run its handler
	; (and whatever task it switches to) without SMAP. Every entry clears it; iretq gives the
	; interrupted code its own AC back. clac exists only where SMAP does.
.kernel_gs:
	test dword [arch_smap], 1
	jz .save
	clac
.save:
	push rax
	push r9
	push r8
	push r10
	push rdx
	push rsi
	push rdi
	push rbp
	push rbx
	push rcx
	push r11
	push r12
	push r13
	push r14
	push r15
	cld
	mov rdi, rsp
	call trap_dispatch
END trap_common

FUNCTION trap_return
	pop r15
	pop r14
	pop r13
	pop r12
	pop r11
	pop rcx
	pop rbx
	pop rbp
	pop rdi
	pop rsi
	pop rdx
	pop r10
	pop r8
	pop r9
	pop rax
	add rsp, TF_RIP - TF_VECTOR     ; vector and error code
	test byte [rsp + TF_CS - TF_RIP], 3 ; back to user mode: user GS again
	jz .iret
	swapgs
.iret:
	iretq
END trap_return

; int try_call_raw(void (*fn)(void *), void *arg)
; Calls fn(arg) with a recovery point armed; trap_dispatch() resumes a faulting call at
; try_landing with rsp = try_saved_rsp and eax = the vector. Returns -1 if fn returned.
FUNCTION try_call_raw
	push rbp
	mov rbp, rsp
	push rbx
	push r12
	push r13
	push r14
	push r15
	sub rsp, 8                      ; keeps the call below 16-byte aligned
	mov [try_saved_rsp], rsp
	mov rax, rdi
	mov rdi, rsi
	call rax
	mov eax, -1
END try_call_raw

FUNCTION try_landing
	mov qword [try_saved_rsp], 0
	add rsp, 8
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	pop rbp
	ret
END try_landing

section .bss nobits alloc noexec write align=8
DATA try_saved_rsp
	resq 1
END try_saved_rsp
