/** @file
 * What the boot loader told us (Multiboot1 or Multiboot2), checked and normalised. */
#ifndef KERN_BOOTINFO_H
#define KERN_BOOTINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MULTIBOOT1_BOOT_MAGIC 0x2BADB002 /**< EAX at entry from a Multiboot1 loader. */
#define MULTIBOOT2_BOOT_MAGIC 0x36D76289 /**< EAX at entry from a Multiboot2 loader. */

#define BOOT_MMAP_MAX 128      /**< Memory map entries kept; more are counted and dropped. */
#define BOOT_MODULES_MAX 32    /**< Boot modules kept; more are counted and dropped. */
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

/**
 * Derives a program name from a module string by the ABI's rule: the last path component of
 * the first word, without a trailing `.elf` (`/boot/bin/hello.elf arg` gives `hello`).
 * @return the name's length; the name was cut if that is >= @p cap.
 */
size_t bootinfo_module_name(const char *str, size_t max, char *name, size_t cap);

/** Human-readable name of a memory type ("usable", "reserved", ...). */
const char *bootinfo_mem_type_name(uint32_t type);

#endif
