; syscall_entry.asm - the SYSCALL instruction's way into the kernel and SYSRET's way back.
;
; The CPU arrives here with interrupts off (FMASK), rip in rcx, rflags in r11, and nothing
; else changed: no stack. swapgs reaches the per-CPU data, which gives the task's kernel stack.
; The frame built there has the same layout as an interrupt's (struct trap_frame), so one C
; dispatcher serves both entries.
%include "arch/x86_64/asm.inc"
%include "arch/x86_64/trap_frame.inc"

%define VECTOR_SYSCALL 0x100            ; not a CPU vector: marks a SYSCALL frame

extern syscall_from_user, trap_common, trap_return

; SYSCALL_FRAME vector: from the state SYSCALL leaves (user rsp and GS, rip in rcx, rflags in
; r11) onto the task's kernel stack, and the top of a trap frame there: the part the CPU pushes
; on an interrupt (ss, rsp, rflags, cs, rip), an error code of 0 and the vector.
%macro SYSCALL_FRAME 1
	swapgs
	mov [gs:PERCPU_USER_RSP], rsp
	mov rsp, [gs:PERCPU_KERNEL_RSP]
	push USER_DS
	push qword [gs:PERCPU_USER_RSP]
	push r11                        ; rflags
	push USER_CS
	push rcx                        ; rip
	push 0                          ; error code
	push %1
%endmacro

section .text
FUNCTION syscall_entry
	SYSCALL_FRAME VECTOR_SYSCALL
	; The registers C preserves anyway (rbx, rbp, r12-r15) and the two SYSCALL clobbers
	; (rcx, r11) get slots but are not stored: nothing reads them from a SYSCALL frame.
	push rax
	push r9
	push r8
	push r10
	push rdx
	push rsi
	push rdi
	sub rsp, 8 * 8                  ; rbp, rbx, rcx, r11, r12, r13, r14, r15
	mov rdi, rsp
	call syscall_from_user
	cli
	; SYSRET to a non-canonical rip faults in ring 0 on the user's stack (the SYSRET
	; pitfall). syscall_handle() never lets that happen, and this is the second lock.
	mov rcx, [rsp + TF_RIP]
	shr rcx, 47
	jnz syscall_iret
	add rsp, 8 * 8                  ; r15 .. rbp: the callee-saved ones are intact
	pop rdi
	pop rsi
	pop rdx
	pop r10
	pop r8
	pop r9
	pop rax
	mov rcx, [rsp + TF_RIP - TF_VECTOR] ; rip (after vector and error code)
	mov r11, [rsp + TF_RFLAGS - TF_VECTOR] ; rflags
	mov rsp, [rsp + TF_RSP - TF_VECTOR] ; the user's stack
	swapgs
	o64 sysret
END syscall_entry

; The iretq way back, for a frame SYSRET cannot return to: store the registers the frame
; lacks, then take the common interrupt return.
FUNCTION_LOCAL syscall_iret
	mov [rsp + TF_RBX], rbx
	mov [rsp + TF_RBP], rbp
	mov [rsp + TF_R12], r12
	mov [rsp + TF_R13], r13
	mov [rsp + TF_R14], r14
	mov [rsp + TF_R15], r15
	jmp trap_return
END syscall_iret

; SYSCALL from compatibility mode enters here (IA32_CSTAR). No 32-bit code segment exists, so
; no program can get here; if one ever did, it is treated as a #GP in user mode: the frame of
; a fault at the caller's rip goes to the common trap path, which ends the process. Like the
; 64-bit entry, it touches nothing of the caller's until it is on the task's kernel stack.
FUNCTION syscall_compat_entry
	SYSCALL_FRAME T_GP
	swapgs                          ; trap_common switches GS for a frame from ring 3
	jmp trap_common
END syscall_compat_entry
