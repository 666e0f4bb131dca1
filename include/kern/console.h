/** @file
 * The kernel's output devices (COM1 serial, VGA text), chosen by `--with-console`. */
#ifndef KERN_CONSOLE_H
#define KERN_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

/** Initialises every configured console. Call once, first thing at boot. */
void console_init(void);

/**
 * Writes @p n bytes to every configured console; '\n' starts a new line. Interrupts off
 * (the drivers' state is not shared safely otherwise); keep @p n small (CONSOLE_ATOMIC_MAX),
 * since nothing else runs meanwhile.
 */
void console_write(const char *s, size_t n);

/** The most bytes written with interrupts off at a time by console_write_long(). */
#define CONSOLE_ATOMIC_MAX 64

/**
 * Takes the console for one writer, so that a long text (a whole write()) appears in one
 * piece while interrupts stay on and other tasks run. Waits while another task holds it.
 * May block: a task with interrupts on only.
 * @return 0; -EINTR if the caller is killed while waiting (it does not hold the console).
 */
int console_lock(void);

/** Releases the console taken with console_lock(). */
void console_unlock(void);

/**
 * Writes @p n bytes of kernel memory, any length, with interrupts on between pieces of at
 * most CONSOLE_ATOMIC_MAX bytes. Hold the console (console_lock()) around one text.
 */
void console_write_long(const char *s, size_t n);

/* Console drivers; each is compiled in only when `--with-console` selects it. */
void serial_init(void);                    /**< COM1: 115200 baud, 8N1, FIFOs on */
void serial_write(const char *s, size_t n); /**< writes, turning "\n" into "\r\n" */
void vga_init(void);                       /**< clears the 80x25 text screen */
void vga_write(const char *s, size_t n);    /**< writes and scrolls */
/** QEMU's debug console (port 0xe9), in every configuration: a copy of all console output for
 * test harnesses, whatever --with-console chose. @return true if the device is present */
bool debugcon_init(void);
void debugcon_write(const char *s, size_t n); /**< writes as is, if the device is present */

#endif
