/* lapic.c - the local APIC: enabled with a spurious vector, end-of-interrupt, timer registers. */
#include <lib/printk.h>
#include <arch/x86_64/cpu.h>
#include <arch/x86_64/irq.h>

#define MSR_APIC_BASE 0x1B
#define APIC_BASE_ENABLE (1ull << 11)
#define APIC_BASE_ADDR 0xFFFFFF000ul
#define LAPIC_TPR 0x80
#define LAPIC_EOI 0xB0
#define LAPIC_SVR 0xF0
#define LAPIC_LVT_LINT0 0x350
#define LAPIC_LVT_LINT1 0x360
#define LAPIC_LVT_ERROR 0x370
#define SVR_ENABLE 0x100
#define LVT_MASKED 0x10000

static volatile uint32_t *regs;

uint32_t lapic_read(unsigned reg) { return regs[reg / 4]; }
void lapic_write(unsigned reg, uint32_t value) { regs[reg / 4] = value; }

void lapic_init(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);
	wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	regs = arch_map_mmio(base & APIC_BASE_ADDR, 4096);
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);  /* the PIC is masked: no ExtINT wanted */
	lapic_write(LAPIC_LVT_LINT1, LVT_MASKED);
	lapic_write(LAPIC_LVT_ERROR, LVT_MASKED);
	lapic_write(LAPIC_SVR, SVR_ENABLE | IRQ_SPURIOUS);
	pr_debug("lapic: at %#lx, version %#x\n", base & APIC_BASE_ADDR, lapic_read(0x30) & 0xFF);
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}
