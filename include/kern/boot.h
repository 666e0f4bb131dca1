/** @file
 * The kernel's start: kernel_main() and the boot information it keeps. */
#ifndef KERN_BOOT_H
#define KERN_BOOT_H

#include <kern/bootinfo.h>

/** Entered from boot/entry.asm in long mode, on the boot stack, interrupts off. */
void kernel_main(uint32_t magic, uint64_t info_phys);

/**
 * Parses and logs the boot loader's information (command line, memory map, modules).
 * A malformed or missing piece is logged as a warning and left out, never followed; a module
 * the kernel must not use (outside usable RAM or the direct map, over the kernel image or the
 * boot information) is refused with an error line, and so are modules beyond
 * BOOT_MODULES_MAX.
 */
void boot_info_load(uint32_t magic, uint64_t info_phys);

/** The boot information, valid after boot_info_load(); never NULL. */
const struct boot_info *boot_info_get(void);

/**
 * Runs a deliberate failure named on the command line with `crash=WHAT`, to show and test
 * the panic path: ud, div, null, pf, gp, stack, taskstack, panic, assert, triple, hang.
 * Returns only if @p what names no failure (after logging so).
 */
void crash_run(const char *what);

/**
 * Runs the demo named by `demo=NAME` on the command line: `threads` (two tasks take turns by
 * yielding: the week-3 milestone) or `preempt` (tasks that never yield all progress: week 4).
 * Returns when the demo is over (an unknown name is logged).
 */
void demo_run(const char *name);

#endif
