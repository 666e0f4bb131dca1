/* bootinfo.c - Multiboot1/Multiboot2 information parser; pure C, trusts nothing it reads. */
#include <lib/bootinfo.h>
#include <lib/string.h>
#include <uapi/errno.h>

#define MB1_INFO_SIZE 68           /* through boot_loader_name */
#define MB1_FLAG_MEM (1u << 0)
#define MB1_FLAG_CMDLINE (1u << 2)
#define MB1_FLAG_MODS (1u << 3)
#define MB1_FLAG_MMAP (1u << 6)
#define MB1_FLAG_LOADER (1u << 9)

#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER 2
#define MB2_TAG_MODULE 3
#define MB2_TAG_MEMINFO 4
#define MB2_TAG_MMAP 6

static uint32_t rd32(const void *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t rd64(const void *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static void warn(struct boot_info *bi, const char *msg)
{
	for (size_t i = 0; i < bi->warn_count && i < BOOT_WARN_MAX; i++)
		if (bi->warn[i] == msg)
			return;  /* say each problem once */
	if (bi->warn_count < BOOT_WARN_MAX)
		bi->warn[bi->warn_count] = msg;
	bi->warn_count++;
}

/* Copies a NUL-terminated string of at most max bytes (max may exceed cap) into buf. */
static void copy_bounded(struct boot_info *bi, const char *s, size_t max, char *buf, size_t cap)
{
	size_t n = strnlen(s, max);
	if (n == max)
		warn(bi, "a string is not NUL-terminated; it was cut");
	if (n >= cap) {
		warn(bi, "a string is too long; it was cut");
		n = cap - 1;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
}

/* Reads a string at a physical address (Multiboot1 passes pointers), byte by byte so that an
 * unterminated string at the end of reachable memory is caught. */
static void copy_phys_string(struct boot_info *bi, const struct boot_mem_reader *rd,
			     uint64_t phys, char *buf, size_t cap)
{
	size_t n = 0;
	for (; n + 1 < cap; n++) {
		const char *c = rd->map(rd->ctx, phys + n, 1);
		if (!c) {
			warn(bi, "a string points outside reachable memory");
			break;
		}
		if (!*c)
			break;
		buf[n] = *c;
	}
	if (n + 1 == cap)
		warn(bi, "a string is too long; it was cut");
	buf[n] = '\0';
}

static void add_region(struct boot_info *bi, uint64_t base, uint64_t len, uint32_t type)
{
	if (len == 0) {
		warn(bi, "memory map entry of length 0 ignored");
		return;
	}
	if (base + len < base) {
		/* Cut so that base + length stays representable: the last byte of the address
		 * space is never RAM anyway. */
		warn(bi, "memory map entry wraps past 2^64; cut at the top");
		len = ~base;
		if (len == 0)
			return;
	}
	if (bi->mmap_count == BOOT_MMAP_MAX) {
		warn(bi, "memory map has too many entries; the rest are ignored");
		return;
	}
	bi->mmap[bi->mmap_count++] = (struct boot_mem_region){ base, len, type };
}

static void add_module(struct boot_info *bi, uint64_t start, uint64_t end, const char *str,
		       size_t max)
{
	if (end < start) {
		warn(bi, "module ends before it starts; ignored");
		return;
	}
	if (bi->module_count == BOOT_MODULES_MAX) {
		bi->module_excess++;  /* reported at boot with the count */
		return;
	}
	struct boot_module *m = &bi->modules[bi->module_count++];
	m->start = start;
	m->end = end;
	if (bootinfo_module_name(str, max, m->name, sizeof(m->name)) >= sizeof(m->name))
		warn(bi, "module name too long; it was cut");
}

static void parse_mb1_mmap(struct boot_info *bi, const struct boot_mem_reader *rd,
			   uint64_t addr, uint32_t length)
{
	const uint8_t *map = rd->map(rd->ctx, addr, length);
	if (!map) {
		warn(bi, "memory map points outside reachable memory");
		return;
	}
	for (uint64_t off = 0; off + 4 <= length;) {
		uint32_t size = rd32(map + off);
		if (size < 20 || off + 4 + size > length) {
			warn(bi, "malformed Multiboot1 memory map entry; map cut there");
			return;
		}
		add_region(bi, rd64(map + off + 4), rd64(map + off + 12), rd32(map + off + 20));
		off += 4 + (uint64_t)size;
	}
}

static void parse_mb1_modules(struct boot_info *bi, const struct boot_mem_reader *rd,
			      uint64_t addr, uint32_t count)
{
	/* The whole list must be reachable, which also bounds a corrupt count. */
	const uint8_t *mods = rd->map(rd->ctx, addr, (uint64_t)count * 16);
	if (!mods && count) {
		warn(bi, "module list points outside reachable memory");
		return;
	}
	uint32_t i = 0;
	for (; i < count && bi->module_count < BOOT_MODULES_MAX; i++) {
		const uint8_t *m = mods + (uint64_t)i * 16;
		char str[BOOT_CMDLINE_MAX];
		copy_phys_string(bi, rd, rd32(m + 8), str, sizeof(str));
		add_module(bi, rd32(m), rd32(m + 4), str, sizeof(str));
	}
	bi->module_excess += count - i;  /* not even read: there is no room for them */
}

static int parse_mb1(struct boot_info *bi, const struct boot_mem_reader *rd, uint64_t phys)
{
	const uint8_t *info = rd->map(rd->ctx, phys, MB1_INFO_SIZE);
	if (!info)
		return -EINVAL;
	bi->info_size = MB1_INFO_SIZE;
	uint32_t flags = rd32(info);
	if (flags & MB1_FLAG_MEM) {
		bi->have_mem_sizes = true;
		bi->mem_lower_kib = rd32(info + 4);
		bi->mem_upper_kib = rd32(info + 8);
	}
	if (flags & MB1_FLAG_CMDLINE)
		copy_phys_string(bi, rd, rd32(info + 16), bi->cmdline, sizeof(bi->cmdline));
	if (flags & MB1_FLAG_MODS)
		parse_mb1_modules(bi, rd, rd32(info + 24), rd32(info + 20));
	if (flags & MB1_FLAG_MMAP)
		parse_mb1_mmap(bi, rd, rd32(info + 48), rd32(info + 44));
	else
		warn(bi, "the boot loader gave no memory map");
	if (flags & MB1_FLAG_LOADER)
		copy_phys_string(bi, rd, rd32(info + 64), bi->loader, sizeof(bi->loader));
	return 0;
}

static void parse_mb2_mmap(struct boot_info *bi, const uint8_t *tag, uint32_t size)
{
	if (size < 16) {
		warn(bi, "Multiboot2 memory map tag too short");
		return;
	}
	uint64_t esize = rd32(tag + 8);  /* 64-bit sums below: a huge size must not wrap */
	if (esize < 24) {
		warn(bi, "Multiboot2 memory map entry size too small; map ignored");
		return;
	}
	for (uint64_t off = 16; off + esize <= size; off += esize)
		add_region(bi, rd64(tag + off), rd64(tag + off + 8), rd32(tag + off + 16));
}

static void parse_mb2_tag(struct boot_info *bi, const uint8_t *tag, uint32_t type, uint32_t size)
{
	switch (type) {
	case MB2_TAG_CMDLINE:
		copy_bounded(bi, (const char *)tag + 8, size - 8, bi->cmdline, sizeof(bi->cmdline));
		break;
	case MB2_TAG_LOADER:
		copy_bounded(bi, (const char *)tag + 8, size - 8, bi->loader, sizeof(bi->loader));
		break;
	case MB2_TAG_MODULE:
		if (size < 16)
			warn(bi, "Multiboot2 module tag too short");
		else
			add_module(bi, rd32(tag + 8), rd32(tag + 12), (const char *)tag + 16, size - 16);
		break;
	case MB2_TAG_MEMINFO:
		if (size >= 16) {
			bi->have_mem_sizes = true;
			bi->mem_lower_kib = rd32(tag + 8);
			bi->mem_upper_kib = rd32(tag + 12);
		}
		break;
	case MB2_TAG_MMAP:
		parse_mb2_mmap(bi, tag, size);
		break;
	default:
		break;  /* tags we do not use */
	}
}

static int parse_mb2(struct boot_info *bi, const struct boot_mem_reader *rd, uint64_t phys)
{
	const uint8_t *head = rd->map(rd->ctx, phys, 8);
	if (!head)
		return -EINVAL;
	uint32_t total = rd32(head);
	if (total < 16 || total > BOOT_INFO_MAX_SIZE)
		return -EINVAL;
	const uint8_t *info = rd->map(rd->ctx, phys, total);
	if (!info)
		return -EINVAL;
	bi->info_size = total;

	bool ended = false;
	for (uint32_t off = 8; off + 8 <= total;) {
		uint32_t type = rd32(info + off), size = rd32(info + off + 4);
		if (size < 8 || size > total - off) {
			warn(bi, "malformed Multiboot2 tag; the rest is ignored");
			break;
		}
		if (type == MB2_TAG_END) {
			ended = true;
			break;
		}
		parse_mb2_tag(bi, info + off, type, size);
		off += (size + 7) & ~7u;
	}
	if (!ended)
		warn(bi, "Multiboot2 information has no end tag");
	if (bi->mmap_count == 0)
		warn(bi, "the boot loader gave no memory map");
	return 0;
}

int bootinfo_parse(uint32_t magic, uint64_t info_phys, const struct boot_mem_reader *rd,
		   struct boot_info *out)
{
	memset(out, 0, sizeof(*out));
	out->info_phys = info_phys;
	if (magic == MULTIBOOT1_BOOT_MAGIC) {
		out->protocol = 1;
		return parse_mb1(out, rd, info_phys);
	}
	if (magic == MULTIBOOT2_BOOT_MAGIC) {
		out->protocol = 2;
		return parse_mb2(out, rd, info_phys);
	}
	return -EINVAL;
}

/* End of [base, base + len), saturated at 2^64 - 1 for a range that would wrap. */
static uint64_t range_end(uint64_t base, uint64_t len)
{
	return len > ~base ? ~0ull : base + len;
}

static bool overlaps(uint64_t s1, uint64_t e1, uint64_t s2, uint64_t e2)
{
	return s1 < e2 && s2 < e1;
}

/* True if usable entries of bi's map together cover [start, end), in whatever order they
 * come. Each step moves pos strictly up to the end of an entry holding it, so it ends. */
static bool usable_covers(const struct boot_info *bi, uint64_t start, uint64_t end)
{
	uint64_t pos = start;
	bool moved = true;
	while (pos < end && moved) {
		moved = false;
		for (size_t i = 0; i < bi->mmap_count; i++) {
			const struct boot_mem_region *r = &bi->mmap[i];
			uint64_t r_end = range_end(r->base, r->length);
			if (r->type == BOOT_MEM_USABLE && r->base <= pos && pos < r_end) {
				pos = r_end;
				moved = true;
			}
		}
	}
	return pos >= end;
}

/* True if [start, end) overlaps an entry of bi's map that is not usable. */
static bool other_overlaps(const struct boot_info *bi, uint64_t start, uint64_t end)
{
	for (size_t i = 0; i < bi->mmap_count; i++) {
		const struct boot_mem_region *r = &bi->mmap[i];
		if (r->type != BOOT_MEM_USABLE &&
		    overlaps(start, end, r->base, range_end(r->base, r->length)))
			return true;
	}
	return false;
}

const char *bootinfo_module_problem(const struct boot_info *bi, const struct boot_module *m,
				    const struct boot_limits *lim)
{
	uint64_t s = m->start, e = m->end;
	if (e < s)
		return "ends before it starts";
	if (s == e)
		return NULL;
	if (e > lim->reachable_end)
		return "is beyond the memory the kernel maps";
	if (!usable_covers(bi, s, e))
		return "is outside usable memory";
	if (other_overlaps(bi, s, e))
		return "overlaps reserved memory";
	if (overlaps(s, e, lim->kernel_start, lim->kernel_end))
		return "overlaps the kernel image";
	if (overlaps(s, e, bi->info_phys, range_end(bi->info_phys, bi->info_size)))
		return "overlaps the boot information";
	return NULL;
}

size_t bootinfo_check_modules(struct boot_info *bi, const struct boot_limits *lim,
			      void (*refused)(const struct boot_module *m, const char *why))
{
	size_t kept = 0;
	for (size_t i = 0; i < bi->module_count; i++) {
		const char *why = bootinfo_module_problem(bi, &bi->modules[i], lim);
		if (why) {
			if (refused)
				refused(&bi->modules[i], why);
			continue;
		}
		if (kept != i)
			bi->modules[kept] = bi->modules[i];
		kept++;
	}
	size_t removed = bi->module_count - kept;
	bi->module_count = kept;
	return removed;
}

size_t bootinfo_module_name(const char *str, size_t max, char *name, size_t cap)
{
	size_t end = 0;
	while (end < max && str[end] && str[end] != ' ' && str[end] != '\t')
		end++;
	size_t start = end;
	while (start > 0 && str[start - 1] != '/')
		start--;
	size_t len = end - start;
	if (len > 4 && memcmp(str + end - 4, ".elf", 4) == 0)
		len -= 4;
	if (cap > 0) {
		size_t n = len < cap - 1 ? len : cap - 1;
		memcpy(name, str + start, n);
		name[n] = '\0';
	}
	return len;
}

const char *bootinfo_mem_type_name(uint32_t type)
{
	switch (type) {
	case BOOT_MEM_USABLE: return "usable";
	case BOOT_MEM_RESERVED: return "reserved";
	case BOOT_MEM_ACPI_RECLAIMABLE: return "ACPI reclaimable";
	case BOOT_MEM_ACPI_NVS: return "ACPI NVS";
	case BOOT_MEM_BAD: return "bad";
	default: return "unknown (reserved)";
	}
}
