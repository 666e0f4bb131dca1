; syscall_entry.asm - the two ways into the kernel: `syscall` and `int 0x80`, with six arguments.
%include "arch/x86_64/asm.inc"

section .text

; ENTRY_STUB name, instruction: long name(long nr, long a1, long a2, long a3, long a4, long a5,
; long a6). The C arguments arrive in rdi, rsi, rdx, rcx, r8, r9 and on the stack; the kernel
; wants the number in rax and the arguments in rdi, rsi, rdx, r10, r8, r9. `syscall` clobbers
; rcx and r11, which C callers expect anyway.
%macro ENTRY_STUB 2
FUNCTION %1
	mov rax, rdi
	mov rdi, rsi
	mov rsi, rdx
	mov rdx, rcx
	mov r10, r8
	mov r8, r9
	mov r9, [rsp + 8]
	%2
	ret
END %1
%endmacro

ENTRY_STUB mk_syscall6, syscall
ENTRY_STUB mk_int80_6, int 0x80   ; the same, through the interrupt gate
