/** @file
 * The kernel's output devices (COM1 serial, VGA text), chosen by --with-console. */
#ifndef KERN_CONSOLE_H
#define KERN_CONSOLE_H

#include <stddef.h>

/** Initialises every configured console. Call once, first thing at boot. */
void console_init(void);

/**
 * Writes @p n bytes to every configured console; '\n' starts a new line. The caller keeps
 * interrupts off around one message so messages do not interleave (printk() does).
 */
void console_write(const char *s, size_t n);

/* Console drivers; each is compiled in only when --with-console selects it. */
void serial_init(void);                    /**< COM1: 115200 baud, 8N1, FIFOs on */
void serial_write(const char *s, size_t n); /**< writes, turning "\n" into "\r\n" */
void vga_init(void);                       /**< clears the 80x25 text screen */
void vga_write(const char *s, size_t n);    /**< writes and scrolls */

#endif
