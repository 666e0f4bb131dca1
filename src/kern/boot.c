/* boot.c - reading and logging the boot loader's information. */
#include <kern/boot.h>
#include <kern/vm.h>
#include <kern/arch.h>
#include <lib/printk.h>
#include <lib/format.h>

static struct boot_info boot_info;

/* The parser reads physical memory through the direct map, within what it covers. */
static const void *direct_map_read(void *ctx, uint64_t phys, uint64_t len)
{
	(void)ctx;
	uint64_t limit = vm_direct_map_limit();
	if (phys >= limit || len > limit - phys)
		return 0;
	return arch_phys_to_virt(phys);
}

/* "639 KiB", "127 MiB", "4 GiB": the largest unit that keeps the number readable. */
static const char *size_text(uint64_t bytes, char *buf, size_t cap)
{
	if (bytes >= (1ull << 30) && bytes % (1ull << 30) == 0)
		ksnprintf(buf, cap, "%lu GiB", bytes >> 30);
	else if (bytes >= (1ull << 20))
		ksnprintf(buf, cap, "%lu MiB", bytes >> 20);
	else
		ksnprintf(buf, cap, "%lu KiB", bytes >> 10);
	return buf;
}

static void log_memory_map(const struct boot_info *bi)
{
	char size[32];
	uint64_t usable = 0;

	pr_info("memory map (%zu entries):\n", bi->mmap_count);
	for (size_t i = 0; i < bi->mmap_count; i++) {
		const struct boot_mem_region *r = &bi->mmap[i];
		pr_info("  %016lx-%016lx %-18s %s\n", r->base, r->base + r->length - 1,
			bootinfo_mem_type_name(r->type), size_text(r->length, size, sizeof(size)));
		if (r->type == BOOT_MEM_USABLE)
			usable += r->length;
	}
	pr_info("usable memory: %s\n", size_text(usable, size, sizeof(size)));
}

static void log_refused_module(const struct boot_module *m, const char *why)
{
	pr_err("boot: module \"%s\" at %#lx-%#lx %s; ignored\n", m->name, m->start, m->end, why);
}

/* Leaves out every module the kernel must not use (outside usable RAM or the direct map, on
 * the kernel image or the boot information), with one error line each. */
static void check_modules(struct boot_info *bi)
{
	struct boot_limits lim = { .reachable_end = vm_direct_map_limit() };
	arch_kernel_image(&lim.kernel_start, &lim.kernel_end);
	bootinfo_check_modules(bi, &lim, log_refused_module);
}

/* The modules kept, then an error line if the loader passed more than the kernel holds. */
static void log_modules(const struct boot_info *bi)
{
	pr_info("modules: %zu\n", bi->module_count);
	for (size_t i = 0; i < bi->module_count; i++)
		pr_info("  %-16s %#lx-%#lx (%lu bytes)\n", bi->modules[i].name,
			bi->modules[i].start, bi->modules[i].end,
			bi->modules[i].end - bi->modules[i].start);
	if (bi->module_excess)
		pr_err("boot: %zu modules beyond the %d the kernel holds were not loaded\n",
		       bi->module_excess, BOOT_MODULES_MAX);
}

void boot_info_load(uint32_t magic, uint64_t info_phys)
{
	const struct boot_mem_reader rd = { direct_map_read, 0 };
	struct boot_info *bi = &boot_info;

	if (bootinfo_parse(magic, info_phys, &rd, bi) < 0) {
		pr_err("boot: no usable Multiboot information (magic %#x, info at %#lx); "
		       "continuing without command line, memory map or modules\n",
		       magic, info_phys);
		return;
	}
	pr_info("boot: Multiboot%d information at %#lx (%lu bytes), loader \"%s\"\n",
		bi->protocol, bi->info_phys, bi->info_size, bi->loader);
	pr_info("command line: \"%s\"\n", bi->cmdline);
	log_memory_map(bi);
	check_modules(bi);
	log_modules(bi);
	for (size_t i = 0; i < bi->warn_count && i < BOOT_WARN_MAX; i++)
		pr_warn("boot information: %s\n", bi->warn[i]);
	if (bi->warn_count > BOOT_WARN_MAX)
		pr_warn("boot information: %zu more problems\n", bi->warn_count - BOOT_WARN_MAX);
}

const struct boot_info *boot_info_get(void)
{
	return &boot_info;
}
