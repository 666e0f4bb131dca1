/* frame_bitmap.c - frame allocator: one bit per frame, searched a 64-bit word at a time from
 * where the last search succeeded (next fit). Selected by --with-frame-allocator=bitmap. */
#include "frame_pool.h"

const char frame_allocator_name[] = "bitmap";

static uint64_t hint;  /* word where the last allocation was found */

void frame_init(const struct memmap *m, void *meta, uintptr_t direct_base)
{
	hint = 0;
	frame_pool_init(m, meta, direct_base);
}

static uint64_t take(void)
{
	uint64_t words = (frame_pool.nframes + 63) / 64;
	if (frame_pool.free == 0)
		return 0;
	for (uint64_t n = 0, w = hint; n < words; n++, w = w + 1 == words ? 0 : w + 1) {
		uint64_t bits = frame_pool.bitmap[w];
		if (bits) {
			frame_pool.bitmap[w] = bits & (bits - 1);  /* clear the lowest set bit */
			frame_pool.free--;
			hint = w;
			return (frame_pool.first_frame + w * 64 + (uint64_t)__builtin_ctzll(bits)) *
			       PAGE_SIZE;
		}
	}
	return 0;
}

uint64_t frame_alloc(void)
{
	unsigned long s = frame_lock();
	uint64_t phys = take();
	frame_unlock(s);
	return phys;
}

int frame_free(uint64_t phys)
{
	unsigned long s = frame_lock();
	int err = frame_pool_mark_free(phys);
	frame_unlock(s);
	return err;
}
