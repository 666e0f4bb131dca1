/* heap_kernel.c - the kernel heap's backend: frames through the direct map for size-class
 * pages, and page runs in the heap area, each followed by an unmapped guard page, for large
 * blocks. */
#include <kern/kmalloc.h>
#include <kern/arch.h>
#include <kern/frame.h>
#include <kern/param.h>
#include "kva.h"

static struct kva_area heap_area = { .base = ARCH_KHEAP_AREA };

static void *page_alloc(void)
{
	uint64_t pa = frame_alloc();
	return pa ? arch_phys_to_virt(pa) : 0;
}

static void page_free(void *page)
{
	frame_free(arch_virt_to_phys(page));
}

static void *pages_alloc(size_t npages)
{
	uintptr_t va = kva_alloc(&heap_area, npages + 1);  /* + the guard page after */
	if (!va)
		return 0;
	if (kva_populate(va, npages) < 0) {
		kva_free(&heap_area, va, npages + 1);
		return 0;
	}
	return (void *)va;
}

static void pages_free(void *first, size_t npages)
{
	kva_depopulate((uintptr_t)first, npages);
	kva_free(&heap_area, (uintptr_t)first, npages + 1);
}

static unsigned long heap_lock(void)
{
	return arch_irq_save();
}

static void heap_unlock(unsigned long state)
{
	arch_irq_restore(state);
}

void heap_kernel_init(void);
void heap_kernel_init(void)
{
	const struct heap_backend be = {
		.page_alloc = page_alloc,
		.page_free = page_free,
		.pages_alloc = pages_alloc,
		.pages_free = pages_free,
		.lock = heap_lock,
		.unlock = heap_unlock,
		.poison = CONFIG_DEBUG,
	};
	heap_init(&be);
}
