/* malloc.c - the user library's first-fit allocator over sbrk(), with merging and trimming. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_ALIGN 16
#define GROW_MIN (64 * 1024)    /* the heap grows by at least this much */
#define TRIM_MIN (128 * 1024)   /* a free top block this big shrinks back to GROW_MIN */

/* Every block starts with this header. size counts the header and is a multiple of
 * BLOCK_ALIGN; next links the free blocks in address order and is unused while allocated. */
struct mblock {
	size_t size;
	struct mblock *next;
};
_Static_assert(sizeof(struct mblock) == BLOCK_ALIGN, "payloads stay 16-byte aligned");

static struct mblock *free_list;

/* Block size for a request of n bytes, or 0 if it cannot be represented. */
static size_t block_size(size_t n)
{
	if (n > SIZE_MAX / 2)
		return 0;
	return (n + sizeof(struct mblock) + BLOCK_ALIGN - 1) & ~(size_t)(BLOCK_ALIGN - 1);
}

static char *block_end(struct mblock *b)
{
	return (char *)b + b->size;
}

/* Puts b on the free list in address order, merging it with free neighbours it touches.
 * Returns the block b ended up in. */
static struct mblock *list_insert(struct mblock *b)
{
	struct mblock *prev = NULL, *cur = free_list;
	while (cur && cur < b) {
		prev = cur;
		cur = cur->next;
	}
	b->next = cur;
	if (prev)
		prev->next = b;
	else
		free_list = b;
	if (cur && block_end(b) == (char *)cur) {
		b->size += cur->size;
		b->next = cur->next;
	}
	if (prev && block_end(prev) == (char *)b) {
		prev->size += b->size;
		prev->next = b->next;
		b = prev;
	}
	return b;
}

/* Takes the first free block of at least need bytes off the list, splitting off the rest
 * when it is big enough to be a block of its own. */
static struct mblock *take_first_fit(size_t need)
{
	struct mblock **link = &free_list;
	for (struct mblock *b = free_list; b; link = &b->next, b = b->next) {
		if (b->size < need)
			continue;
		if (b->size - need >= 2 * sizeof(struct mblock)) {
			struct mblock *rest = (struct mblock *)((char *)b + need);
			rest->size = b->size - need;
			rest->next = b->next;
			b->size = need;
			*link = rest;
		} else {
			*link = b->next;
		}
		return b;
	}
	return NULL;
}

/* Adds at least need bytes of new memory from sbrk() to the free list. */
static bool heap_grow(size_t need)
{
	char *brk = sbrk(0);
	if (brk == (char *)-1)
		return false;
	size_t pad = (size_t)(-(uintptr_t)brk) & (BLOCK_ALIGN - 1);
	size_t inc = need < GROW_MIN ? GROW_MIN : need;
	if (sbrk((intptr_t)(inc + pad)) != brk)
		return false;
	struct mblock *b = (struct mblock *)(brk + pad);
	b->size = inc;
	list_insert(b);
	return true;
}

/* Gives the kernel back most of b if it is a big free block that ends at the break. */
static void heap_trim(struct mblock *b)
{
	if (b->next || b->size < TRIM_MIN || sbrk(0) != block_end(b))
		return;
	size_t release = b->size - GROW_MIN;
	if (sbrk(-(intptr_t)release) != (void *)-1)
		b->size = GROW_MIN;
}

void *malloc(size_t size)
{
	size_t need = block_size(size);
	if (size == 0 || need == 0)
		return NULL;
	struct mblock *b = take_first_fit(need);
	if (!b && heap_grow(need))
		b = take_first_fit(need);
	return b ? b + 1 : NULL;
}

void free(void *p)
{
	if (!p)
		return;
	struct mblock *b = (struct mblock *)p - 1;
	heap_trim(list_insert(b));
}

void *calloc(size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	void *p = malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *realloc(void *p, size_t size)
{
	if (!p)
		return malloc(size);
	if (size == 0) {
		free(p);
		return NULL;
	}
	struct mblock *b = (struct mblock *)p - 1;
	size_t have = b->size - sizeof(struct mblock);
	if (have >= size)
		return p;
	void *q = malloc(size);
	if (q) {
		memcpy(q, p, have);
		free(p);
	}
	return q;
}
