/* ksyms.c - address-to-name lookup over the table the build generates (scripts/link-kernel.sh). */
#include <lib/ksyms.h>
#include <stddef.h>

struct ksym {
	uint64_t addr;
	const char *name;
};

/* Generated: every text symbol, sorted by address. */
extern const struct ksym ksym_table[];
extern const uint64_t ksym_count;
extern const char _text_start[], _text_end[];

const char *ksym_lookup(uint64_t addr, uint64_t *offset)
{
	if (addr < (uint64_t)_text_start || addr >= (uint64_t)_text_end || ksym_count == 0)
		return NULL;
	size_t lo = 0, hi = ksym_count;  /* find the last entry with ksym_table[i].addr <= addr */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (ksym_table[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (ksym_table[lo].addr > addr)
		return NULL;
	*offset = addr - ksym_table[lo].addr;
	return ksym_table[lo].name;
}
