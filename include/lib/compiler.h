/** @file
 * Hints to the compiler for hot paths.
 *
 * likely(c) and unlikely(c) say which way a test usually goes, so that the compiler lays the
 * usual case out as one straight line and moves the rare turns out of its way. They change
 * no result, only the order of the code; use them where a path is measured (IPC, the switch,
 * user-memory checks), not everywhere. */
#ifndef LIB_COMPILER_H
#define LIB_COMPILER_H

#define likely(c) __builtin_expect(!!(c), 1)
#define unlikely(c) __builtin_expect(!!(c), 0)

#endif
