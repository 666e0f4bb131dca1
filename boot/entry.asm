; entry.asm - 32-bit Multiboot entry: check the CPU, build boot page tables, enter long mode,
; jump to the higher half and call kernel_main(magic, info_phys).
;
; Boot page tables (all in .bss, which the loader zeroes):
;   PML4[0]   -> identity map of the first 4 GiB (2 MiB pages), only for the jump; removed later
;   PML4[256] -> the same tables: the direct map at ARCH_DIRECT_MAP_BASE
;   PML4[511] -> PDPT[510] -> PD -> 4 KiB page tables mapping the kernel image at KERNEL_VMA,
;                except boot_stack_guard, which stays unmapped so a stack overflow faults.
%include "arch/x86_64/asm.inc"
%include "asm-offsets.inc"

%define PHYS(sym) ((sym) - KERNEL_VMA)
%define COM1 0x3F8

extern kernel_main, _kernel_phys_end

section .boot.text progbits alloc exec nowrite align=1
bits 32
FUNCTION _start
	cli
	cld
	mov edi, eax                    ; Multiboot magic; survives until kernel_main
	mov esi, ebx                    ; physical address of the Multiboot information
	mov esp, PHYS(boot_stack_top)

	; Long mode needs CPUID leaf 0x80000001 with the LM bit.
	pushfd
	pop eax
	mov ecx, eax
	xor eax, 1 << 21                ; can we flip EFLAGS.ID? then CPUID exists
	push eax
	popfd
	pushfd
	pop eax
	cmp ecx, eax
	je no_long_mode
	mov eax, 0x80000000
	cpuid
	cmp eax, 0x80000001
	jb no_long_mode
	mov eax, 0x80000001
	cpuid
	test edx, 1 << 29
	jz no_long_mode
	mov ebp, edx                    ; keep the feature bits: NX is bit 20

	; PML4: identity, direct map and kernel image.
	mov eax, PHYS(boot_pdpt_low) + PTE_P + PTE_W
	mov [PHYS(boot_pml4)], eax
	mov [PHYS(boot_pml4) + 256 * 8], eax
	mov eax, PHYS(boot_pdpt_high) + PTE_P + PTE_W
	mov [PHYS(boot_pml4) + 511 * 8], eax

	; PDPT low: one page directory per GiB.
	mov eax, PHYS(boot_pd_direct)
	or eax, PTE_P + PTE_W
	xor ecx, ecx
.pdpt_low:
	mov [PHYS(boot_pdpt_low) + ecx * 8], eax
	add eax, PAGE_SIZE
	inc ecx
	cmp ecx, BOOT_DIRECT_MAP_GIB
	jb .pdpt_low

	; Page directories of the direct map: 2 MiB pages; entry i maps i * 2 MiB.
	xor ecx, ecx
.pd_direct:
	mov eax, ecx
	shl eax, 21
	or eax, PTE_P + PTE_W + PTE_PS
	mov [PHYS(boot_pd_direct) + ecx * 8], eax
	mov eax, ecx
	shr eax, 11                     ; bits 32 and up of i * 2 MiB
	mov [PHYS(boot_pd_direct) + 4 + ecx * 8], eax
	inc ecx
	cmp ecx, BOOT_DIRECT_MAP_GIB * 512
	jb .pd_direct

	; Kernel half: PDPT[510] covers KERNEL_VMA .. +1 GiB.
	mov eax, PHYS(boot_pd_kernel) + PTE_P + PTE_W
	mov [PHYS(boot_pdpt_high) + 510 * 8], eax
	mov eax, PHYS(boot_pt_kernel)
	or eax, PTE_P + PTE_W
	xor ecx, ecx
.pd_kernel:
	mov [PHYS(boot_pd_kernel) + ecx * 8], eax
	add eax, PAGE_SIZE
	inc ecx
	cmp ecx, BOOT_KERNEL_PTS
	jb .pd_kernel

	; 4 KiB pages for the image itself, skipping the stack guard page.
	mov ecx, KERNEL_PHYS_BASE
.pt_kernel:
	cmp ecx, _kernel_phys_end
	jae .long_mode
	mov eax, ecx
	or eax, PTE_P + PTE_W
	cmp ecx, PHYS(boot_stack_guard)
	jne .pte
	xor eax, eax
.pte:
	mov edx, ecx
	shr edx, 12
	mov [PHYS(boot_pt_kernel) + edx * 8], eax
	add ecx, PAGE_SIZE
	jmp .pt_kernel
.long_mode:
	; Enter long mode: PAE, CR3, EFER.LME (+NXE when the CPU has NX), then paging.
	mov eax, cr4
	or eax, CR4_PAE
	mov cr4, eax
	mov eax, PHYS(boot_pml4)
	mov cr3, eax
	mov ecx, MSR_EFER
	rdmsr
	or eax, EFER_LME
	test ebp, 1 << 20
	jz .efer
	or eax, EFER_NXE
.efer:
	wrmsr
	mov eax, cr0
	or eax, CR0_PE + CR0_WP + CR0_PG
	mov cr0, eax

	lgdt [boot_gdt_ptr]
	jmp GDT_KERNEL_CODE:long_mode_low
END _start

FUNCTION_LOCAL no_long_mode
	; Say why we stop, on COM1 and on the VGA screen, then halt.
	mov esi, no_lm_msg
	mov edi, 0xB8000
.next:
	mov al, [esi]
	test al, al
	jz .halt
	mov dx, COM1 + 5                ; wait for the transmitter
.wait:
	in al, dx
	test al, 0x20
	jz .wait
	mov al, [esi]
	mov dx, COM1
	out dx, al
	mov ah, 0x4F                    ; white on red
	mov [edi], ax
	add edi, 2
	inc esi
	jmp .next
.halt:
	cli
	hlt
	jmp .halt
END no_long_mode

bits 64
FUNCTION_LOCAL long_mode_low
	mov rax, long_mode_high
	jmp rax
END long_mode_low

section .boot.rodata progbits alloc noexec nowrite align=8
DATA_LOCAL no_lm_msg
	db "PANIC: this CPU has no 64-bit long mode; the kernel needs an x86_64 CPU.", 0
END no_lm_msg
	align 8, db 0
DATA_LOCAL boot_gdt
	dq 0
	dq 0x00AF9A000000FFFF           ; 0x08: 64-bit kernel code
	dq 0x00CF92000000FFFF           ; 0x10: kernel data
END boot_gdt
DATA_LOCAL boot_gdt_ptr
	dw boot_gdt.size - 1
	dd boot_gdt
END boot_gdt_ptr

section .text
FUNCTION_LOCAL long_mode_high
	mov eax, GDT_KERNEL_DATA
	mov ds, eax
	mov es, eax
	mov ss, eax
	xor eax, eax
	mov fs, eax
	mov gs, eax
	mov rsp, dword boot_stack_top   ; sign-extended: the kernel lives in the top 2 GiB
	xor ebp, ebp                    ; ends the frame-pointer chain for backtraces
	mov edi, edi                    ; zero-extend magic and info address
	mov esi, esi
	call kernel_main
.halt:
	cli
	hlt
	jmp .halt
END long_mode_high

section .bss nobits alloc noexec write align=4096
DATA boot_pml4
	resb PAGE_SIZE
END boot_pml4
DATA_LOCAL boot_pdpt_low
	resb PAGE_SIZE
END boot_pdpt_low
DATA_LOCAL boot_pdpt_high
	resb PAGE_SIZE
END boot_pdpt_high
DATA_LOCAL boot_pd_kernel
	resb PAGE_SIZE
END boot_pd_kernel
DATA_LOCAL boot_pd_direct
	resb PAGE_SIZE * BOOT_DIRECT_MAP_GIB
END boot_pd_direct
DATA_LOCAL boot_pt_kernel
	resb PAGE_SIZE * BOOT_KERNEL_PTS
END boot_pt_kernel
DATA boot_stack_guard
	resb PAGE_SIZE
END boot_stack_guard
DATA boot_stack_bottom
	resb 16384
END boot_stack_bottom
global boot_stack_top                   ; the end of boot_stack_bottom: no object of its own
boot_stack_top:
