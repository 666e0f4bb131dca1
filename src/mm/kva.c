/* kva.c - page runs in the kernel's stack and heap areas, mapped on demand. */
#include "kva.h"
#include <kern/param.h>
#include <lib/panic.h>
#include <kern/vm.h>

static bool page_taken(const struct kva_area *a, uint64_t i)
{
	return a->bitmap[i / 64] >> (i % 64) & 1;
}

static void set_pages(struct kva_area *a, uint64_t first, uint64_t n, bool taken)
{
	for (uint64_t i = first; i < first + n; i++) {
		if (taken)
			a->bitmap[i / 64] |= 1ull << (i % 64);
		else
			a->bitmap[i / 64] &= ~(1ull << (i % 64));
	}
}

uintptr_t kva_alloc(struct kva_area *a, uint64_t npages)
{
	if (npages == 0 || npages > KVA_AREA_PAGES)
		return 0;
	/* First fit from the lowest free page: reusing low addresses keeps the area's page
	 * tables (made on first use, never freed) from growing as stacks come and go. */
	uint64_t run = 0, start = 0;
	for (uint64_t i = a->first_free; i < KVA_AREA_PAGES; i++) {
		if (page_taken(a, i)) {
			run = 0;
			continue;
		}
		if (run++ == 0)
			start = i;
		if (run == npages) {
			set_pages(a, start, npages, true);
			if (start == a->first_free)
				a->first_free = start + npages;
			return a->base + start * PAGE_SIZE;
		}
	}
	return 0;
}

void kva_free(struct kva_area *a, uintptr_t va, uint64_t npages)
{
	uint64_t first = (va - a->base) / PAGE_SIZE;
	KASSERT(va >= a->base && first + npages <= KVA_AREA_PAGES);
	set_pages(a, first, npages, false);
	if (first < a->first_free)
		a->first_free = first;
}

int kva_populate(uintptr_t va, uint64_t npages)
{
	return vm_map_new(vm_kernel_space(), va, va + npages * PAGE_SIZE, VM_WRITE, false);
}

void kva_depopulate(uintptr_t va, uint64_t npages)
{
	KASSERT(vm_unmap_range(vm_kernel_space(), va, va + npages * PAGE_SIZE) == npages);
}
