/** @file
 * Formatted output of the user library: printf() to the console, snprintf(). */
#ifndef USER_STDIO_H
#define USER_STDIO_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Conversions are those of lib/format.h: %d %i %u %x %X %o %p %s %c %%, with flags, width,
 * precision and the length modifiers hh h l ll z t j. There is no floating point.
 */

/**
 * Formats and writes the text to fd 1 with one write() when it fits in 512 bytes (so it
 * appears in one piece on the console), with several otherwise.
 * @return the number of bytes formatted, or the negative errno of a failed write()
 */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** Like printf(), with the arguments in @p ap. */
int vprintf(const char *fmt, va_list ap);

/** Like printf(), writing to @p fd (1 or 2). */
int dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** Like dprintf(), with the arguments in @p ap. */
int vdprintf(int fd, const char *fmt, va_list ap);

/**
 * Formats into @p buf: at most @p size - 1 bytes and a NUL (nothing when @p size is 0).
 * @return the length of the whole text; it was cut if that is >= @p size
 */
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/** Like snprintf(), with the arguments in @p ap. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif
