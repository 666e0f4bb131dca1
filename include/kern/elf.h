/** @file
 * Checking and loading the programs the ABI allows: static ELF64 x86_64 ET_EXEC. */
#ifndef KERN_ELF_H
#define KERN_ELF_H

#include <stdint.h>

#define ELF_MAX_SEGMENTS 16

/** One PT_LOAD segment, checked. */
struct elf_segment {
	uint64_t vaddr;   /**< where it starts in user space (>= MK_USER_BASE) */
	uint64_t memsz;   /**< bytes in memory (> 0) */
	uint64_t offset;  /**< where its file bytes start in the image */
	uint64_t filesz;  /**< bytes from the file (<= memsz); the rest is zero */
	unsigned flags;   /**< VM_WRITE and/or VM_EXEC (never both) */
};

/** What elf_check() found in a valid program. */
struct elf_image {
	uint64_t entry;
	uint64_t end;         /**< highest vaddr + memsz of any segment */
	unsigned nsegs;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
};

/**
 * Checks that @p size bytes at @p image are a program this kernel runs: the ELF magic, class
 * 64, little endian, version 1, ET_EXEC, EM_X86_64; program headers inside the file; every
 * PT_LOAD with filesz <= memsz, its file bytes inside the file, its memory inside user space
 * at or above MK_USER_BASE and clear of the stack and its guard page, [USER_STACK_GUARD,
 * USER_STACK_TOP) in kern/ulayout.h (all sums overflow-safe), not writable and executable at
 * once, and no two segments sharing a page; no interpreter; the entry point inside an
 * executable segment.
 * Pure: reads only the image.
 * @return 0 and fills @p out; -ENOEXEC for anything else.
 */
int elf_check(const void *image, uint64_t size, struct elf_image *out);

struct vm_space;

/**
 * Maps the segments of a checked program into @p vs, a space holding no user mappings yet:
 * fresh zeroed frames owned by the mappings, file bytes copied in, read-only unless writable,
 * no-execute unless executable. The stack's pages stay free for the caller to map.
 * @return 0, or -ENOMEM (what was mapped stays in @p vs, for the caller to destroy), and
 *         nothing else: checked segments share no page and are clear of the stack, so no page
 *         is mapped twice; a memsz larger than memory runs out of frames.
 */
int elf_load(struct vm_space *vs, const void *image, const struct elf_image *img);

#endif
