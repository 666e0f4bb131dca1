/** @file
 * Reading `key=value` words from the kernel command line (pure C). */
#ifndef LIB_CMDLINE_H
#define LIB_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/**
 * Looks for the word @p key or `key=value` in the space-separated @p cmdline.
 * On a match copies the value (empty for a bare `key`) into @p val of @p cap bytes,
 * NUL-terminated and cut to fit, and returns true. The last occurrence wins.
 * @p val may be NULL to test for presence only.
 */
bool cmdline_get(const char *cmdline, const char *key, char *val, size_t cap);

#endif
