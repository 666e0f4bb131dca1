/* elf_load.c - mapping a checked program into a fresh address space. */
#include <kern/elf.h>
#include <kern/param.h>
#include <kern/arch.h>
#include <kern/errno.h>
#include <kern/frame.h>
#include <kern/vm.h>
#include <lib/string.h>


/* One page of a segment: a zeroed frame with the file bytes that fall into it. */
static int load_page(struct vm_space *vs, const uint8_t *image, const struct elf_segment *s,
		     uint64_t page)
{
	uint64_t pa = frame_alloc();
	if (!pa)
		return -ENOMEM;
	uint8_t *dst = arch_phys_to_virt(pa);
	memset(dst, 0, PAGE_SIZE);
	/* The file bytes of the segment are [vaddr, vaddr + filesz); copy their part here. */
	uint64_t lo = s->vaddr > page ? s->vaddr : page;
	uint64_t hi = s->vaddr + s->filesz < page + PAGE_SIZE ? s->vaddr + s->filesz : page + PAGE_SIZE;
	if (lo < hi)
		memcpy(dst + (lo - page), image + s->offset + (lo - s->vaddr), hi - lo);
	int err = vm_map_page(vs, page, pa, VM_USER | VM_OWNED | s->flags);
	if (err)
		frame_free(pa);
	return err;
}

int elf_load(struct vm_space *vs, const void *image, const struct elf_image *img)
{
	for (unsigned i = 0; i < img->nsegs; i++) {
		const struct elf_segment *s = &img->seg[i];
		uint64_t first = s->vaddr & ~(PAGE_SIZE - 1);
		for (uint64_t page = first; page < s->vaddr + s->memsz; page += PAGE_SIZE) {
			int err = load_page(vs, image, s, page);
			if (err)
				return err;
		}
	}
	return 0;
}
