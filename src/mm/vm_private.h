/* vm_private.h - what vm.c (the page-table walk and its edits, or the vm lab's file that
 * replaces it) gives vm_kernel.c, which builds the kernel's address space at boot with them. */
#ifndef MM_VM_PRIVATE_H
#define MM_VM_PRIVATE_H

#include <kern/memmap.h>
#include <kern/vm.h>
#include <stdbool.h>
#include <stdint.h>

/** The level of the top table (levels count down to 0, the table of 4 KiB pages). */
#define VM_TOP (ARCH_PT_LEVELS - 1)

/**
 * Page tables come from @p free (frames it maps within ARCH_BOOT_MAP_BYTES) until this is
 * called again with NULL; then from the frame allocator. vm_init() uses it while the frame
 * allocator does not exist yet.
 */
void vm_tables_from(struct memmap *free);

/** A zeroed page-table page, counted by vm_table_pages(). @return its physical address or 0. */
uint64_t vm_table_alloc(void);

/**
 * Finds the entry for @p va at @p level (0: the entry of its 4 KiB page) in @p vs, creating
 * the missing tables above it (zeroed, and reachable from user mode in the user half) when
 * @p create is set; each new table counts in vs->frames. Interrupts off.
 * @return 0 and the entry in *@p entry; -ENOENT if a table is missing and @p create is not
 *         set; -EINVAL if @p va lies inside a large page above @p level; -ENOMEM if a table
 *         could not be allocated. Panics if a top-level entry of the kernel half is missing
 *         after boot: every space shares those entries, so one made later would be missing from
 *         the spaces created before it.
 */
int vm_walk(struct vm_space *vs, uintptr_t va, int level, bool create, uint64_t **entry);

#endif
