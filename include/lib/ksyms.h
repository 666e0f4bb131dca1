/** @file
 * The kernel's own symbol table, for backtraces that name functions. */
#ifndef LIB_KSYMS_H
#define LIB_KSYMS_H

#include <stdint.h>

/**
 * Finds the function containing kernel address @p addr.
 * @return its name and sets *offset to addr minus its start; NULL if @p addr is not in the
 *         kernel's text.
 */
const char *ksym_lookup(uint64_t addr, uint64_t *offset);

#endif
