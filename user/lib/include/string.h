/** @file
 * Memory and string functions of the user library (C semantics): those of src/lib/string.c,
 * which the kernel uses too (declared in include/lib/string.h), plus strchr(). */
#ifndef USER_STRING_H
#define USER_STRING_H

#include <lib/string.h>

/** @return the first @p c in @p s (which may be its NUL), or NULL */
char *strchr(const char *s, int c);

#endif
