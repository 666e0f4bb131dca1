/** @file
 * The physical frame allocator: 4 KiB frames, one interface, two implementations
 * chosen by `--with-frame-allocator` (frame_bitmap.c or frame_freelist.c). */
#ifndef KERN_FRAME_H
#define KERN_FRAME_H

#include <kern/memmap.h>
#include <kern/param.h>
#include <stdint.h>


/** Bytes of metadata frame_init() needs for a pool made of @p m. */
uint64_t frame_meta_size(const struct memmap *m);

/**
 * Builds the pool from the free ranges of @p m (which must not contain frame 0). Call once at
 * boot (host tests may call it again to start over).
 * @param m            the free ranges
 * @param meta         frame_meta_size(m) bytes for the allocator's tables, outside the pool;
 *                     the allocator clears them
 * @param direct_base  virtual address of physical 0: frame p is reachable at direct_base + p
 */
void frame_init(const struct memmap *m, void *meta, uintptr_t direct_base);

/**
 * Takes one free frame. O(1) for the free list; a next-fit word scan for the bitmap.
 * @return its physical address (never 0), or 0 when no frame is free. The contents are
 *         whatever was there. Callable with interrupts on or off; never blocks.
 */
uint64_t frame_alloc(void);

/**
 * Gives frame @p phys back.
 * @return 0; -EINVAL if @p phys is not a frame of the pool (unaligned, outside the pool);
 *         -EALREADY if it is free already (a double free). Nothing changes on error.
 */
int frame_free(uint64_t phys);

/** Frames in the pool. */
uint64_t frame_total(void);

/** Frames free right now. */
uint64_t frame_free_count(void);

/** Bytes of metadata the allocator uses (for the docs' overhead figures). */
uint64_t frame_meta_bytes(void);

/** "bitmap" or "freelist". */
extern const char frame_allocator_name[];

#endif
