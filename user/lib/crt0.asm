; crt0.asm - program entry: calls main() and hands its return value to exit().
%include "arch/x86_64/asm.inc"

extern main, exit

; The kernel starts a process here with rsp 16-byte aligned and the other registers zero;
; there are no arguments in ABI v1.
section .text
FUNCTION _start
	xor ebp, ebp                    ; the outermost frame, for debuggers
	and rsp, -16
	call main
	mov edi, eax
	call exit
	ud2                             ; exit() does not return
END _start
