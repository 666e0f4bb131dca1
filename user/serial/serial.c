/* serial.c - the COM1 receive driver: the UART's receive interrupt (line 4) arrives as a
 * notification; the driver reads every byte waiting and hands them to the console server.
 *
 * It needs MK_RIGHT_IO (init starts it with spawn_with). The kernel keeps writing its console
 * output to COM1, polling the line status; reception and the receive interrupt are this
 * driver's alone. The line settings and the FIFO are the kernel's, left as they are. */
#include <console.h>
#include <portio.h>
#include <stdio.h>
#include <string.h>
#include <syscalls.h>

#define COM1 0x3f8
#define COM1_PORTS 8
#define COM1_IRQ 4
#define UART_RBR 0     /* receive buffer (with DLAB 0, as the kernel leaves it) */
#define UART_IER 1     /* interrupt enable */
#define UART_MCR 4     /* modem control */
#define UART_LSR 5     /* line status */
#define IER_RX 0x01    /* interrupt when data has arrived */
#define LSR_DR 0x01    /* data ready */
#define MCR_DTR_RTS_OUT2 0x0b  /* OUT2 gates the UART's interrupt onto its ISA line on a PC */
#define CONSOLE_TRIES 10
#define MSG_BUF 4096   /* any message fits: a longer one would stay in the mailbox for good */

static int console;

/* Reads every byte the UART holds, handing them to the console as they come. */
static void drain(void)
{
	char bytes[CONSOLE_INPUT_CHUNK];
	size_t n = 0;
	while (inb(COM1 + UART_LSR) & LSR_DR) {
		bytes[n++] = (char)inb(COM1 + UART_RBR);
		if (n == sizeof(bytes)) {
			console_deliver(&console, bytes, n);
			n = 0;
		}
	}
	if (n > 0)
		console_deliver(&console, bytes, n);
}

/* Takes COM1's ports and line, and turns its receive interrupt on. */
static long take_uart(void)
{
	long r = ioport(COM1, COM1_PORTS);
	if (r == 0)
		r = irq_bind(COM1_IRQ);
	if (r == 0) {
		/* The kernel console sets the same when it drives COM1; a kernel built with
		 * --with-console=vga leaves the UART as the firmware did. */
		outb(COM1 + UART_MCR, MCR_DTR_RTS_OUT2);
		outb(COM1 + UART_IER, IER_RX);
	}
	return r;
}

int main(void)
{
	static char msg[MSG_BUF];
	long r = console_find(CONSOLE_TRIES);
	if (r < 0) {
		printf("serial: cannot find the console: %s\n", strerror((int)-r));
		return 1;
	}
	console = (int)r;
	r = take_uart();
	if (r < 0) {
		printf("serial: cannot take COM1: %s\n", strerror((int)-r));
		return 1;
	}
	drain();  /* what arrived before the interrupt was on */
	for (;;) {
		int from;
		uint32_t line;
		long n = recv(&from, msg, sizeof(msg));
		if (n != sizeof(line) || from != 0)
			continue;   /* only the kernel's notifications mean anything here */
		memcpy(&line, msg, sizeof(line));
		if (line == COM1_IRQ) {
			drain();
			irq_ack(COM1_IRQ);
		}
	}
}
