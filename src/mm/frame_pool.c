/* frame_pool.c - the part both frame allocators share: pool ranges and the per-frame bitmap. */
#include "frame_pool.h"
#include <lib/string.h>

struct frame_pool frame_pool;

uint64_t frame_meta_size(const struct memmap *m)
{
	if (m->count == 0)
		return 0;
	uint64_t frames = (memmap_end(m) - m->range[0].base) / PAGE_SIZE;
	return (frames + 63) / 64 * 8;
}

void frame_pool_init(const struct memmap *m, void *meta, uintptr_t direct_base)
{
	memset(&frame_pool, 0, sizeof(frame_pool));
	frame_pool.direct_base = direct_base;
	if (m->count == 0)
		return;
	memcpy(&frame_pool.ranges, m, sizeof(*m));

	uint64_t first = m->range[0].base / PAGE_SIZE;
	frame_pool.first_frame = first;
	frame_pool.nframes = memmap_end(m) / PAGE_SIZE - first;
	frame_pool.bitmap = meta;
	frame_pool.meta_bytes = frame_meta_size(m);
	memset(meta, 0, frame_pool.meta_bytes);

	/* Mark each range's frames free, whole words at a time where possible. */
	for (size_t i = 0; i < m->count; i++) {
		uint64_t a = m->range[i].base / PAGE_SIZE - first;
		uint64_t b = m->range[i].end / PAGE_SIZE - first;
		frame_pool.total += b - a;
		for (; a < b && a % 64; a++)
			*frame_pool_word(a) |= frame_pool_bit(a);
		for (; a + 64 <= b; a += 64)
			*frame_pool_word(a) = ~0ull;
		for (; a < b; a++)
			*frame_pool_word(a) |= frame_pool_bit(a);
	}
	frame_pool.free = frame_pool.total;
}

bool frame_pool_contains(uint64_t phys)
{
	if (phys % PAGE_SIZE)
		return false;
	const struct memmap *m = &frame_pool.ranges;
	size_t lo = 0, hi = m->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (phys >= m->range[mid].end)
			lo = mid + 1;
		else if (phys < m->range[mid].base)
			hi = mid;
		else
			return true;
	}
	return false;
}

uint64_t frame_total(void) { return frame_pool.total; }
uint64_t frame_free_count(void) { return frame_pool.free; }
uint64_t frame_meta_bytes(void) { return frame_pool.meta_bytes; }
