/* vm.c - address spaces over the architecture's page tables (kern/arch.h): building the
 * kernel's space, creating and destroying user spaces, mapping, unmapping and translating. */
#include <kern/vm.h>
#include <kern/arch.h>
#include <kern/errno.h>
#include <kern/frame.h>
#include <kern/param.h>
#include <lib/panic.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <uapi/syscall.h>

#define TOP (ARCH_PT_LEVELS - 1)

static struct vm_space kernel_space;
static struct memmap *boot_free;  /* where page tables come from while vm_init() runs */
static uint64_t table_pages;
static uint64_t direct_limit = ARCH_BOOT_MAP_BYTES;

static bool canonical(uintptr_t va)
{
	return va < MK_USER_TOP || va >= ARCH_KERNEL_HALF;
}

static uint64_t table_alloc(void)
{
	/* While booting, tables must lie in what the boot page tables map. */
	uint64_t pa = boot_free ? memmap_take(boot_free, PAGE_SIZE, ARCH_BOOT_MAP_BYTES)
				: frame_alloc();
	if (!pa)
		return 0;
	memset(arch_phys_to_virt(pa), 0, PAGE_SIZE);
	table_pages++;
	return pa;
}

static void table_free(uint64_t pa)
{
	KASSERT(frame_free(pa) == 0);
	table_pages--;
}

static uint64_t *table_of(uint64_t entry)
{
	return arch_phys_to_virt(arch_pte_addr(entry));
}

/* Finds the entry for va at `level` (0: the table of pages), creating the tables above it when
 * `create` is set. Kernel-half top-level entries exist from boot on, since every space copies
 * them when it is created. */
static int walk(struct vm_space *vs, uintptr_t va, int level, bool create, uint64_t **entry)
{
	uint64_t *table = arch_phys_to_virt(vs->root);
	for (int l = TOP; l > level; l--) {
		uint64_t *e = &table[arch_pt_index(va, l)];
		if (arch_pte_present(*e) && arch_pte_large(*e))
			return -EINVAL;  /* inside a large page */
		if (!arch_pte_present(*e)) {
			if (!create)
				return -ENOENT;
			if (l == TOP && va >= ARCH_KERNEL_HALF && !boot_free)
				panic("vm: kernel top-level slot %u was not set up at boot",
				      arch_pt_index(va, TOP));
			uint64_t t = table_alloc();
			if (!t)
				return -ENOMEM;
			vs->frames++;
			*e = arch_pte_table(t, va < MK_USER_TOP);
		}
		table = table_of(*e);
	}
	*entry = &table[arch_pt_index(va, level)];
	return 0;
}

static bool space_active(const struct vm_space *vs)
{
	return arch_page_root() == vs->root;
}

/* Page tables change with interrupts off: a preempting task may map pages too. */
int vm_map_page(struct vm_space *vs, uintptr_t va, uint64_t pa, unsigned flags)
{
	if ((va | pa) % PAGE_SIZE || !canonical(va) || arch_pte_addr(pa) != pa)
		return -EINVAL;
	if (!!(flags & VM_USER) != (va < MK_USER_TOP))
		return -EINVAL;
	unsigned long s = arch_irq_save();
	uint64_t *e;
	int err = walk(vs, va, 0, true, &e);
	if (!err && arch_pte_present(*e))
		err = -EEXIST;
	if (!err) {
		*e = arch_pte_leaf(pa, va, flags, 0);
		vs->frames++;
	}
	arch_irq_restore(s);
	return err;
}

int vm_prepare_tables(struct vm_space *vs, uintptr_t start, uintptr_t end)
{
	uint64_t span = arch_pt_span(1);
	for (uintptr_t va = start & ~(span - 1); va < end; va += span) {
		uint64_t *e;
		unsigned long s = arch_irq_save();
		int err = walk(vs, va, 0, true, &e);
		arch_irq_restore(s);
		if (err)
			return err;
	}
	return 0;
}

/* True if [start, end) is a run of whole pages inside the half that @p flags ask for. */
static bool range_ok(uintptr_t start, uintptr_t end, unsigned flags)
{
	if ((start | end) % PAGE_SIZE || start > end)
		return false;
	return flags & VM_USER ? end <= MK_USER_TOP : start >= ARCH_KERNEL_HALF;
}

/* End of the part of [va, end) that one table of pages maps: up to the next table boundary. */
static uintptr_t table_stop(uintptr_t va, uintptr_t end)
{
	uint64_t left = arch_pt_span(1) - va % arch_pt_span(1);
	return end - va > left ? va + left : end;
}

/* Maps a new frame at va through its level-0 entry e, which must be empty. */
static int map_new_page(uint64_t *e, uintptr_t va, unsigned flags, bool zero)
{
	if (arch_pte_present(*e))
		return -EEXIST;
	uint64_t pa = frame_alloc();
	if (!pa)
		return -ENOMEM;
	if (zero)
		memset(arch_phys_to_virt(pa), 0, PAGE_SIZE);
	/* The page was not mapped, so no TLB holds an entry for it to flush. */
	*e = arch_pte_leaf(pa, va, flags | VM_OWNED, 0);
	return 0;
}

/* Both range functions find each table of pages once and then step through its entries,
 * instead of walking down from the top table for every page. */
int vm_map_new(struct vm_space *vs, uintptr_t start, uintptr_t end, unsigned flags, bool zero)
{
	if (!range_ok(start, end, flags))
		return -EINVAL;
	uintptr_t va = start;
	int err = 0;
	while (va < end && !err) {
		uint64_t *e;
		unsigned long s = arch_irq_save();
		err = walk(vs, va, 0, true, &e);
		arch_irq_restore(s);
		for (uintptr_t stop = table_stop(va, end); !err && va < stop; e++) {
			err = map_new_page(e, va, flags, zero);
			if (!err) {
				va += PAGE_SIZE;
				vs->frames++;
			}
		}
	}
	if (err)
		vm_unmap_range(vs, start, va);  /* va: the page that failed */
	return err;
}

uint64_t vm_unmap_range(struct vm_space *vs, uintptr_t start, uintptr_t end)
{
	vs->kva_page = 0;  /* vm_user_kva() walks again */
	KASSERT(range_ok(start, end, start < MK_USER_TOP ? VM_USER : 0));
	bool flush = start >= ARCH_KERNEL_HALF || space_active(vs);
	uint64_t unmapped = 0;
	for (uintptr_t va = start; va < end;) {
		uintptr_t stop = table_stop(va, end);
		uint64_t *e;
		unsigned long s = arch_irq_save();
		int err = walk(vs, va, 0, false, &e);
		arch_irq_restore(s);
		if (err) {
			va = stop;  /* no table of pages here: no 4 KiB page is mapped */
			continue;
		}
		for (; va < stop; va += PAGE_SIZE, e++) {
			uint64_t old = *e;
			if (!arch_pte_present(old))
				continue;
			*e = 0;
			if (flush)
				arch_tlb_flush_page(va);
			if (arch_pte_owned(old))
				KASSERT(frame_free(arch_pte_addr(old)) == 0);
			unmapped++;
		}
	}
	vs->frames -= unmapped;
	return unmapped;
}

int vm_unmap_page(struct vm_space *vs, uintptr_t va)
{
	vs->kva_page = 0;
	if (va % PAGE_SIZE || !canonical(va))
		return -EINVAL;
	unsigned long s = arch_irq_save();
	uint64_t *e, old = 0;
	int err = walk(vs, va, 0, false, &e);
	if (!err && !arch_pte_present(*e))
		err = -ENOENT;
	if (!err) {
		old = *e;
		*e = 0;
		vs->frames--;
		if (va >= ARCH_KERNEL_HALF || space_active(vs))
			arch_tlb_flush_page(va);
	}
	arch_irq_restore(s);
	if (arch_pte_owned(old))
		KASSERT(frame_free(arch_pte_addr(old)) == 0);
	return err;
}

int vm_translate(struct vm_space *vs, uintptr_t va, uint64_t *pa, unsigned *flags)
{
	if (!canonical(va))
		return -ENOENT;
	int l;
	uint64_t e = *arch_pt_find(vs->root, va, &l);
	if (!arch_pte_present(e))
		return -ENOENT;
	uint64_t span = arch_pt_span(l);
	if (pa)
		*pa = (arch_pte_addr(e) & ~(span - 1)) | (va & (span - 1));
	if (flags)
		*flags = arch_pte_flags(e) | (l ? VM_LARGE : 0);
	return 0;
}

/* Maps [pa, pa + len) at va, with large pages (level 1) where both sides are aligned (boot
 * only). */
static int map_range(uintptr_t va, uint64_t pa, uint64_t len, unsigned flags)
{
	uint64_t large = arch_pt_span(1);
	uint64_t *e;
	while (len) {
		int err;
		if (va % large == 0 && pa % large == 0 && len >= large) {
			err = walk(&kernel_space, va, 1, true, &e);
			if (!err)
				*e = arch_pte_leaf(pa, va, flags, 1);
			va += large, pa += large, len -= large;
		} else {
			err = vm_map_page(&kernel_space, va, pa, flags);
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
			err = vm_map_page(&kernel_space, r[i].va + off, r[i].pa + off, r[i].flags);
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
	uint64_t *e;
	for (uint64_t off = 0; off < direct_limit; off += arch_pt_span(TOP))
		walk(&kernel_space, ARCH_DIRECT_MAP_BASE + off, TOP - 1, true, &e);
	walk(&kernel_space, ARCH_KSTACK_AREA, TOP - 1, true, &e);
	walk(&kernel_space, ARCH_KHEAP_AREA, TOP - 1, true, &e);
	walk(&kernel_space, ARCH_MMIO_AREA, 0, true, &e);  /* arch_map_mmio()'s table */

	int err = map_range(ARCH_DIRECT_MAP_BASE + img_start, img_start, img_end - img_start, 0);
	for (size_t i = 0; i < ram.count && !err; i++)
		err = map_range(ARCH_DIRECT_MAP_BASE + ram.range[i].base, ram.range[i].base,
				ram.range[i].end - ram.range[i].base, VM_WRITE);
	return err;
}

int vm_init(const struct boot_info *bi, struct memmap *free)
{
	boot_free = free;
	int err = -ENOMEM;
	kernel_space.root = table_alloc();
	if (kernel_space.root)
		err = map_direct(bi);
	if (!err)
		err = map_image();
	boot_free = 0;
	if (err)
		return err;
	vm_space_activate(&kernel_space);
	pr_debug("vm: kernel space at %#lx, direct map up to %#lx, %lu page-table pages\n",
		 kernel_space.root, direct_limit, table_pages);
	return 0;
}

struct vm_space *vm_kernel_space(void)
{
	return &kernel_space;
}

int vm_space_create(struct vm_space *vs)
{
	vs->kva_page = 0;
	vs->root = table_alloc();
	if (!vs->root)
		return -ENOMEM;
	vs->frames = 1;
	uint64_t *dst = arch_phys_to_virt(vs->root), *src = arch_phys_to_virt(kernel_space.root);
	memcpy(dst + ARCH_PT_KERNEL_FIRST, src + ARCH_PT_KERNEL_FIRST,
	       (ARCH_PT_ENTRIES - ARCH_PT_KERNEL_FIRST) * sizeof(uint64_t));
	return 0;
}

/* Frees the tables below entry e of level l (and their owned frames), then e's table. */
static void free_subtree(uint64_t e, int l)
{
	uint64_t *t = table_of(e);
	for (int i = 0; i < ARCH_PT_ENTRIES; i++) {
		if (!arch_pte_present(t[i]))
			continue;
		if (l > 1 && !arch_pte_large(t[i]))
			free_subtree(t[i], l - 1);
		else if (arch_pte_owned(t[i]))
			KASSERT(frame_free(arch_pte_addr(t[i])) == 0);
	}
	table_free(arch_pte_addr(e));
}

void vm_space_destroy(struct vm_space *vs)
{
	if (space_active(vs))
		vm_space_activate(&kernel_space);
	uint64_t *top = arch_phys_to_virt(vs->root);
	for (int i = 0; i < ARCH_PT_KERNEL_FIRST; i++)
		if (arch_pte_present(top[i]))
			free_subtree(top[i], TOP);
	table_free(vs->root);
	vs->root = 0;
	vs->frames = 0;
}

void vm_space_activate(struct vm_space *vs)
{
	arch_page_root_load(vs->root);
}

uint64_t vm_table_pages(void)
{
	return table_pages;
}

bool vm_nx_enabled(void)
{
	return arch_nx_enabled();
}

uint64_t vm_direct_map_limit(void)
{
	return direct_limit;
}
