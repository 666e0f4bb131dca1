/* kmalloc.c - the kernel heap: size-class pages for small objects, whole pages for large ones.
 *
 * Every page the heap gets starts with a 64-byte header, so kfree() finds the header of any
 * object by rounding its address down to a page. A small-object page holds objects of one size
 * class on a free list; classes are sized so their objects fill the 4032 bytes after the header.
 * Pure C over struct heap_backend, so the host tests run it unchanged. */
#include <kern/kmalloc.h>
#include <kern/param.h>
#include <lib/panic.h>
#include <lib/string.h>

#define HEADER 64u
#define PAYLOAD (PAGE_SIZE - HEADER)
#define MAGIC_SMALL 0x534C4142u  /* "SLAB" */
#define MAGIC_LARGE 0x4C415247u  /* "LARG" */
#define POISON_FREE 0x6B
#define REDZONE_BYTE 0xA5
#define REDZONE_MIN 8    /* debug builds: at least this many guard bytes after an object */
#define NCLASSES 8

static const uint32_t class_size[NCLASSES] = { 16, 32, 64, 128, 256, 496, 1008, 2016 };

struct page_header {
	uint32_t magic;
	uint32_t class_idx;       /* small: index into class_size */
	uint32_t inuse;           /* small: objects handed out */
	uint32_t capacity;        /* small: objects in the page */
	uint64_t npages;          /* large: pages in the block */
	void *free;               /* small: first free object */
	struct page_header *next; /* small: the class's list of pages with free objects */
	struct page_header *prev;
	uint64_t pad;
};

_Static_assert(sizeof(struct page_header) <= HEADER, "page header fits its slot");

struct size_class {
	struct page_header *partial;  /* pages with at least one free object */
	uint32_t empty;               /* pages on that list with no object in use */
};

static struct heap_backend be;
static struct size_class classes[NCLASSES];
static uint64_t bytes_used, bytes_total, objects;

void heap_init(const struct heap_backend *backend)
{
	be = *backend;
	memset(classes, 0, sizeof(classes));
	bytes_used = bytes_total = objects = 0;
}

static int class_for(size_t size)
{
	for (int i = 0; i < NCLASSES; i++)
		if (size <= class_size[i])
			return i;
	return -1;
}

static void list_add(struct size_class *c, struct page_header *h)
{
	h->prev = 0;
	h->next = c->partial;
	if (c->partial)
		c->partial->prev = h;
	c->partial = h;
}

static void list_remove(struct size_class *c, struct page_header *h)
{
	if (h->prev)
		h->prev->next = h->next;
	else
		c->partial = h->next;
	if (h->next)
		h->next->prev = h->prev;
}

static struct page_header *page_new(int ci)
{
	struct page_header *h = be.page_alloc();
	if (!h)
		return 0;
	bytes_total += PAGE_SIZE;
	uint32_t size = class_size[ci];
	*h = (struct page_header){ .magic = MAGIC_SMALL, .class_idx = (uint32_t)ci,
				   .capacity = PAYLOAD / size };
	/* Thread the free list through the objects, lowest address first. */
	char *base = (char *)h + HEADER;
	for (uint32_t i = h->capacity; i-- > 0;) {
		void **obj = (void **)(base + i * size);
		if (be.poison)
			memset(obj, POISON_FREE, size);
		*obj = h->free;
		h->free = obj;
	}
	return h;
}

static void check_poison(void *obj, uint32_t size)
{
	const unsigned char *p = obj;
	for (uint32_t i = sizeof(void *); i < size; i++)
		if (p[i] != POISON_FREE)
			panic("kmalloc: object %p (size %u) was written after it was freed", obj, size);
}

/* Debug builds: the bytes between the requested size and the end of the slot are a redzone,
 * and the slot's last four bytes remember the requested size, so kfree() can tell an overrun. */
static void redzone_set(void *obj, uint32_t slot, size_t size)
{
	uint32_t want = (uint32_t)size;
	memset((char *)obj + size, REDZONE_BYTE, slot - size - sizeof(want));
	memcpy((char *)obj + slot - sizeof(want), &want, sizeof(want));
}

static void redzone_check(void *obj, uint32_t slot)
{
	uint32_t size;
	memcpy(&size, (char *)obj + slot - sizeof(size), sizeof(size));
	if (size > slot - sizeof(size) - REDZONE_MIN)
		panic("kfree: object %p (size class %u) has a damaged redzone", obj, slot);
	for (uint32_t i = size; i < slot - sizeof(size); i++)
		if (((unsigned char *)obj)[i] != REDZONE_BYTE)
			panic("kfree: heap overrun: %p was written %u bytes past its %u", obj,
			      i - size + 1, size);
}

static void *small_alloc(int ci)
{
	struct size_class *c = &classes[ci];
	struct page_header *h = c->partial;
	if (!h) {
		if (!(h = page_new(ci)))
			return 0;
		list_add(c, h);
		c->empty++;
	}
	void **obj = h->free;
	h->free = *obj;
	if (h->inuse++ == 0)
		c->empty--;
	if (!h->free)
		list_remove(c, h);
	if (be.poison)
		check_poison(obj, class_size[ci]);
	bytes_used += class_size[ci];
	return obj;
}

static void small_free(struct page_header *h, void *p)
{
	uint32_t size = class_size[h->class_idx];
	uintptr_t off = (uintptr_t)p - ((uintptr_t)h + HEADER);
	if (off % size || off / size >= h->capacity)
		panic("kfree: %p is not the start of an object", p);
	if (be.poison) {
		/* Debug builds look for the object on its page's free list (at most 252 long). */
		for (void **f = h->free; f; f = *f)
			if (f == p)
				panic("kfree: double free of %p", p);
		redzone_check(p, size);
		memset(p, POISON_FREE, size);
	}
	struct size_class *c = &classes[h->class_idx];
	if (!h->free)
		list_add(c, h);
	*(void **)p = h->free;
	h->free = p;
	bytes_used -= size;
	if (--h->inuse == 0) {
		/* Keep one empty page per class as a cache; give the others back. */
		if (c->empty >= 1) {
			list_remove(c, h);
			h->magic = 0;
			be.page_free(h);
			bytes_total -= PAGE_SIZE;
		} else {
			c->empty++;
		}
	}
}

static void *large_alloc(size_t size)
{
	if (size > (size_t)1 << 40)
		return 0;
	size_t npages = (size + HEADER + PAGE_SIZE - 1) / PAGE_SIZE;
	struct page_header *h = be.pages_alloc(npages);
	if (!h)
		return 0;
	*h = (struct page_header){ .magic = MAGIC_LARGE, .npages = npages };
	bytes_total += npages * PAGE_SIZE;
	bytes_used += npages * PAGE_SIZE - HEADER;
	return (char *)h + HEADER;
}

void *kmalloc(size_t size)
{
	if (size == 0)
		return 0;
	unsigned long s = be.lock();
	/* Debug builds leave room for a redzone and the remembered size. */
	int ci = class_for(be.poison ? size + REDZONE_MIN + sizeof(uint32_t) : size);
	void *p = ci >= 0 ? small_alloc(ci) : large_alloc(size);
	if (p) {
		objects++;
		if (be.poison && ci >= 0)
			redzone_set(p, class_size[ci], size);
	}
	be.unlock(s);
	return p;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *p)
{
	if (!p)
		return;
	struct page_header *h = (struct page_header *)((uintptr_t)p & ~(uintptr_t)(PAGE_SIZE - 1));
	unsigned long s = be.lock();
	if (h->magic == MAGIC_SMALL) {
		small_free(h, p);
	} else if (h->magic == MAGIC_LARGE && (char *)p == (char *)h + HEADER) {
		size_t npages = h->npages;
		h->magic = 0;
		bytes_total -= npages * PAGE_SIZE;
		bytes_used -= npages * PAGE_SIZE - HEADER;
		be.pages_free(h, npages);
	} else {
		panic("kfree: %p was not handed out by kmalloc", p);
	}
	objects--;
	be.unlock(s);
}

uint64_t heap_bytes_used(void) { return bytes_used; }
uint64_t heap_bytes_total(void) { return bytes_total; }
uint64_t heap_objects(void) { return objects; }
