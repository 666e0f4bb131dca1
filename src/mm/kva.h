/* kva.h - allocating page runs in a kernel virtual area (private to src/mm). */
#ifndef MM_KVA_H
#define MM_KVA_H

#include <stdint.h>

#define KVA_AREA_PAGES (1u << 18) /* 1 GiB of 4 KiB pages */

/** A kernel virtual area: one bit per page (1 = taken), searched first-fit. */
struct kva_area {
	uintptr_t base;
	uint64_t first_free;  /* no page below this one is free */
	uint64_t bitmap[KVA_AREA_PAGES / 64];
};

/** Reserves @p npages consecutive pages; returns the first one's address, or 0. */
uintptr_t kva_alloc(struct kva_area *a, uint64_t npages);

/** Releases @p npages pages from @p va. */
void kva_free(struct kva_area *a, uintptr_t va, uint64_t npages);

/**
 * Maps @p npages fresh frames at @p va (writable, owned by the mapping, no-execute).
 * @return 0, or -ENOMEM after undoing what it mapped.
 */
int kva_populate(uintptr_t va, uint64_t npages);

/** Unmaps @p npages pages from @p va, freeing their frames. */
void kva_depopulate(uintptr_t va, uint64_t npages);

#endif
