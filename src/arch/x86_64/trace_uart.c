/* trace_uart.c - the trace channel (--enable-trace): COM2, a 16550 UART at 0x2f8, 115200 baud
 * 8N1, polled both ways. The kernel keeps its ports (ioport.c); nothing else uses them. */
#include <kern/arch.h>
#include <arch/x86_64/cpu.h>

#define COM2 0x2F8
#define UART_DATA 0      /* DLAB=0: transmit/receive; DLAB=1: divisor low byte */
#define UART_IER 1       /* DLAB=0: interrupt enable; DLAB=1: divisor high byte */
#define UART_FCR 2       /* FIFO control */
#define UART_LCR 3       /* line control */
#define UART_MCR 4       /* modem control */
#define UART_LSR 5       /* line status */
#define UART_SCRATCH 7   /* scratch register: reads back what was written where a UART is */
#define LCR_DLAB 0x80
#define LCR_8N1 0x03
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS 0x03  /* no OUT2: the UART raises no interrupt, it is polled */
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define BAUD_DIVISOR 1
#define TX_SPIN_LIMIT 100000  /* a stuck UART must not hang the kernel */
#define RX_DRAIN_LIMIT 64

static bool present;

bool arch_trace_port_init(void)
{
	outb(COM2 + UART_SCRATCH, 0x5A);
	bool a = inb(COM2 + UART_SCRATCH) == 0x5A;
	outb(COM2 + UART_SCRATCH, 0xA5);
	present = a && inb(COM2 + UART_SCRATCH) == 0xA5;
	if (!present)
		return false;
	outb(COM2 + UART_IER, 0x00);
	outb(COM2 + UART_LCR, LCR_DLAB);
	outb(COM2 + UART_DATA, BAUD_DIVISOR & 0xFF);
	outb(COM2 + UART_IER, BAUD_DIVISOR >> 8);
	outb(COM2 + UART_LCR, LCR_8N1);
	outb(COM2 + UART_FCR, FCR_ENABLE_CLEAR);
	outb(COM2 + UART_MCR, MCR_DTR_RTS);
	return true;
}

void arch_trace_port_write(const char *s, size_t n)
{
	if (!present)
		return;
	for (size_t i = 0; i < n; i++) {
		for (int spin = 0; spin < TX_SPIN_LIMIT; spin++)
			if (inb(COM2 + UART_LSR) & LSR_THR_EMPTY)
				break;
		outb(COM2 + UART_DATA, (uint8_t)s[i]);
	}
}

bool arch_trace_port_received(void)
{
	if (!present || !(inb(COM2 + UART_LSR) & LSR_DATA_READY))
		return false;
	for (int i = 0; i < RX_DRAIN_LIMIT && (inb(COM2 + UART_LSR) & LSR_DATA_READY); i++)
		(void)inb(COM2 + UART_DATA);
	return true;
}
