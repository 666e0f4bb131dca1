/* pic.c - the two cascaded 8259 PICs: remapped above the CPU exceptions, masked by default. */
#include <arch/x86_64/cpu.h>
#include <arch/x86_64/irq.h>

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1
#define ICW1_INIT_ICW4 0x11
#define ICW4_8086 0x01
#define OCW3_READ_ISR 0x0B
#define PIC_EOI 0x20
#define CASCADE_IRQ 2

static uint16_t mask = 0xFFFF;

static void pic_write_mask(void)
{
	outb(PIC1_DATA, mask & 0xFF);
	outb(PIC2_DATA, mask >> 8);
}

void pic_init(void)
{
	outb(PIC1_CMD, ICW1_INIT_ICW4);
	outb(PIC2_CMD, ICW1_INIT_ICW4);
	outb(PIC1_DATA, IRQ_PIC_BASE);       /* ICW2: vector offsets */
	outb(PIC2_DATA, IRQ_PIC_BASE + 8);
	outb(PIC1_DATA, 1 << CASCADE_IRQ);   /* ICW3: slave on IRQ 2 */
	outb(PIC2_DATA, CASCADE_IRQ);
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC2_DATA, ICW4_8086);
	mask = 0xFFFF & ~(1 << CASCADE_IRQ);
	pic_write_mask();
}

void pic_unmask(unsigned irq)
{
	mask &= (uint16_t)~(1u << irq);
	pic_write_mask();
}

void pic_mask(unsigned irq)
{
	mask |= (uint16_t)(1u << irq);
	pic_write_mask();
}

void pic_eoi(unsigned irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}

bool pic_spurious(unsigned irq)
{
	if (irq != 7 && irq != 15)
		return false;
	uint16_t port = irq == 7 ? PIC1_CMD : PIC2_CMD;
	outb(port, OCW3_READ_ISR);
	if (inb(port) & 0x80)
		return false;
	if (irq == 15)
		outb(PIC1_CMD, PIC_EOI);  /* the master did see the cascade interrupt */
	return true;
}
