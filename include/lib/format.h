/** @file
 * Printf-style formatting into a caller-supplied sink (pure C, also built on the host). */
#ifndef LIB_FORMAT_H
#define LIB_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/**
 * Receives formatted text in pieces.
 * @param ctx  the pointer given to format_vout()
 * @param s    @p n bytes of output (not NUL-terminated)
 * @param n    how many
 */
typedef void (*format_put_fn)(void *ctx, const char *s, size_t n);

/**
 * Formats @p fmt with @p ap and hands the text to @p put, in pieces.
 *
 * Conversions: `%d %i %u %x %X %o %p %s %c %%`. Flags `- 0 + space #`, a field width and a
 * precision (digits or `*`), and the length modifiers `hh h l ll z t j`. `%p` prints
 * `0x` and 16 hex digits; `%s` of NULL prints `(null)`. An unknown conversion is copied
 * to the output as it stands.
 *
 * @return the number of bytes produced.
 */
int format_vout(format_put_fn put, void *ctx, const char *fmt, va_list ap);

/**
 * Formats into @p buf like C's vsnprintf(): at most @p size - 1 bytes and a NUL
 * (nothing when @p size is 0).
 * @return the length the whole output would have; the output was cut if it is >= @p size.
 */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/** Like kvsnprintf(), with the arguments given directly. */
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
