/* frame_lock.c - the frame allocator's critical section in the kernel: interrupts off. */
#include "frame_pool.h"
#include <kern/arch.h>

unsigned long frame_lock(void)
{
	return arch_irq_save();
}

void frame_unlock(unsigned long state)
{
	arch_irq_restore(state);
}
