/** @file
 * Fixed addresses of the x86_64 kernel: link address, direct map, boot page tables.
 *
 * Included from C, assembly and the linker script, so it holds only macro definitions. */
#ifndef ARCH_X86_64_LAYOUT_H
#define ARCH_X86_64_LAYOUT_H

/** Physical address the kernel image is loaded at (1 MiB, above the BIOS area). */
#define KERNEL_PHYS_BASE 0x100000
/** Virtual address of physical 0 in the kernel image mapping (top 2 GiB, -mcmodel=kernel). */
#define KERNEL_VMA 0xFFFFFFFF80000000
/** Virtual address of physical 0 in the direct map of physical memory. */
#define DIRECT_MAP_BASE 0xFFFF800000000000
/** How much physical memory the boot page tables put in the direct map (4 GiB). */
#define BOOT_DIRECT_MAP_GIB 4
/** Largest kernel image (from physical 0) the boot page tables can map: 8 page tables. */
#define BOOT_KERNEL_PTS 8
/** Kernel stacks, each with an unmapped guard page below it (PML4 slot 510). */
#define KSTACK_AREA_BASE 0xFFFFFF0000000000
/** Large kernel heap allocations, each followed by an unmapped guard page (PML4 slot 509). */
#define KHEAP_AREA_BASE 0xFFFFFE8000000000
/** Device registers (local APIC, I/O APIC), mapped uncached (PML4 slot 508). */
#define MMIO_AREA_BASE 0xFFFFFE0000000000
/** Size of each of those areas. */
#define KERNEL_AREA_SIZE (1ull << 30)
/** Highest user address + 1: the lower canonical half (see the ABI). */
#define USER_TOP 0x0000800000000000

#define PAGE_SIZE 4096
#define PAGE_SHIFT 12

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
