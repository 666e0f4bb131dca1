/* paging.c - the x86_64 side of paging: no-execute and global pages at boot, the kernel
 * image's regions for vm_init(), and device registers mapped uncached. The page-table walks
 * themselves are mm's (src/mm/vm.c), over the entry functions of arch_inline.h. */
#include <kern/arch.h>
#include <kern/param.h>
#include <lib/panic.h>
#include <arch/x86_64/cpu.h>
#include <arch/x86_64/irq.h>
#include <arch/x86_64/layout.h>
#include <arch/x86_64/percpu.h>

extern const char _text_start[], _rodata_start[], _data_start[], _kernel_end[];
extern const char boot_stack_guard[];

uint64_t arch_pte_nx;

void paging_cpu_init(void)
{
	arch_pte_nx = rdmsr(MSR_EFER) & EFER_NXE ? ARCH_PTE_NX : 0;
	write_cr4(read_cr4() | CR4_PGE);
}

static struct arch_region image_region(uintptr_t start, uintptr_t end, unsigned flags)
{
	return (struct arch_region){ start, start - KERNEL_VMA, end - start, flags };
}

size_t arch_image_regions(struct arch_region out[ARCH_IMAGE_REGIONS])
{
	uintptr_t guard = (uintptr_t)boot_stack_guard;
	out[0] = image_region((uintptr_t)_text_start, (uintptr_t)_rodata_start, VM_EXEC);
	out[1] = image_region((uintptr_t)_rodata_start, (uintptr_t)_data_start, 0);
	out[2] = image_region((uintptr_t)_data_start, guard, VM_WRITE);
	out[3] = image_region(guard + PAGE_SIZE, (uintptr_t)_kernel_end, VM_WRITE);
	return 4;
}

/* Device registers go into the first page table of the device area, which vm_init() creates
 * (the kernel half is shared, so the loaded tables are as good as the kernel's). */
void *arch_map_mmio(uint64_t phys, uint64_t size)
{
	static uintptr_t next = ARCH_MMIO_AREA;
	uint64_t first = phys & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t pages = (phys + size - first + PAGE_SIZE - 1) / PAGE_SIZE;
	unsigned long s = arch_irq_save();
	uintptr_t va = next;
	next += pages * PAGE_SIZE;
	arch_irq_restore(s);
	KASSERT(next <= ARCH_MMIO_AREA + arch_pt_span(1));
	for (uint64_t i = 0; i < pages; i++) {
		int level;
		uintptr_t page = va + i * PAGE_SIZE;
		uint64_t *e = arch_pt_find(arch_page_root(), page, &level);
		KASSERT(level == 0 && !arch_pte_present(*e));
		*e = arch_pte_leaf(first + i * PAGE_SIZE, page, VM_WRITE | VM_NOCACHE, 0);
	}
	return (void *)(va + (phys - first));
}

void arch_kernel_image(uint64_t *start, uint64_t *end)
{
	*start = KERNEL_PHYS_BASE;  /* the loader puts the whole file there, headers first */
	*end = (uintptr_t)_kernel_end - KERNEL_VMA;
}
