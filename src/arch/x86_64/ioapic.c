/* ioapic.c - the I/O APIC: every input masked, so ISA interrupts arrive only once routed.
 * The address is the standard one QEMU and PCs use (the ACPI MADT is not read yet). */
#include <lib/printk.h>
#include <arch/x86_64/irq.h>

#define IOAPIC_PHYS 0xFEC00000ull
#define IOREGSEL 0x00
#define IOWIN 0x10
#define IOAPIC_VER 0x01
#define IOAPIC_REDTBL(n) (0x10 + 2 * (n))
#define REDIR_MASKED 0x10000

static volatile uint32_t *ioapic;

static uint32_t ioapic_read(unsigned reg)
{
	ioapic[IOREGSEL / 4] = reg;
	return ioapic[IOWIN / 4];
}

static void ioapic_write(unsigned reg, uint32_t value)
{
	ioapic[IOREGSEL / 4] = reg;
	ioapic[IOWIN / 4] = value;
}

void ioapic_init(void)
{
	ioapic = arch_map_mmio(IOAPIC_PHYS, 4096);
	unsigned inputs = ((ioapic_read(IOAPIC_VER) >> 16) & 0xFF) + 1;
	for (unsigned i = 0; i < inputs; i++) {
		ioapic_write(IOAPIC_REDTBL(i), REDIR_MASKED);
		ioapic_write(IOAPIC_REDTBL(i) + 1, 0);
	}
	pr_debug("ioapic: %u inputs, all masked\n", inputs);
}

/* Fixed delivery, physical destination, edge-triggered, active high: what an ISA line is
 * unless the ACPI tables (not read yet) say otherwise; the destination is this CPU. */
void ioapic_unmask(unsigned input, unsigned vector)
{
	ioapic_write(IOAPIC_REDTBL(input) + 1, lapic_read(LAPIC_ID) & 0xFF000000u);
	ioapic_write(IOAPIC_REDTBL(input), vector);
}

void ioapic_mask(unsigned input)
{
	ioapic_write(IOAPIC_REDTBL(input), ioapic_read(IOAPIC_REDTBL(input)) | REDIR_MASKED);
}
