/* test_bootinfo.c - host unit tests of the Multiboot1/Multiboot2 parser: good information is
 * read exactly, and malformed information is reported, never followed out of bounds. */
#include <kern/bootinfo.h>
#include <uapi/errno.h>
#include <stdint.h>
#include <stdlib.h>
#include "unit.h"

/* A fake physical memory: physical address = offset into mem. */
static uint8_t mem[1 << 16];

static const void *fake_map(void *ctx, uint64_t phys, uint64_t len)
{
	(void)ctx;
	if (phys > sizeof(mem) || len > sizeof(mem) - phys)
		return NULL;
	return mem + phys;
}

static const struct boot_mem_reader rd = { fake_map, 0 };
static struct boot_info bi;

static void put32(uint64_t at, uint32_t v) { memcpy(mem + at, &v, 4); }
static void put64(uint64_t at, uint64_t v) { memcpy(mem + at, &v, 8); }

static int has_warning(const char *part)
{
	for (size_t i = 0; i < bi.warn_count && i < BOOT_WARN_MAX; i++)
		if (strstr(bi.warn[i], part))
			return 1;
	return 0;
}

/* --- Multiboot2 builder: tags appended at `mb2_end`, info at MB2_AT. ----------------- */
#define MB2_AT 0x1000
static uint32_t mb2_end;

static void mb2_begin(void)
{
	memset(mem, 0, sizeof(mem));
	mb2_end = MB2_AT + 8;
}

static uint64_t mb2_tag(uint32_t type, uint32_t size)
{
	uint64_t at = mb2_end;
	put32(at, type);
	put32(at + 4, size);
	mb2_end += (size + 7) & ~7u;
	return at;
}

static void mb2_string_tag(uint32_t type, const char *s)
{
	uint64_t at = mb2_tag(type, 8 + (uint32_t)strlen(s) + 1);
	strcpy((char *)mem + at + 8, s);
}

static void mb2_module(uint32_t start, uint32_t end, const char *s)
{
	uint64_t at = mb2_tag(3, 16 + (uint32_t)strlen(s) + 1);
	put32(at + 8, start);
	put32(at + 12, end);
	strcpy((char *)mem + at + 16, s);
}

static void mb2_finish(void)
{
	mb2_tag(0, 8);
	put32(MB2_AT, mb2_end - MB2_AT);
}

static int mb2_parse(void)
{
	return bootinfo_parse(MULTIBOOT2_BOOT_MAGIC, MB2_AT, &rd, &bi);
}

static void test_mb2_good(void)
{
	mb2_begin();
	mb2_string_tag(1, "ktest init=hello");
	mb2_string_tag(2, "GRUB 2.06");
	uint64_t mi = mb2_tag(4, 16);
	put32(mi + 8, 639);
	put32(mi + 12, 129920);
	uint64_t mm = mb2_tag(6, 16 + 3 * 24);
	put32(mm + 8, 24);
	put32(mm + 12, 0);
	uint64_t e = mm + 16;
	put64(e, 0); put64(e + 8, 0x9fc00); put32(e + 16, 1);
	put64(e + 24, 0xf0000); put64(e + 32, 0x10000); put32(e + 40, 2);
	put64(e + 48, 0x100000); put64(e + 56, 0x7ee0000); put32(e + 64, 1);
	mb2_module(0x200000, 0x201000, "/boot/bin/hello.elf hello");
	mb2_module(0x300000, 0x300010, "init");
	mb2_finish();

	CHECK_EQ(mb2_parse(), 0);
	CHECK_EQ(bi.protocol, 2);
	CHECK_STR(bi.cmdline, "ktest init=hello");
	CHECK_STR(bi.loader, "GRUB 2.06");
	CHECK(bi.have_mem_sizes);
	CHECK_EQ(bi.mem_upper_kib, 129920);
	CHECK_EQ(bi.mmap_count, 3);
	CHECK_EQ(bi.mmap[2].base, 0x100000);
	CHECK_EQ(bi.mmap[2].length, 0x7ee0000);
	CHECK_EQ(bi.mmap[1].type, BOOT_MEM_RESERVED);
	CHECK_EQ(bi.module_count, 2);
	CHECK_STR(bi.modules[0].name, "hello");
	CHECK_EQ(bi.modules[0].start, 0x200000);
	CHECK_EQ(bi.modules[0].end, 0x201000);
	CHECK_STR(bi.modules[1].name, "init");
	CHECK_EQ(bi.warn_count, 0);
}

static void test_mb2_malformed(void)
{
	/* Sizes out of range: refused outright. */
	mb2_begin();
	put32(MB2_AT, 8);
	CHECK_EQ(mb2_parse(), -EINVAL);
	put32(MB2_AT, BOOT_INFO_MAX_SIZE + 8);
	CHECK_EQ(mb2_parse(), -EINVAL);
	CHECK_EQ(bootinfo_parse(MULTIBOOT2_BOOT_MAGIC, sizeof(mem) - 4, &rd, &bi), -EINVAL);
	put32(MB2_AT, sizeof(mem));  /* runs past the end of memory */
	CHECK_EQ(mb2_parse(), -EINVAL);
	CHECK_EQ(bootinfo_parse(0x12345678, MB2_AT, &rd, &bi), -EINVAL);

	/* A tag larger than the information: reported, parsing stops there. */
	mb2_begin();
	mb2_string_tag(1, "before");
	uint64_t bad = mb2_tag(1, 8);
	put32(bad + 4, 4096);
	mb2_finish();
	CHECK_EQ(mb2_parse(), 0);
	CHECK_STR(bi.cmdline, "before");
	CHECK(has_warning("malformed Multiboot2 tag"));

	/* A tag of size < 8 would loop forever if trusted. */
	mb2_begin();
	bad = mb2_tag(1, 8);
	put32(bad + 4, 0);
	mb2_finish();
	CHECK_EQ(mb2_parse(), 0);
	CHECK(has_warning("malformed Multiboot2 tag"));

	/* No end tag, no memory map. */
	mb2_begin();
	mb2_string_tag(1, "x");
	put32(MB2_AT, mb2_end - MB2_AT);
	CHECK_EQ(mb2_parse(), 0);
	CHECK(has_warning("no end tag"));
	CHECK(has_warning("no memory map"));

	/* Unterminated command line: cut at the tag's end. */
	mb2_begin();
	uint64_t mm, t = mb2_tag(1, 8 + 6);
	memcpy(mem + t + 8, "abcdef", 6);
	mem[t + 14] = 'Z';  /* padding byte after the tag must not be read as part of it */
	mb2_finish();
	CHECK_EQ(mb2_parse(), 0);
	CHECK_STR(bi.cmdline, "abcdef");
	CHECK(has_warning("not NUL-terminated"));

	/* An entry size so large that a 32-bit sum would wrap back inside the tag. */
	mb2_begin();
	mm = mb2_tag(6, 16 + 24);
	put32(mm + 8, 0xFFFFFFF0);
	mb2_finish();
	CHECK_EQ(mb2_parse(), 0);
	CHECK_EQ(bi.mmap_count, 0);

	/* Memory map: tiny entry size, zero-length and wrapping entries. */
	mb2_begin();
	mm = mb2_tag(6, 16 + 24);
	put32(mm + 8, 8);
	mb2_finish();
	CHECK_EQ(mb2_parse(), 0);
	CHECK_EQ(bi.mmap_count, 0);
	CHECK(has_warning("entry size too small"));

	mb2_begin();
	mm = mb2_tag(6, 16 + 2 * 24);
	put32(mm + 8, 24);
	put64(mm + 16, 0x1000); put64(mm + 24, 0); put32(mm + 32, 1);
	put64(mm + 40, 0xfffffffffffff000ull); put64(mm + 48, 0x2000); put32(mm + 56, 1);
	mb2_finish();
	CHECK_EQ(mb2_parse(), 0);
	CHECK_EQ(bi.mmap_count, 1);
	CHECK_EQ(bi.mmap[0].length, 0xfff);  /* ends at 2^64 - 1: base + length never wraps */
	CHECK(has_warning("length 0"));
	CHECK(has_warning("wraps"));

	/* Too many entries: the first BOOT_MMAP_MAX are kept. */
	mb2_begin();
	uint32_t n = BOOT_MMAP_MAX + 5;
	mm = mb2_tag(6, 16 + n * 24);
	put32(mm + 8, 24);
	for (uint32_t i = 0; i < n; i++) {
		put64(mm + 16 + i * 24, (uint64_t)i << 20);
		put64(mm + 24 + i * 24, 1 << 20);
		put32(mm + 32 + i * 24, 1);
	}
	mb2_finish();
	CHECK_EQ(mb2_parse(), 0);
	CHECK_EQ(bi.mmap_count, BOOT_MMAP_MAX);
	CHECK(has_warning("too many entries"));

	/* Module whose end is before its start, and a too-short module tag. */
	mb2_begin();
	mb2_module(0x5000, 0x4000, "backwards");
	mb2_tag(3, 12);
	mb2_finish();
	CHECK_EQ(mb2_parse(), 0);
	CHECK_EQ(bi.module_count, 0);
	CHECK(has_warning("ends before it starts"));
	CHECK(has_warning("module tag too short"));
}

/* --- Multiboot1 -------------------------------------------------------------------- */
#define MB1_AT 0x800

static void test_mb1(void)
{
	memset(mem, 0, sizeof(mem));
	put32(MB1_AT, (1 << 0) | (1 << 2) | (1 << 3) | (1 << 6) | (1 << 9));
	put32(MB1_AT + 4, 639);
	put32(MB1_AT + 8, 64512);
	strcpy((char *)mem + 0x2000, "/kernel.elf ktest");
	put32(MB1_AT + 16, 0x2000);
	/* Two modules. */
	put32(MB1_AT + 20, 2);
	put32(MB1_AT + 24, 0x3000);
	put32(0x3000, 0x10000); put32(0x3004, 0x10100); put32(0x3008, 0x3100);
	put32(0x3010, 0x11000); put32(0x3014, 0x11010); put32(0x3018, 0x3200);
	strcpy((char *)mem + 0x3100, "tests/hello.elf arg");
	strcpy((char *)mem + 0x3200, "/a/b/c/ipc-server");
	/* Memory map: two entries of size 20 and one with a larger size field (skipped over). */
	put32(MB1_AT + 44, 24 + 24 + 28);
	put32(MB1_AT + 48, 0x4000);
	put32(0x4000, 20); put64(0x4004, 0); put64(0x400c, 0x9fc00); put32(0x4014, 1);
	put32(0x4018, 20); put64(0x401c, 0x100000); put64(0x4024, 0x3f00000); put32(0x402c, 1);
	put32(0x4030, 24); put64(0x4034, 0xfffc0000); put64(0x403c, 0x40000); put32(0x4044, 2);
	strcpy((char *)mem + 0x5000, "qemu");
	put32(MB1_AT + 64, 0x5000);

	CHECK_EQ(bootinfo_parse(MULTIBOOT1_BOOT_MAGIC, MB1_AT, &rd, &bi), 0);
	CHECK_EQ(bi.protocol, 1);
	CHECK_STR(bi.cmdline, "/kernel.elf ktest");
	CHECK_STR(bi.loader, "qemu");
	CHECK_EQ(bi.mem_upper_kib, 64512);
	CHECK_EQ(bi.module_count, 2);
	CHECK_STR(bi.modules[0].name, "hello");
	CHECK_STR(bi.modules[1].name, "ipc-server");
	CHECK_EQ(bi.modules[1].end - bi.modules[1].start, 0x10);
	CHECK_EQ(bi.mmap_count, 3);
	CHECK_EQ(bi.mmap[1].length, 0x3f00000);
	CHECK_EQ(bi.mmap[2].base, 0xfffc0000);
	CHECK_EQ(bi.warn_count, 0);

	/* Broken pointers and counts. */
	put32(MB1_AT + 16, sizeof(mem) + 100);     /* command line outside memory */
	put32(MB1_AT + 20, 1u << 30);              /* absurd module count */
	put32(0x4018, 3);                          /* memory map entry size too small */
	CHECK_EQ(bootinfo_parse(MULTIBOOT1_BOOT_MAGIC, MB1_AT, &rd, &bi), 0);
	CHECK_STR(bi.cmdline, "");
	CHECK(has_warning("outside reachable memory"));
	CHECK_EQ(bi.module_count, 0);
	CHECK(has_warning("module count"));
	CHECK_EQ(bi.mmap_count, 1);
	CHECK(has_warning("malformed Multiboot1 memory map"));

	/* A command line with no terminator before the end of memory. */
	memset(mem + sizeof(mem) - 16, 'x', 16);
	put32(MB1_AT + 16, sizeof(mem) - 16);
	CHECK_EQ(bootinfo_parse(MULTIBOOT1_BOOT_MAGIC, MB1_AT, &rd, &bi), 0);
	CHECK_STR(bi.cmdline, "xxxxxxxxxxxxxxxx");

	/* No memory map flag. */
	put32(MB1_AT, 0);
	CHECK_EQ(bootinfo_parse(MULTIBOOT1_BOOT_MAGIC, MB1_AT, &rd, &bi), 0);
	CHECK(has_warning("no memory map"));
	/* Information beyond reachable memory. */
	CHECK_EQ(bootinfo_parse(MULTIBOOT1_BOOT_MAGIC, sizeof(mem) - 8, &rd, &bi), -EINVAL);
}

static void test_module_names(void)
{
	char name[BOOT_NAME_MAX];
	static const struct { const char *in, *out; } cases[] = {
		{ "/boot/bin/hello.elf hello", "hello" }, { "bin/hello.elf", "hello" },
		{ "hello", "hello" }, { "a/b/", "" }, { "x.elf.elf", "x.elf" }, { ".elf", ".elf" },
		{ "", "" }, { "dir/name\targ", "name" }, { "init.elfx", "init.elfx" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bootinfo_module_name(cases[i].in, strlen(cases[i].in) + 1, name, sizeof(name));
		CHECK_STR(name, cases[i].out);
	}
	/* Cut to the buffer; the full length is returned. */
	CHECK_EQ(bootinfo_module_name("/x/abcdefgh", 100, name, 4), 8);
	CHECK_STR(name, "abc");
	/* Bounded by max even without a terminator. */
	CHECK_EQ(bootinfo_module_name("abcdef", 3, name, sizeof(name)), 3);
	CHECK_STR(name, "abc");
}

/* Random bytes must never make the parser read outside the fake memory (run under
 * AddressSanitizer to be sure) or loop forever. */
static void test_random_garbage(void)
{
	srand(777);
	for (int round = 0; round < 2000; round++) {
		for (size_t i = 0; i < 0x3000; i++)
			mem[i] = (uint8_t)rand();
		/* Plausible sizes make the parser go deeper. */
		put32(MB2_AT, 8 + rand() % 0x1800);
		bootinfo_parse(round & 1 ? MULTIBOOT1_BOOT_MAGIC : MULTIBOOT2_BOOT_MAGIC,
			       round & 1 ? MB1_AT : MB2_AT, &rd, &bi);
		CHECK(bi.mmap_count <= BOOT_MMAP_MAX && bi.module_count <= BOOT_MODULES_MAX);
		CHECK(strlen(bi.cmdline) < BOOT_CMDLINE_MAX);
	}
}

int main(void)
{
	test_mb2_good();
	test_mb2_malformed();
	test_mb1();
	test_module_names();
	test_random_garbage();
	return unit_report("test_bootinfo");
}
