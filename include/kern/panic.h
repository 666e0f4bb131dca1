/** @file
 * Stopping the kernel when an invariant is broken. */
#ifndef KERN_PANIC_H
#define KERN_PANIC_H

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

/**
 * Prints the frame-pointer backtrace that starts at frame pointer @p fp, one line per
 * frame with the function name when the symbol table knows it.
 */
void panic_backtrace(uintptr_t fp);

#endif
