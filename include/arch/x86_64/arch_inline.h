/** @file
 * The x86_64 half of kern/arch.h: the layout constants generic code may use and the inline
 * operations. Included by kern/arch.h only; it includes no other arch header, so generic
 * code sees nothing of x86_64 but what the contract names. */
#ifndef ARCH_X86_64_ARCH_INLINE_H
#define ARCH_X86_64_ARCH_INLINE_H

/** Virtual address of physical 0 in the direct map of physical memory (PML4 slots 256..). */
#define ARCH_DIRECT_MAP_BASE 0xFFFF800000000000ul
/** Kernel stacks, each with an unmapped guard page below it (PML4 slot 510). */
#define ARCH_KSTACK_AREA 0xFFFFFF0000000000ul
/** Large kernel heap allocations, each followed by an unmapped guard page (PML4 slot 509). */
#define ARCH_KHEAP_AREA 0xFFFFFE8000000000ul
/** Bytes of each of those areas (1 GiB). */
#define ARCH_AREA_SIZE (1ul << 30)
/** The interrupt-enable bit in arch_irq_save()'s value (RFLAGS.IF). */
#define ARCH_IRQ_FLAG (1ul << 9)

struct arch_task {
	uint64_t rsp;          /* saved stack pointer while switched out (switch.asm) */
	uintptr_t kstack_top;  /* stack for entries from user mode, or 0 (the boot stack) */
	void *fpu_state;       /* 512-byte x87/SSE save area, or NULL (kernel threads) */
	uint64_t page_root;    /* page tables to run on (CR3), or 0: keep those loaded */
};

static inline unsigned long arch_irq_save(void)
{
	unsigned long flags;
	__asm__ volatile("pushfq; pop %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

static inline void arch_irq_restore(unsigned long flags)
{
	if (flags & ARCH_IRQ_FLAG)
		__asm__ volatile("sti" : : : "memory");
}

static inline bool arch_irq_enabled(void)
{
	unsigned long flags;
	__asm__ volatile("pushfq; pop %0" : "=r"(flags));
	return flags & ARCH_IRQ_FLAG;
}

static inline void *arch_phys_to_virt(uint64_t phys)
{
	return (void *)(uintptr_t)(ARCH_DIRECT_MAP_BASE + phys);
}

static inline uint64_t arch_virt_to_phys(const void *virt)
{
	return (uintptr_t)virt - ARCH_DIRECT_MAP_BASE;
}

static inline void arch_irq_enable(void)
{
	__asm__ volatile("sti" : : : "memory");
}

static inline void arch_idle(void)
{
	__asm__ volatile("sti; hlt" : : : "memory");
}

static inline uint64_t arch_cycles(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline uintptr_t arch_frame_pointer(void)
{
	return (uintptr_t)__builtin_frame_address(0);
}

#endif
