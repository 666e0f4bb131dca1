/* irqlat.c - the driver side of ubench's irq_to_driver figure: it holds the PS/2 keyboard's
 * interrupt line (1) and, for each notification, sends its parent the time stamp at which its
 * recv returned, empties the controller's output buffer and acknowledges the line. The parent
 * makes the controller raise the interrupt and measures from the port write that does it.
 * The message "quit" ends it (status 0); a failed set-up ends it with 1. */
#include <portio.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <syscalls.h>

#define KBD_DATA 0x60
#define KBD_STATUS 0x64
#define KBD_IRQ 1

static uint64_t tsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

int main(void)
{
	char msg[16];
	int parent;
	long r = recv(&parent, msg, sizeof(msg));  /* the parent says when it has the ports too */
	if (r < 0 || (r = ioport(KBD_DATA, 1)) < 0 || (r = ioport(KBD_STATUS, 1)) < 0 ||
	    (r = irq_bind(KBD_IRQ)) < 0 || (r = send(parent, "ready", 5)) < 0) {
		printf("irqlat: set-up failed (%ld)\n", r);
		return 1;
	}
	for (;;) {
		int from;
		long n = recv(&from, msg, sizeof(msg));
		uint64_t t = tsc();
		if (from == 0 && n == 4) {  /* the notification */
			inb(KBD_DATA);
			send(parent, &t, sizeof(t));
			irq_ack(KBD_IRQ);
		} else if (from == parent && n == 4 && !memcmp(msg, "quit", 4)) {
			return 0;
		}
	}
}
