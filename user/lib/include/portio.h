/** @file
 * The x86 port instructions for drivers: usable on the ports ioport() granted the process;
 * any other port raises #GP, which kills it (status 0x100 + 13). Intel syntax, as the user
 * flags select (-masm=intel). */
#ifndef USER_PORTIO_H
#define USER_PORTIO_H

#include <stdint.h>

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("in %0, %1" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("out %1, %0" : : "a"(v), "Nd"(port));
}

#endif
