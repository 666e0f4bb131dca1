/* elf.c - the ELF64 program checker (pure C; the host tests and fuzzers run it too). */
#include <kern/elf.h>
#include <kern/param.h>
#include <kern/errno.h>
#include <kern/ulayout.h>
#include <kern/vm.h>
#include <lib/string.h>
#include <stdbool.h>

#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define MAX_PHDRS 64
#define ET_EXEC 2
#define EM_X86_64 62
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
#define PF_X 1
#define PF_W 2

static uint16_t rd16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static bool header_ok(const uint8_t *e, uint64_t size)
{
	static const uint8_t ident[7] = { 0x7F, 'E', 'L', 'F', 2 /* 64-bit */, 1 /* LSB */, 1 };
	if (size < EHDR_SIZE || memcmp(e, ident, sizeof(ident)) != 0)
		return false;
	if (rd16(e + 16) != ET_EXEC || rd16(e + 18) != EM_X86_64 || rd32(e + 20) != 1)
		return false;
	uint64_t phoff = rd64(e + 32);
	uint16_t phentsize = rd16(e + 54), phnum = rd16(e + 56);
	if (phentsize != PHDR_SIZE || phnum == 0 || phnum > MAX_PHDRS)
		return false;
	return phoff <= size && (uint64_t)phnum * PHDR_SIZE <= size - phoff;
}

/* [vaddr, vaddr + memsz) lies in user space at or above MK_USER_BASE, clear of the stack and
 * its guard page, [USER_STACK_GUARD, USER_STACK_TOP). memsz > 0. */
static bool placement_ok(uint64_t vaddr, uint64_t memsz)
{
	if (vaddr < MK_USER_BASE || vaddr >= MK_USER_TOP || memsz > MK_USER_TOP - vaddr)
		return false;
	return vaddr + memsz <= USER_STACK_GUARD || vaddr >= USER_STACK_TOP;
}

/* Checks one PT_LOAD and appends it; false if it breaks a rule. */
static bool add_segment(struct elf_image *img, const uint8_t *ph, uint64_t size)
{
	uint32_t pflags = rd32(ph + 4);
	uint64_t offset = rd64(ph + 8), vaddr = rd64(ph + 16);
	uint64_t filesz = rd64(ph + 32), memsz = rd64(ph + 40);

	if (memsz == 0)
		return filesz == 0;  /* an empty segment maps nothing */
	if (filesz > memsz || offset > size || filesz > size - offset)
		return false;
	if (!placement_ok(vaddr, memsz))
		return false;
	if ((pflags & PF_W) && (pflags & PF_X))
		return false;  /* W^X */
	if (img->nsegs == ELF_MAX_SEGMENTS)
		return false;
	img->seg[img->nsegs++] = (struct elf_segment){
		.vaddr = vaddr, .memsz = memsz, .offset = offset, .filesz = filesz,
		.flags = (pflags & PF_W ? VM_WRITE : 0) | (pflags & PF_X ? VM_EXEC : 0),
	};
	if (vaddr + memsz > img->end)
		img->end = vaddr + memsz;
	return true;
}

/* No two segments may touch the same page: each page gets one set of permissions. */
static bool pages_disjoint(const struct elf_image *img)
{
	for (unsigned i = 0; i < img->nsegs; i++)
		for (unsigned j = i + 1; j < img->nsegs; j++) {
			const struct elf_segment *a = &img->seg[i], *b = &img->seg[j];
			/* Page spans [first page, last page]; ends are below 2^47, so no overflow. */
			uint64_t a0 = a->vaddr / PAGE_SIZE, a1 = (a->vaddr + a->memsz - 1) / PAGE_SIZE;
			uint64_t b0 = b->vaddr / PAGE_SIZE, b1 = (b->vaddr + b->memsz - 1) / PAGE_SIZE;
			if (a0 <= b1 && b0 <= a1)
				return false;
		}
	return true;
}

static bool entry_executable(const struct elf_image *img)
{
	for (unsigned i = 0; i < img->nsegs; i++) {
		const struct elf_segment *s = &img->seg[i];
		if ((s->flags & VM_EXEC) && img->entry >= s->vaddr && img->entry - s->vaddr < s->memsz)
			return true;
	}
	return false;
}

int elf_check(const void *image, uint64_t size, struct elf_image *out)
{
	const uint8_t *e = image;
	memset(out, 0, sizeof(*out));
	if (!header_ok(e, size))
		return -ENOEXEC;
	uint64_t phoff = rd64(e + 32);
	uint16_t phnum = rd16(e + 56);
	for (uint16_t i = 0; i < phnum; i++) {
		const uint8_t *ph = e + phoff + (uint64_t)i * PHDR_SIZE;
		uint32_t type = rd32(ph);
		if (type == PT_INTERP || type == PT_DYNAMIC)
			return -ENOEXEC;  /* static programs only */
		if (type == PT_LOAD && !add_segment(out, ph, size))
			return -ENOEXEC;
	}
	out->entry = rd64(e + 24);
	if (out->nsegs == 0 || !pages_disjoint(out) || !entry_executable(out))
		return -ENOEXEC;
	return 0;
}
