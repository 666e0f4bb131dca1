/* kbd.c - the PS/2 keyboard driver: the keyboard's interrupt (line 1) arrives as a
 * notification; the driver turns the scancodes waiting (set 1, as the controller translates
 * them) into bytes, US layout, and hands them to the console server.
 *
 * Shift, caps lock and ctrl work (ctrl + a letter gives 1..26: ctrl-C is 3, ctrl-D 4); Enter
 * gives '\n', Backspace 0x7f. Extended keys (0xE0 prefix: arrows, Insert, ...) are ignored
 * but the right ctrl and the keypad's Enter. It needs MK_RIGHT_IO (init starts it with
 * spawn_with). */
#include <console.h>
#include <portio.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <syscalls.h>

#define KBD_DATA 0x60
#define KBD_STATUS 0x64    /* read: status; write: a command to the controller */
#define KBD_IRQ 1
#define STATUS_OUT_FULL 0x01
#define STATUS_IN_FULL 0x02
#define STATUS_AUX 0x20    /* the byte waiting is the mouse's */
#define CMD_READ_CONFIG 0x20
#define CMD_WRITE_CONFIG 0x60
#define CONFIG_KBD_IRQ 0x01
#define SPIN_LIMIT 100000  /* an absent controller must not hang the driver */
#define RELEASE 0x80
#define PREFIX_EXT 0xe0
#define PREFIX_PAUSE 0xe1  /* Pause: 0xE1 and five more bytes */
#define SC_CTRL 0x1d
#define SC_ENTER 0x1c
#define SC_LSHIFT 0x2a
#define SC_RSHIFT 0x36
#define SC_CAPS 0x3a
#define KEYS 0x3a          /* the keys below caps lock: those the keymap has */
#define CONSOLE_TRIES 10
#define MSG_BUF 4096       /* any message fits: a longer one would stay in the mailbox for good */

/* What each key types, without and with shift; 0 for none. */
static const char keymap[2][KEYS + 1] = {
	"\0\0331234567890-=\177\t" "qwertyuiop[]\n\0" "asdfghjkl;'`\0\\" "zxcvbnm,./\0*\0 ",
	"\0\033!@#$%^&*()_+\177\t" "QWERTYUIOP{}\n\0" "ASDFGHJKL:\"~\0|" "ZXCVBNM<>?\0*\0 ",
};

static int console;
static bool shift_left, shift_right, ctrl, caps, extended;
static int skip;           /* bytes of a Pause sequence still to come */

/* A key's byte under the modifiers, or -1. */
static int key_byte(uint8_t key)
{
	char c = keymap[shift_left || shift_right][key];
	bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	if (c == 0)
		return -1;
	if (letter && caps)
		c ^= 0x20;  /* caps lock swaps the case shift gives */
	if (letter && ctrl)
		return c & 0x1f;
	return (unsigned char)c;
}

/* One scancode: updates the modifiers; returns the byte it types, or -1. */
static int decode(uint8_t sc)
{
	if (skip > 0) {
		skip--;
		return -1;
	}
	if (sc == PREFIX_PAUSE || sc == PREFIX_EXT) {
		skip = sc == PREFIX_PAUSE ? 5 : 0;
		extended = sc == PREFIX_EXT;
		return -1;
	}
	bool press = !(sc & RELEASE), ext = extended;
	uint8_t key = sc & ~RELEASE;
	extended = false;
	if (key == SC_CTRL)
		ctrl = press;     /* left, or right with the prefix */
	else if (ext)
		return press && key == SC_ENTER ? '\n' : -1;
	else if (key == SC_LSHIFT)
		shift_left = press;
	else if (key == SC_RSHIFT)
		shift_right = press;
	else if (key == SC_CAPS)
		caps ^= press;
	else if (press && key < KEYS)
		return key_byte(key);
	return -1;
}

/* Reads every scancode waiting and hands the bytes they type to the console. */
static void drain(void)
{
	char bytes[CONSOLE_INPUT_CHUNK];
	size_t n = 0;
	for (;;) {
		uint8_t status = inb(KBD_STATUS);
		if (!(status & STATUS_OUT_FULL))
			break;
		uint8_t sc = inb(KBD_DATA);
		int c = status & STATUS_AUX ? -1 : decode(sc);
		if (c >= 0)
			bytes[n++] = (char)c;
		if (n == sizeof(bytes)) {
			console_deliver(&console, bytes, n);
			n = 0;
		}
	}
	if (n > 0)
		console_deliver(&console, bytes, n);
}

static bool wait_status(uint8_t mask, bool set)
{
	for (int i = 0; i < SPIN_LIMIT; i++)
		if (!!(inb(KBD_STATUS) & mask) == set)
			return true;
	return false;
}

/* Makes sure the controller raises line 1 for the keyboard; the firmware usually has. */
static void enable_irq(void)
{
	while (inb(KBD_STATUS) & STATUS_OUT_FULL)
		inb(KBD_DATA);   /* a stale byte would be read as the configuration */
	outb(KBD_STATUS, CMD_READ_CONFIG);
	if (!wait_status(STATUS_OUT_FULL, true))
		return;
	uint8_t config = inb(KBD_DATA);
	if (config & CONFIG_KBD_IRQ)
		return;
	outb(KBD_STATUS, CMD_WRITE_CONFIG);
	if (wait_status(STATUS_IN_FULL, false))
		outb(KBD_DATA, config | CONFIG_KBD_IRQ);
}

static long take_keyboard(void)
{
	long r = ioport(KBD_DATA, 1);
	if (r == 0)
		r = ioport(KBD_STATUS, 1);
	if (r == 0)
		r = irq_bind(KBD_IRQ);
	if (r == 0)
		enable_irq();
	return r;
}

int main(void)
{
	static char msg[MSG_BUF];
	long r = console_find(CONSOLE_TRIES);
	if (r < 0) {
		printf("kbd: cannot find the console: %s\n", strerror((int)-r));
		return 1;
	}
	console = (int)r;
	r = take_keyboard();
	if (r < 0) {
		printf("kbd: cannot take the PS/2 keyboard: %s\n", strerror((int)-r));
		return 1;
	}
	drain();
	for (;;) {
		int from;
		uint32_t line;
		long n = recv(&from, msg, sizeof(msg));
		if (n != sizeof(line) || from != 0)
			continue;   /* only the kernel's notifications mean anything here */
		memcpy(&line, msg, sizeof(line));
		if (line == KBD_IRQ) {
			drain();
			irq_ack(KBD_IRQ);
		}
	}
}
