/* frame_pool.h - state shared by both frame allocators (private to src/mm/frame_*.c). */
#ifndef MM_FRAME_POOL_H
#define MM_FRAME_POOL_H

#include <kern/errno.h>
#include <kern/frame.h>
#include <stdbool.h>

/**
 * The pool: its ranges, and one bit per frame from first_frame to last_frame (1 = free).
 * Frames in the holes between ranges have their bit clear forever.
 */
struct frame_pool {
	struct memmap ranges;
	uint64_t first_frame;   /* frame number of the lowest frame in the pool */
	uint64_t nframes;       /* bits in the bitmap */
	uint64_t *bitmap;
	uint64_t total;
	uint64_t free;
	uint64_t meta_bytes;
	uintptr_t direct_base;
};

extern struct frame_pool frame_pool;

/**
 * The allocator's critical section: the kernel disables interrupts (src/mm/frame_lock.c),
 * host tests need nothing. The returned state goes to frame_unlock().
 */
unsigned long frame_lock(void);
void frame_unlock(unsigned long state);

/** Sets up frame_pool from @p m, its bitmap in @p meta, every pool frame marked free. */
void frame_pool_init(const struct memmap *m, void *meta, uintptr_t direct_base);

/** True if @p phys is a page-aligned address inside one of the pool's ranges. */
bool frame_pool_contains(uint64_t phys);

static inline uint64_t *frame_pool_word(uint64_t idx) { return &frame_pool.bitmap[idx / 64]; }
static inline uint64_t frame_pool_bit(uint64_t idx) { return 1ull << (idx % 64); }

/** Checks a frame being freed and marks it free in the bitmap; 0 or a negative errno. */
static inline int frame_pool_mark_free(uint64_t phys)
{
	if (!frame_pool_contains(phys))
		return -EINVAL;
	uint64_t idx = phys / PAGE_SIZE - frame_pool.first_frame;
	uint64_t *w = frame_pool_word(idx);
	if (*w & frame_pool_bit(idx))
		return -EALREADY;
	*w |= frame_pool_bit(idx);
	frame_pool.free++;
	return 0;
}

#endif
