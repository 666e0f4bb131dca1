/* memmap.c - firmware memory map to free physical ranges: sort, merge, subtract, carve. */
#include <kern/memmap.h>
#include <kern/param.h>
#include <stdbool.h>


static uint64_t page_down(uint64_t x) { return x & ~(PAGE_SIZE - 1); }

static uint64_t page_up(uint64_t x)
{
	uint64_t r = (x + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	return r < x ? ~(PAGE_SIZE - 1) : r;  /* saturate instead of wrapping to 0 */
}

static void remove_at(struct memmap *m, size_t i)
{
	for (size_t j = i; j + 1 < m->count; j++)
		m->range[j] = m->range[j + 1];
	m->count--;
}

/* Inserts [base, end) keeping the ranges sorted and merging with neighbours it touches. */
static void insert_merged(struct memmap *m, uint64_t base, uint64_t end)
{
	size_t i = 0;
	while (i < m->count && m->range[i].end < base)
		i++;
	/* Everything from i on that overlaps or touches [base, end) merges into it. */
	while (i < m->count && m->range[i].base <= end) {
		if (m->range[i].base < base)
			base = m->range[i].base;
		if (m->range[i].end > end)
			end = m->range[i].end;
		remove_at(m, i);
	}
	if (m->count == MEMMAP_MAX) {
		m->dropped++;
		return;
	}
	for (size_t j = m->count; j > i; j--)
		m->range[j] = m->range[j - 1];
	m->range[i] = (struct phys_range){ base, end };
	m->count++;
}

void memmap_from_firmware(struct memmap *out, const struct boot_mem_region *map, size_t n)
{
	out->count = 0;
	out->dropped = 0;
	for (size_t i = 0; i < n; i++) {
		if (map[i].type != BOOT_MEM_USABLE)
			continue;
		uint64_t end = map[i].base + map[i].length;
		if (end < map[i].base)
			end = ~0ull;
		uint64_t b = page_up(map[i].base), e = page_down(end);
		if (b < e)
			insert_merged(out, b, e);
	}
	for (size_t i = 0; i < n; i++) {
		if (map[i].type == BOOT_MEM_USABLE)
			continue;
		uint64_t end = map[i].base + map[i].length;
		memmap_reserve(out, map[i].base, end < map[i].base ? ~0ull : end);
	}
}

void memmap_reserve(struct memmap *m, uint64_t base, uint64_t end)
{
	base = page_down(base);
	end = page_up(end);
	for (size_t i = 0; i < m->count;) {
		struct phys_range *r = &m->range[i];
		if (r->end <= base || r->base >= end) {
			i++;
			continue;
		}
		bool keep_low = r->base < base, keep_high = r->end > end;
		if (keep_low && keep_high) {
			/* Split in two. */
			if (m->count == MEMMAP_MAX) {
				m->dropped++;
				r->end = base;
				return;
			}
			for (size_t j = m->count; j > i + 1; j--)
				m->range[j] = m->range[j - 1];
			m->range[i + 1] = (struct phys_range){ end, r->end };
			r->end = base;
			m->count++;
			return;
		}
		if (keep_low) {
			r->end = base;
			i++;
		} else if (keep_high) {
			r->base = end;
			i++;
		} else {
			remove_at(m, i);
		}
	}
}

uint64_t memmap_take(struct memmap *m, uint64_t bytes, uint64_t limit)
{
	bytes = page_up(bytes);
	for (size_t i = 0; i < m->count; i++) {
		struct phys_range *r = &m->range[i];
		if (r->end - r->base >= bytes && r->base + bytes <= limit) {
			uint64_t at = r->base;
			r->base += bytes;
			if (r->base == r->end)
				remove_at(m, i);
			return at;
		}
	}
	return 0;
}

uint64_t memmap_bytes(const struct memmap *m)
{
	uint64_t sum = 0;
	for (size_t i = 0; i < m->count; i++)
		sum += m->range[i].end - m->range[i].base;
	return sum;
}

uint64_t memmap_end(const struct memmap *m)
{
	return m->count ? m->range[m->count - 1].end : 0;
}
