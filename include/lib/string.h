/** @file
 * The freestanding kernel's memory and string functions (C semantics). */
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include <stddef.h>

/* The compiler may emit calls to the first four itself, so they keep their C names. */
/** Copies @p n bytes (the ranges must not overlap). @return @p dst */
void *memcpy(void *dst, const void *src, size_t n);
/** Copies @p n bytes; the ranges may overlap. @return @p dst */
void *memmove(void *dst, const void *src, size_t n);
/** Fills @p n bytes with (unsigned char)@p c. @return @p dst */
void *memset(void *dst, int c, size_t n);
/** Compares @p n bytes. @return <0, 0 or >0 as in C */
int memcmp(const void *a, const void *b, size_t n);
/**
 * memcpy() without the call, for the short copies of hot paths (IPC messages): 8-byte words,
 * then the last bytes, one string instruction each.
 */
static inline void memcpy_inline(void *dst, const void *src, size_t n)
{
	size_t words = n / 8, tail = n % 8;
	__asm__ volatile("rep movsq\n\tmov rcx, %[tail]\n\trep movsb"
			 : "+D"(dst), "+S"(src), "+c"(words)
			 : [tail] "r"(tail)
			 : "memory");
}

/** Length of @p s without its NUL. */
size_t strlen(const char *s);
/** Length of @p s, but at most @p max (the string need not be NUL-terminated within @p max). */
size_t strnlen(const char *s, size_t max);
/** Compares two strings. @return <0, 0 or >0 as in C */
int strcmp(const char *a, const char *b);
/** Compares at most @p n bytes of two strings. @return <0, 0 or >0 as in C */
int strncmp(const char *a, const char *b, size_t n);
/**
 * Copies @p src into @p dst of @p cap bytes, always NUL-terminating when @p cap > 0.
 * @return strlen(@p src); the copy was cut if that is >= @p cap.
 */
size_t strlcpy(char *dst, const char *src, size_t cap);

#endif
