; top.asm - a program whose last instruction is a system call in the very last bytes of user
; space: the call returns to 0x800000000000, which is not canonical. The kernel must end the
; program (#GP, status 0x10d) and never try to return there (SYSRET would fault in ring 0).
; Built twice: with `syscall` (topsyscall) and with `int 0x80` (topint80, USE_INT80 defined).
%include "arch/x86_64/asm.inc"

section .top progbits alloc exec nowrite align=1
	times 0xff7 db 0
FUNCTION _start
	mov eax, 3                      ; getpid
	nop
	nop
%ifdef USE_INT80
	int 0x80
%else
	syscall
%endif
END _start
