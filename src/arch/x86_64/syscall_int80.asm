; syscall_int80.asm - the `int 0x80` way into the system calls (--enable-syscall-int80): a
; ring-3 interrupt gate of its own, not the common trap path, into the same dispatch as
; SYSCALL (syscall_frame.inc).
;
; The CPU has switched to the task's kernel stack (TSS rsp0), pushed ss, rsp, rflags, cs and
; rip, and turned interrupts off; unlike SYSCALL (FMASK) it leaves the direction and alignment
; flags as the program set them, so the entry clears them for the kernel's C code (iretq gives
; the program its own back). int 0x80 clobbers nothing but rax, so rcx and r11 are saved too.
%include "arch/x86_64/asm.inc"
%include "asm-offsets.inc"
%include "arch/x86_64/syscall_frame.inc"

extern kern_syscalls, kern_user_return, arch_user_work, kern_user_fault, arch_smap


section .text
FUNCTION int80_entry
	swapgs
	cld                             ; C copies forwards (a program may enter with DF set)
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
	SYSCALL_RESTORE_ARGS
	pop rcx
	pop r11
	; iretq to a non-canonical rip would fault in ring 0 after swapgs; rip is the address
	; after an `int 0x80` in the lower half, so the only bad one has bit 47 set (the call
	; ran in the last bytes of user space): a #GP of the program's.
	bt qword [rsp], 47
	jc .noncanonical
	swapgs
	iretq
.noncanonical:
	sti
	mov edi, T_GP
	xor esi, esi
	mov rdx, [rsp]
	xor ecx, ecx
	call kern_user_fault            ; never returns
END int80_entry
