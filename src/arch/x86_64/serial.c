/* serial.c - COM1 (16550 UART) console driver: 115200 baud, 8N1, polled output. */
#include <kern/console.h>
#include <arch/x86_64/cpu.h>
#include <stdbool.h>

#define COM1 0x3F8
#define UART_DATA 0      /* DLAB=0: transmit/receive; DLAB=1: divisor low byte */
#define UART_IER 1       /* DLAB=0: interrupt enable; DLAB=1: divisor high byte */
#define UART_FCR 2       /* FIFO control */
#define UART_LCR 3       /* line control */
#define UART_MCR 4       /* modem control */
#define UART_LSR 5       /* line status */
#define LCR_DLAB 0x80
#define LCR_8N1 0x03
#define FCR_ENABLE_CLEAR_14 0xC7 /* FIFOs on, both cleared, interrupt at 14 bytes */
#define MCR_DTR_RTS_OUT2 0x0B
#define MCR_LOOPBACK 0x1E
#define LSR_THR_EMPTY 0x20
#define BAUD_DIVISOR 1           /* 115200 / 1 */
#define TX_SPIN_LIMIT 100000     /* a stuck UART must not hang the kernel */

static bool serial_ok;

void serial_init(void)
{
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DATA, BAUD_DIVISOR & 0xFF);
	outb(COM1 + UART_IER, BAUD_DIVISOR >> 8);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, FCR_ENABLE_CLEAR_14);

	/* Loopback test: a UART that is absent or broken reads back something else. */
	outb(COM1 + UART_MCR, MCR_LOOPBACK);
	outb(COM1 + UART_DATA, 0xAE);
	serial_ok = inb(COM1 + UART_DATA) == 0xAE;
	outb(COM1 + UART_MCR, MCR_DTR_RTS_OUT2);
}

static void serial_putc(char c)
{
	for (int i = 0; i < TX_SPIN_LIMIT; i++)
		if (inb(COM1 + UART_LSR) & LSR_THR_EMPTY)
			break;
	outb(COM1 + UART_DATA, (uint8_t)c);
}

void serial_write(const char *s, size_t n)
{
	if (!serial_ok)
		return;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}
