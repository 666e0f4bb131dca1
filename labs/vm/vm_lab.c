/* vm_lab.c - the vm lab (week 2): the page-table walk behind kern/vm.h: mapping a page with the
 * tables it needs, unmapping (the TLB and the translation cache too), translating an address,
 * and freeing a space's tables. Selected by --with-lab=vm, in place of src/mm/vm.c; the handout
 * is doc/lab-vm.md, and `make grade` tells you how far you are.
 *
 * Given: src/mm/vm_kernel.c (vm_init(), which builds the kernel's space at boot with your
 * vm_walk() and vm_map_page(): the kernel boots no further until they work), the page-table
 * entries in kern/arch.h (arch_pt_index(), arch_pt_span(), arch_pte_*(), arch_tlb_flush_page(),
 * arch_pt_find()), and in this file the page-table pages' allocator, creating and activating
 * spaces, and the range functions vm_map_new() and vm_prepare_tables(), built on your vm_walk().
 *
 * Four levels of tables (ARCH_PT_LEVELS), VM_TOP the top one, level 0 the table of 4 KiB
 * pages; each table is one page of ARCH_PT_ENTRIES entries, reached through the direct map
 * (arch_phys_to_virt()). Page tables change with interrupts off (arch_irq_save() /
 * arch_irq_restore()): a task that preempts this one may map kernel pages too. */
#include <kern/vm.h>
#include <kern/arch.h>
#include <kern/errno.h>
#include <kern/frame.h>
#include <kern/param.h>
#include <lib/panic.h>
#include <lib/string.h>
#include <uapi/syscall.h>
#include "vm_private.h"

static struct vm_space kernel_space;
static struct memmap *boot_free;  /* where page tables come from while vm_init() runs */
static uint64_t table_pages;      /* vm_table_pages() */

/* Given. */
void vm_tables_from(struct memmap *free)
{
	boot_free = free;
}

/* True for an address of either half (the rest is not canonical: no entry can map it).
 * Given. */
static __attribute__((unused)) bool canonical(uintptr_t va)
{
	return va < MK_USER_TOP || va >= ARCH_KERNEL_HALF;
}

/* Given: a zeroed page for a table, counted in table_pages; 0 when memory is out. */
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

/* Given: gives back a table's page. */
static __attribute__((unused)) void table_free(uint64_t pa)
{
	KASSERT(frame_free(pa) == 0);
	table_pages--;
}

/* Given: the table an entry above level 0 points to, in the direct map. */
static __attribute__((unused)) uint64_t *table_of(uint64_t entry)
{
	return arch_phys_to_virt(arch_pte_addr(entry));
}

/* The contract is in vm_private.h. The entry to return is in the table at `level`: walk down
 * from the top table (vs->root), one index per level (arch_pt_index()), and make each missing
 * table on the way (vm_table_alloc(), arch_pte_table(): user-reachable in the user half, or
 * user mode can reach none of its pages). vm_init() calls this with level 0, 1 (a 2 MiB page
 * of the direct map) and VM_TOP - 1 (the top-level entries every space shares); level is
 * always below VM_TOP. Kernel-half top-level entries exist from boot on (boot_free is set
 * while vm_init() runs), since vm_space_create() copies them into every space. */
int vm_walk(struct vm_space *vs, uintptr_t va, int level, bool create, uint64_t **entry)
{
	(void)vs, (void)va, (void)level, (void)create, (void)entry;
	/* TODO */
	return -ENOSYS;
}

/* True if vs is the space the CPU runs on now: the TLB may hold its entries. Given. */
static __attribute__((unused)) bool space_active(const struct vm_space *vs)
{
	return arch_page_root() == vs->root;
}

/* The contract is in kern/vm.h. The entry is arch_pte_leaf(pa, va, flags, 0), at level 0 of
 * vm_walk(..., true, ...); the mapping counts one frame in vs->frames. -EINVAL also when pa has
 * bits an entry cannot hold (arch_pte_addr(pa) != pa). Nothing was mapped at va, so the TLB
 * holds no entry to flush. Interrupts off around the walk and the edit. */
int vm_map_page(struct vm_space *vs, uintptr_t va, uint64_t pa, unsigned flags)
{
	(void)vs, (void)va, (void)pa, (void)flags;
	/* TODO */
	return -ENOSYS;
}

/* Given: see kern/vm.h. */
int vm_prepare_tables(struct vm_space *vs, uintptr_t start, uintptr_t end)
{
	uint64_t span = arch_pt_span(1);
	for (uintptr_t va = start & ~(span - 1); va < end; va += span) {
		uint64_t *e;
		unsigned long s = arch_irq_save();
		int err = vm_walk(vs, va, 0, true, &e);
		arch_irq_restore(s);
		if (err)
			return err;
	}
	return 0;
}

/* True if [start, end) is a run of whole pages inside the half that @p flags ask for. Given. */
static bool range_ok(uintptr_t start, uintptr_t end, unsigned flags)
{
	if ((start | end) % PAGE_SIZE || start > end)
		return false;
	return flags & VM_USER ? end <= MK_USER_TOP : start >= ARCH_KERNEL_HALF;
}

/* End of the part of [va, end) that one table of pages maps: up to the next table boundary.
 * Given. */
static uintptr_t table_stop(uintptr_t va, uintptr_t end)
{
	uint64_t left = arch_pt_span(1) - va % arch_pt_span(1);
	return end - va > left ? va + left : end;
}

/* Maps a new frame at va through its level-0 entry e, which must be empty. Given. */
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

/* Given: see kern/vm.h. It finds each table of pages once (vm_walk() to level 0) and then
 * steps through its entries, instead of walking down from the top table for every page; on
 * failure it undoes its work with your vm_unmap_range(). */
int vm_map_new(struct vm_space *vs, uintptr_t start, uintptr_t end, unsigned flags, bool zero)
{
	if (!range_ok(start, end, flags))
		return -EINVAL;
	uintptr_t va = start;
	int err = 0;
	while (va < end && !err) {
		uint64_t *e;
		unsigned long s = arch_irq_save();
		err = vm_walk(vs, va, 0, true, &e);
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

/* The contract is in kern/vm.h. The range is whole pages in one half (KASSERT range_ok() with
 * VM_USER for the user half): a bad range is the caller's bug. For each entry removed:
 *   - the TLB may still hold the old translation: flush it (arch_tlb_flush_page()) when the
 *     CPU can have it, in the active space (space_active()) or in the kernel half, which every
 *     space shares;
 *   - a mapping that owns its frame (arch_pte_owned()) frees it (frame_free());
 *   - vs->frames counts one frame less.
 * vs->kva_page must be emptied (0): vm_user_kva() remembers one translation until an unmap.
 * Where vm_walk() finds no table of pages nothing is mapped: go on at table_stop(). The tables
 * stay (vm_space_destroy() frees them). Interrupts off around each walk. */
uint64_t vm_unmap_range(struct vm_space *vs, uintptr_t start, uintptr_t end)
{
	(void)vs, (void)start, (void)end;
	/* TODO */
	panic("lab vm: not implemented: vm_unmap_range");
}

/* The contract is in kern/vm.h: one page, as vm_unmap_range() does it (the translation cache
 * emptied, the TLB entry flushed, an owned frame freed, vs->frames), but with errors: -EINVAL
 * also for a non-canonical va, and -EINVAL from vm_walk() inside a large page. Interrupts off
 * around the walk and the edit. */
int vm_unmap_page(struct vm_space *vs, uintptr_t va)
{
	(void)vs, (void)va;
	/* TODO */
	return -ENOSYS;
}

/* The contract is in kern/vm.h. Any byte, in either half: the kernel's direct map is made of
 * 2 MiB pages (level 1), so the walk must stop at a large-page entry (arch_pte_large()) as
 * well as at level 0; the byte's offset in a page of level l is va % arch_pt_span(l), and such
 * a page's flags get VM_LARGE. The flags of an entry are arch_pte_flags(). -ENOENT also for a
 * non-canonical va. Creates no table. (arch_pt_find() walks to where a walk ends; use it, or
 * write the loop yourself.) */
int vm_translate(struct vm_space *vs, uintptr_t va, uint64_t *pa, unsigned *flags)
{
	(void)vs, (void)va, (void)pa, (void)flags;
	/* TODO */
	return -ENOSYS;
}

/* Given. */
struct vm_space *vm_kernel_space(void)
{
	return &kernel_space;
}

/* Given: a top table of its own (counted in vs->frames), with the kernel half's entries
 * copied from the kernel's: every space shares the tables below them. */
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

/* The contract is in kern/vm.h. The user half is the top table's entries below
 * ARCH_PT_KERNEL_FIRST; everything below them goes: each table (an entry above level 0 that is
 * present and not a large page points to one; table_free()), and each frame an entry owns
 * (arch_pte_owned(), frame_free()). Never free anything of the kernel half: every space
 * shares it. A recursive helper, one call per table, is the natural shape. Last the top table;
 * leave vs->root and vs->frames 0. If vs is the active space (space_active()), move to the
 * kernel's first (vm_space_activate()): the CPU must not run on tables being freed. */
void vm_space_destroy(struct vm_space *vs)
{
	(void)vs;
	/* TODO */
	panic("lab vm: not implemented: vm_space_destroy");
}

/* Given. */
void vm_space_activate(struct vm_space *vs)
{
	arch_page_root_load(vs->root);
}

/* Given. */
uint64_t vm_table_pages(void)
{
	return table_pages;
}
