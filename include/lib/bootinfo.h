/** @file
 * What the boot loader told us (Multiboot1 or Multiboot2), checked and normalised. */
#ifndef LIB_BOOTINFO_H
#define LIB_BOOTINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MULTIBOOT1_BOOT_MAGIC 0x2BADB002 /**< EAX at entry from a Multiboot1 loader. */
#define MULTIBOOT2_BOOT_MAGIC 0x36D76289 /**< EAX at entry from a Multiboot2 loader. */

#define BOOT_MMAP_MAX 128      /**< Memory map entries kept; more are counted and dropped. */
/** Boot modules kept (the ABI asks for at least 256); more are counted in module_excess and
 * reported at boot, never dropped silently. */
#define BOOT_MODULES_MAX 1024
#define BOOT_CMDLINE_MAX 512   /**< Bytes of command line kept, with the NUL. */
#define BOOT_NAME_MAX 64       /**< Bytes of a module name or loader name, with the NUL. */
#define BOOT_WARN_MAX 8        /**< Distinct problems remembered for the boot log. */
#define BOOT_INFO_MAX_SIZE (1u << 20) /**< Larger Multiboot2 information is refused. */

/** Memory types, as both Multiboot versions number them. */
enum boot_mem_type {
	BOOT_MEM_USABLE = 1,
	BOOT_MEM_RESERVED = 2,
	BOOT_MEM_ACPI_RECLAIMABLE = 3,
	BOOT_MEM_ACPI_NVS = 4,
	BOOT_MEM_BAD = 5,
};

/** One range of the firmware's memory map, as given (not yet sorted or merged). */
struct boot_mem_region {
	uint64_t base;   /**< physical start address */
	uint64_t length; /**< bytes; never 0, and base + length does not wrap */
	uint32_t type;   /**< enum boot_mem_type; unknown values count as reserved */
};

/** One boot module: a program image the loader put in memory. */
struct boot_module {
	uint64_t start;             /**< physical address of the first byte */
	uint64_t end;               /**< physical address one past the last byte */
	char name[BOOT_NAME_MAX];   /**< program name, by the ABI's naming rule */
};

/** Everything the kernel uses from the boot loader. */
struct boot_info {
	int protocol;                 /**< 1 or 2 (Multiboot version) */
	uint64_t info_phys;           /**< physical address of the loader's information */
	uint64_t info_size;           /**< its size in bytes */
	char cmdline[BOOT_CMDLINE_MAX];
	char loader[BOOT_NAME_MAX];   /**< boot loader name, or "" */
	bool have_mem_sizes;          /**< mem_lower_kib/mem_upper_kib are valid */
	uint32_t mem_lower_kib;       /**< conventional memory below 1 MiB */
	uint32_t mem_upper_kib;       /**< memory above 1 MiB, up to the first hole */
	size_t mmap_count;
	struct boot_mem_region mmap[BOOT_MMAP_MAX];
	size_t module_count;
	struct boot_module modules[BOOT_MODULES_MAX];
	size_t module_excess;         /**< modules passed beyond BOOT_MODULES_MAX, so not kept */
	size_t warn_count;            /**< problems found; the first BOOT_WARN_MAX are in warn[] */
	const char *warn[BOOT_WARN_MAX];
};

/**
 * How the parser reads physical memory: returns a pointer through which @p len bytes at
 * physical address @p phys can be read, or NULL if that range cannot be reached.
 */
struct boot_mem_reader {
	const void *(*map)(void *ctx, uint64_t phys, uint64_t len);
	void *ctx;
};

/**
 * Parses the boot loader's information into @p out.
 *
 * Every pointer, length and count in the information is checked against @p rd before it is
 * followed; a malformed piece is skipped and described in out->warn[], never trusted.
 * @param magic      EAX at kernel entry
 * @param info_phys  EBX at kernel entry
 * @param rd         how to read physical memory
 * @param out        filled in (cleared first)
 * @return 0; -EINVAL if @p magic is neither Multiboot magic or the information itself cannot
 *         be read (out then holds an empty map, empty command line and no modules).
 */
int bootinfo_parse(uint32_t magic, uint64_t info_phys, const struct boot_mem_reader *rd,
		   struct boot_info *out);

/** What a boot module must stay clear of, besides the memory map's non-usable ranges. */
struct boot_limits {
	uint64_t reachable_end;  /**< a module must end at or below this (the direct map's end) */
	uint64_t kernel_start;   /**< the kernel image: physical [kernel_start, kernel_end) */
	uint64_t kernel_end;
};

/**
 * Why boot module @p m of @p bi cannot be used, or NULL if it can: its [start, end) must not
 * wrap, must end within @p lim->reachable_end, must be covered by usable entries of bi->mmap
 * (several adjacent or overlapping ones count together), overlap no entry of another type
 * (reserved wins, as in the memory map), and overlap neither the kernel image nor the boot
 * information. An empty module (start == end) is always usable: nothing of it is read or
 * reserved (spawning it gives -ENOEXEC).
 * @return a phrase such as "is outside usable memory", to follow the module's name
 */
const char *bootinfo_module_problem(const struct boot_info *bi, const struct boot_module *m,
				    const struct boot_limits *lim);

/**
 * Removes from bi->modules every module bootinfo_module_problem() refuses, keeping the order
 * of the rest. Calls @p refused (if not NULL) with each one and the reason before it goes.
 * @return how many were removed
 */
size_t bootinfo_check_modules(struct boot_info *bi, const struct boot_limits *lim,
			      void (*refused)(const struct boot_module *m, const char *why));

/**
 * Derives a program name from a module string by the ABI's rule: the last path component of
 * the first word, without a trailing `.elf` (`/boot/bin/hello.elf arg` gives `hello`).
 * @return the name's length; the name was cut if that is >= @p cap.
 */
size_t bootinfo_module_name(const char *str, size_t max, char *name, size_t cap);

/** Human-readable name of a memory type ("usable", "reserved", ...). */
const char *bootinfo_mem_type_name(uint32_t type);

#endif
