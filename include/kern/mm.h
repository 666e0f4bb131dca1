/** @file
 * Bringing memory management up at boot, and the counters user programs see. */
#ifndef KERN_MM_H
#define KERN_MM_H

#include <lib/bootinfo.h>
#include <stdint.h>

/**
 * Builds the frame pool, the kernel's page tables and the heap from the boot information:
 * usable RAM only, minus frame 0, the kernel image, the Multiboot information and the boot
 * modules. Call once at boot, after boot_info_load(). Panics if memory is too short to boot.
 */
void mm_init(const struct boot_info *bi);

/** Frames mm_init() took before the frame pool existed (boot page tables, the bitmap). */
uint64_t mm_boot_frames(void);

/** The ABI's meminfo figures (frames, heap bytes); struct layout as in the ABI. */
struct mm_info {
	uint64_t total_frames;
	uint64_t free_frames;
	uint64_t heap_used;
	uint64_t heap_total;
};

/** Fills @p out with the current counters. */
void mm_info_get(struct mm_info *out);

#endif
