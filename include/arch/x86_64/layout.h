/** @file
 * Fixed addresses of the x86_64 kernel that only the architecture uses: link address, boot
 * page tables, device registers, segment selectors. (The areas generic code needs, such as
 * the direct map, are part of kern/arch.h, in arch_inline.h.)
 *
 * Included from C and the linker script, so it holds only macro definitions. */
#ifndef ARCH_X86_64_LAYOUT_H
#define ARCH_X86_64_LAYOUT_H

/** Physical address the kernel image is loaded at (1 MiB, above the BIOS area). */
#define KERNEL_PHYS_BASE 0x100000
/** Virtual address of physical 0 in the kernel image mapping (top 2 GiB, -mcmodel=kernel). */
#define KERNEL_VMA 0xFFFFFFFF80000000
/** Largest kernel image (from physical 0) the boot page tables can map: 8 page tables. */
#define BOOT_KERNEL_PTS 8

/* Segment selectors of the kernel's GDT (src/arch/x86_64/cpu.c lays it out; the assembly gets
 * them through the generated asm-offsets.inc). The SYSCALL/SYSRET rules fix their order: user
 * data 8 above the SYSRET base, user code 16 above it. */
#define GDT_KERNEL_CODE 0x08
#define GDT_KERNEL_DATA 0x10
#define GDT_SYSRET_BASE 0x18   /**< null on purpose: no 32-bit user code segment */
#define GDT_USER_DATA 0x20
#define GDT_USER_CODE 0x28
#define RPL_USER 3             /**< requested privilege level of ring-3 selectors */

#endif
