/* test_bootinfo.c - host unit tests of the Multiboot1/Multiboot2 parser: good information is
 * read exactly, and malformed information is reported, never followed out of bounds. */
#include <lib/bootinfo.h>
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
	CHECK(has_warning("module list points outside"));
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

/* --- More modules than the kernel holds: the first BOOT_MODULES_MAX are kept, the rest are
 * counted for the boot log, never dropped silently. ---------------------------------- */
#define MANY_MODULES (BOOT_MODULES_MAX + 17)

static void test_mb2_many_modules(void)
{
	char str[16];
	mb2_begin();
	for (unsigned i = 0; i < MANY_MODULES; i++) {
		snprintf(str, sizeof(str), "m%04u", i);
		mb2_module(0x10000 + i * 0x1000, 0x10000 + i * 0x1000 + 0x100, str);
	}
	mb2_finish();
	CHECK(mb2_end < sizeof(mem));
	CHECK_EQ(mb2_parse(), 0);
	CHECK_EQ(bi.module_count, BOOT_MODULES_MAX);
	CHECK_EQ(bi.module_excess, 17);
	CHECK_STR(bi.modules[0].name, "m0000");
	CHECK_STR(bi.modules[BOOT_MODULES_MAX - 1].name, "m1023");
	CHECK_EQ(bi.modules[300].start, 0x10000 + 300 * 0x1000);
}

static void test_mb1_many_modules(void)
{
	const uint32_t list = 0x3000, strings = 0x8000;
	memset(mem, 0, sizeof(mem));
	put32(MB1_AT, 1u << 3);
	put32(MB1_AT + 20, MANY_MODULES);
	put32(MB1_AT + 24, list);
	for (uint32_t i = 0; i < MANY_MODULES; i++) {
		put32(list + i * 16, 0x100000 + i * 0x1000);
		put32(list + i * 16 + 4, 0x100000 + i * 0x1000 + 0x10);
		put32(list + i * 16 + 8, strings + i * 8);
		snprintf((char *)mem + strings + i * 8, 8, "m%04u", i);
	}
	CHECK(strings + MANY_MODULES * 8 <= sizeof(mem));
	CHECK_EQ(bootinfo_parse(MULTIBOOT1_BOOT_MAGIC, MB1_AT, &rd, &bi), 0);
	CHECK_EQ(bi.module_count, BOOT_MODULES_MAX);
	CHECK_EQ(bi.module_excess, 17);
	CHECK_STR(bi.modules[299].name, "m0299");
	CHECK_STR(bi.modules[BOOT_MODULES_MAX - 1].name, "m1023");

	/* Exactly as many as the kernel holds: nothing left over. */
	put32(MB1_AT + 20, BOOT_MODULES_MAX);
	CHECK_EQ(bootinfo_parse(MULTIBOOT1_BOOT_MAGIC, MB1_AT, &rd, &bi), 0);
	CHECK_EQ(bi.module_count, BOOT_MODULES_MAX);
	CHECK_EQ(bi.module_excess, 0);
}

/* --- Module checks: against the memory map, the direct map, the kernel image and the boot
 * information. ----------------------------------------------------------------------- */
#define MiB (1ull << 20)
#define GiB (1ull << 30)

/* Kernel image at [1 MiB, 2 MiB), direct map up to 4 GiB. */
static const struct boot_limits lim = { 4 * GiB, 1 * MiB, 2 * MiB };

static size_t refused_count;
static char refused_name[16][BOOT_NAME_MAX];
static const char *refused_why[16];

static void note_refused(const struct boot_module *m, const char *why)
{
	if (refused_count < 16) {
		strcpy(refused_name[refused_count], m->name);
		refused_why[refused_count] = why;
	}
	refused_count++;
}

/* A map like a PC's, given out of order: low memory, the BIOS area, RAM from 1 MiB in two
 * adjacent entries with an ACPI page inside, a reserved range, and RAM on both sides of
 * 4 GiB (the direct map's end in these tests). */
static void modules_map(void)
{
	static const struct boot_mem_region map[] = {
		{ 0, 0x9fc00, BOOT_MEM_USABLE },
		{ 0xf0000, 0x10000, BOOT_MEM_RESERVED },
		{ 64 * MiB, 64 * MiB, BOOT_MEM_USABLE },
		{ 1 * MiB, 63 * MiB, BOOT_MEM_USABLE },
		{ 32 * MiB, 0x1000, BOOT_MEM_ACPI_NVS },
		{ 128 * MiB, 1 * MiB, BOOT_MEM_RESERVED },
		{ 3 * GiB, 1 * GiB, BOOT_MEM_USABLE },
		{ 4 * GiB, 1 * GiB, BOOT_MEM_USABLE },
	};
	memset(&bi, 0, sizeof(bi));
	memcpy(bi.mmap, map, sizeof(map));
	bi.mmap_count = sizeof(map) / sizeof(map[0]);
	bi.info_phys = 0x9000;
	bi.info_size = 0x800;
}

static const struct {
	const char *name;
	uint64_t start, end;
	const char *why;  /* NULL: kept */
} module_cases[] = {
	{ "inside", 4 * MiB, 4 * MiB + 0x5123, NULL },
	{ "spans-two", 63 * MiB, 65 * MiB, NULL },
	{ "partly-out", 127 * MiB, 128 * MiB + 1, "is outside usable memory" },
	{ "in-hole", 0xa0000, 0xa1000, "is outside usable memory" },
	{ "in-reserved", 128 * MiB, 128 * MiB + 0x1000, "is outside usable memory" },
	{ "on-acpi", 32 * MiB - 0x800, 32 * MiB + 0x10, "overlaps reserved memory" },
	{ "high", 4 * GiB + 1 * MiB, 4 * GiB + 2 * MiB, "is beyond the memory the kernel maps" },
	{ "to-limit", 4 * GiB - 0x1000, 4 * GiB, NULL },
	{ "across-limit", 4 * GiB - 0x1000, 4 * GiB + 0x1000, "is beyond the memory the kernel maps" },
	{ "wraps", ~0ull - 0xfff, 0x1000, "ends before it starts" },
	{ "on-kernel", 2 * MiB - 0x1000, 2 * MiB + 0x1000, "overlaps the kernel image" },
	{ "on-info", 0x9700, 0xa000, "overlaps the boot information" },
	{ "empty", 5 * MiB, 5 * MiB, NULL },
	{ "after-kernel", 2 * MiB, 2 * MiB + 0x1000, NULL },
	{ "last", 100 * MiB, 128 * MiB, NULL },
};
#define MODULE_CASES (sizeof(module_cases) / sizeof(module_cases[0]))

static void test_module_problems(void)
{
	modules_map();
	for (size_t i = 0; i < MODULE_CASES; i++) {
		struct boot_module m = { module_cases[i].start, module_cases[i].end, "" };
		const char *why = bootinfo_module_problem(&bi, &m, &lim);
		CHECK_STR(why ? why : "(kept)", module_cases[i].why ? module_cases[i].why : "(kept)");
		if (why && module_cases[i].why == NULL)
			printf("  module %s\n", module_cases[i].name);
	}
	/* No memory map at all: nothing is usable memory. */
	bi.mmap_count = 0;
	struct boot_module m = { 4 * MiB, 5 * MiB, "x" };
	CHECK_STR(bootinfo_module_problem(&bi, &m, &lim), "is outside usable memory");
}

static void test_check_modules(void)
{
	modules_map();
	for (size_t i = 0; i < MODULE_CASES; i++) {
		bi.modules[i].start = module_cases[i].start;
		bi.modules[i].end = module_cases[i].end;
		strcpy(bi.modules[i].name, module_cases[i].name);
	}
	bi.module_count = MODULE_CASES;
	refused_count = 0;
	size_t removed = bootinfo_check_modules(&bi, &lim, note_refused);

	/* Bad ones are reported in order, each with its reason; good ones keep their order. */
	size_t kept = 0, bad = 0;
	for (size_t i = 0; i < MODULE_CASES; i++) {
		if (module_cases[i].why) {
			CHECK_STR(refused_name[bad], module_cases[i].name);
			CHECK_STR(refused_why[bad], module_cases[i].why);
			bad++;
		} else {
			CHECK_STR(bi.modules[kept].name, module_cases[i].name);
			CHECK_EQ(bi.modules[kept].start, module_cases[i].start);
			kept++;
		}
	}
	CHECK_EQ(removed, bad);
	CHECK_EQ(refused_count, bad);
	CHECK_EQ(bi.module_count, kept);
	CHECK_EQ(kept, 6);
	/* Checking again changes nothing, and a NULL callback is allowed. */
	CHECK_EQ(bootinfo_check_modules(&bi, &lim, NULL), 0);
	CHECK_EQ(bi.module_count, kept);
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
		/* Whatever the checks keep passes them. */
		size_t before = bi.module_count;
		CHECK_EQ(bootinfo_check_modules(&bi, &lim, NULL) + bi.module_count, before);
		for (size_t i = 0; i < bi.module_count; i++)
			CHECK(bootinfo_module_problem(&bi, &bi.modules[i], &lim) == NULL);
	}
}

int main(void)
{
	test_mb2_good();
	test_mb2_malformed();
	test_mb1();
	test_module_names();
	test_mb2_many_modules();
	test_mb1_many_modules();
	test_module_problems();
	test_check_modules();
	test_random_garbage();
	return unit_report("test_bootinfo");
}
