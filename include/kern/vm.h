/** @file
 * Virtual memory: address spaces and mapping, unmapping and translating 4 KiB pages.
 *
 * Every address space shares the kernel half (the top 128 TiB); the lower half is user space.
 * The virtual memory map is in doc/memory.md. */
#ifndef KERN_VM_H
#define KERN_VM_H

#include <kern/arch.h>
#include <kern/memmap.h>
#include <kern/param.h>
#include <lib/compiler.h>
#include <stdbool.h>
#include <stdint.h>

/* The mapping flags (VM_WRITE, VM_USER, VM_EXEC, VM_OWNED, VM_LARGE, VM_NOCACHE) are in
 * kern/arch.h, with the page-table entries that encode them. */

/** An address space: the physical address of its top-level page table. */
struct vm_space {
	uint64_t root;
	/** A translation cache of one entry for vm_user_kva(): user page @c kva_page (0: none)
	 *  is at @c kva in the direct map. Every unmap empties it. */
	uintptr_t kva_page;
	char *kva;
	uint64_t frames;  /**< frames its user half uses: 4 KiB pages mapped and page tables
			   *   (the top one included); kept for user spaces, whose own task alone
			   *   changes them, and read by procinfo */
};

/**
 * The direct-map address of the byte at user address @p va of @p vs, for a @p va known to
 * be mapped in a 4 KiB page (a buffer checked earlier, in a space that cannot have changed
 * since). The page-table walk is remembered until the space unmaps anything: an IPC server
 * waits with the same buffer again and again, and its page is walked once.
 */
static inline char *vm_user_kva(struct vm_space *vs, uintptr_t va)
{
	uintptr_t page = va & ~(uintptr_t)(PAGE_SIZE - 1);
	if (unlikely(vs->kva_page != page)) {
		vs->kva = arch_pt_kva(vs->root, page);
		vs->kva_page = page;
	}
	return vs->kva + (va - page);
}

/**
 * Builds the kernel's address space and switches to it: the kernel image with W^X
 * permissions per section (the boot stack's guard page left out), a direct map of all RAM in
 * @p ram (plus the first MiB, for legacy devices), and the top-level entries every space shares.
 * Page-table frames come from @p free (the frame allocator does not exist yet).
 * @return 0 or -ENOMEM.
 */
int vm_init(const struct boot_info *bi, struct memmap *free);

/** The kernel's own address space (the one vm_init() built). */
struct vm_space *vm_kernel_space(void);

/** Creates an empty user address space that shares the kernel half. @return 0 or -ENOMEM. */
int vm_space_create(struct vm_space *vs);

/**
 * Frees the user half of @p vs: every VM_OWNED frame and every page-table page, then the top
 * table. Switches to the kernel space first if @p vs is active.
 */
void vm_space_destroy(struct vm_space *vs);

/** Makes @p vs the active address space (loads its page tables). */
void vm_space_activate(struct vm_space *vs);

/**
 * Maps the page at @p va to the frame at @p pa with @p flags.
 * @return 0; -EINVAL if either address is unaligned or non-canonical, or VM_USER is asked for
 *         outside the user half (or missing inside it); -EEXIST if @p va is mapped already;
 *         -ENOMEM if a page table could not be allocated.
 */
int vm_map_page(struct vm_space *vs, uintptr_t va, uint64_t pa, unsigned flags);

/**
 * Maps a frame of its own, taken from the frame allocator, at every page of [@p start, @p end),
 * with @p flags plus VM_OWNED; the frames are cleared first if @p zero is set. The caller owns
 * the range: no one else maps or unmaps there meanwhile.
 * @return 0; -EINVAL if the range is not whole pages or not inside the half @p flags ask for
 *         (VM_USER: the user half); -EEXIST if a page of it is mapped already; -ENOMEM when
 *         frames or page tables run out. On error nothing of the range is left mapped.
 */
int vm_map_new(struct vm_space *vs, uintptr_t start, uintptr_t end, unsigned flags, bool zero);

/**
 * Removes every mapping of 4 KiB pages in [@p start, @p end) (page-aligned), flushing their TLB
 * entries and freeing the frames the mappings own; pages not mapped are skipped.
 * @return the number of pages unmapped.
 */
uint64_t vm_unmap_range(struct vm_space *vs, uintptr_t start, uintptr_t end);

/**
 * Creates the page tables that mappings in [@p start, @p end) will need, without mapping
 * anything, so that later mappings there never allocate (and the tables' frames are counted
 * as in use from the start). @return 0 or -ENOMEM.
 */
int vm_prepare_tables(struct vm_space *vs, uintptr_t start, uintptr_t end);

/**
 * Removes the mapping of the page at @p va, flushes its TLB entry and frees the frame if the
 * mapping owned it.
 * @return 0; -ENOENT if nothing is mapped there; -EINVAL for an unaligned @p va or a page
 *         inside a large page.
 */
int vm_unmap_page(struct vm_space *vs, uintptr_t va);

/**
 * Looks up @p va (any byte, not only page starts).
 * @return 0 and the physical address in *pa and the VM_ flags in *flags (either may be
 *         NULL); -ENOENT if @p va is not mapped.
 */
int vm_translate(struct vm_space *vs, uintptr_t va, uint64_t *pa, unsigned *flags);

/** Page-table pages in use by all address spaces (the kernel's included). */
uint64_t vm_table_pages(void);

/** True when the CPU enforces no-execute. */
bool vm_nx_enabled(void);

/**
 * Bytes of physical memory reachable through the direct map right now: what the boot page
 * tables map until vm_init(), then all RAM.
 */
uint64_t vm_direct_map_limit(void);

#endif
