/* pit.c - the 8254 programmable interval timer: periodic interrupts on channel 0, and short
 * busy-waits on channel 2 (no interrupt) that measure the rate of other clocks. */
#include <kern/arch.h>
#include <arch/x86_64/cpu.h>
#include <arch/x86_64/irq.h>
#include <lib/sort.h>

#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PIT_CH0_RATE_GEN 0x34     /* channel 0, lobyte/hibyte, mode 2 */
#define PIT_CH2_ONESHOT 0xB0      /* channel 2, lobyte/hibyte, mode 0 */
#define PORT_B 0x61               /* bit 0: channel 2 gate, bit 1: speaker, bit 5: OUT2 */

unsigned pit_start_periodic(unsigned hz)
{
	unsigned divisor = (PIT_HZ + hz / 2) / hz;
	if (divisor > PIT_DIVISOR_MAX)
		divisor = PIT_DIVISOR_MAX;  /* configure keeps the tick rate above this (PIT_HZ_MIN) */
	outb(PIT_CMD, PIT_CH0_RATE_GEN);
	outb(PIT_CH0, divisor & 0xFF);
	outb(PIT_CH0, divisor >> 8);
	return divisor;
}

void pit_wait(uint16_t count)
{
	uint8_t b = inb(PORT_B);
	outb(PORT_B, (b & ~0x03) | 0x01);  /* gate on, speaker off */
	outb(PIT_CMD, PIT_CH2_ONESHOT);
	outb(PIT_CH2, count & 0xFF);
	outb(PIT_CH2, count >> 8);
	while (!(inb(PORT_B) & 0x20))
		;
	outb(PORT_B, b & ~0x03);
}

#define MEASURE_PIT_COUNTS 11932  /* 10 ms of PIT clock */
#define MEASURE_ROUNDS 5

/* The middle one of the n values of v (which it sorts). */
static uint64_t median(uint64_t *v, int n)
{
	sort_u64(v, (size_t)n);
	return v[n / 2];
}

uint64_t pit_measure_hz(uint64_t (*count)(void))
{
	uint64_t rate[MEASURE_ROUNDS];
	for (int r = 0; r < MEASURE_ROUNDS; r++) {
		uint64_t c0 = count();
		pit_wait(MEASURE_PIT_COUNTS);
		rate[r] = (count() - c0) * PIT_HZ / MEASURE_PIT_COUNTS;
	}
	return median(rate, MEASURE_ROUNDS);
}

uint64_t arch_tsc_measure_hz(void)
{
	return pit_measure_hz(arch_cycles);
}
