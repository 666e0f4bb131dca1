/** @file
 * X86_64 instructions as inline functions: port I/O, control registers, MSRs. */
#ifndef ARCH_X86_64_CPU_H
#define ARCH_X86_64_CPU_H

#include <kern/arch.h>
#include <stdint.h>

#define RFLAGS_FIXED (1ul << 1) /**< reads as 1 always */
#define RFLAGS_TF (1ul << 8)
#define RFLAGS_IF ARCH_IRQ_FLAG  /**< from kern/arch.h */
#define RFLAGS_AC (1ul << 18)

/* Model-specific registers and control-register bits the kernel sets (boot/entry.asm gets
 * them through the generated asm-offsets.inc; cpu_user.c and paging.c use them directly). */
#define MSR_SYSENTER_CS 0x174
#define MSR_SYSENTER_ESP 0x175
#define MSR_SYSENTER_EIP 0x176
#define MSR_EFER 0xC0000080
#define MSR_STAR 0xC0000081
#define MSR_LSTAR 0xC0000082
#define MSR_CSTAR 0xC0000083
#define MSR_FMASK 0xC0000084
#define MSR_GS_BASE 0xC0000101
#define MSR_KERNEL_GS_BASE 0xC0000102
#define EFER_SCE (1ull << 0)
#define EFER_LME (1ull << 8)
#define EFER_NXE (1ull << 11)
#define CR0_PE (1ull << 0)
#define CR0_MP (1ull << 1)
#define CR0_EM (1ull << 2)
#define CR0_TS (1ull << 3)
#define CR0_NE (1ull << 5)
#define CR0_WP (1ull << 16)
#define CR0_PG (1ull << 31)
#define CR4_PAE (1ull << 5)
#define CR4_PGE (1ull << 7)
#define CR4_OSFXSR (1ull << 9)
#define CR4_OSXMMEXCPT (1ull << 10)
#define CR4_UMIP (1ull << 11)
#define CR4_SMEP (1ull << 20)
#define CR4_SMAP (1ull << 21)

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("out %1, %0" : : "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("out %1, %0" : : "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("out %1, %0" : : "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("in %0, %1" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint64_t read_cr0(void) { uint64_t v; __asm__ volatile("mov %0, cr0" : "=r"(v)); return v; }
static inline uint64_t read_cr2(void) { uint64_t v; __asm__ volatile("mov %0, cr2" : "=r"(v)); return v; }
static inline uint64_t read_cr3(void) { uint64_t v; __asm__ volatile("mov %0, cr3" : "=r"(v)); return v; }
static inline uint64_t read_cr4(void) { uint64_t v; __asm__ volatile("mov %0, cr4" : "=r"(v)); return v; }
static inline void write_cr4(uint64_t v) { __asm__ volatile("mov cr4, %0" : : "r"(v) : "memory"); }
static inline void write_cr3(uint64_t v) { __asm__ volatile("mov cr3, %0" : : "r"(v) : "memory"); }

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline uint64_t read_rflags(void)
{
	uint64_t v;
	__asm__ volatile("pushfq; pop %0" : "=r"(v));
	return v;
}

static inline void cpu_halt(void) { __asm__ volatile("hlt"); }
static inline void irq_disable(void) { __asm__ volatile("cli" : : : "memory"); }
static inline void irq_enable(void) { __asm__ volatile("sti" : : : "memory"); }

#endif
