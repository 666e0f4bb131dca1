/** @file
 * Kernel messages with log levels, written to every configured console. */
#ifndef LIB_PRINTK_H
#define LIB_PRINTK_H

#include <stdarg.h>
#include <stddef.h>

/** Message importance; higher is more important. */
enum log_level {
	LOG_DEBUG = 0, /**< step-by-step detail: allocations, mappings ("debug: " prefix) */
	LOG_INFO = 1,  /**< normal boot and demo output (no prefix) */
	LOG_WARN = 2,  /**< something odd that the kernel works around ("warning: " prefix) */
	LOG_ERROR = 3, /**< something failed ("error: " prefix) */
};

/** The least important level that is printed, chosen by `--with-log-level`. */
#define LOG_THRESHOLD                                                                          \
	(CONFIG_LOG_LEVEL_DEBUG ? LOG_DEBUG                                                    \
	 : CONFIG_LOG_LEVEL_INFO ? LOG_INFO                                                    \
	 : CONFIG_LOG_LEVEL_WARN ? LOG_WARN                                                    \
				 : LOG_ERROR)

/**
 * Formats a message (see format_vout() for the conversions) and writes it to the consoles if
 * @p level is at least LOG_THRESHOLD. One call's text is never interleaved with another's.
 * Callable from any context, with interrupts on or off; never blocks.
 */
void printk_level(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** printk_level() with a va_list. */
void vprintk_level(enum log_level level, const char *fmt, va_list ap);

/** Where printk() writes; the console registers it at boot (console_init()). */
struct printk_sink {
	/**
	 * Starts one message: waits for the console if the caller may block, and turns
	 * interrupts off. @return an opaque state for end().
	 */
	unsigned long (*begin)(void);
	void (*write)(const char *s, size_t n);  /**< writes part of the message */
	void (*end)(unsigned long state);        /**< ends the message begin() started */
};

/** Sends printk() to @p sink; until the first call, messages are dropped. */
void printk_set_sink(const struct printk_sink *sink);

/** Prints unconditionally, without a prefix (the seed plan's demo lines, TAP output). */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** printk() with a va_list. */
void vprintk(const char *fmt, va_list ap);

#define pr_debug(...) printk_level(LOG_DEBUG, __VA_ARGS__)
#define pr_info(...) printk_level(LOG_INFO, __VA_ARGS__)
#define pr_warn(...) printk_level(LOG_WARN, __VA_ARGS__)
#define pr_err(...) printk_level(LOG_ERROR, __VA_ARGS__)

#endif
