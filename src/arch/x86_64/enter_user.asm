; enter_user.asm - a process's first entry to user mode (arch_enter_user() in context.c).
%include "arch/x86_64/asm.inc"
%include "asm-offsets.inc"

section .text

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
