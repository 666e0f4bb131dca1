/* entry.S - 32-bit Multiboot entry: check the CPU, build boot page tables, enter long mode,
 * jump to the higher half and call kernel_main(magic, info_phys).
 *
 * Boot page tables (all in .bss, which the loader zeroes):
 *   PML4[0]   -> identity map of the first 4 GiB (2 MiB pages), only for the jump; removed later
 *   PML4[256] -> the same tables: the direct map at DIRECT_MAP_BASE
 *   PML4[511] -> PDPT[510] -> PD -> 4 KiB page tables mapping the kernel image at KERNEL_VMA,
 *                except boot_stack_guard, which stays unmapped so a stack overflow faults. */
#include <arch/x86_64/layout.h>

#define PHYS(sym) ((sym) - KERNEL_VMA)
#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_PS 0x80
#define MSR_EFER 0xC0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)
#define CR0_PE (1 << 0)
#define CR0_WP (1 << 16)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define COM1 0x3F8

	.section .boot.text, "ax"
	.code32
	.global _start
_start:
	cli
	cld
	movl %eax, %edi                 /* Multiboot magic; survives until kernel_main */
	movl %ebx, %esi                 /* physical address of the Multiboot information */
	movl $PHYS(boot_stack_top), %esp

	/* Long mode needs CPUID leaf 0x80000001 with the LM bit. */
	pushfl
	popl %eax
	movl %eax, %ecx
	xorl $(1 << 21), %eax           /* can we flip EFLAGS.ID? then CPUID exists */
	pushl %eax
	popfl
	pushfl
	popl %eax
	cmpl %eax, %ecx
	je no_long_mode
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb no_long_mode
	movl $0x80000001, %eax
	cpuid
	testl $(1 << 29), %edx
	jz no_long_mode
	movl %edx, %ebp                 /* keep the feature bits: NX is bit 20 */

	/* PML4: identity, direct map and kernel image. */
	movl $(PHYS(boot_pdpt_low) + PTE_P + PTE_W), %eax
	movl %eax, PHYS(boot_pml4)
	movl %eax, PHYS(boot_pml4) + 256 * 8
	movl $(PHYS(boot_pdpt_high) + PTE_P + PTE_W), %eax
	movl %eax, PHYS(boot_pml4) + 511 * 8

	/* PDPT low: one page directory per GiB. */
	movl $PHYS(boot_pd_direct), %eax
	orl $(PTE_P + PTE_W), %eax
	xorl %ecx, %ecx
1:	movl %eax, PHYS(boot_pdpt_low)(, %ecx, 8)
	addl $4096, %eax
	incl %ecx
	cmpl $BOOT_DIRECT_MAP_GIB, %ecx
	jb 1b

	/* Page directories of the direct map: 2 MiB pages; entry i maps i * 2 MiB. */
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $21, %eax
	orl $(PTE_P + PTE_W + PTE_PS), %eax
	movl %eax, PHYS(boot_pd_direct)(, %ecx, 8)
	movl %ecx, %eax
	shrl $11, %eax                  /* bits 32 and up of i * 2 MiB */
	movl %eax, PHYS(boot_pd_direct) + 4(, %ecx, 8)
	incl %ecx
	cmpl $(BOOT_DIRECT_MAP_GIB * 512), %ecx
	jb 1b

	/* Kernel half: PDPT[510] covers KERNEL_VMA .. +1 GiB. */
	movl $(PHYS(boot_pd_kernel) + PTE_P + PTE_W), %eax
	movl %eax, PHYS(boot_pdpt_high) + 510 * 8
	movl $PHYS(boot_pt_kernel), %eax
	orl $(PTE_P + PTE_W), %eax
	xorl %ecx, %ecx
1:	movl %eax, PHYS(boot_pd_kernel)(, %ecx, 8)
	addl $4096, %eax
	incl %ecx
	cmpl $BOOT_KERNEL_PTS, %ecx
	jb 1b

	/* 4 KiB pages for the image itself, skipping the stack guard page. */
	movl $KERNEL_PHYS_BASE, %ecx
1:	cmpl $_kernel_phys_end, %ecx
	jae 3f
	movl %ecx, %eax
	orl $(PTE_P + PTE_W), %eax
	cmpl $PHYS(boot_stack_guard), %ecx
	jne 2f
	xorl %eax, %eax
2:	movl %ecx, %edx
	shrl $12, %edx
	movl %eax, PHYS(boot_pt_kernel)(, %edx, 8)
	addl $4096, %ecx
	jmp 1b
3:
	/* Enter long mode: PAE, CR3, EFER.LME (+NXE when the CPU has NX), then paging. */
	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl $PHYS(boot_pml4), %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	testl $(1 << 20), %ebp
	jz 1f
	orl $EFER_NXE, %eax
1:	wrmsr
	movl %cr0, %eax
	orl $(CR0_PE + CR0_WP + CR0_PG), %eax
	movl %eax, %cr0

	lgdt boot_gdt_ptr
	ljmp $GDT_KERNEL_CODE, $long_mode_low

no_long_mode:
	/* Say why we stop, on COM1 and on the VGA screen, then halt. */
	movl $no_lm_msg, %esi
	movl $0xB8000, %edi
1:	movb (%esi), %al
	testb %al, %al
	jz 2f
	movw $(COM1 + 5), %dx           /* wait for the transmitter */
3:	inb %dx, %al
	testb $0x20, %al
	jz 3b
	movb (%esi), %al
	movw $COM1, %dx
	outb %al, %dx
	movb $0x4F, %ah                 /* white on red */
	movw %ax, (%edi)
	addl $2, %edi
	incl %esi
	jmp 1b
2:	cli
	hlt
	jmp 2b

	.code64
long_mode_low:
	movabsq $long_mode_high, %rax
	jmp *%rax

	.section .boot.rodata, "a"
no_lm_msg:
	.asciz "PANIC: this CPU has no 64-bit long mode; the kernel needs an x86_64 CPU."
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00AF9A000000FFFF        /* 0x08: 64-bit kernel code */
	.quad 0x00CF92000000FFFF        /* 0x10: kernel data */
boot_gdt_end:
boot_gdt_ptr:
	.word boot_gdt_end - boot_gdt - 1
	.long boot_gdt

	.text
long_mode_high:
	movl $GDT_KERNEL_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	movq $boot_stack_top, %rsp
	xorl %ebp, %ebp                 /* ends the frame-pointer chain for backtraces */
	movl %edi, %edi                 /* zero-extend magic and info address */
	movl %esi, %esi
	call kernel_main
1:	cli
	hlt
	jmp 1b

	.bss
	.balign 4096
	.global boot_pml4
boot_pml4:	.skip 4096
boot_pdpt_low:	.skip 4096
boot_pdpt_high:	.skip 4096
boot_pd_kernel:	.skip 4096
boot_pd_direct:	.skip 4096 * BOOT_DIRECT_MAP_GIB
boot_pt_kernel:	.skip 4096 * BOOT_KERNEL_PTS
	.global boot_stack_guard, boot_stack_bottom, boot_stack_top
boot_stack_guard:
	.skip 4096
boot_stack_bottom:
	.skip 16384
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
