; syscall_int80.asm - the `int 0x80` way into the system calls (--enable-syscall-int80): a
; ring-3 interrupt gate of its own, not the common trap path, into the same dispatch as
; SYSCALL (syscall_frame.inc).
;
; The CPU has switched to the task's kernel stack (TSS rsp0), pushed ss, rsp, rflags, cs and
; rip, and turned interrupts off. int 0x80 clobbers nothing but rax, so rcx and r11 are saved
; too; iretq gives back rip, rflags and the stack.
%include "arch/x86_64/asm.inc"
%include "asm-offsets.inc"
%include "arch/x86_64/syscall_frame.inc"

extern kern_syscalls, kern_user_return, arch_smap

section .text
FUNCTION int80_entry
	swapgs
	; An interrupt gate does not clear AC: a program could enter with AC set and switch SMAP
	; off for the kernel. clac exists only where SMAP does.
	test dword [rel arch_smap], 1
	jz .saved_ac
	clac
.saved_ac:
	push r11
	push rcx
	SYSCALL_SAVE_ARGS
	sti
	SYSCALL_DISPATCH
	cli
	SYSCALL_RESTORE_ARGS
	pop rcx
	pop r11
	swapgs
	iretq
END int80_entry
