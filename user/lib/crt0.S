/* crt0.S - program entry: calls main() and hands its return value to exit(). */

	.section .note.GNU-stack, "", @progbits

/* The kernel starts a process here with rsp 16-byte aligned and the other registers zero;
 * there are no arguments in ABI v1. */
	.text
	.globl _start
	.type _start, @function
_start:
	xorl %ebp, %ebp		/* the outermost frame, for debuggers */
	andq $-16, %rsp
	call main
	movl %eax, %edi
	call exit
	ud2			/* exit() does not return */
	.size _start, . - _start
