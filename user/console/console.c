/* console.c - the console server: makes lines of the bytes the input drivers hand it (echo,
 * erase, ctrl-C, ctrl-D) and gives them to the programs that read, all by message.
 *
 * Requests (user/lib/include/console.h): drivers send 'I' + bytes; clients call "R" (answered
 * when a line is complete), "F" + int32 pid (the foreground process) and "C" (was ctrl-C
 * typed?), both answered at once. Output is not the console's business: every process writes
 * with write() to the kernel console, and so does the echo here.
 *
 * Only messages cross: the kernel has no input code, and this server no hardware. It keeps at
 * most one completed line nobody has read yet, plus the line being typed; a line holds
 * IPC_MSG_MAX - 1 characters and its '\n', so that it fits one reply. */
#include <console.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <syscalls.h>

#define MSG_BUF 4096         /* the largest IPC_MSG_MAX of any kernel (--with-ipc-msg-max) */
#define READERS_MAX 8        /* clients waiting in "R" at once; more get end of input */
#define NO_ANSWER (-1)       /* handle(): the client gets its answer later, or none is due */
#define CTRL(c) ((c) & 0x1f)
#define DEL 0x7f
#define ESC 0x1b

static size_t line_max;      /* characters of a line besides its '\n' */

static char edit[MSG_BUF];   /* the line being typed */
static size_t edit_len;
static int esc_state;        /* inside an escape sequence (arrow keys): 1 after ESC, 2 after '[' */

/* The completed line nobody has read yet: done_len bytes with the '\n', or end of input (a
 * ctrl-D at the start of a line) when done_len is 0. */
static char done[MSG_BUF];
static size_t done_len;
static bool done_ready;

static int readers[READERS_MAX]; /* waiting in "R", oldest first */
static int readers_count;

static int foreground;       /* pid ctrl-C is for, or 0 */
static bool interrupted;     /* ctrl-C typed since foreground was set */

/* The echo of one input message, written with one write(). */
static char echo[256];
static size_t echo_len;

static void echo_flush(void)
{
	if (echo_len > 0)
		write(1, echo, echo_len);
	echo_len = 0;
}

static void echo_put(const char *s)
{
	size_t n = strlen(s);
	if (echo_len + n > sizeof(echo))
		echo_flush();
	memcpy(echo + echo_len, s, n);
	echo_len += n;
}

static void bell(void)
{
	echo_put("\a");
}

/* Gives @p len bytes of @p line to the oldest waiting reader; one that has gone (the reply
 * fails) is forgotten and the next one tried. A reader whose buffer is too small for the line
 * gets 0 bytes, end of input, as it cannot be given the line. Returns whether one took it. */
static bool give_line(const char *line, size_t len)
{
	while (readers_count > 0) {
		int reader = readers[0];
		memmove(readers, readers + 1, --readers_count * sizeof(readers[0]));
		long r = reply(reader, line, len);
		if (r == 0)
			return true;
		if (r == -EMSGSIZE)
			reply(reader, "", 0);
	}
	return false;
}

/* Keeps @p len bytes of @p line for the next reader if none waits; drops it with a bell
 * when a completed line waits already. */
static void complete(const char *line, size_t len)
{
	if (give_line(line, len))
		return;
	if (done_ready) {
		bell();
		return;
	}
	memcpy(done, line, len);
	done_len = len;
	done_ready = true;
}

static void end_line(void)
{
	if (done_ready) {    /* no room for a second completed line: the Enter is dropped */
		bell();
		return;
	}
	echo_put("\n");
	edit[edit_len++] = '\n';
	complete(edit, edit_len);
	edit_len = 0;
}

static void interrupt(void)
{
	echo_put("^C\n");
	edit_len = 0;
	if (foreground)
		interrupted = true;
	else
		give_line("\n", 1); /* a shell waiting for a line prints a fresh prompt */
}

/* Swallows escape sequences (ESC [ ... final byte, as arrow keys send them); returns whether
 * @p c was part of one. */
static bool in_escape(unsigned char c)
{
	if (esc_state == 0 && c == ESC)
		esc_state = 1;
	else if (esc_state == 1)
		esc_state = c == '[' ? 2 : 0;
	else if (esc_state == 2 && c >= 0x40 && c <= 0x7e)
		esc_state = 0;
	else if (esc_state == 0)
		return false;
	return true;
}

/* The line discipline: one typed byte. */
static void type_byte(unsigned char c)
{
	if (in_escape(c))
		return;
	if (c == '\r' || c == '\n') {
		end_line();
	} else if (c == DEL || c == '\b') {
		if (edit_len > 0) {
			edit_len--;
			echo_put("\b \b");
		}
	} else if (c == CTRL('C')) {
		interrupt();
	} else if (c == CTRL('D')) {
		if (edit_len == 0)
			complete("", 0);
	} else if (c >= 0x20) {
		if (edit_len < line_max) {
			edit[edit_len++] = (char)c;
			char s[2] = { (char)c, '\0' };
			echo_put(s);
		} else {
			bell();
		}
	}
}

static void type(const unsigned char *bytes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		type_byte(bytes[i]);
	echo_flush();
}

/* "R": the reader waits for a line, or takes the one waiting for it. */
static long read_request(int from)
{
	if (readers_count == READERS_MAX)
		return 0;
	readers[readers_count++] = from;
	if (done_ready && give_line(done, done_len))
		done_ready = false;
	return NO_ANSWER;
}

/* Handles request @p msg (@p n bytes) of @p from; returns the length of the answer to give
 * now (put in @p ans), or NO_ANSWER. 'I' comes by send and unknown requests are not
 * answered: a reply meant for a send could land in a later call of the same process. */
static long handle(int from, const char *msg, size_t n, char *ans)
{
	if (n == 0)
		return NO_ANSWER;
	switch (msg[0]) {
	case CONSOLE_INPUT:
		type((const unsigned char *)msg + 1, n - 1);
		return NO_ANSWER;
	case CONSOLE_READ:
		return read_request(from);
	case CONSOLE_FOREGROUND: {
		int32_t pid = 0;
		if (n == 1 + sizeof(pid))
			memcpy(&pid, msg + 1, sizeof(pid));
		foreground = pid;
		interrupted = false;
		return 0;
	}
	case CONSOLE_INTERRUPTED:
		ans[0] = interrupted ? '1' : '0';
		interrupted = false;
		return 1;
	default:
		return NO_ANSWER;
	}
}

int main(void)
{
	static char msg[MSG_BUF];
	char ans[1];
	int from;
	line_max = mk_ipc_msg_max() - 1;
	long n = recv(&from, msg, sizeof(msg));
	for (;;) {
		/* With a buffer of the largest message, an error is the answer's (the client has
		 * gone); then nothing was received. */
		while (n < 0)
			n = recv(&from, msg, sizeof(msg));
		long len = handle(from, msg, (size_t)n, ans);
		if (len == NO_ANSWER)
			n = recv(&from, msg, sizeof(msg));
		else
			n = reply_recv(from, ans, (size_t)len, &from, msg, sizeof(msg));
	}
}
