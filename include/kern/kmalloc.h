/** @file
 * The kernel heap: small objects from per-size-class pages, large ones as pages. */
#ifndef KERN_KMALLOC_H
#define KERN_KMALLOC_H

#include <stddef.h>
#include <stdint.h>

/** Largest size served from a size-class page; larger requests get whole pages. */
#define KMALLOC_SMALL_MAX 2016

/**
 * Where the heap gets memory. The kernel's backend (src/mm/heap_kernel.c) takes frames through
 * the direct map and maps large blocks, each followed by a guard page, in the heap area;
 * host tests plug in the C library.
 */
struct heap_backend {
	void *(*page_alloc)(void);                  /**< one page-aligned page, or NULL */
	void (*page_free)(void *page);
	void *(*pages_alloc)(size_t npages);        /**< npages contiguous pages, or NULL */
	void (*pages_free)(void *first, size_t npages);
	unsigned long (*lock)(void);                /**< enter the heap's critical section */
	void (*unlock)(unsigned long state);
	int poison;  /**< debug checks: poison freed memory, redzones after objects, double frees */
};

/** Starts the heap on @p backend (copied). Call once, before the first kmalloc(). */
void heap_init(const struct heap_backend *backend);

/**
 * Allocates @p size bytes, 16-byte aligned.
 * @return the memory (not cleared), or NULL if @p size is 0 or memory ran out.
 * Callable with interrupts on or off; never blocks.
 */
void *kmalloc(size_t size);

/** kmalloc() and clear the memory. */
void *kzalloc(size_t size);

/**
 * Frees memory from kmalloc()/kzalloc(); NULL is ignored. Panics on a pointer the heap never
 * handed out; with the debug checks on, also on a double free, on a write past the object's
 * size (redzone) and, at the next allocation, on a write after free (poison).
 */
void kfree(void *p);

/** Bytes handed out and not yet freed (each object counted at its size class). */
uint64_t heap_bytes_used(void);

/** Bytes the heap holds from its backend (pages of objects, large blocks, one cached page per class). */
uint64_t heap_bytes_total(void);

/** Objects handed out and not yet freed. */
uint64_t heap_objects(void);

#endif
