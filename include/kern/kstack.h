/** @file
 * Kernel stacks, each with an unmapped guard page below it. */
#ifndef KERN_KSTACK_H
#define KERN_KSTACK_H

#include <kern/param.h>
#include <stdint.h>

#define KSTACK_PAGES 4 /**< 16 KiB per kernel stack */
#define KSTACK_SIZE (KSTACK_PAGES * PAGE_SIZE)

/** Prepares the stack area (its page tables) for CONFIG_MAX_TASKS stacks. Once, at boot. */
void kstack_init(void);

/**
 * Allocates a kernel stack: KSTACK_PAGES fresh pages in the stack area, with the page below
 * left unmapped so that an overflow faults (and ends in a double-fault panic report).
 * @return the address just above the stack (the initial stack pointer), or 0 (no memory).
 */
uintptr_t kstack_alloc(void);

/** Frees a stack from kstack_alloc(), given the address it returned. */
void kstack_free(uintptr_t top);

#endif
