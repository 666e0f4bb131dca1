/* pit.c - the 8254 programmable interval timer: periodic interrupts on channel 0, and short
 * busy-waits on channel 2 (no interrupt) for calibrating other clocks. */
#include <kern/arch.h>
#include <arch/x86_64/cpu.h>
#include <arch/x86_64/irq.h>

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

#define TSC_ROUNDS 5

/* TSC ticks during 10 ms of PIT time, median of five rounds, scaled to a second. */
uint64_t arch_tsc_measure_hz(void)
{
	uint64_t rate[TSC_ROUNDS];
	for (int r = 0; r < TSC_ROUNDS; r++) {
		uint64_t t0 = arch_cycles();
		pit_wait(11932);
		rate[r] = (arch_cycles() - t0) * PIT_HZ / 11932;
	}
	for (int i = 1; i < TSC_ROUNDS; i++)
		for (int j = i; j > 0 && rate[j - 1] > rate[j]; j--) {
			uint64_t t = rate[j];
			rate[j] = rate[j - 1];
			rate[j - 1] = t;
		}
	return rate[TSC_ROUNDS / 2];
}
