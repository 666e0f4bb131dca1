/* debugcon.c - QEMU's (and Bochs') debug console, port 0xe9: a copy of the console output on a
 * channel that does not depend on --with-console, for test harnesses (QEMU -debugcon file:F).
 * Used only where the port reads back 0xe9, i.e. where the device is present. */
#include <kern/console.h>
#include <arch/x86_64/cpu.h>
#include <stdbool.h>

#define DEBUGCON_PORT 0xE9

static bool debugcon_present;

bool debugcon_init(void)
{
	debugcon_present = inb(DEBUGCON_PORT) == DEBUGCON_PORT;
	return debugcon_present;
}

void debugcon_write(const char *s, size_t n)
{
	if (!debugcon_present)
		return;
	for (size_t i = 0; i < n; i++)
		outb(DEBUGCON_PORT, (uint8_t)s[i]);
}
