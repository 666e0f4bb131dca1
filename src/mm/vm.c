/* vm.c - address spaces over the architecture's page tables (kern/arch.h): the page-table
 * walk, mapping, unmapping and translating pages, creating and destroying spaces. vm_kernel.c
 * builds the kernel's space at boot with this walk; the vm lab (--with-lab=vm) replaces this
 * file. */
#include <kern/vm.h>
#include <kern/arch.h>
#include <kern/errno.h>
#include <kern/frame.h>
#include <kern/param.h>
#include <lib/panic.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <uapi/syscall.h>
#include "vm_private.h"

static struct vm_space kernel_space;
static struct memmap *boot_free;  /* where page tables come from while vm_init() runs */
static uint64_t table_pages;

void vm_tables_from(struct memmap *free)
{
	boot_free = free;
}

static bool canonical(uintptr_t va)
{
	return va < MK_USER_TOP || va >= ARCH_KERNEL_HALF;
}

uint64_t vm_table_alloc(void)
{
	/* While booting, tables must lie in what the boot page tables map. */
	uint64_t pa = boot_free ? memmap_take(boot_free, PAGE_SIZE, ARCH_BOOT_MAP_BYTES)
				: frame_alloc();
	if (!pa)
		return 0;
	memset(arch_phys_to_virt(pa), 0, PAGE_SIZE);
	table_pages++;
	return pa;
}

static void table_free(uint64_t pa)
{
	KASSERT(frame_free(pa) == 0);
	table_pages--;
}

static uint64_t *table_of(uint64_t entry)
{
	return arch_phys_to_virt(arch_pte_addr(entry));
}

/* Finds the entry for va at `level` (0: the table of pages), creating the tables above it when
 * `create` is set. Kernel-half top-level entries exist from boot on, since every space copies
 * them when it is created. */
static int walk(struct vm_space *vs, uintptr_t va, int level, bool create, uint64_t **entry)
{
	uint64_t *table = arch_phys_to_virt(vs->root);
	for (int l = VM_TOP; l > level; l--) {
		uint64_t *e = &table[arch_pt_index(va, l)];
		if (arch_pte_present(*e) && arch_pte_large(*e))
			return -EINVAL;  /* inside a large page */
		if (!arch_pte_present(*e)) {
			if (!create)
				return -ENOENT;
			if (l == VM_TOP && va >= ARCH_KERNEL_HALF && !boot_free)
				panic("vm: kernel top-level slot %u was not set up at boot",
				      arch_pt_index(va, VM_TOP));
			uint64_t t = vm_table_alloc();
			if (!t)
				return -ENOMEM;
			vs->frames++;
			*e = arch_pte_table(t, va < MK_USER_TOP);
		}
		table = table_of(*e);
	}
	*entry = &table[arch_pt_index(va, level)];
	return 0;
}

/* walk() for vm_kernel.c, at the levels it needs. Each call passes its level as a constant,
 * so that the compiler still sees that every walk looks at the top table (level < VM_TOP) and
 * keeps the hot callers' code as short as it was. */
int vm_walk(struct vm_space *vs, uintptr_t va, int level, bool create, uint64_t **entry)
{
	switch (level) {
	case 0:
		return walk(vs, va, 0, create, entry);
	case 1:
		return walk(vs, va, 1, create, entry);
	case VM_TOP - 1:
		return walk(vs, va, VM_TOP - 1, create, entry);
	default:
		return -EINVAL;
	}
}

static bool space_active(const struct vm_space *vs)
{
	return arch_page_root() == vs->root;
}

/* Page tables change with interrupts off: a preempting task may map pages too. */
int vm_map_page(struct vm_space *vs, uintptr_t va, uint64_t pa, unsigned flags)
{
	if ((va | pa) % PAGE_SIZE || !canonical(va) || arch_pte_addr(pa) != pa)
		return -EINVAL;
	if (!!(flags & VM_USER) != (va < MK_USER_TOP))
		return -EINVAL;
	unsigned long s = arch_irq_save();
	uint64_t *e;
	int err = walk(vs, va, 0, true, &e);
	if (!err && arch_pte_present(*e))
		err = -EEXIST;
	if (!err) {
		*e = arch_pte_leaf(pa, va, flags, 0);
		vs->frames++;
	}
	arch_irq_restore(s);
	return err;
}

int vm_prepare_tables(struct vm_space *vs, uintptr_t start, uintptr_t end)
{
	uint64_t span = arch_pt_span(1);
	for (uintptr_t va = start & ~(span - 1); va < end; va += span) {
		uint64_t *e;
		unsigned long s = arch_irq_save();
		int err = walk(vs, va, 0, true, &e);
		arch_irq_restore(s);
		if (err)
			return err;
	}
	return 0;
}

/* True if [start, end) is a run of whole pages inside the half that @p flags ask for. */
static bool range_ok(uintptr_t start, uintptr_t end, unsigned flags)
{
	if ((start | end) % PAGE_SIZE || start > end)
		return false;
	return flags & VM_USER ? end <= MK_USER_TOP : start >= ARCH_KERNEL_HALF;
}

/* End of the part of [va, end) that one table of pages maps: up to the next table boundary. */
static uintptr_t table_stop(uintptr_t va, uintptr_t end)
{
	uint64_t left = arch_pt_span(1) - va % arch_pt_span(1);
	return end - va > left ? va + left : end;
}

/* Maps a new frame at va through its level-0 entry e, which must be empty. */
static int map_new_page(uint64_t *e, uintptr_t va, unsigned flags, bool zero)
{
	if (arch_pte_present(*e))
		return -EEXIST;
	uint64_t pa = frame_alloc();
	if (!pa)
		return -ENOMEM;
	if (zero)
		memset(arch_phys_to_virt(pa), 0, PAGE_SIZE);
	/* The page was not mapped, so no TLB holds an entry for it to flush. */
	*e = arch_pte_leaf(pa, va, flags | VM_OWNED, 0);
	return 0;
}

/* Both range functions find each table of pages once and then step through its entries,
 * instead of walking down from the top table for every page. */
int vm_map_new(struct vm_space *vs, uintptr_t start, uintptr_t end, unsigned flags, bool zero)
{
	if (!range_ok(start, end, flags))
		return -EINVAL;
	uintptr_t va = start;
	int err = 0;
	while (va < end && !err) {
		uint64_t *e;
		unsigned long s = arch_irq_save();
		err = walk(vs, va, 0, true, &e);
		arch_irq_restore(s);
		for (uintptr_t stop = table_stop(va, end); !err && va < stop; e++) {
			err = map_new_page(e, va, flags, zero);
			if (!err) {
				va += PAGE_SIZE;
				vs->frames++;
			}
		}
	}
	if (err)
		vm_unmap_range(vs, start, va);  /* va: the page that failed */
	return err;
}

uint64_t vm_unmap_range(struct vm_space *vs, uintptr_t start, uintptr_t end)
{
	vs->kva_page = 0;  /* vm_user_kva() walks again */
	KASSERT(range_ok(start, end, start < MK_USER_TOP ? VM_USER : 0));
	bool flush = start >= ARCH_KERNEL_HALF || space_active(vs);
	uint64_t unmapped = 0;
	for (uintptr_t va = start; va < end;) {
		uintptr_t stop = table_stop(va, end);
		uint64_t *e;
		unsigned long s = arch_irq_save();
		int err = walk(vs, va, 0, false, &e);
		arch_irq_restore(s);
		if (err) {
			va = stop;  /* no table of pages here: no 4 KiB page is mapped */
			continue;
		}
		for (; va < stop; va += PAGE_SIZE, e++) {
			uint64_t old = *e;
			if (!arch_pte_present(old))
				continue;
			*e = 0;
			if (flush)
				arch_tlb_flush_page(va);
			if (arch_pte_owned(old))
				KASSERT(frame_free(arch_pte_addr(old)) == 0);
			unmapped++;
		}
	}
	vs->frames -= unmapped;
	return unmapped;
}

int vm_unmap_page(struct vm_space *vs, uintptr_t va)
{
	vs->kva_page = 0;
	if (va % PAGE_SIZE || !canonical(va))
		return -EINVAL;
	unsigned long s = arch_irq_save();
	uint64_t *e, old = 0;
	int err = walk(vs, va, 0, false, &e);
	if (!err && !arch_pte_present(*e))
		err = -ENOENT;
	if (!err) {
		old = *e;
		*e = 0;
		vs->frames--;
		if (va >= ARCH_KERNEL_HALF || space_active(vs))
			arch_tlb_flush_page(va);
	}
	arch_irq_restore(s);
	if (arch_pte_owned(old))
		KASSERT(frame_free(arch_pte_addr(old)) == 0);
	return err;
}

int vm_translate(struct vm_space *vs, uintptr_t va, uint64_t *pa, unsigned *flags)
{
	if (!canonical(va))
		return -ENOENT;
	int l;
	uint64_t e = *arch_pt_find(vs->root, va, &l);
	if (!arch_pte_present(e))
		return -ENOENT;
	uint64_t span = arch_pt_span(l);
	if (pa)
		*pa = (arch_pte_addr(e) & ~(span - 1)) | (va & (span - 1));
	if (flags)
		*flags = arch_pte_flags(e) | (l ? VM_LARGE : 0);
	return 0;
}

struct vm_space *vm_kernel_space(void)
{
	return &kernel_space;
}

int vm_space_create(struct vm_space *vs)
{
	vs->kva_page = 0;
	vs->root = vm_table_alloc();
	if (!vs->root)
		return -ENOMEM;
	vs->frames = 1;
	uint64_t *dst = arch_phys_to_virt(vs->root), *src = arch_phys_to_virt(kernel_space.root);
	memcpy(dst + ARCH_PT_KERNEL_FIRST, src + ARCH_PT_KERNEL_FIRST,
	       (ARCH_PT_ENTRIES - ARCH_PT_KERNEL_FIRST) * sizeof(uint64_t));
	return 0;
}

/* Frees the tables below entry e of level l (and their owned frames), then e's table. */
static void free_subtree(uint64_t e, int l)
{
	uint64_t *t = table_of(e);
	for (int i = 0; i < ARCH_PT_ENTRIES; i++) {
		if (!arch_pte_present(t[i]))
			continue;
		if (l > 1 && !arch_pte_large(t[i]))
			free_subtree(t[i], l - 1);
		else if (arch_pte_owned(t[i]))
			KASSERT(frame_free(arch_pte_addr(t[i])) == 0);
	}
	table_free(arch_pte_addr(e));
}

void vm_space_destroy(struct vm_space *vs)
{
	if (space_active(vs))
		vm_space_activate(&kernel_space);
	uint64_t *top = arch_phys_to_virt(vs->root);
	for (int i = 0; i < ARCH_PT_KERNEL_FIRST; i++)
		if (arch_pte_present(top[i]))
			free_subtree(top[i], VM_TOP);
	table_free(vs->root);
	vs->root = 0;
	vs->frames = 0;
}

void vm_space_activate(struct vm_space *vs)
{
	arch_page_root_load(vs->root);
}

uint64_t vm_table_pages(void)
{
	return table_pages;
}
