/* printk.c - formatted kernel messages with log levels. */
#include <kern/printk.h>
#include <kern/console.h>
#include <kern/arch.h>
#include <lib/format.h>
#include <lib/string.h>

static const char *const level_prefix[] = {
	[LOG_DEBUG] = "debug: ",
	[LOG_INFO] = "",
	[LOG_WARN] = "warning: ",
	[LOG_ERROR] = "error: ",
};

static void console_put(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	console_write(s, n);
}

/* Interrupts stay off for the whole message: one call's text is contiguous. A task that may
 * sleep also waits for the console first, so that its message never lands inside another
 * task's write(); interrupt handlers, code with interrupts off (panic among them) and a task
 * that has been killed print at once. */
static void print_with_prefix(const char *prefix, const char *fmt, va_list ap)
{
	bool locked = arch_irq_enabled() && console_lock() == 0;
	unsigned long flags = arch_irq_save();
	if (*prefix)
		console_put(0, prefix, strlen(prefix));
	format_vout(console_put, 0, fmt, ap);
	arch_irq_restore(flags);
	if (locked)
		console_unlock();
}

void vprintk_level(enum log_level level, const char *fmt, va_list ap)
{
	if (level < LOG_THRESHOLD)
		return;
	print_with_prefix(level_prefix[level], fmt, ap);
}

void printk_level(enum log_level level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintk_level(level, fmt, ap);
	va_end(ap);
}

void vprintk(const char *fmt, va_list ap)
{
	print_with_prefix("", fmt, ap);
}

void printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}
