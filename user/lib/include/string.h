/** @file
 * Memory and string functions of the user library (C semantics): those of src/lib/string.c,
 * which the kernel uses too (declared in include/lib/string.h), plus strchr() and strerror(). */
#ifndef USER_STRING_H
#define USER_STRING_H

#include <lib/string.h>

/** @return the first @p c in @p s (which may be its NUL), or NULL */
char *strchr(const char *s, int c);

/** @return a short text for the error number @p errnum (positive: strerror(-r) for a call's
 *          result r), "unknown error" for one the ABI does not have */
const char *strerror(int errnum);

#endif
