/** @file
 * The kernel's start: kernel_main() and the boot information it keeps. */
#ifndef KERN_BOOT_H
#define KERN_BOOT_H

#include <lib/bootinfo.h>

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
 * Something the kernel command line can ask for before init starts, such as `ktest`,
 * `bench=ipc`, `demo=threads` or `crash=pf`. The optional parts of the build (tests/kernel,
 * tests/bench, tests/demo) each register theirs with BOOT_ACTION(), so a kernel configured
 * without them holds none of their code. kernel_main() runs every registered action whose key
 * is on the command line, in link order, with the key's value ("" when it has none); an
 * action that must not go on to init stops the machine itself.
 */
struct boot_action {
	const char *key;               /**< the command-line key */
	void (*run)(const char *arg);  /**< runs the action, on the boot task, interrupts on */
};

/** Registers @p fn as the action for the command-line key @p key (a string literal). */
#define BOOT_ACTION(key, fn)                                                                   \
	static const struct boot_action boot_action_##fn                                       \
		__attribute__((section(".boot_actions"), used, aligned(8))) = { key, fn }

#endif
