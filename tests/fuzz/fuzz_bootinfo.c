/* fuzz_bootinfo.c - libFuzzer harness for the Multiboot parser and the module checks: the
 * input is "physical memory" with the information at offset 8; its first byte picks
 * Multiboot1 or 2. The direct map ends where the input does; the "kernel image" is its
 * first 8 bytes. */
#include <lib/bootinfo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *mem;
static size_t mem_size;

static const void *map(void *ctx, uint64_t phys, uint64_t len)
{
	(void)ctx;
	if (phys > mem_size || len > mem_size - phys)
		return NULL;
	return mem + phys;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct boot_info bi;
	const struct boot_mem_reader rd = { map, 0 };
	if (size < 1)
		return 0;
	mem = data;
	mem_size = size;
	uint32_t magic = data[0] & 1 ? MULTIBOOT1_BOOT_MAGIC : MULTIBOOT2_BOOT_MAGIC;
	bootinfo_parse(magic, 8, &rd, &bi);
	if (bi.mmap_count > BOOT_MMAP_MAX || bi.module_count > BOOT_MODULES_MAX ||
	    strnlen(bi.cmdline, BOOT_CMDLINE_MAX) == BOOT_CMDLINE_MAX)
		abort();
	for (size_t i = 0; i < bi.mmap_count; i++)
		if (bi.mmap[i].length == 0 || bi.mmap[i].base + bi.mmap[i].length < bi.mmap[i].base)
			abort();

	/* The checks remove exactly what they refuse; every module left passes them. */
	const struct boot_limits lim = { size, 0, 8 };
	size_t before = bi.module_count;
	if (bootinfo_check_modules(&bi, &lim, 0) + bi.module_count != before)
		abort();
	for (size_t i = 0; i < bi.module_count; i++) {
		const struct boot_module *m = &bi.modules[i];
		if (bootinfo_module_problem(&bi, m, &lim) ||
		    (m->end > m->start && (m->end > size || m->start < 8)))
			abort();
	}
	return 0;
}
