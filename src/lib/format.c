/* format.c - printf-style formatter behind printk() and ksnprintf(); no libc, host-testable. */
#include <lib/format.h>
#include <stdbool.h>
#include <stdint.h>

struct spec {
	bool left;          /* '-' */
	bool zero;          /* '0' */
	bool plus;          /* '+' */
	bool space;         /* ' ' */
	bool alt;           /* '#' */
	int width;
	int precision;      /* -1: none */
	int length;         /* 'H' hh, 'h', 'l', 'L' ll/j, 'z', 't' */
};

struct out {
	format_put_fn put;
	void *ctx;
	int count;
};

static void emit(struct out *o, const char *s, size_t n)
{
	if (n == 0)
		return;
	o->put(o->ctx, s, n);
	o->count += (int)n;
}

static void emit_repeat(struct out *o, char c, int n)
{
	char buf[16];
	for (int i = 0; i < (int)sizeof(buf); i++)
		buf[i] = c;
	while (n > 0) {
		int k = n < (int)sizeof(buf) ? n : (int)sizeof(buf);
		emit(o, buf, (size_t)k);
		n -= k;
	}
}

/* Emits prefix (sign or 0x), zero padding to precision, digits, and the field padding. */
static void emit_number(struct out *o, const struct spec *sp, const char *prefix,
			const char *digits, int ndigits)
{
	int plen = 0;
	while (prefix[plen])
		plen++;
	int zeros = sp->precision > ndigits ? sp->precision - ndigits : 0;
	int body = plen + zeros + ndigits;
	int pad = sp->width > body ? sp->width - body : 0;

	if (sp->zero && !sp->left && sp->precision < 0) {
		zeros += pad;
		pad = 0;
	}
	if (!sp->left)
		emit_repeat(o, ' ', pad);
	emit(o, prefix, (size_t)plen);
	emit_repeat(o, '0', zeros);
	emit(o, digits, (size_t)ndigits);
	if (sp->left)
		emit_repeat(o, ' ', pad);
}

static void format_unsigned(struct out *o, const struct spec *sp, uint64_t v, unsigned base,
			    bool upper, const char *prefix)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int n = sizeof(buf);

	/* C: a zero value with precision 0 prints no digits. */
	if (!(v == 0 && sp->precision == 0)) {
		do {
			buf[--n] = set[v % base];
			v /= base;
		} while (v);
	}
	emit_number(o, sp, prefix, buf + n, (int)sizeof(buf) - n);
}

static void format_signed(struct out *o, const struct spec *sp, int64_t v)
{
	const char *prefix = sp->plus ? "+" : sp->space ? " " : "";
	uint64_t mag = (uint64_t)v;
	if (v < 0) {
		prefix = "-";
		mag = 0 - mag;  /* well defined for INT64_MIN too */
	}
	format_unsigned(o, sp, mag, 10, false, prefix);
}

static void format_string(struct out *o, const struct spec *sp, const char *s)
{
	if (!s)
		s = "(null)";
	int n = 0;
	while (s[n] && (sp->precision < 0 || n < sp->precision))
		n++;
	int pad = sp->width > n ? sp->width - n : 0;
	if (!sp->left)
		emit_repeat(o, ' ', pad);
	emit(o, s, (size_t)n);
	if (sp->left)
		emit_repeat(o, ' ', pad);
}

/* Parses flags, width, precision and length at *fmt; leaves *fmt on the conversion. */
static void parse_spec(const char **fmt, va_list *ap, struct spec *sp)
{
	const char *p = *fmt;
	*sp = (struct spec){ .precision = -1 };

	for (;; p++) {
		if (*p == '-') sp->left = true;
		else if (*p == '0') sp->zero = true;
		else if (*p == '+') sp->plus = true;
		else if (*p == ' ') sp->space = true;
		else if (*p == '#') sp->alt = true;
		else break;
	}
	if (*p == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		p++;
	} else {
		while (*p >= '0' && *p <= '9')
			sp->width = sp->width * 10 + (*p++ - '0');
	}
	if (*p == '.') {
		p++;
		sp->precision = 0;
		if (*p == '*') {
			sp->precision = va_arg(*ap, int);
			if (sp->precision < 0)
				sp->precision = -1;
			p++;
		} else {
			while (*p >= '0' && *p <= '9')
				sp->precision = sp->precision * 10 + (*p++ - '0');
		}
	}
	if (p[0] == 'h' && p[1] == 'h') { sp->length = 'H'; p += 2; }
	else if (p[0] == 'l' && p[1] == 'l') { sp->length = 'L'; p += 2; }
	else if (*p == 'h' || *p == 'l' || *p == 'z' || *p == 't') sp->length = *p++;
	else if (*p == 'j') { sp->length = 'L'; p++; }
	*fmt = p;
}

static int64_t arg_signed(va_list *ap, int length)
{
	switch (length) {
	case 'H': return (signed char)va_arg(*ap, int);
	case 'h': return (short)va_arg(*ap, int);
	case 'l': return va_arg(*ap, long);
	case 'L': return va_arg(*ap, long long);
	case 'z': return (int64_t)va_arg(*ap, size_t);
	case 't': return va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, int);
	}
}

static uint64_t arg_unsigned(va_list *ap, int length)
{
	switch (length) {
	case 'H': return (unsigned char)va_arg(*ap, unsigned int);
	case 'h': return (unsigned short)va_arg(*ap, unsigned int);
	case 'l': return va_arg(*ap, unsigned long);
	case 'L': return va_arg(*ap, unsigned long long);
	case 'z': return va_arg(*ap, size_t);
	case 't': return (uint64_t)va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, unsigned int);
	}
}

/* Formats one conversion; returns false if it is not one we know. */
static bool format_one(struct out *o, char conv, const struct spec *sp, va_list *ap)
{
	struct spec p;
	char c;

	switch (conv) {
	case 'd':
	case 'i':
		format_signed(o, sp, arg_signed(ap, sp->length));
		return true;
	case 'u':
		format_unsigned(o, sp, arg_unsigned(ap, sp->length), 10, false, "");
		return true;
	case 'x':
	case 'X': {
		uint64_t v = arg_unsigned(ap, sp->length);
		const char *prefix = sp->alt && v ? (conv == 'x' ? "0x" : "0X") : "";
		format_unsigned(o, sp, v, 16, conv == 'X', prefix);
		return true;
	}
	case 'o':
		format_unsigned(o, sp, arg_unsigned(ap, sp->length), 8, false, sp->alt ? "0" : "");
		return true;
	case 'p':
		p = *sp;
		p.precision = 16;
		format_unsigned(o, &p, (uintptr_t)va_arg(*ap, void *), 16, false, "0x");
		return true;
	case 's':
		format_string(o, sp, va_arg(*ap, const char *));
		return true;
	case 'c':
		c = (char)va_arg(*ap, int);
		emit_repeat(o, ' ', sp->left ? 0 : sp->width - 1);
		emit(o, &c, 1);
		emit_repeat(o, ' ', sp->left ? sp->width - 1 : 0);
		return true;
	case '%':
		emit(o, "%", 1);
		return true;
	default:
		return false;
	}
}

int format_vout(format_put_fn put, void *ctx, const char *fmt, va_list ap)
{
	struct out o = { put, ctx, 0 };
	va_list args;
	va_copy(args, ap);

	while (*fmt) {
		const char *run = fmt;
		while (*fmt && *fmt != '%')
			fmt++;
		emit(&o, run, (size_t)(fmt - run));
		if (!*fmt)
			break;

		const char *start = fmt++;
		struct spec sp;
		parse_spec(&fmt, &args, &sp);
		if (*fmt && format_one(&o, *fmt, &sp, &args)) {
			fmt++;
		} else {
			/* Unknown or truncated conversion: copy it as it stands. */
			if (*fmt)
				fmt++;
			emit(&o, start, (size_t)(fmt - start));
		}
	}
	va_end(args);
	return o.count;
}

struct buf_sink {
	char *buf;
	size_t size;
	size_t used;
};

static void buf_put(void *ctx, const char *s, size_t n)
{
	struct buf_sink *b = ctx;
	for (size_t i = 0; i < n; i++, b->used++)
		if (b->used + 1 < b->size)
			b->buf[b->used] = s[i];
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf_sink b = { buf, size, 0 };
	int n = format_vout(buf_put, &b, fmt, ap);
	if (size > 0)
		buf[b.used < size ? b.used : size - 1] = '\0';
	return n;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
