/* console.c - fans console output out to the drivers chosen by --with-console, and keeps
 * one writer's text together. */
#include <kern/console.h>
#include <kern/arch.h>
#include <kern/mutex.h>

static const int use_serial = !CONFIG_CONSOLE_VGA;
static const int use_vga = !CONFIG_CONSOLE_SERIAL;
static struct mutex console_mutex = MUTEX_INIT(console_mutex);

void console_init(void)
{
	if (use_serial)
		serial_init();
	if (use_vga)
		vga_init();
}

void console_write(const char *s, size_t n)
{
	if (use_serial)
		serial_write(s, n);
	if (use_vga)
		vga_write(s, n);
}

int console_lock(void)
{
	return mutex_lock(&console_mutex);
}

void console_unlock(void)
{
	mutex_unlock(&console_mutex);
}

void console_write_long(const char *s, size_t n)
{
	for (size_t done = 0; done < n;) {
		size_t k = n - done < CONSOLE_ATOMIC_MAX ? n - done : CONSOLE_ATOMIC_MAX;
		unsigned long flags = arch_irq_save();
		console_write(s + done, k);
		arch_irq_restore(flags);
		done += k;
	}
}
