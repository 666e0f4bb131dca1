/* frame_freelist.c - frame allocator: a stack of free frames threaded through the frames
 * themselves (each free frame holds the address of the next), O(1) push and pop. Frames never
 * handed out yet are taken in address order from the pool's ranges, so boot touches no frame.
 * The shared bitmap only records which frames are free, to catch double frees.
 * Selected by --with-frame-allocator=freelist. */
#include "frame_pool.h"

const char frame_allocator_name[] = "freelist";

static uint64_t head;        /* physical address of the first freed frame; 0: none */
static size_t fresh_range;   /* range the never-used frames come from */
static uint64_t fresh_next;  /* next never-used frame in it */

static uint64_t *frame_link(uint64_t phys)
{
	return (uint64_t *)(frame_pool.direct_base + phys);
}

void frame_init(const struct memmap *m, void *meta, uintptr_t direct_base)
{
	head = 0;
	fresh_range = 0;
	fresh_next = m->count ? m->range[0].base : 0;
	frame_pool_init(m, meta, direct_base);
}

static uint64_t take_fresh(void)
{
	const struct memmap *r = &frame_pool.ranges;
	while (fresh_range < r->count && fresh_next >= r->range[fresh_range].end) {
		if (++fresh_range < r->count)
			fresh_next = r->range[fresh_range].base;
	}
	if (fresh_range >= r->count)
		return 0;
	uint64_t phys = fresh_next;
	fresh_next += PAGE_SIZE;
	return phys;
}

uint64_t frame_alloc(void)
{
	unsigned long s = frame_lock();
	uint64_t phys = head;
	if (phys)
		head = *frame_link(phys);
	else
		phys = take_fresh();
	if (phys) {
		uint64_t idx = phys / PAGE_SIZE - frame_pool.first_frame;
		*frame_pool_word(idx) &= ~frame_pool_bit(idx);
		frame_pool.free--;
	}
	frame_unlock(s);
	return phys;
}

int frame_free(uint64_t phys)
{
	unsigned long s = frame_lock();
	int err = frame_pool_mark_free(phys);
	if (!err) {
		*frame_link(phys) = head;
		head = phys;
	}
	frame_unlock(s);
	return err;
}
