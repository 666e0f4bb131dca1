/* cpu_test.c - in-kernel tests of the x86_64 set-up user programs rely on: no way out of
 * 64-bit mode, and x87/SSE exceptions that reach their program. */
#include "ktest.h"
#include <arch/x86_64/cpu.h>

#define DESC_PRESENT (1ull << 47)
#define DESC_DPL3 (3ull << 45)
#define DESC_CODE (3ull << 43)   /* S = 1 (code/data) and the executable bit */
#define DESC_LONG (1ull << 53)

void syscall_compat_entry(void);

static const uint64_t *gdt_table(uint16_t *limit)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) p;
	__asm__ volatile("sgdt %0" : "=m"(p));
	*limit = p.limit;
	return (const uint64_t *)p.base;
}

/* Every ring-3 code segment in the GDT is 64-bit: nothing runs in compatibility mode. The
 * LDT is empty, SYSCALL from compatibility mode has its stub, SYSENTER is refused. */
KTEST(cpu_no_way_out_of_long_mode)
{
	uint16_t limit;
	const uint64_t *gdt = gdt_table(&limit);
	int user_code = 0, not_long = 0;
	for (unsigned i = 1; i < (limit + 1u) / 8; i++) {
		uint64_t d = gdt[i];
		if ((d & (DESC_PRESENT | DESC_DPL3 | DESC_CODE)) != (DESC_PRESENT | DESC_DPL3 | DESC_CODE))
			continue;
		user_code++;
		not_long += !(d & DESC_LONG);
	}
	KT_EQ(user_code, 1);
	KT_EQ(not_long, 0);
	KT_EQ(gdt[0x18 / 8], 0);  /* the SYSRET base is no segment */
	uint16_t ldt;
	__asm__ volatile("sldt %0" : "=r"(ldt));
	KT_EQ(ldt, 0);
	KT_EQ(rdmsr(MSR_CSTAR), (uint64_t)syscall_compat_entry);
	KT_EQ(rdmsr(MSR_SYSENTER_CS), 0);
}

KTEST(cpu_fpu_exceptions_reach_programs)
{
	KT_EQ(read_cr0() & (CR0_NE | CR0_EM | CR0_TS), CR0_NE);
	KT_EQ(read_cr4() & (CR4_OSFXSR | CR4_OSXMMEXCPT), CR4_OSFXSR | CR4_OSXMMEXCPT);
}
