/* printf.c - formatted output of the user library, over lib/format.c and write(). */
#include <lib/format.h>
#include <stdio.h>
#include <syscalls.h>
#include <string.h>

#define PRINTF_BUF 512

/* Collects output and writes it out in as few write() calls as the buffer allows. */
struct fd_sink {
	int fd;
	size_t used;
	long error;             /* the first failed write(), or 0 */
	char buf[PRINTF_BUF];
};

static void sink_flush(struct fd_sink *s)
{
	if (s->used > 0 && s->error == 0) {
		long r = write(s->fd, s->buf, s->used);
		if (r < 0)
			s->error = r;
	}
	s->used = 0;
}

static void sink_put(void *ctx, const char *text, size_t n)
{
	struct fd_sink *s = ctx;
	while (n > 0) {
		if (s->used == sizeof(s->buf))
			sink_flush(s);
		size_t k = sizeof(s->buf) - s->used;
		if (k > n)
			k = n;
		memcpy(s->buf + s->used, text, k);
		s->used += k;
		text += k;
		n -= k;
	}
}

int vdprintf(int fd, const char *fmt, va_list ap)
{
	struct fd_sink s;
	s.fd = fd;
	s.used = 0;
	s.error = 0;
	int n = format_vout(sink_put, &s, fmt, ap);
	sink_flush(&s);
	return s.error ? (int)s.error : n;
}

int dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *fmt, va_list ap)
{
	return vdprintf(1, fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vdprintf(1, fmt, ap);
	va_end(ap);
	return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return kvsnprintf(buf, size, fmt, ap);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
