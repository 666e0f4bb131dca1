/* mm_bench.c - benchmarks of the frame allocator and the heap (see doc/memory.md). */
#include <kern/arch.h>
#include "bench.h"
#include <kern/frame.h>
#include <kern/kmalloc.h>
#include <lib/panic.h>
#include <lib/format.h>

#define PAIRS 8192      /* alloc+free pairs per figure */
#define BATCH 256
#define SPARSE_BATCH 32 /* fits the free frames of a fragmented 32 MiB pool */

static void report_frames(const char *figure, uint64_t ticks)
{
	char params[64];
	ksnprintf(params, sizeof(params), "allocator=%s mem=%luM", frame_allocator_name,
		  bench_mem_mib());
	bench_report(figure, params, ticks);
}

/* Ticks per frame_alloc() + frame_free(), in batches so the allocator's search state moves
 * (a single pair would always hit the same bitmap word or list head). */
static uint64_t alloc_free_batches(int batch)
{
	uint64_t pa[BATCH];
	uint64_t start = arch_cycles();
	for (int r = 0; r < PAIRS / batch; r++) {
		for (int i = 0; i < batch; i++)
			pa[i] = frame_alloc();
		for (int i = 0; i < batch; i++)
			KASSERT(frame_free(pa[i]) == 0);
	}
	return (arch_cycles() - start) / PAIRS;
}

BENCH(frame)
{
	/* Warm up: the free list's fresh frames and the bitmap's hint settle. */
	alloc_free_batches(BATCH);
	report_frames("frame_alloc_free", alloc_free_batches(BATCH));

	/* Fragmented pool: every frame taken, then one in 512 given back, so free frames are
	 * scattered one per eight bitmap words. */
	uint64_t span = 0, pa;
	uint64_t *held = 0;
	/* What we take is recorded in a bitmap from the heap, indexed by frame number. */
	uint64_t first = ~0ull, max_frame = 0;
	for (;;) {
		pa = frame_alloc();
		if (!pa)
			break;
		if (!held) {
			/* Sized for the whole physical range the pool can hand out. */
			span = (bench_mem_mib() + 4096) << 8;  /* frames, with room for holes */
			held = kzalloc(span / 8 + 8);
			KASSERT(held);
		}
		uint64_t f = pa / PAGE_SIZE;
		KASSERT(f < span);
		held[f / 64] |= 1ull << (f % 64);
		if (f > max_frame)
			max_frame = f;
		if (f < first)
			first = f;
	}
	uint64_t n = 0;
	for (uint64_t f = first; f <= max_frame; f++)
		if (held[f / 64] >> (f % 64) & 1 && n++ % 512 == 0) {
			held[f / 64] &= ~(1ull << (f % 64));
			frame_free(f * PAGE_SIZE);
		}
	report_frames("frame_alloc_free_fragmented", alloc_free_batches(SPARSE_BATCH));
	for (uint64_t f = first; f <= max_frame; f++)
		if (held[f / 64] >> (f % 64) & 1)
			frame_free(f * PAGE_SIZE);
	kfree(held);
}

static uint64_t kmalloc_pairs(size_t size)
{
	void *p[64];
	uint64_t start = arch_cycles();
	for (int r = 0; r < PAIRS / 64 / 4; r++) {
		for (int i = 0; i < 64; i++)
			p[i] = kmalloc(size);
		for (int i = 0; i < 64; i++)
			kfree(p[i]);
	}
	return (arch_cycles() - start) / (PAIRS / 4);
}

BENCH(kmalloc)
{
	static const size_t sizes[] = { 64, 1000, 16384 };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char params[32];
		kmalloc_pairs(sizes[i]);  /* warm up */
		ksnprintf(params, sizeof(params), "size=%zu", sizes[i]);
		bench_report("kmalloc_free", params, kmalloc_pairs(sizes[i]));
	}
}
