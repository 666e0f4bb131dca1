/** @file
 * X86_64 I/O-port grants: the TSS's I/O permission bitmap and the switch's part in it
 * (ioport.c; the interface generic code uses is in kern/arch.h). */
#ifndef ARCH_X86_64_IOPORT_H
#define ARCH_X86_64_IOPORT_H

#include <kern/arch.h>
#include <stdint.h>

/**
 * The end of arch_context_switch() when @p prev or @p next has a bitmap (so a process without
 * grants pays one test per switch): loads @p next's bitmap into the TSS, or denies every port
 * again, then switches stacks (switch_context()). Returns when @p prev runs again.
 * Interrupts off.
 */
void arch_io_switch(struct arch_task *prev, const struct arch_task *next);

#endif
