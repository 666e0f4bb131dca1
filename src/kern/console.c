/* console.c - fans console output out to the drivers chosen by --with-console, and keeps
 * one writer's text together. */
#include <kern/console.h>
#include <kern/arch.h>
#include <kern/mutex.h>
#include <lib/printk.h>

/* Constant expressions, not variables: a driver that --with-console leaves out is not linked,
 * and the call to it must vanish at every optimisation level, -O0 included. */
#define USE_SERIAL (!CONFIG_CONSOLE_VGA)
#define USE_VGA (!CONFIG_CONSOLE_SERIAL)
static struct mutex console_mutex = MUTEX_INIT(console_mutex);

/* A message from printk(): a task that may sleep waits for the console first, so that its
 * message never lands inside another task's write(); interrupt handlers, code with interrupts
 * off (panic among them) and a killed task print at once. Interrupts stay off for the whole
 * message. The state is the saved flags, shifted, and whether the lock was taken. */
static unsigned long message_begin(void)
{
	bool locked = arch_irq_enabled() && console_lock() == 0;
	return arch_irq_save() << 1 | locked;
}

static void message_end(unsigned long state)
{
	arch_irq_restore(state >> 1);
	if (state & 1)
		console_unlock();
}

static const struct printk_sink console_sink = {
	.begin = message_begin,
	.write = console_write,
	.end = message_end,
};

void console_init(void)
{
	if (USE_SERIAL)
		serial_init();
	if (USE_VGA)
		vga_init();
	debugcon_init();
	printk_set_sink(&console_sink);
}

void console_write(const char *s, size_t n)
{
	if (USE_SERIAL)
		serial_write(s, n);
	if (USE_VGA)
		vga_write(s, n);
	debugcon_write(s, n);
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
