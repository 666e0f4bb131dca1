/* mm_test.c - in-kernel tests of memory management: the frame pool against the boot map,
 * every frame usable, paging API, W^X and NX, guard pages, the heap. */
#include <kern/arch.h>
#include <kern/boot.h>
#include <kern/errno.h>
#include <kern/frame.h>
#include <kern/kmalloc.h>
#include <kern/kstack.h>
#include "ktest.h"
#include <kern/mm.h>
#include <kern/vm.h>
#include <kern/param.h>
#include <arch/x86_64/layout.h>
#include <lib/string.h>

extern const char _text_start[], _rodata_start[], _kernel_end[];

/* Is the page at pa free RAM by an independent reading of the boot information? */
static bool page_should_be_free(const struct boot_info *bi, uint64_t pa)
{
	bool usable = false;
	for (size_t i = 0; i < bi->mmap_count; i++) {
		uint64_t s = bi->mmap[i].base, e = s + bi->mmap[i].length;
		if (bi->mmap[i].type == BOOT_MEM_USABLE && s <= pa && e >= pa + PAGE_SIZE)
			usable = true;
		else if (bi->mmap[i].type != BOOT_MEM_USABLE && s < pa + PAGE_SIZE && e > pa)
			return false;
	}
	if (!usable || pa == 0)
		return false;
	if (pa >= KERNEL_PHYS_BASE && pa < (uintptr_t)_kernel_end - KERNEL_VMA)
		return false;
	if (pa < bi->info_phys + bi->info_size && pa + PAGE_SIZE > bi->info_phys)
		return false;
	for (size_t i = 0; i < bi->module_count; i++)
		if (pa < bi->modules[i].end && pa + PAGE_SIZE > bi->modules[i].start)
			return false;
	return true;
}

KTEST(mm_frame_count_matches_boot_map)
{
	const struct boot_info *bi = boot_info_get();
	uint64_t top = 0, expect = 0;
	for (size_t i = 0; i < bi->mmap_count; i++)
		if (bi->mmap[i].type == BOOT_MEM_USABLE && bi->mmap[i].base + bi->mmap[i].length > top)
			top = bi->mmap[i].base + bi->mmap[i].length;
	for (uint64_t pa = 0; pa + PAGE_SIZE <= top; pa += PAGE_SIZE)
		expect += page_should_be_free(bi, pa);
	KT_EQ(frame_total() + mm_boot_frames(), expect);
}

/* Takes every free frame, tags it with its own address and chains it, checks no two frames
 * alias and that each is free RAM by the boot map, then gives them all back. */
KTEST(mm_every_frame_allocated_written_freed)
{
	const struct boot_info *bi = boot_info_get();
	uint64_t free_before = frame_free_count(), n = 0, bad = 0, head = 0, pa;
	while ((pa = frame_alloc()) != 0) {
		uint64_t *f = arch_phys_to_virt(pa);
		bad += !page_should_be_free(bi, pa);
		f[0] = head;
		f[1] = pa;
		f[511] = ~pa;
		head = pa;
		n++;
	}
	KT_EQ(n, free_before);
	KT_EQ(frame_free_count(), 0);
	KT_EQ(bad, 0);
	uint64_t walked = 0, corrupt = 0, errors = 0;
	while (head && walked <= n) {
		uint64_t *f = arch_phys_to_virt(head), next = f[0];
		corrupt += f[1] != head || f[511] != ~head;
		errors += frame_free(head) != 0;
		head = next;
		walked++;
	}
	KT_EQ(walked, n);
	KT_EQ(corrupt, 0);
	KT_EQ(errors, 0);
	KT_EQ(frame_free_count(), free_before);
}

KTEST(mm_frame_misuse_detected)
{
	uint64_t pa = frame_alloc(), before;
	KT_ASSERT(pa != 0);
	KT_EQ(frame_free(pa), 0);
	before = frame_free_count();
	KT_EQ(frame_free(pa), -EALREADY);
	KT_EQ(frame_free(pa + 1), -EINVAL);
	KT_EQ(frame_free(0), -EINVAL);
	KT_EQ(frame_free(KERNEL_PHYS_BASE), -EINVAL);  /* the kernel image is not in the pool */
	KT_EQ(frame_free_count(), before);
}

KTEST(mm_map_unmap_translate)
{
	struct vm_space vs;
	uint64_t free_before = frame_free_count(), pa, got;
	unsigned flags;

	KT_EQ(vm_space_create(&vs), 0);
	pa = frame_alloc();
	KT_EQ(vm_map_page(&vs, 0x400000, pa, VM_USER | VM_WRITE | VM_OWNED), 0);
	KT_EQ(vm_translate(&vs, 0x400123, &got, &flags), 0);
	KT_EQ(got, pa + 0x123);
	KT_EQ(flags, VM_USER | VM_WRITE | VM_OWNED | (vm_nx_enabled() ? 0 : VM_EXEC));
	KT_EQ(vm_map_page(&vs, 0x400000, pa, VM_USER), -EEXIST);
	KT_EQ(vm_map_page(&vs, 0x400010, pa, VM_USER), -EINVAL);            /* unaligned */
	KT_EQ(vm_map_page(&vs, 0x500000, pa, 0), -EINVAL);                  /* user half needs VM_USER */
	KT_EQ(vm_map_page(&vs, ARCH_KHEAP_AREA, pa, VM_USER), -EINVAL);     /* kernel half refuses it */
	KT_EQ(vm_map_page(&vs, 0x0000900000000000ull, pa, VM_USER), -EINVAL); /* non-canonical */
	KT_EQ(vm_translate(&vs, 0x401000, 0, 0), -ENOENT);
	/* Another page far away needs new tables at every level. */
	uint64_t pa2 = frame_alloc();
	KT_EQ(vm_map_page(&vs, 0x00007fffffffe000ull, pa2, VM_USER | VM_EXEC | VM_OWNED), 0);
	KT_EQ(vm_translate(&vs, 0x00007fffffffefffull, &got, &flags), 0);
	KT_EQ(got, pa2 + 0xfff);
	KT_ASSERT(flags & VM_EXEC);
	KT_EQ(vm_unmap_page(&vs, 0x400000), 0);
	KT_EQ(vm_translate(&vs, 0x400000, 0, 0), -ENOENT);
	KT_EQ(vm_unmap_page(&vs, 0x400000), -ENOENT);
	/* The kernel half is shared: the direct map reads the same in the new space. */
	KT_EQ(vm_translate(&vs, (uintptr_t)arch_phys_to_virt(0x200000), &got, &flags), 0);
	KT_EQ(got, 0x200000);
	/* Any byte of the direct map, whose RAM is mapped in large pages wherever it can be. */
	KT_EQ(vm_translate(&vs, (uintptr_t)arch_phys_to_virt(pa2) + 0x321, &got, &flags), 0);
	KT_EQ(got, pa2 + 0x321);
	KT_EQ(flags & (VM_WRITE | VM_USER), VM_WRITE);
	vm_space_destroy(&vs);
	KT_EQ(frame_free_count(), free_before);  /* owned frames and page tables all came back */
}

/* True if the page at va of vs is mapped, reads as zero, and has the flags of a new frame. */
static bool new_zero_page(struct vm_space *vs, uintptr_t va, unsigned flags)
{
	uint64_t pa;
	unsigned got;
	if (vm_translate(vs, va, &pa, &got) != 0)
		return false;
	if (got != (flags | VM_OWNED | (vm_nx_enabled() ? 0 : VM_EXEC)))
		return false;
	const uint64_t *w = arch_phys_to_virt(pa);
	for (int i = 0; i < 512; i++)
		if (w[i])
			return false;
	return true;
}

KTEST(mm_map_new_unmap_range)
{
	struct vm_space vs;
	uint64_t free_before = frame_free_count();
	const unsigned rw = VM_USER | VM_WRITE;
	/* Five pages across the boundary of two tables of pages. */
	const uintptr_t start = 0x3fe000, end = 0x403000;

	KT_EQ(vm_space_create(&vs), 0);
	KT_EQ(vm_map_new(&vs, start, end, rw, true), 0);
	uint64_t bad = 0;
	for (uintptr_t va = start; va < end; va += PAGE_SIZE)
		bad += !new_zero_page(&vs, va, rw);
	KT_EQ(bad, 0);
	KT_EQ(vm_translate(&vs, start - PAGE_SIZE, 0, 0), -ENOENT);
	KT_EQ(vm_translate(&vs, end, 0, 0), -ENOENT);
	KT_EQ(vm_map_new(&vs, end - PAGE_SIZE, end + PAGE_SIZE, rw, true), -EEXIST);
	KT_EQ(vm_translate(&vs, end, 0, 0), -ENOENT);  /* nothing of a failed call stays */
	KT_EQ(vm_map_new(&vs, start + 1, end, rw, true), -EINVAL);
	KT_EQ(vm_map_new(&vs, end, start, rw, true), -EINVAL);
	KT_EQ(vm_map_new(&vs, start, end, VM_WRITE, true), -EINVAL);  /* user half needs VM_USER */
	KT_EQ(vm_map_new(&vs, ARCH_KHEAP_AREA, ARCH_KHEAP_AREA + PAGE_SIZE, rw, true), -EINVAL);

	/* Unmapping skips holes and counts what it took away. */
	uint64_t mapped = frame_free_count();
	KT_EQ(vm_unmap_range(&vs, start + PAGE_SIZE, start + 2 * PAGE_SIZE), 1);
	KT_EQ(vm_unmap_range(&vs, start - 4 * PAGE_SIZE, end + 4 * PAGE_SIZE), 4);
	KT_EQ(vm_unmap_range(&vs, 0x40000000, 0x40400000), 0);  /* no tables there at all */
	KT_EQ(frame_free_count(), mapped + 5);
	KT_EQ(vm_translate(&vs, start, 0, 0), -ENOENT);

	/* Out of frames half way: what was mapped goes back. Every free frame but two is
	 * taken (chained through the frames themselves), and five pages are asked for. */
	uint64_t head = 0, pa;
	while (frame_free_count() > 2 && (pa = frame_alloc()) != 0) {
		*(uint64_t *)arch_phys_to_virt(pa) = head;
		head = pa;
	}
	KT_EQ(vm_map_new(&vs, start, end, rw, false), -ENOMEM);
	KT_EQ(frame_free_count(), 2);
	KT_EQ(vm_translate(&vs, start, 0, 0), -ENOENT);
	while (head) {
		uint64_t next = *(uint64_t *)arch_phys_to_virt(head);
		frame_free(head);
		head = next;
	}
	vm_space_destroy(&vs);
	KT_EQ(frame_free_count(), free_before);
}

KTEST(mm_switching_spaces)
{
	struct vm_space vs;
	uint64_t free_before = frame_free_count();
	KT_EQ(vm_space_create(&vs), 0);
	uint64_t pa = frame_alloc();
	*(volatile uint64_t *)arch_phys_to_virt(pa) = 0xfeedface;
	KT_EQ(vm_map_page(&vs, 0x600000, pa, VM_USER | VM_OWNED), 0);
	vm_space_activate(&vs);
	/* A user page: with SMAP on, the kernel reads it inside a user-access window. */
	arch_user_access_begin();
	uint64_t v = *(volatile uint64_t *)0x600000;
	arch_user_access_end();
	vm_space_activate(vm_kernel_space());
	KT_EQ(v, 0xfeedface);
	vm_space_destroy(&vs);
	KT_EQ(frame_free_count(), free_before);
}

static void write_byte(void *p) { *(volatile uint8_t *)p = 0xC3; }
static void read_byte(void *p) { (void)*(volatile uint8_t *)p; }
static void call_it(void *p) { ((void (*)(void))p)(); }

static const uint8_t ret_in_rodata[16] = { 0xC3 };

KTEST(mm_wx_and_nx)
{
	struct arch_fault f;
	/* Kernel text and rodata are read-only, through the image and the direct map alike. */
	KT_EQ(arch_try_call(write_byte, (void *)_text_start, &f), 14);
	KT_EQ(f.error, 3);  /* present, write */
	KT_EQ(arch_try_call(write_byte, (void *)ret_in_rodata, &f), 14);
	KT_EQ(arch_try_call(write_byte, arch_phys_to_virt((uintptr_t)_text_start - KERNEL_VMA), &f),
	      14);
	KT_EQ(arch_try_call(read_byte, (void *)_text_start, &f), -1);
	if (!vm_nx_enabled())
		return;
	/* Data, rodata, heap and stack never execute. */
	static uint8_t ret_in_data[16] = { 0xC3 };
	uint8_t *heap = kmalloc(32);
	heap[0] = 0xC3;
	volatile uint8_t on_stack[16] = { 0xC3 };
	KT_EQ(arch_try_call(call_it, ret_in_data, &f), 14);
	KT_EQ(f.error & 0x11, 0x11);  /* present, instruction fetch */
	KT_EQ(f.addr, (uintptr_t)ret_in_data);
	KT_EQ(arch_try_call(call_it, (void *)ret_in_rodata, &f), 14);
	KT_EQ(arch_try_call(call_it, heap, &f), 14);
	KT_EQ(arch_try_call(call_it, (void *)on_stack, &f), 14);
	kfree(heap);
}

/* Frames not in use, counting the kernel areas' page tables (made on first use and kept). */
static uint64_t frames_unused(void)
{
	return frame_free_count() + vm_table_pages();
}

/* The word at va of the loaded tables; a user page is read inside a user-access window (SMAP). */
static uint64_t read_word(uintptr_t va)
{
	arch_user_access_begin();
	uint64_t v = *(volatile uint64_t *)va;
	arch_user_access_end();
	return v;
}

/* Reads the word at va of the loaded tables, maps the frame b there in place of a (through
 * vm_unmap_page() or vm_unmap_range()), reads it again, and puts a back. Interrupts off, so
 * nothing else runs in between to flush the TLB. */
static void remap_and_read(struct vm_space *vs, uintptr_t va, uint64_t a, uint64_t b,
			   bool range, uint64_t got[2], int err[4])
{
	unsigned flags = va < ARCH_KERNEL_HALF ? VM_USER : VM_WRITE;
	unsigned long s = arch_irq_save();
	got[0] = read_word(va);
	err[0] = range ? (int)vm_unmap_range(vs, va, va + PAGE_SIZE) - 1 : vm_unmap_page(vs, va);
	err[1] = vm_map_page(vs, va, b, flags);
	got[1] = read_word(va);
	err[2] = vm_unmap_page(vs, va);
	err[3] = vm_map_page(vs, va, a, flags);
	arch_irq_restore(s);
}

/* An unmapped page leaves no way to its old frame: not the TLB of the loaded tables (in the
 * kernel half, or in the active user space), nor the translation vm_user_kva() remembers. */
KTEST(mm_unmap_forgets_old_translations)
{
	uint64_t free_before = frames_unused(), a = frame_alloc(), b = frame_alloc(), got[2];
	int err[4];
	KT_ASSERT(a && b);
	*(volatile uint64_t *)arch_phys_to_virt(a) = 0xaaaa;
	*(volatile uint64_t *)arch_phys_to_virt(b) = 0xbbbb;

	const uintptr_t kva = ARCH_KHEAP_AREA + ARCH_AREA_SIZE - PAGE_SIZE;  /* the heap's last */
	KT_EQ(vm_map_page(vm_kernel_space(), kva, a, VM_WRITE), 0);
	for (int range = 0; range <= 1; range++) {
		remap_and_read(vm_kernel_space(), kva, a, b, range, got, err);
		KT_EQ(got[0], 0xaaaa);
		KT_EQ(got[1], 0xbbbb);
		KT_EQ(err[0] | err[1] | err[2] | err[3], 0);
	}
	KT_EQ(vm_unmap_page(vm_kernel_space(), kva), 0);

	struct vm_space vs;
	const uintptr_t uva = 0x400000;
	KT_EQ(vm_space_create(&vs), 0);
	KT_EQ(vm_map_page(&vs, uva, a, VM_USER), 0);
	for (int range = 0; range <= 1; range++) {
		/* The translation cache, in a space that is not loaded. */
		char *before = vm_user_kva(&vs, uva + 8);
		if (range)
			KT_EQ(vm_unmap_range(&vs, uva, uva + PAGE_SIZE), 1);
		else
			KT_EQ(vm_unmap_page(&vs, uva), 0);
		KT_EQ(vm_map_page(&vs, uva, b, VM_USER), 0);
		char *after = vm_user_kva(&vs, uva + 8);
		KT_EQ(vm_unmap_page(&vs, uva), 0);
		KT_EQ(vm_map_page(&vs, uva, a, VM_USER), 0);
		KT_ASSERT(before == (char *)arch_phys_to_virt(a) + 8);
		KT_ASSERT(after == (char *)arch_phys_to_virt(b) + 8);
		/* The TLB of the loaded user space. */
		vm_space_activate(&vs);
		remap_and_read(&vs, uva, a, b, range, got, err);
		vm_space_activate(vm_kernel_space());
		KT_EQ(got[0], 0xaaaa);
		KT_EQ(got[1], 0xbbbb);
		KT_EQ(err[0] | err[1] | err[2] | err[3], 0);
	}
	vm_space_destroy(&vs);  /* a and b are not owned: they stay */
	KT_EQ(frame_free(a), 0);
	KT_EQ(frame_free(b), 0);
	KT_EQ(frames_unused(), free_before);
}

KTEST(mm_kstack_guard)
{
	uint64_t free_before = frames_unused();
	uintptr_t top = kstack_alloc();
	KT_ASSERT(top != 0);
	memset((void *)(top - KSTACK_SIZE), 0x5a, KSTACK_SIZE);  /* the whole stack is usable */
	struct arch_fault f;
	KT_EQ(arch_try_call(write_byte, (void *)(top - KSTACK_SIZE - 1), &f), 14);
	/* The guard page below the stack is unmapped, the stack's lowest page mapped. */
	KT_ASSERT(vm_translate(vm_kernel_space(), top - KSTACK_SIZE - 1, 0, 0) == -ENOENT);
	KT_ASSERT(vm_translate(vm_kernel_space(), top - KSTACK_SIZE, 0, 0) == 0);
	kstack_free(top);
	KT_EQ(frames_unused(), free_before);
	KT_EQ(arch_try_call(read_byte, (void *)(top - 8), &f), 14);  /* gone after free */
}

KTEST(mm_heap_sizes_and_counters)
{
	uint64_t used = heap_bytes_used(), objs = heap_objects();
	static const size_t sizes[] = { 1, 16, 17, 64, 500, 1008, 2016, 2017, 4096, 20000, 300000 };
	void *p[sizeof(sizes) / sizeof(sizes[0])];
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		p[i] = kzalloc(sizes[i]);
		KT_ASSERT(p[i] && (uintptr_t)p[i] % 16 == 0);
		memset(p[i], (int)i, sizes[i]);
	}
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		KT_EQ(((uint8_t *)p[i])[sizes[i] - 1], i);
		kfree(p[i]);
	}
	KT_EQ(heap_bytes_used(), used);
	KT_EQ(heap_objects(), objs);
}

KTEST(mm_heap_large_block_guard)
{
	/* A large block is followed by an unmapped page: running off its end faults. */
	uint8_t *p = kmalloc(8192 - 64);
	struct arch_fault f;
	KT_EQ(arch_try_call(write_byte, p + 8192 - 64 - 1, &f), -1);
	KT_EQ(arch_try_call(write_byte, p + 8192 - 64, &f), 14);
	kfree(p);
}

KTEST(mm_heap_churn_no_leak)
{
	uint64_t frames = frames_unused(), total = heap_bytes_total();
	static void *slot[512];
	uint32_t x = 12345;
	for (int round = 0; round < 20000; round++) {
		x = x * 1103515245 + 12345;
		unsigned i = (x >> 8) % 512;
		if (slot[i]) {
			kfree(slot[i]);
			slot[i] = 0;
		} else {
			slot[i] = kmalloc((x >> 16) % 3000 + 1);
		}
	}
	for (int i = 0; i < 512; i++) {
		kfree(slot[i]);
		slot[i] = 0;
	}
	/* Only one cached page per size class may remain beyond what was there before. */
	KT_ASSERT(heap_bytes_total() <= total + 8 * PAGE_SIZE);
	KT_EQ(frames - frames_unused(), (heap_bytes_total() - total) / PAGE_SIZE);
}
