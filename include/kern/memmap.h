/** @file
 * Turning the firmware's memory map into the list of free physical ranges (pure C). */
#ifndef KERN_MEMMAP_H
#define KERN_MEMMAP_H

#include <lib/bootinfo.h>
#include <stddef.h>
#include <stdint.h>

/**
 * Ranges a memmap can hold: enough that building it from a firmware map (each entry adds at
 * most one range) and then reserving the kernel, its boot information, page 0 and every boot
 * module (each adds at most one, by splitting a range) never fills it.
 */
#define MEMMAP_MAX (BOOT_MMAP_MAX + BOOT_MODULES_MAX + 16)

/** A half-open physical range [base, end). */
struct phys_range {
	uint64_t base;
	uint64_t end;
};

/** Usable physical memory: sorted, disjoint, page-aligned ranges. */
struct memmap {
	size_t count;
	struct phys_range range[MEMMAP_MAX];
	size_t dropped;  /**< free ranges lost because the table was full (logged at boot) */
};

/**
 * Builds @p out from a firmware memory map: the usable entries, merged where they overlap or
 * touch and shrunk to whole pages, minus every non-usable entry (reserved wins wherever the
 * firmware reports both). Entries may come in any order.
 */
void memmap_from_firmware(struct memmap *out, const struct boot_mem_region *map, size_t n);

/**
 * Removes [base, end) from @p m (the range is widened to whole pages first). Always complete:
 * if a split finds the table full, the free part above the range is dropped (counted in
 * m->dropped) rather than any of the range kept.
 */
void memmap_reserve(struct memmap *m, uint64_t base, uint64_t end);

/**
 * Takes @p bytes (rounded up to whole pages) from the start of the first range that has room
 * and ends at or below @p limit.
 * @return the physical address taken, or 0 if no range fits.
 */
uint64_t memmap_take(struct memmap *m, uint64_t bytes, uint64_t limit);

/** Total bytes in @p m. */
uint64_t memmap_bytes(const struct memmap *m);

/** End of the highest range in @p m (0 when empty). */
uint64_t memmap_end(const struct memmap *m);

#endif
