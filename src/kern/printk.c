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

/* Interrupts stay off for the whole message: one call's text is contiguous. */
static void print_with_prefix(const char *prefix, const char *fmt, va_list ap)
{
	unsigned long flags = arch_irq_save();
	if (*prefix)
		console_put(0, prefix, strlen(prefix));
	format_vout(console_put, 0, fmt, ap);
	arch_irq_restore(flags);
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
