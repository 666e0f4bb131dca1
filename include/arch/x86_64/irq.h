/** @file
 * X86_64 interrupt plumbing: vectors, handlers, the 8259 PIC, the local APIC, the
 * I/O APIC and the PIT. */
#ifndef ARCH_X86_64_IRQ_H
#define ARCH_X86_64_IRQ_H

#include <stdbool.h>
#include <stdint.h>

#define IRQ_PIC_BASE 0x20        /**< PIC IRQ 0..15 arrive on vectors 0x20..0x2f */
#define IRQ_LAPIC_TIMER 0x30     /**< the local APIC timer's vector */
#define IRQ_IOAPIC_BASE 0x40     /**< ISA IRQ 0..15 through the I/O APIC: vectors 0x40..0x4f */
#define IRQ_SPURIOUS 0xFF        /**< the local APIC's spurious vector */

struct trap_frame;

/** Sets the function trap_dispatch() calls for @p vector (>= 32), with interrupts off. */
void irq_set_handler(unsigned vector, void (*fn)(struct trap_frame *tf));

/** Interrupts that arrived on a spurious vector (PIC IRQ 7/15 without ISR bit, APIC 0xff). */
extern uint64_t irq_spurious_count;

/* 8259 PIC (pic.c). */
void pic_init(void);                 /**< remap to IRQ_PIC_BASE, mask everything */
void pic_unmask(unsigned irq);      /**< lets IRQ @p irq (0..15) through */
void pic_mask(unsigned irq);        /**< holds IRQ @p irq (0..15) back */
void pic_eoi(unsigned irq);         /**< end of interrupt for IRQ @p irq (both PICs above 7) */
bool pic_spurious(unsigned irq);     /**< IRQ 7 or 15 that the PIC did not really raise */

/* Local APIC (lapic.c). */
void lapic_init(void);               /**< map, enable, spurious vector, TPR 0 */
void lapic_eoi(void);               /**< end of interrupt at the local APIC */
uint32_t lapic_read(unsigned reg);  /**< reads register @p reg (byte offset) */
void lapic_write(unsigned reg, uint32_t value); /**< writes register @p reg (byte offset) */
#define LAPIC_ID 0x20               /**< the local APIC's ID, in bits 24..31 */
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TIMER_INITIAL 0x380
#define LAPIC_TIMER_CURRENT 0x390
#define LAPIC_TIMER_DIVIDE 0x3E0

/* I/O APIC (ioapic.c). */
void ioapic_init(void);              /**< map and mask every input */
/** Routes input @p input to @p vector on this CPU (edge, active high: an ISA line), unmasked. */
void ioapic_unmask(unsigned input, unsigned vector);
void ioapic_mask(unsigned input);    /**< masks input @p input */

/* 8254 PIT (pit.c). */
#define PIT_HZ 1193182u              /**< the PIT's input clock */
#define PIT_DIVISOR_MAX 65535u       /**< the largest 16-bit reload */
/** Channel 0 as a rate generator on IRQ 0, as close to @p hz as the PIT allows.
 * @return the divisor programmed: the rate is PIT_HZ / divisor */
unsigned pit_start_periodic(unsigned hz);
/** Busy-waits @p count PIT clocks (at most 65535) on channel 2, without interrupts. */
void pit_wait(uint16_t count);
/**
 * The rate of a free-running counter, in Hz: how far @p count() advances in 10 ms of PIT
 * time (pit_wait()), median of five rounds, so that one round stretched by the host (under
 * emulation) does not skew the result. @p count must grow and not wrap for ~50 ms.
 */
uint64_t pit_measure_hz(uint64_t (*count)(void));

/** Maps @p size bytes of device memory at physical @p phys, uncached; returns its address. */
void *arch_map_mmio(uint64_t phys, uint64_t size);

#endif
