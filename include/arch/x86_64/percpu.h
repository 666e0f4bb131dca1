/** @file
 * Per-CPU data reached through GS in the kernel (only one CPU runs). */
#ifndef ARCH_X86_64_PERCPU_H
#define ARCH_X86_64_PERCPU_H

#include <stdint.h>

/** What the syscall entry needs before it has a stack; offsets go to asm-offsets.inc. */
struct percpu {
	uint64_t kernel_rsp;  /**< top of the running task's kernel stack */
	uint64_t user_rsp;    /**< the user's rsp, saved by the syscall entry */
};

extern struct percpu percpu; /**< this CPU's data (GS base in the kernel) */

/** A 64-bit field of a packed hardware structure (the TSS's rsp0 sits at offset 4). */
typedef uint64_t cpu_u64_unaligned __attribute__((aligned(1)));

/** The TSS's rsp0: the stack an interrupt from ring 3 starts on (cpu.c). */
extern cpu_u64_unaligned *const cpu_tss_rsp0;

/** Sets the kernel stack used on entry from user mode (TSS rsp0 and the syscall stack); on
 *  every switch, so inline. */
static inline void cpu_set_kernel_stack(uint64_t top)
{
	percpu.kernel_rsp = top;
	*cpu_tss_rsp0 = top;
}

/** Sets up SYSCALL/SYSRET, the int 0x80 gate (if configured), SMEP/SMAP/UMIP and the FPU. */
void cpu_user_init(void);

/** Turns on global pages and notes whether the CPU has no-execute (paging.c). */
void paging_cpu_init(void);

/** True when SMAP is on: kernel code must bracket user accesses with stac/clac. */
extern int arch_smap;

#endif
