/** @file
 * The user library's memory allocator (on top of sbrk) and exit(). */
#ifndef USER_STDLIB_H
#define USER_STDLIB_H

#include <stddef.h>
#include <syscalls.h>

/*
 * A first-fit allocator over one free list kept in address order; neighbouring free blocks
 * merge, and a free block of at least 64 KiB at the top of the heap goes back to the kernel
 * with sbrk(). Every pointer returned is 16-byte aligned. Not for use from two threads (a
 * process has one).
 */

/** @return @p size bytes of uninitialised memory, or NULL (also for @p size 0) */
void *malloc(size_t size);

/** Gives back memory from malloc(), calloc() or realloc(); NULL is ignored. */
void free(void *p);

/** @return @p n * @p size bytes of zeroed memory, or NULL (also on overflow) */
void *calloc(size_t n, size_t size);

/**
 * Resizes @p p to @p size bytes, keeping its contents up to the smaller size; may move it.
 * NULL @p p is malloc(); @p size 0 frees @p p and returns NULL.
 * @return the new pointer, or NULL (then @p p is untouched)
 */
void *realloc(void *p, size_t size);

#endif
