/** @file
 * Per-CPU data reached through GS in the kernel (only one CPU runs). */
#ifndef ARCH_X86_64_PERCPU_H
#define ARCH_X86_64_PERCPU_H

#include <kern/arch.h>
#include <stdint.h>

/** What the syscall entry needs before it has a stack; offsets go to asm-offsets.inc. */
struct percpu {
	uint64_t kernel_rsp;  /**< top of the running task's kernel stack */
	uint64_t user_rsp;    /**< the user's rsp, saved by the syscall entry */
};

extern struct percpu percpu; /**< this CPU's data (GS base in the kernel) */

/* 64-bit task state segment: stack pointers for privilege changes and IST entries. */
struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

_Static_assert(sizeof(struct tss) == 104, "TSS layout");

/* The TSS as the CPU sees it: the task state, then the I/O permission bitmap, one bit per
 * port (set: `in`/`out` from ring 3 raise #GP), then a byte of ones, which the CPU may read
 * past the bitmap's end for an access at the last ports. The segment limit covers all three.
 * The bitmap holds the running task's grants, or all ones (ioport.c). */
struct tss_area {
	struct tss tss;
	uint8_t io_bitmap[ARCH_IO_BITMAP_SIZE];
	uint8_t io_bitmap_end;
} __attribute__((packed));

/** This CPU's TSS (cpu.c). Its rsp0 is the stack an interrupt from ring 3 starts on. */
extern struct tss_area cpu_tss;

/** Sets the kernel stack used on entry from user mode (TSS rsp0 and the syscall stack); on
 *  every switch, so inline. */
static inline void cpu_set_kernel_stack(uint64_t top)
{
	percpu.kernel_rsp = top;
	cpu_tss.tss.rsp[0] = top;
}

/** Sets up SYSCALL/SYSRET, the int 0x80 gate (if configured), SMEP/SMAP/UMIP and the FPU. */
void cpu_user_init(void);

/** Turns on global pages and notes whether the CPU has no-execute (paging.c). */
void paging_cpu_init(void);

/** True when SMAP is on: kernel code must bracket user accesses with stac/clac. */
extern int arch_smap;

#endif
