/** @file
 * X86_64 page-table entry bits and index helpers (4-level paging). */
#ifndef ARCH_X86_64_PTE_H
#define ARCH_X86_64_PTE_H

#include <stdint.h>

#define PTE_P (1ull << 0)      /* present */
#define PTE_W (1ull << 1)      /* writable */
#define PTE_U (1ull << 2)      /* user accessible */
#define PTE_PWT (1ull << 3)    /* write-through */
#define PTE_PCD (1ull << 4)    /* cache disable */
#define PTE_A (1ull << 5)      /* accessed */
#define PTE_D (1ull << 6)      /* dirty */
#define PTE_PS (1ull << 7)     /* large page (in a PD or PDPT entry) */
#define PTE_G (1ull << 8)      /* global: kept in the TLB across CR3 loads */
#define PTE_OWNED (1ull << 9)  /* software bit: the mapping owns its frame */
#define PTE_NX (1ull << 63)    /* no execute (needs EFER.NXE) */
#define PTE_ADDR 0x000FFFFFFFFFF000ull

/* Index of va in the table of each level: 3 = PML4, 2 = PDPT, 1 = PD, 0 = PT. */
static inline unsigned pte_index(uintptr_t va, int level)
{
	return (unsigned)(va >> (12 + 9 * level)) & 511;
}

static inline void invlpg(uintptr_t va)
{
	__asm__ volatile("invlpg [%0]" : : "r"(va) : "memory");
}

#endif
