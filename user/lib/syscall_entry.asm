; syscall_entry.asm - the two ways into the kernel: `syscall` and `int 0x80`, with six arguments.
%include "arch/x86_64/asm.inc"

section .text

; long mk_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
; The C arguments arrive in rdi, rsi, rdx, rcx, r8, r9 and on the stack; the kernel wants
; the number in rax and the arguments in rdi, rsi, rdx, r10, r8, r9. `syscall` clobbers rcx
; and r11, which C callers expect anyway.
FUNCTION mk_syscall6
	mov rax, rdi
	mov rdi, rsi
	mov rsi, rdx
	mov rdx, rcx
	mov r10, r8
	mov r8, r9
	mov r9, [rsp + 8]
	syscall
	ret
END mk_syscall6

; long mk_int80_6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
; The same, through the interrupt gate.
FUNCTION mk_int80_6
	mov rax, rdi
	mov rdi, rsi
	mov rsi, rdx
	mov rdx, rcx
	mov r10, r8
	mov r8, r9
	mov r9, [rsp + 8]
	int 0x80
	ret
END mk_int80_6
