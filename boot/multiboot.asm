; multiboot.asm - Multiboot2 header (for GRUB) and Multiboot1 header (for QEMU -kernel).
;
; The Multiboot1 header sets the a.out-kludge address fields (flag bit 16), so a loader copies
; the file itself to physical memory instead of reading its ELF program headers. That is what
; lets QEMU's -kernel option, which refuses 64-bit ELF files, boot this 64-bit kernel.elf.
; The linker script lays the file out so that file offset 0 is physical KERNEL_PHYS_BASE.
%include "arch/x86_64/asm.inc"
%include "asm-offsets.inc"

%define MB2_MAGIC 0xE85250D6
%define MB2_ARCH_I386 0
%define MB1_MAGIC 0x1BADB002
%define MB1_PAGE_ALIGN (1 << 0)   ; modules on page boundaries
%define MB1_MEMORY_INFO (1 << 1)  ; we want mem_* and the memory map
%define MB1_AOUT_KLUDGE (1 << 16) ; the address fields below are valid
%define MB1_FLAGS (MB1_PAGE_ALIGN | MB1_MEMORY_INFO | MB1_AOUT_KLUDGE)

; A header's checksum: the 32-bit value that makes its first fields sum to 0 (mod 2^32).
%define CHECKSUM(sum) (-(sum) & 0xFFFFFFFF)

extern _start, _load_end_phys, _kernel_phys_end

section .multiboot progbits alloc noexec nowrite align=8
DATA_LOCAL mb2_header
	dd MB2_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header.size
	dd CHECKSUM(MB2_MAGIC + MB2_ARCH_I386 + mb2_header.size)
	; Module alignment tag: modules start on page boundaries.
	align 8, db 0
	dw 6, 0
	dd 8
	; End tag.
	align 8, db 0
	dw 0, 0
	dd 8
END mb2_header

	align 4, db 0
DATA mb1_header
	dd MB1_MAGIC
	dd MB1_FLAGS
	dd CHECKSUM(MB1_MAGIC + MB1_FLAGS)
	dd mb1_header                   ; header_addr: where this header lands (physical)
	dd KERNEL_PHYS_BASE             ; load_addr: file offset 0 goes here
	dd _load_end_phys               ; load_end_addr: end of .data
	dd _kernel_phys_end             ; bss_end_addr: the loader zeroes up to here
	dd _start                       ; entry_addr
END mb1_header
