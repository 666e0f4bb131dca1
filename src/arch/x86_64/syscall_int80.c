/* syscall_int80.c - the `int 0x80` way into the system calls: a ring-3 gate on vector 0x80
 * whose entry (syscall_int80.asm) shares the SYSCALL entry's dispatch. Built with
 * --enable-syscall-int80 (the default). */
#include <arch/x86_64/trap.h>

#define VECTOR_INT80 0x80

void int80_entry(void);
void int80_init(void);

void int80_init(void)
{
	idt_set_user_entry(VECTOR_INT80, int80_entry);
}
