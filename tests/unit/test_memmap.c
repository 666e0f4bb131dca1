/* test_memmap.c - host unit tests of the free-range map: sorting, merging, reserving, carving. */
#include <kern/memmap.h>
#include <stdlib.h>
#include "unit.h"

#define KiB 1024ull
#define MiB (1024 * KiB)
#define GiB (1024 * MiB)

static struct memmap m;

static void check_invariants(void)
{
	for (size_t i = 0; i < m.count; i++) {
		CHECK(m.range[i].base % 4096 == 0 && m.range[i].end % 4096 == 0);
		CHECK(m.range[i].base < m.range[i].end);
		if (i)
			CHECK(m.range[i - 1].end < m.range[i].base);  /* sorted, disjoint, not touching */
	}
}

static void test_firmware_map(void)
{
	/* Unsorted, overlapping usable entries, a reserved hole inside usable RAM, unaligned ends. */
	const struct boot_mem_region map[] = {
		{ 0x100000, 127 * MiB, BOOT_MEM_USABLE },
		{ 0, 0x9fc00, BOOT_MEM_USABLE },
		{ 4 * GiB, 2 * GiB, BOOT_MEM_USABLE },
		{ 64 * MiB, 96 * MiB, BOOT_MEM_USABLE },        /* overlaps and extends the first */
		{ 0x9fc00, 0x400, BOOT_MEM_RESERVED },
		{ 100 * MiB + 5, 10, BOOT_MEM_ACPI_NVS },        /* reserved wins, widened to a page */
		{ 5 * GiB, 4096, BOOT_MEM_BAD },
		{ 0xfffc0000, 0x40000, BOOT_MEM_RESERVED },
		{ 6 * GiB + 100, 4096, BOOT_MEM_USABLE },        /* no whole page inside */
	};
	memmap_from_firmware(&m, map, sizeof(map) / sizeof(map[0]));
	check_invariants();
	CHECK_EQ(m.count, 5);
	CHECK_EQ(m.range[0].base, 0);
	CHECK_EQ(m.range[0].end, 0x9f000);
	CHECK_EQ(m.range[1].base, 0x100000);
	CHECK_EQ(m.range[1].end, 100 * MiB);
	CHECK_EQ(m.range[2].base, 100 * MiB + 4096);
	CHECK_EQ(m.range[2].end, 160 * MiB);
	CHECK_EQ(m.range[3].base, 4 * GiB);
	CHECK_EQ(m.range[3].end, 5 * GiB);
	CHECK_EQ(m.range[4].base, 5 * GiB + 4096);
	CHECK_EQ(m.range[4].end, 6 * GiB);
	CHECK_EQ(memmap_end(&m), 6 * GiB);
	CHECK_EQ(memmap_bytes(&m), 0x9f000 + (100 * MiB - 0x100000) + (60 * MiB - 4096) +
				   GiB + (GiB - 4096));
}

static void test_reserve_and_take(void)
{
	const struct boot_mem_region map[] = { { 0, 16 * MiB, BOOT_MEM_USABLE } };
	memmap_from_firmware(&m, map, 1);
	memmap_reserve(&m, 0, 1);                    /* frame 0 */
	memmap_reserve(&m, 1 * MiB, 2 * MiB + 1);    /* widened to 0x201000 */
	memmap_reserve(&m, 8 * MiB, 9 * MiB);        /* splits */
	memmap_reserve(&m, 20 * MiB, 30 * MiB);      /* outside: no effect */
	check_invariants();
	CHECK_EQ(m.count, 3);
	CHECK_EQ(m.range[0].base, 4096);
	CHECK_EQ(m.range[0].end, 1 * MiB);
	CHECK_EQ(m.range[1].base, 2 * MiB + 4096);
	CHECK_EQ(m.range[2].base, 9 * MiB);

	/* take: from the first range that fits under the limit, page-rounded. */
	CHECK_EQ(memmap_take(&m, 100, ~0ull), 4096);
	CHECK_EQ(m.range[0].base, 8192);
	CHECK_EQ(memmap_take(&m, 2 * MiB, ~0ull), 2 * MiB + 4096);
	CHECK_EQ(memmap_take(&m, 7 * MiB, 16 * MiB), 9 * MiB);
	CHECK_EQ(memmap_take(&m, 1 * MiB, 16 * MiB), 4 * MiB + 4096);  /* first fit */
	CHECK_EQ(memmap_take(&m, 4 * MiB, 16 * MiB), 0);      /* nothing big enough left */
	CHECK_EQ(memmap_take(&m, 4096, 4096 * 2), 0);         /* limit below every range */
	/* Taking a range whole removes it. */
	size_t before = m.count;
	uint64_t left = m.range[0].end - m.range[0].base;
	CHECK(memmap_take(&m, left, ~0ull) != 0);
	CHECK_EQ(m.count, before - 1);
	check_invariants();
}

static void test_random_against_model(void)
{
	/* A byte per 4 KiB page over 64 MiB as the model. */
	enum { PAGES = 16384 };
	static unsigned char model[PAGES];
	srand(99);
	for (int round = 0; round < 200; round++) {
		struct boot_mem_region map[40];
		size_t n = 1 + rand() % 40;
		memset(model, 0, sizeof(model));
		for (size_t i = 0; i < n; i++) {
			uint64_t base = (uint64_t)(rand() % (PAGES * 4096));
			uint64_t len = (uint64_t)(rand() % (PAGES * 4096 / 8)) + 1;
			if (base + len > PAGES * 4096ull)
				len = PAGES * 4096ull - base;
			map[i] = (struct boot_mem_region){ base, len,
							   rand() % 3 ? BOOT_MEM_USABLE : BOOT_MEM_RESERVED };
		}
		/* Model: a page is free if some usable entry covers it whole and no other entry
		 * touches it at all. */
		for (size_t p = 0; p < PAGES; p++) {
			uint64_t a = p * 4096ull, b = a + 4096;
			int usable = 0, reserved = 0;
			for (size_t i = 0; i < n; i++) {
				uint64_t s = map[i].base, e = map[i].base + map[i].length;
				if (map[i].type == BOOT_MEM_USABLE && s <= a && e >= b)
					usable = 1;
				if (map[i].type != BOOT_MEM_USABLE && s < b && e > a)
					reserved = 1;
			}
			model[p] = usable && !reserved;
		}
		memmap_from_firmware(&m, map, n);
		check_invariants();
		size_t r = 0, mismatches = 0;
		for (size_t p = 0; p < PAGES; p++) {
			uint64_t a = p * 4096ull;
			while (r < m.count && m.range[r].end <= a)
				r++;
			int in = r < m.count && m.range[r].base <= a;
			mismatches += in != model[p];
		}
		CHECK_EQ(mismatches, 0);
	}
}

static void test_full_table(void)
{
	/* More disjoint ranges than the table holds: the rest are counted as dropped. */
	static struct boot_mem_region map[MEMMAP_MAX + 10];
	for (size_t i = 0; i < MEMMAP_MAX + 10; i++)
		map[i] = (struct boot_mem_region){ i * 2 * 4096, 4096, BOOT_MEM_USABLE };
	memmap_from_firmware(&m, map, MEMMAP_MAX + 10);
	CHECK_EQ(m.count, MEMMAP_MAX);
	CHECK_EQ(m.dropped, 10);
	check_invariants();
}

/* True if any byte of [base, end) is still free in m. */
static int any_free(uint64_t base, uint64_t end)
{
	for (size_t i = 0; i < m.count; i++)
		if (m.range[i].base < end && base < m.range[i].end)
			return 1;
	return 0;
}

static void test_full_table_keeps_reservations(void)
{
	/* A full table: every range three pages long, with a page between them. */
	static struct boot_mem_region map[MEMMAP_MAX];
	for (size_t i = 0; i < MEMMAP_MAX; i++)
		map[i] = (struct boot_mem_region){ i * 4 * 4096, 3 * 4096, BOOT_MEM_USABLE };
	memmap_from_firmware(&m, map, MEMMAP_MAX);
	CHECK_EQ(m.count, MEMMAP_MAX);
	CHECK_EQ(m.dropped, 0);

	/* A module in the middle of a range needs a split there is no room for: the free page
	 * above it is lost (and counted), never the module's page. */
	uint64_t mod = 7 * 4 * 4096 + 4096;
	memmap_reserve(&m, mod + 100, mod + 200);
	CHECK(!any_free(mod, mod + 4096));
	CHECK_EQ(m.dropped, 1);
	CHECK_EQ(m.count, MEMMAP_MAX);
	check_invariants();
	/* Reserving still works everywhere else once full. */
	uint64_t last = (MEMMAP_MAX - 1) * 4 * 4096 + 4096;
	memmap_reserve(&m, last, last + 4096);
	CHECK(!any_free(last, last + 4096));
	CHECK_EQ(m.dropped, 2);
	check_invariants();
}

static void test_every_module_reserved(void)
{
	/* The worst case at boot: a firmware map of BOOT_MMAP_MAX separate usable entries, then
	 * the kernel's own reservations and BOOT_MODULES_MAX modules, each splitting a range. */
	enum { EXTRA = 3, RESERVES = BOOT_MODULES_MAX + EXTRA };
	static struct boot_mem_region map[BOOT_MMAP_MAX];
	const uint64_t stride = 64 * MiB, pages = (stride / 2) / 4096;
	for (size_t i = 0; i < BOOT_MMAP_MAX; i++)
		map[i] = (struct boot_mem_region){ i * stride, stride / 2, BOOT_MEM_USABLE };
	memmap_from_firmware(&m, map, BOOT_MMAP_MAX);
	uint64_t before = memmap_bytes(&m);

	/* Reservation k: one page, inside range k % BOOT_MMAP_MAX, never at either end. */
	for (size_t k = 0; k < RESERVES; k++) {
		uint64_t at = (k % BOOT_MMAP_MAX) * stride + (1 + 2 * (k / BOOT_MMAP_MAX)) * 4096;
		CHECK(at + 4096 < (k % BOOT_MMAP_MAX) * stride + pages * 4096);
		memmap_reserve(&m, at + 1, at + 4095);
	}
	check_invariants();
	CHECK_EQ(m.dropped, 0);
	CHECK_EQ(m.count, BOOT_MMAP_MAX + RESERVES);
	CHECK_EQ(memmap_bytes(&m), before - RESERVES * 4096ull);
	for (size_t k = 0; k < RESERVES; k++) {
		uint64_t at = (k % BOOT_MMAP_MAX) * stride + (1 + 2 * (k / BOOT_MMAP_MAX)) * 4096;
		CHECK(!any_free(at, at + 4096));
	}
}

int main(void)
{
	test_firmware_map();
	test_reserve_and_take();
	test_random_against_model();
	test_full_table();
	test_full_table_keeps_reservations();
	test_every_module_reserved();
	return unit_report("test_memmap");
}
