/* kernel.ld.S - linker script (run through the C preprocessor) for kernel.elf.
 *
 * Layout of the file and of memory:
 *   - file offset 0 is physical KERNEL_PHYS_BASE (the ELF headers are loaded too), so the
 *     Multiboot1 a.out-kludge fields describe the file exactly;
 *   - .boot (Multiboot headers, 32-bit entry) runs at its physical address;
 *   - everything else runs at KERNEL_VMA + physical address, in page-aligned segments with
 *     their own permissions: text (r-x), rodata (r--), data and bss (rw-). */
#include <arch/x86_64/layout.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(_start)

PHDRS
{
	boot PT_LOAD FILEHDR PHDRS FLAGS(5);
	text PT_LOAD FLAGS(5);
	rodata PT_LOAD FLAGS(4);
	data PT_LOAD FLAGS(6);
}

SECTIONS
{
	. = KERNEL_PHYS_BASE + SIZEOF_HEADERS;
	.boot : {
		KEEP(*(.multiboot))
		*(.boot.text)
		*(.boot.rodata)
	} :boot

	. = ALIGN(4096) + KERNEL_VMA;
	_text_start = .;
	.text : AT(ADDR(.text) - KERNEL_VMA) {
		*(.text .text.*)
	} :text
	_text_end = .;

	. = ALIGN(4096);
	_rodata_start = .;
	.rodata : AT(ADDR(.rodata) - KERNEL_VMA) {
		*(.rodata .rodata.*)
		. = ALIGN(8);
		__ktest_start = .;
		KEEP(*(.ktest))
		__ktest_end = .;
		. = ALIGN(8);
		__ex_table_start = .;
		KEEP(*(.ex_table))
		__ex_table_end = .;
		. = ALIGN(8);
		__smap_sites_start = .;
		KEEP(*(.smap_sites))
		__smap_sites_end = .;
		. = ALIGN(8);
		__boot_actions_start = .;
		KEEP(*(.boot_actions))
		__boot_actions_end = .;
		. = ALIGN(8);
		__bench_start = .;
		KEEP(*(.bench))
		__bench_end = .;
		. = ALIGN(8);
		*(.ksyms)
	} :rodata
	_rodata_end = .;

	. = ALIGN(4096);
	_data_start = .;
	.data : AT(ADDR(.data) - KERNEL_VMA) {
		*(.data .data.*)
	} :data
	_load_end_phys = . - KERNEL_VMA;

	.bss : AT(ADDR(.bss) - KERNEL_VMA) {
		*(COMMON)
		*(.bss .bss.*)
	} :data
	. = ALIGN(4096);
	_kernel_end = .;
	_kernel_phys_end = . - KERNEL_VMA;

	/DISCARD/ : {
		*(.eh_frame .eh_frame_hdr .note .note.* .comment)
	}
}

ASSERT(_kernel_phys_end <= BOOT_KERNEL_PTS * 0x200000, "kernel image too large for the boot page tables")
ASSERT(mb1_header - KERNEL_PHYS_BASE < 8192 - 48, "Multiboot1 header outside the first 8 KiB")
