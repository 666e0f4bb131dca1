/* multiboot.S - Multiboot2 header (for GRUB) and Multiboot1 header (for QEMU -kernel).
 *
 * The Multiboot1 header sets the a.out-kludge address fields (flag bit 16), so a loader copies
 * the file itself to physical memory instead of reading its ELF program headers. That is what
 * lets QEMU's -kernel option, which refuses 64-bit ELF files, boot this 64-bit kernel.elf.
 * The linker script lays the file out so that file offset 0 is physical KERNEL_PHYS_BASE. */
#include <arch/x86_64/layout.h>

#define MB2_MAGIC 0xE85250D6
#define MB2_ARCH_I386 0
#define MB1_MAGIC 0x1BADB002
#define MB1_PAGE_ALIGN (1 << 0)   /* modules on page boundaries */
#define MB1_MEMORY_INFO (1 << 1)  /* we want mem_* and the memory map */
#define MB1_AOUT_KLUDGE (1 << 16) /* the address fields below are valid */
#define MB1_FLAGS (MB1_PAGE_ALIGN | MB1_MEMORY_INFO | MB1_AOUT_KLUDGE)

	.section .multiboot, "a"
	.balign 8
mb2_header:
	.long MB2_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	/* Module alignment tag: modules start on page boundaries. */
	.balign 8
	.word 6, 0
	.long 8
	/* End tag. */
	.balign 8
	.word 0, 0
	.long 8
mb2_header_end:

	.balign 4
	.global mb1_header
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
	.long mb1_header               /* header_addr: where this header lands (physical) */
	.long KERNEL_PHYS_BASE         /* load_addr: file offset 0 goes here */
	.long _load_end_phys           /* load_end_addr: end of .data */
	.long _kernel_phys_end         /* bss_end_addr: the loader zeroes up to here */
	.long _start                   /* entry_addr */

	.section .note.GNU-stack, "", @progbits
