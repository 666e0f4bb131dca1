/* test_elf.c - host unit tests of the ELF program checker: a valid program passes with the
 * right segments; every rule of the ABI, broken on its own, gives -ENOEXEC; random damage
 * never makes it read outside the image. */
#include <kern/elf.h>
#include <kern/errno.h>
#include <kern/ulayout.h>
#include <kern/vm.h>
#include <stdint.h>
#include <stdlib.h>
#include "unit.h"

#define IMG_SIZE 0x3000

static uint8_t img[IMG_SIZE];

static void put16(size_t at, uint16_t v) { memcpy(img + at, &v, 2); }
static void put32(size_t at, uint32_t v) { memcpy(img + at, &v, 4); }
static void put64(size_t at, uint64_t v) { memcpy(img + at, &v, 8); }

#define PH(i) (64 + (i) * 56)

static void phdr(int i, uint32_t type, uint32_t flags, uint64_t off, uint64_t vaddr,
		 uint64_t filesz, uint64_t memsz)
{
	put32(PH(i), type);
	put32(PH(i) + 4, flags);
	put64(PH(i) + 8, off);
	put64(PH(i) + 16, vaddr);
	put64(PH(i) + 24, vaddr);
	put64(PH(i) + 32, filesz);
	put64(PH(i) + 40, memsz);
	put64(PH(i) + 48, 0x1000);
}

/* A valid program: text (r-x) at 0x401000, data (rw-) at 0x402000 with bss. */
static void build_valid(void)
{
	memset(img, 0, sizeof(img));
	memcpy(img, "\x7f" "ELF\x02\x01\x01", 7);
	put16(16, 2);        /* ET_EXEC */
	put16(18, 62);       /* EM_X86_64 */
	put32(20, 1);
	put64(24, 0x401010); /* entry */
	put64(32, 64);       /* phoff */
	put16(52, 64);
	put16(54, 56);
	put16(56, 3);
	phdr(0, 1, 5, 0x1000, 0x401000, 0x100, 0x100);
	phdr(1, 1, 6, 0x2000, 0x402000, 0x80, 0x3000);
	phdr(2, 0x6474e551, 6, 0, 0, 0, 0);  /* PT_GNU_STACK: ignored */
}

static int check(void)
{
	struct elf_image out;
	return elf_check(img, IMG_SIZE, &out);
}

static void test_valid(void)
{
	struct elf_image out;
	build_valid();
	CHECK_EQ(elf_check(img, IMG_SIZE, &out), 0);
	CHECK_EQ(out.entry, 0x401010);
	CHECK_EQ(out.nsegs, 2);
	CHECK_EQ(out.seg[0].flags, VM_EXEC);
	CHECK_EQ(out.seg[1].flags, VM_WRITE);
	CHECK_EQ(out.seg[1].memsz, 0x3000);
	CHECK_EQ(out.end, 0x405000);
}

/* Breaks rule number i of a valid image; returns its name, or NULL past the last rule. */
static const char *break_rule(int i)
{
	switch (i) {
	case 0: img[1] = 'X'; return "magic";
	case 1: img[4] = 1; return "class 32";
	case 2: img[5] = 2; return "big endian";
	case 3: img[6] = 0; return "ident version";
	case 4: put16(16, 3); return "ET_DYN";
	case 5: put16(18, 3); return "machine i386";
	case 6: put32(20, 0); return "version";
	case 7: put16(54, 64); return "phentsize";
	case 8: put16(56, 0); return "no phdrs";
	case 9: put64(32, IMG_SIZE); return "phoff past end";
	case 10: put64(32, 0xffffffffffffffc0ull); return "phdrs overflow";
	case 11: put64(32, IMG_SIZE - 100); return "phdrs cut off";
	case 12: put64(PH(0) + 32, 0x200); return "filesz > memsz";
	case 13: put64(PH(0) + 8, IMG_SIZE - 0x10); return "file bytes past end";
	case 14: put64(PH(0) + 8, 0xfffffffffffff000ull); return "offset wraps";
	case 15: put64(PH(0) + 16, 0x3ff000); put64(24, 0x3ff010); return "below 0x400000";
	case 16: put64(PH(0) + 16, 0xffffffff80100000ull); put64(24, 0xffffffff80100010ull);
		return "kernel half";
	case 17: put64(PH(1) + 16, 0x7ffffffff000ull); put64(PH(1) + 40, 0x2000);
		return "end past user space";
	case 18: put64(PH(1) + 40, 0xfffffffffffff000ull); return "memsz wraps";
	case 19: put32(PH(0) + 4, 7); return "W+X";
	case 20: put64(PH(1) + 16, 0x401080); return "overlap";
	case 21: put64(PH(1) + 16, 0x401800); return "same page";
	case 22: put64(24, 0x500000); return "entry outside";
	case 23: put64(24, 0x402000); return "entry in data";
	case 24: put32(PH(2), 3); return "interpreter";
	case 25: put32(PH(2), 2); return "dynamic";
	case 26: put32(PH(0), 4); put32(PH(1), 4); return "no PT_LOAD";
	case 27: put64(PH(1) + 16, USER_STACK_GUARD); return "on the stack's guard page";
	case 28: put64(PH(1) + 16, USER_STACK_BOTTOM + 0x1000); return "inside the stack";
	case 29: put64(PH(1) + 16, USER_STACK_TOP - 0x1000); put64(PH(1) + 40, 0x2000);
		return "the stack's last page and the page above";
	case 30: put64(PH(1) + 16, USER_STACK_GUARD - 0x3000); put64(PH(1) + 40, 0x3001);
		return "one byte into the guard page";
	case 31: put64(PH(1) + 16, USER_STACK_GUARD - 0x1000); put64(PH(1) + 40, 0x2000);
		return "from below into the guard page";
	case 32: put64(PH(1) + 16, 0x7fff00000000ull); put64(PH(1) + 40, 0x100000000ull);
		return "across the whole stack to the top";
	case 33: put64(PH(1) + 16, 0x400000); put64(PH(1) + 40, 0x10000);
		return "data spans the text";
	default: return NULL;
	}
}

static void test_each_rule(void)
{
	const char *what;
	build_valid();
	for (int i = 0; (what = break_rule(i)) != NULL; i++) {
		int r = check();
		if (r != -ENOEXEC)
			printf("rule '%s' not enforced (got %d)\n", what, r);
		CHECK_EQ(r, -ENOEXEC);
		build_valid();
	}
	/* Truncated files. */
	struct elf_image out;
	for (uint64_t n = 0; n < 64 + 3 * 56; n += 7)
		CHECK_EQ(elf_check(img, n, &out), -ENOEXEC);
	/* A segment that ends exactly where the guard page starts is fine. */
	build_valid();
	put64(PH(1) + 16, USER_STACK_GUARD - 0x3000);
	put64(PH(1) + 40, 0x3000);
	CHECK_EQ(elf_check(img, IMG_SIZE, &out), 0);
	CHECK_EQ(out.end, USER_STACK_GUARD);
	/* So is one in the last page of user space, above the stack (tests/user/top lives there). */
	build_valid();
	put64(PH(1) + 16, USER_STACK_TOP);
	put64(PH(1) + 40, 0x1000);
	CHECK_EQ(elf_check(img, IMG_SIZE, &out), 0);
	CHECK_EQ(out.end, 0x800000000000ull);
}

/* Random damage: the checker must never read outside the image (run under ASan to be
 * sure) and anything it accepts must obey the rules. */
static void test_random_damage(void)
{
	srand(2024);
	for (int round = 0; round < 20000; round++) {
		build_valid();
		int flips = 1 + rand() % 8;
		for (int f = 0; f < flips; f++) {
			size_t at = (size_t)(rand() % (64 + 3 * 56));
			img[at] ^= (uint8_t)(1 << (rand() % 8));
		}
		size_t size = rand() % 4 ? IMG_SIZE : (size_t)(rand() % IMG_SIZE);
		uint8_t *copy = malloc(size ? size : 1);  /* exact size, so ASan sees overreads */
		memcpy(copy, img, size);
		struct elf_image out;
		if (elf_check(copy, size, &out) == 0) {
			int bad = out.nsegs == 0;
			for (unsigned i = 0; i < out.nsegs; i++) {
				const struct elf_segment *s = &out.seg[i];
				bad |= s->vaddr < 0x400000 || s->vaddr + s->memsz > 0x800000000000ull;
				bad |= s->vaddr < USER_STACK_TOP && s->vaddr + s->memsz > USER_STACK_GUARD;
				bad |= s->filesz > s->memsz || s->offset + s->filesz > size;
				bad |= (s->flags & VM_WRITE) && (s->flags & VM_EXEC);
			}
			CHECK(!bad);
		}
		free(copy);
	}
}

int main(void)
{
	test_valid();
	test_each_rule();
	test_random_damage();
	return unit_report("test_elf");
}
