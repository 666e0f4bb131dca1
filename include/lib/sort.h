/** @file
 * Sorting the few numbers a measurement takes (calibration rounds, benchmark samples). */
#ifndef LIB_SORT_H
#define LIB_SORT_H

#include <stddef.h>
#include <stdint.h>

/** Sorts the @p n values of @p v in ascending order (insertion sort: for tens of values). */
static inline void sort_u64(uint64_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

#endif
