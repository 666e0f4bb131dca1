; syscall_entry.asm - the SYSCALL instruction's way into the kernel and SYSRET's way back: the
; path every system call takes, kept to what the ABI needs (doc/ipc.md counts its instructions).
;
; The CPU arrives here with interrupts off (FMASK), rip in rcx, rflags in r11, and nothing
; else changed: no stack. swapgs reaches the per-CPU data, which gives the task's kernel stack.
; Saved there is only what the call could lose: the user's rsp, rip and rflags, and the six
; argument registers (C may clobber them; the ABI says they survive). The registers C
; preserves (rbx, rbp, r12-r15) are preserved by the C code itself, and rcx and r11 are the two
; SYSCALL clobbers. The call is kern_syscalls[rax](rdi, rsi, rdx, r10, r8, r9), with the fourth
; argument moved to rcx, where C expects it.
%include "arch/x86_64/asm.inc"
%include "asm-offsets.inc"
%include "arch/x86_64/syscall_frame.inc"

extern kern_syscalls, kern_user_return, arch_user_work, kern_user_fault, trap_common

section .text
FUNCTION syscall_entry
	swapgs
	mov [gs:PERCPU_USER_RSP], rsp
	mov rsp, [gs:PERCPU_KERNEL_RSP]
	push qword [gs:PERCPU_USER_RSP]
	push r11                        ; rflags
	push rcx                        ; rip
	SYSCALL_SAVE_ARGS
	sti
	SYSCALL_DISPATCH
	; SYSRET to a non-canonical rip would fault in ring 0 on the user's stack (the SYSRET
	; pitfall). rip is the address after a `syscall` in the lower half, so the only bad one
	; has bit 47 set: the program ran its call in the last bytes of user space, a #GP.
	mov rcx, [rsp + SF_RIP]
	bt rcx, 47
	jc .noncanonical
	SYSCALL_RESTORE_ARGS
	add rsp, 8                      ; rip: in rcx already
	pop r11                         ; rflags
	pop rsp                         ; the user's stack (interrupts stay off until sysret)
	swapgs
	o64 sysret
.noncanonical:
	sti
	mov edi, T_GP
	xor esi, esi
	mov rdx, rcx
	xor ecx, ecx
	call kern_user_fault            ; never returns
END syscall_entry

; SYSCALL from compatibility mode enters here (IA32_CSTAR). No 32-bit code segment exists, so
; no program can get here; if one ever did, it is treated as a #GP in user mode: the frame of
; a fault at the caller's rip goes to the common trap path, which ends the process. Like the
; 64-bit entry, it touches nothing of the caller's until it is on the task's kernel stack.
FUNCTION syscall_compat_entry
	swapgs
	mov [gs:PERCPU_USER_RSP], rsp
	mov rsp, [gs:PERCPU_KERNEL_RSP]
	push USER_DS
	push qword [gs:PERCPU_USER_RSP]
	push r11                        ; rflags
	push USER_CS
	push rcx                        ; rip
	push 0                          ; error code
	push T_GP
	swapgs                          ; trap_common switches GS for a frame from ring 3
	jmp trap_common
END syscall_compat_entry
