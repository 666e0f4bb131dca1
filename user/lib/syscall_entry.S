/* syscall_entry.S - the two ways into the kernel: `syscall` and `int $0x80`, with six arguments. */

	.section .note.GNU-stack, "", @progbits

/* long mk_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
 * The C arguments arrive in rdi, rsi, rdx, rcx, r8, r9 and on the stack; the kernel wants
 * the number in rax and the arguments in rdi, rsi, rdx, r10, r8, r9. `syscall` clobbers rcx
 * and r11, which C callers expect anyway. */
	.text
	.globl mk_syscall6
	.type mk_syscall6, @function
mk_syscall6:
	movq %rdi, %rax
	movq %rsi, %rdi
	movq %rdx, %rsi
	movq %rcx, %rdx
	movq %r8, %r10
	movq %r9, %r8
	movq 8(%rsp), %r9
	syscall
	ret
	.size mk_syscall6, . - mk_syscall6

/* long mk_int80_6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
 * The same, through the interrupt gate. */
	.globl mk_int80_6
	.type mk_int80_6, @function
mk_int80_6:
	movq %rdi, %rax
	movq %rsi, %rdi
	movq %rdx, %rsi
	movq %rcx, %rdx
	movq %r8, %r10
	movq %r9, %r8
	movq 8(%rsp), %r9
	int $0x80
	ret
	.size mk_int80_6, . - mk_int80_6
