/* paging.c - x86_64 4-level paging behind kern/vm.h: building the kernel's address space,
 * creating and destroying user spaces, mapping, unmapping and translating pages. */
#include <kern/vm.h>
#include <kern/arch.h>
#include <kern/errno.h>
#include <kern/frame.h>
#include <lib/panic.h>
#include <lib/printk.h>
#include <arch/x86_64/cpu.h>
#include <arch/x86_64/irq.h>
#include <kern/param.h>
#include <arch/x86_64/layout.h>
#include <arch/x86_64/pte.h>
#include <uapi/syscall.h>
#include <lib/string.h>

#define LARGE_PAGE (2ull << 20)
#define KERNEL_HALF 0xFFFF800000000000ull
#define LEGACY_END 0x100000ull  /* the first MiB: VGA memory, BIOS areas */

extern const char _text_start[], _rodata_start[], _data_start[], _kernel_end[];
extern const char boot_stack_guard[];

static struct vm_space kernel_space;
static struct memmap *boot_free;  /* where page tables come from while vm_init() runs */
static uint64_t pte_nx;           /* PTE_NX, or 0 on a CPU without no-execute */
static uint64_t table_pages;
#define BOOT_MAP_LIMIT ((uint64_t)BOOT_DIRECT_MAP_GIB << 30)
static uint64_t direct_limit = BOOT_MAP_LIMIT;

static bool canonical(uintptr_t va)
{
	return va < MK_USER_TOP || va >= KERNEL_HALF;
}

static uint64_t table_alloc(void)
{
	/* While booting, tables must lie in what the boot page tables map. */
	uint64_t pa = boot_free ? memmap_take(boot_free, PAGE_SIZE, BOOT_MAP_LIMIT) : frame_alloc();
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
	return arch_phys_to_virt(entry & PTE_ADDR);
}

static uint64_t leaf_bits(uintptr_t va, unsigned flags)
{
	uint64_t bits = PTE_P;
	if (flags & VM_WRITE)
		bits |= PTE_W;
	if (flags & VM_USER)
		bits |= PTE_U;
	if (!(flags & VM_EXEC))
		bits |= pte_nx;
	if (flags & VM_OWNED)
		bits |= PTE_OWNED;
	if (flags & VM_NOCACHE)
		bits |= PTE_PCD | PTE_PWT;
	if (va >= KERNEL_HALF)
		bits |= PTE_G;  /* the same in every space: survives CR3 loads */
	return bits;
}

/* Finds the entry for va at `level` (0: page table, 1: page directory), creating the tables
 * above it when `create` is set. Kernel-half top-level entries exist from boot on, since every
 * space copies them when it is created. */
static int walk(uint64_t root, uintptr_t va, int level, bool create, uint64_t **entry)
{
	uint64_t *table = arch_phys_to_virt(root);
	for (int l = 3; l > level; l--) {
		uint64_t *e = &table[pte_index(va, l)];
		if (*e & PTE_P && *e & PTE_PS)
			return -EINVAL;  /* inside a large page */
		if (!(*e & PTE_P)) {
			if (!create)
				return -ENOENT;
			if (l == 3 && va >= KERNEL_HALF && !boot_free)
				panic("vm: kernel top-level slot %u was not set up at boot",
				      pte_index(va, 3));
			uint64_t t = table_alloc();
			if (!t)
				return -ENOMEM;
			*e = t | PTE_P | PTE_W | (va < MK_USER_TOP ? PTE_U : 0);
		}
		table = table_of(*e);
	}
	*entry = &table[pte_index(va, level)];
	return 0;
}

static bool space_active(const struct vm_space *vs)
{
	return (read_cr3() & PTE_ADDR) == vs->root;
}

/* Page tables change with interrupts off: a preempting task may map pages too. */
int vm_map_page(struct vm_space *vs, uintptr_t va, uint64_t pa, unsigned flags)
{
	if ((va | pa) % PAGE_SIZE || !canonical(va) || pa & ~PTE_ADDR)
		return -EINVAL;
	if (!!(flags & VM_USER) != (va < MK_USER_TOP))
		return -EINVAL;
	unsigned long s = arch_irq_save();
	uint64_t *e;
	int err = walk(vs->root, va, 0, true, &e);
	if (!err && *e & PTE_P)
		err = -EEXIST;
	if (!err)
		*e = pa | leaf_bits(va, flags);
	arch_irq_restore(s);
	return err;
}

int vm_prepare_tables(struct vm_space *vs, uintptr_t start, uintptr_t end)
{
	for (uintptr_t va = start & ~(LARGE_PAGE - 1); va < end; va += LARGE_PAGE) {
		uint64_t *e;
		unsigned long s = arch_irq_save();
		int err = walk(vs->root, va, 0, true, &e);
		arch_irq_restore(s);
		if (err)
			return err;
	}
	return 0;
}

int vm_unmap_page(struct vm_space *vs, uintptr_t va)
{
	if (va % PAGE_SIZE || !canonical(va))
		return -EINVAL;
	unsigned long s = arch_irq_save();
	uint64_t *e, old = 0;
	int err = walk(vs->root, va, 0, false, &e);
	if (!err && !(*e & PTE_P))
		err = -ENOENT;
	if (!err) {
		old = *e;
		*e = 0;
		if (va >= KERNEL_HALF || space_active(vs))
			invlpg(va);
	}
	arch_irq_restore(s);
	if (old & PTE_OWNED)
		KASSERT(frame_free(old & PTE_ADDR) == 0);
	return err;
}

static unsigned entry_flags(uint64_t e)
{
	unsigned f = 0;
	if (e & PTE_W)
		f |= VM_WRITE;
	if (e & PTE_U)
		f |= VM_USER;
	if (!(e & PTE_NX))
		f |= VM_EXEC;
	if (e & PTE_OWNED)
		f |= VM_OWNED;
	return f;
}

int vm_translate(struct vm_space *vs, uintptr_t va, uint64_t *pa, unsigned *flags)
{
	if (!canonical(va))
		return -ENOENT;
	uint64_t *table = arch_phys_to_virt(vs->root);
	for (int l = 3; l >= 0; l--) {
		uint64_t e = table[pte_index(va, l)];
		if (!(e & PTE_P))
			return -ENOENT;
		if (l == 0 || e & PTE_PS) {
			uint64_t span = 1ull << (12 + 9 * l);
			if (pa)
				*pa = (e & PTE_ADDR & ~(span - 1)) | (va & (span - 1));
			if (flags)
				*flags = entry_flags(e) | (l ? VM_LARGE : 0);
			return 0;
		}
		table = table_of(e);
	}
	return -ENOENT;
}

bool vm_user_range_ok(uintptr_t addr, size_t len, bool write)
{
	/* Every level must allow the access (the user half's tables are all P|W|U, so the
	 * leaf decides); user mappings are 4 KiB pages, so a large page is refused. */
	uint64_t need = PTE_P | PTE_U | (write ? PTE_W : 0);
	const uint64_t *top = arch_phys_to_virt(read_cr3() & PTE_ADDR);
	for (uintptr_t page = addr & ~(uintptr_t)(PAGE_SIZE - 1); page < addr + len;
	     page += PAGE_SIZE) {
		const uint64_t *t = top;
		for (int l = 3;; l--) {
			uint64_t e = t[pte_index(page, l)];
			if ((e & need) != need || (l && (e & PTE_PS)))
				return false;
			if (l == 0)
				break;
			t = table_of(e);
		}
	}
	return true;
}

/* Maps [pa, pa + len) at va, with 2 MiB pages where both sides are aligned (boot only). */
static int map_range(uintptr_t va, uint64_t pa, uint64_t len, unsigned flags)
{
	uint64_t *e;
	while (len) {
		int err;
		if (va % LARGE_PAGE == 0 && pa % LARGE_PAGE == 0 && len >= LARGE_PAGE) {
			err = walk(kernel_space.root, va, 1, true, &e);
			if (!err)
				*e = pa | leaf_bits(va, flags) | PTE_PS;
			va += LARGE_PAGE, pa += LARGE_PAGE, len -= LARGE_PAGE;
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
	uintptr_t guard = (uintptr_t)boot_stack_guard;
	int err = 0;
	for (uintptr_t va = (uintptr_t)_text_start; va < (uintptr_t)_kernel_end && !err;
	     va += PAGE_SIZE) {
		unsigned flags = va < (uintptr_t)_rodata_start ? VM_EXEC
				 : va < (uintptr_t)_data_start ? 0
							   : VM_WRITE;
		if (va != guard)
			err = vm_map_page(&kernel_space, va, va - KERNEL_VMA, flags);
	}
	return err;
}

/* The direct map: every RAM range of the firmware's map plus the first MiB, writable and
 * no-execute, except the kernel image's own frames, which stay read-only there too. */
static int map_direct(const struct boot_info *bi)
{
	static struct memmap ram;
	struct boot_mem_region r[BOOT_MMAP_MAX + 1];
	size_t n = 0;

	r[n++] = (struct boot_mem_region){ 0, LEGACY_END, BOOT_MEM_USABLE };
	for (size_t i = 0; i < bi->mmap_count; i++) {
		uint32_t t = bi->mmap[i].type;
		if (t == BOOT_MEM_USABLE || t == BOOT_MEM_ACPI_RECLAIMABLE || t == BOOT_MEM_ACPI_NVS)
			r[n++] = (struct boot_mem_region){ bi->mmap[i].base, bi->mmap[i].length,
							   BOOT_MEM_USABLE };
	}
	memmap_from_firmware(&ram, r, n);
	uint64_t img_start = (uintptr_t)_text_start - KERNEL_VMA;
	uint64_t img_end = (uintptr_t)_kernel_end - KERNEL_VMA;
	memmap_reserve(&ram, img_start, img_end);
	direct_limit = memmap_end(&ram) > img_end ? memmap_end(&ram) : img_end;

	/* Top-level slots shared by every space: direct map, stacks, heap, image. */
	uint64_t *e;
	for (uint64_t off = 0; off < direct_limit; off += 1ull << 39)
		walk(kernel_space.root, ARCH_DIRECT_MAP_BASE + off, 2, true, &e);
	walk(kernel_space.root, ARCH_KSTACK_AREA, 2, true, &e);
	walk(kernel_space.root, ARCH_KHEAP_AREA, 2, true, &e);
	walk(kernel_space.root, MMIO_AREA_BASE, 2, true, &e);

	int err = map_range(ARCH_DIRECT_MAP_BASE + img_start, img_start, img_end - img_start, 0);
	for (size_t i = 0; i < ram.count && !err; i++)
		err = map_range(ARCH_DIRECT_MAP_BASE + ram.range[i].base, ram.range[i].base,
				ram.range[i].end - ram.range[i].base, VM_WRITE);
	return err;
}

int vm_init(const struct boot_info *bi, struct memmap *free)
{
	boot_free = free;
	pte_nx = rdmsr(MSR_EFER) & EFER_NXE ? PTE_NX : 0;
	write_cr4(read_cr4() | CR4_PGE);

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
	vs->root = table_alloc();
	if (!vs->root)
		return -ENOMEM;
	uint64_t *dst = arch_phys_to_virt(vs->root), *src = arch_phys_to_virt(kernel_space.root);
	memcpy(dst + 256, src + 256, 256 * sizeof(uint64_t));
	return 0;
}

/* Frees the tables below entry e of level l (and their owned frames), then e's table. */
static void free_subtree(uint64_t e, int l)
{
	uint64_t *t = table_of(e);
	for (int i = 0; i < 512; i++) {
		if (!(t[i] & PTE_P))
			continue;
		if (l > 1 && !(t[i] & PTE_PS))
			free_subtree(t[i], l - 1);
		else if (t[i] & PTE_OWNED)
			KASSERT(frame_free(t[i] & PTE_ADDR) == 0);
	}
	table_free(e & PTE_ADDR);
}

void vm_space_destroy(struct vm_space *vs)
{
	if (space_active(vs))
		vm_space_activate(&kernel_space);
	uint64_t *top = arch_phys_to_virt(vs->root);
	for (int i = 0; i < 256; i++)
		if (top[i] & PTE_P)
			free_subtree(top[i], 3);
	table_free(vs->root);
	vs->root = 0;
}

void vm_space_activate(struct vm_space *vs)
{
	write_cr3(vs->root);
}

uint64_t vm_table_pages(void)
{
	return table_pages;
}

bool vm_nx_enabled(void)
{
	return pte_nx != 0;
}

void *arch_map_mmio(uint64_t phys, uint64_t size)
{
	static uintptr_t next = MMIO_AREA_BASE;
	uint64_t first = phys & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t pages = (phys + size - first + PAGE_SIZE - 1) / PAGE_SIZE;
	unsigned long s = arch_irq_save();
	uintptr_t va = next;
	next += pages * PAGE_SIZE;
	arch_irq_restore(s);
	KASSERT(next <= MMIO_AREA_BASE + ARCH_AREA_SIZE);
	for (uint64_t i = 0; i < pages; i++)
		if (vm_map_page(&kernel_space, va + i * PAGE_SIZE, first + i * PAGE_SIZE,
				VM_WRITE | VM_NOCACHE) < 0)
			panic("vm: cannot map device memory at %#lx", phys);
	return (void *)(va + (phys - first));
}

uint64_t arch_direct_map_limit(void)
{
	return direct_limit;
}

void arch_kernel_image(uint64_t *start, uint64_t *end)
{
	*start = KERNEL_PHYS_BASE;  /* the loader puts the whole file there, headers first */
	*end = (uintptr_t)_kernel_end - KERNEL_VMA;
}
