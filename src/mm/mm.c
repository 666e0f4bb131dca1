/* mm.c - memory management at boot: the free ranges, page tables, frame pool and heap. */
#include <kern/mm.h>
#include <kern/errno.h>
#include <kern/arch.h>
#include <kern/frame.h>
#include <kern/kmalloc.h>
#include <kern/kstack.h>
#include <kern/memmap.h>
#include <lib/panic.h>
#include <lib/printk.h>
#include <kern/vm.h>
#include <kern/param.h>

void heap_kernel_init(void);

static struct memmap free_ram;
static uint64_t boot_frames;

/* Free RAM: the firmware's usable ranges minus everything that is in use already. */
static void find_free_ram(const struct boot_info *bi)
{
	memmap_from_firmware(&free_ram, bi->mmap, bi->mmap_count);
	memmap_reserve(&free_ram, 0, PAGE_SIZE);  /* physical 0 stands for "no frame" */
	uint64_t image_start, image_end;
	arch_kernel_image(&image_start, &image_end);
	memmap_reserve(&free_ram, image_start, image_end);
	memmap_reserve(&free_ram, bi->info_phys, bi->info_phys + bi->info_size);
	for (size_t i = 0; i < bi->module_count; i++)
		memmap_reserve(&free_ram, bi->modules[i].start, bi->modules[i].end);
	if (free_ram.dropped)
		pr_warn("memory: the memory map is too fragmented; %zu ranges ignored\n",
			free_ram.dropped);
	pr_debug("memory: %zu free ranges, %lu KiB\n", free_ram.count,
		 memmap_bytes(&free_ram) >> 10);
}

/* The week-2 milestone, at debug level: a frame allocated, mapped, used, unmapped, freed. */
static void show_paging(void)
{
	uint64_t pa = frame_alloc(), back = 0;
	uintptr_t va = ARCH_KHEAP_AREA + ARCH_AREA_SIZE - PAGE_SIZE;
	pr_debug("mm: allocated frame %#lx\n", pa);
	vm_map_page(vm_kernel_space(), va, pa, VM_WRITE);
	*(volatile uint64_t *)va = 0x1234;
	vm_translate(vm_kernel_space(), va, &back, 0);
	pr_debug("mm: mapped it at %#lx, translated back to %#lx, wrote %#lx\n", (uint64_t)va,
		 back, *(volatile uint64_t *)va);
	vm_unmap_page(vm_kernel_space(), va);
	frame_free(pa);
	pr_debug("mm: unmapped and freed it; %lu frames free\n", frame_free_count());
}

void mm_init(const struct boot_info *bi)
{
	find_free_ram(bi);
	uint64_t before = memmap_bytes(&free_ram);
	int err = vm_init(bi, &free_ram);
	if (err == -ENOMEM)
		panic("memory: no room for the kernel's page tables");
	if (err < 0)
		panic("memory: cannot build the kernel's address space (error %d)", err);

	uint64_t meta = memmap_take(&free_ram, frame_meta_size(&free_ram), ~0ull);
	if (!meta && frame_meta_size(&free_ram))
		panic("memory: no room for the frame allocator's bitmap");
	frame_init(&free_ram, arch_phys_to_virt(meta), (uintptr_t)arch_phys_to_virt(0));
	boot_frames = (before - memmap_bytes(&free_ram)) / PAGE_SIZE;
	heap_kernel_init();
	kstack_init();

	pr_info("memory: %lu frames (%lu MiB) free, %s allocator (%lu KiB of bitmap), "
		"%lu page-table pages, NX %s\n",
		frame_total(), frame_total() >> 8, frame_allocator_name, frame_meta_bytes() >> 10,
		vm_table_pages(), vm_nx_enabled() ? "on" : "off (not supported by this CPU)");
	if (LOG_THRESHOLD <= LOG_DEBUG)
		show_paging();
}

uint64_t mm_boot_frames(void)
{
	return boot_frames;
}

void mm_info_get(struct mm_info *out)
{
	out->total_frames = frame_total();
	out->free_frames = frame_free_count();
	out->heap_used = heap_bytes_used();
	out->heap_total = heap_bytes_total();
}
