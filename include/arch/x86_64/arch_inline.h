/** @file
 * X86_64 inline parts of the arch boundary (included by kern/arch.h only). */
#ifndef ARCH_X86_64_ARCH_INLINE_H
#define ARCH_X86_64_ARCH_INLINE_H

#include <arch/x86_64/cpu.h>
#include <arch/x86_64/layout.h>

static inline unsigned long arch_irq_save(void)
{
	unsigned long flags = read_rflags();
	irq_disable();
	return flags;
}

static inline void arch_irq_restore(unsigned long flags)
{
	if (flags & RFLAGS_IF)
		irq_enable();
}

static inline bool arch_irq_enabled(void)
{
	return read_rflags() & RFLAGS_IF;
}

static inline void *arch_phys_to_virt(uint64_t phys)
{
	return (void *)(uintptr_t)(DIRECT_MAP_BASE + phys);
}

static inline void arch_irq_enable(void)
{
	irq_enable();
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
