/* string.c - memory and string functions for the freestanding kernel. */
#include <lib/string.h>
#include <stdint.h>

/* The copies and fills below move whole 8-byte words with one string instruction and only the
 * last few bytes one at a time: a rep-prefixed instruction handles one element per iteration,
 * so words take an eighth of the iterations bytes would (under QEMU's -icount, every iteration
 * counts as an instruction). x86 needs no alignment for this to be correct. */

void *memcpy(void *dst, const void *src, size_t n)
{
	memcpy_inline(dst, src, n);
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		return memcpy(dst, src, n);
	/* Overlap with dst above src: copy backwards, so every byte is read before it is
	 * overwritten: first the bytes after the last whole word, from the top byte down, then
	 * the words, from the top word down. The direction flag is set and cleared within one
	 * statement, since compiled code expects it clear. */
	size_t words = n / 8, tail = n % 8;
	unsigned char *dt = d + n - 1;
	const unsigned char *st = s + n - 1;
	__asm__ volatile("std; rep movsb; cld" : "+D"(dt), "+S"(st), "+c"(tail) : : "memory");
	if (words) {
		unsigned char *dw = d + (words - 1) * 8;
		const unsigned char *sw = s + (words - 1) * 8;
		__asm__ volatile("std; rep movsq; cld" : "+D"(dw), "+S"(sw), "+c"(words) : : "memory");
	}
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	void *ret = dst;
	uint64_t fill = (unsigned char)c * 0x0101010101010101ull;  /* the byte in all eight */
	size_t words = n / 8, tail = n % 8;
	__asm__ volatile("rep stosq" : "+D"(dst), "+c"(words) : "a"(fill) : "memory");
	__asm__ volatile("rep stosb" : "+D"(dst), "+c"(tail) : "a"(fill) : "memory");
	return ret;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] - y[i];
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (a[i] != b[i] || !a[i])
			return (unsigned char)a[i] - (unsigned char)b[i];
	}
	return 0;
}

size_t strlcpy(char *dst, const char *src, size_t cap)
{
	size_t len = strlen(src);
	if (cap > 0) {
		size_t n = len < cap - 1 ? len : cap - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
