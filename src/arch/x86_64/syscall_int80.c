/* syscall_int80.c - the `int 0x80` way into the system calls: a ring-3 gate on vector 0x80
 * into the same dispatcher as SYSCALL. Built with --enable-syscall-int80 (the default). */
#include <arch/x86_64/irq.h>
#include <arch/x86_64/trap.h>

#define VECTOR_INT80 0x80

void int80_init(void);
void int80_init(void)
{
	idt_set_user_gate(VECTOR_INT80);
	irq_set_handler(VECTOR_INT80, syscall_handle);
}
