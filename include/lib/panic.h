/** @file
 * Stopping the kernel when an invariant is broken. */
#ifndef LIB_PANIC_H
#define LIB_PANIC_H

#include <stdint.h>

/**
 * Prints `PANIC: ` and the message, a backtrace of the caller, and stops the machine
 * (under QEMU with isa-debug-exit: exit code 5). Only for broken kernel invariants; errors a
 * caller can handle are returned as -Exxx instead. Callable with interrupts on or off.
 */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

/** Panics with the expression, file and line when @p cond is false. */
#define KASSERT(cond)                                                                          \
	do {                                                                                   \
		if (!(cond))                                                                   \
			panic("assertion failed: %s (%s:%d, %s)", #cond, __FILE__, __LINE__,   \
			      __func__);                                                       \
	} while (0)

/** What panic() needs of the machine; the architecture registers it at boot. */
struct panic_machine {
	void (*enter)(void);  /**< turns interrupts off */
	/** Prints the backtrace from frame pointer @p fp (none if 0), then stops the machine. */
	__attribute__((noreturn)) void (*halt)(uintptr_t fp);
};

/** Registers how panic() stops the machine (before that, it ends in an invalid opcode). */
void panic_set_machine(const struct panic_machine *m);

#endif
