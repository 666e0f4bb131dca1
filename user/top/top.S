/* top.S - a program whose last instruction is a system call in the very last bytes of user
 * space: the call returns to 0x800000000000, which is not canonical. The kernel must end the
 * program (#GP, status 0x10d) and never try to return there (SYSRET would fault in ring 0).
 * Built twice: with `syscall` (topsyscall) and with `int $0x80` (topint80). */
	.section .top, "ax"
	.global _start
	.skip 0xff7
_start:
	movl $3, %eax                   /* getpid */
	nop
	nop
#ifdef USE_INT80
	int $0x80
#else
	syscall
#endif
	.section .note.GNU-stack, "", @progbits
