/* ioport.c - I/O ports from user mode: the ports the kernel keeps, a task's grants in its I/O
 * permission bitmap, and that bitmap in the TSS while the task runs.
 *
 * Invariant: the TSS's bitmap is the running task's, or all ones (every port denied) when it
 * has none. A grant changes both copies at once; a switch to or from a task with a bitmap
 * copies or clears the bytes in use (tss_io_bytes, io_bytes), not all 8 KiB; a switch between
 * tasks without one touches nothing. */
#include <kern/arch.h>
#include <arch/x86_64/ioport.h>
#include <arch/x86_64/percpu.h>
#include <lib/string.h>

void switch_context(uint64_t *save_rsp, uint64_t new_rsp);  /* switch.asm */

/* The ports the kernel keeps for itself. The console's own devices are here when the kernel
 * writes to them in some configuration (the VGA cursor, QEMU's debug console): the ABI is the
 * same in every configuration. COM1 is not: a driver may own its reception, while the console
 * only polls its line status and writes. */
static const struct {
	uint16_t first, last;
} kept[] = {
	{ 0x20, 0x21 },     /* master 8259 PIC */
	{ 0x40, 0x43 },     /* PIT */
	{ 0x61, 0x61 },     /* port B: the PIT's channel 2 gate, used to calibrate */
	{ 0xA0, 0xA1 },     /* slave 8259 PIC */
	{ 0xE9, 0xE9 },     /* QEMU's debug console: a copy of the console output */
	{ 0xF4, 0xF7 },     /* QEMU's isa-debug-exit (a 32-bit write to 0xf4 powers off) */
	{ 0x3D4, 0x3D5 },   /* VGA CRT controller: the text console's cursor */
	{ 0x4D0, 0x4D1 },   /* the PICs' edge/level control */
	{ 0x604, 0x605 },   /* ACPI PM1a control (QEMU): power-off */
	{ 0xCF8, 0xCFF },   /* PCI configuration address and data */
	{ 0xB004, 0xB005 }, /* ACPI PM1a control (Bochs, older QEMU): power-off */
};

/* COM2, the trace channel of a kernel configured with --enable-trace (trace_uart.c). */
#define TRACE_PORT_FIRST 0x2F8
#define TRACE_PORT_LAST 0x2FF

bool arch_io_kept(unsigned first, unsigned count)
{
	unsigned last = first + count - 1;
	if (CONFIG_TRACE && first <= TRACE_PORT_LAST && last >= TRACE_PORT_FIRST)
		return true;
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		if (first <= kept[i].last && last >= kept[i].first)
			return true;
	return false;
}

/* How many first bytes of the TSS's bitmap may hold a granted bit: the rest are all ones.
 * A switch copies and clears only those (a COM1 driver's grants end in byte 0x7f), not 8 KiB. */
static unsigned tss_io_bytes;

void arch_io_bitmap_attach(struct arch_task *t, void *map)
{
	memset(map, 0xFF, ARCH_IO_BITMAP_SIZE);
	t->io_bytes = 0;
	t->io_bitmap = map;  /* the same as the TSS's until the first grant: all ones */
}

/* Clears the bits of ports [first, last] in map: granted. */
static void clear_bits(uint8_t *map, unsigned first, unsigned last)
{
	for (unsigned port = first; port <= last; port++)
		map[port / 8] &= (uint8_t)~(1u << (port % 8));
}

void arch_io_grant(struct arch_task *t, unsigned first, unsigned count)
{
	/* Interrupts off: a switch in between would load the bitmap half granted. */
	unsigned long s = arch_irq_save();
	unsigned last = first + count - 1;
	clear_bits(t->io_bitmap, first, last);
	clear_bits(cpu_tss.io_bitmap, first, last);  /* t runs: the TSS holds its bits */
	if (last / 8 + 1 > t->io_bytes)
		t->io_bytes = (uint16_t)(last / 8 + 1);
	if (t->io_bytes > tss_io_bytes)
		tss_io_bytes = t->io_bytes;
	arch_irq_restore(s);
}

void *arch_io_bitmap_detach(struct arch_task *t)
{
	void *map = t->io_bitmap;
	if (!map)
		return NULL;
	unsigned long s = arch_irq_save();
	t->io_bitmap = NULL;
	memset(cpu_tss.io_bitmap, 0xFF, tss_io_bytes);
	tss_io_bytes = 0;
	arch_irq_restore(s);
	return map;
}

void arch_io_switch(struct arch_task *prev, const struct arch_task *next)
{
	unsigned n = next->io_bitmap ? next->io_bytes : 0;
	if (n)
		memcpy(cpu_tss.io_bitmap, next->io_bitmap, n);
	if (tss_io_bytes > n)
		memset(cpu_tss.io_bitmap + n, 0xFF, tss_io_bytes - n);
	tss_io_bytes = n;
	switch_context(&prev->rsp, next->rsp);
}
