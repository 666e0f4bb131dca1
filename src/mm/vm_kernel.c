/* vm_kernel.c - the kernel's address space, built once at boot by vm_init(): the direct map of
 * all RAM in large pages, the kernel image with W^X permissions, and the top-level entries that
 * every space shares. The page-table walk it builds with is vm.c's (vm_private.h). */
#include <kern/vm.h>
#include <kern/arch.h>
#include <kern/errno.h>
#include <kern/param.h>
#include <lib/printk.h>
#include "vm_private.h"

static uint64_t direct_limit = ARCH_BOOT_MAP_BYTES;

/* Maps [pa, pa + len) at va, with large pages (level 1) where both sides are aligned (boot
 * only). */
static int map_range(uintptr_t va, uint64_t pa, uint64_t len, unsigned flags)
{
	uint64_t large = arch_pt_span(1);
	uint64_t *e;
	while (len) {
		int err;
		if (va % large == 0 && pa % large == 0 && len >= large) {
			err = vm_walk(vm_kernel_space(), va, 1, true, &e);
			if (!err)
				*e = arch_pte_leaf(pa, va, flags, 1);
			va += large, pa += large, len -= large;
		} else {
			err = vm_map_page(vm_kernel_space(), va, pa, flags);
			va += PAGE_SIZE, pa += PAGE_SIZE, len -= PAGE_SIZE;
		}
		if (err)
			return err;
	}
	return 0;
}

static int map_image(void)
{
	struct arch_region r[ARCH_IMAGE_REGIONS];
	size_t n = arch_image_regions(r);
	int err = 0;
	for (size_t i = 0; i < n && !err; i++)
		for (uint64_t off = 0; off < r[i].len && !err; off += PAGE_SIZE)
			err = vm_map_page(vm_kernel_space(), r[i].va + off, r[i].pa + off, r[i].flags);
	return err;
}

/* The direct map: every RAM range of the firmware's map plus the low memory the architecture
 * always needs, writable and no-execute, except the kernel image's own frames, which stay
 * read-only there too. */
static int map_direct(const struct boot_info *bi)
{
	static struct memmap ram;
	struct boot_mem_region r[BOOT_MMAP_MAX + 1];
	size_t n = 0;

	r[n++] = (struct boot_mem_region){ 0, ARCH_DIRECT_MAP_LOW, BOOT_MEM_USABLE };
	for (size_t i = 0; i < bi->mmap_count; i++) {
		uint32_t t = bi->mmap[i].type;
		if (t == BOOT_MEM_USABLE || t == BOOT_MEM_ACPI_RECLAIMABLE || t == BOOT_MEM_ACPI_NVS)
			r[n++] = (struct boot_mem_region){ bi->mmap[i].base, bi->mmap[i].length,
							   BOOT_MEM_USABLE };
	}
	memmap_from_firmware(&ram, r, n);
	uint64_t img_start, img_end;
	arch_kernel_image(&img_start, &img_end);
	memmap_reserve(&ram, img_start, img_end);
	direct_limit = memmap_end(&ram) > img_end ? memmap_end(&ram) : img_end;

	/* Top-level slots shared by every space: direct map, stacks, heap, devices, image. */
	struct vm_space *ks = vm_kernel_space();
	uint64_t *e;
	for (uint64_t off = 0; off < direct_limit; off += arch_pt_span(VM_TOP))
		vm_walk(ks, ARCH_DIRECT_MAP_BASE + off, VM_TOP - 1, true, &e);
	vm_walk(ks, ARCH_KSTACK_AREA, VM_TOP - 1, true, &e);
	vm_walk(ks, ARCH_KHEAP_AREA, VM_TOP - 1, true, &e);
	vm_walk(ks, ARCH_MMIO_AREA, 0, true, &e);  /* arch_map_mmio()'s table */

	int err = map_range(ARCH_DIRECT_MAP_BASE + img_start, img_start, img_end - img_start, 0);
	for (size_t i = 0; i < ram.count && !err; i++)
		err = map_range(ARCH_DIRECT_MAP_BASE + ram.range[i].base, ram.range[i].base,
				ram.range[i].end - ram.range[i].base, VM_WRITE);
	return err;
}

int vm_init(const struct boot_info *bi, struct memmap *free)
{
	struct vm_space *ks = vm_kernel_space();
	vm_tables_from(free);
	int err = -ENOMEM;
	ks->root = vm_table_alloc();
	if (ks->root)
		err = map_direct(bi);
	if (!err)
		err = map_image();
	vm_tables_from(NULL);
	if (err)
		return err;
	vm_space_activate(ks);
	pr_debug("vm: kernel space at %#lx, direct map up to %#lx, %lu page-table pages\n",
		 ks->root, direct_limit, vm_table_pages());
	return 0;
}

bool vm_nx_enabled(void)
{
	return arch_nx_enabled();
}

uint64_t vm_direct_map_limit(void)
{
	return direct_limit;
}
