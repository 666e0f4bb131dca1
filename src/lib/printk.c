/* printk.c - formatted kernel messages with log levels, written to the registered sink. */
#include <lib/printk.h>
#include <lib/format.h>
#include <lib/string.h>

static const char *const level_prefix[] = {
	[LOG_DEBUG] = "debug: ",
	[LOG_INFO] = "",
	[LOG_WARN] = "warning: ",
	[LOG_ERROR] = "error: ",
};

static const struct printk_sink *sink;

void printk_set_sink(const struct printk_sink *s)
{
	sink = s;
}

static void sink_put(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	sink->write(s, n);
}

/* One call's text is contiguous: the sink holds the console from begin() to end(). */
static void print_with_prefix(const char *prefix, const char *fmt, va_list ap)
{
	if (!sink)
		return;
	unsigned long state = sink->begin();
	if (*prefix)
		sink_put(0, prefix, strlen(prefix));
	format_vout(sink_put, 0, fmt, ap);
	sink->end(state);
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
