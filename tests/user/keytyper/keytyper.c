/* keytyper.c - the first process of `make trace SCENARIO=shell`: starts the console server, the
 * keyboard driver and the shell, as init does, then types `echo hello` on the PS/2 keyboard
 * and ends once the shell has answered (its end powers the machine off, and a traced kernel
 * dumps its record).
 *
 * The keys come from inside the machine: the PS/2 controller's command 0xD2 hands the next
 * data byte back as if the keyboard had sent it, and raises IRQ 1. So every key takes the way
 * a real one takes (interrupt, kbd, console, sh) at a point fixed by the guest's own
 * instructions, and under -icount two runs give the same trace. pid 1 holds every right, so it
 * may use the controller's ports beside the driver. */
#include <portio.h>
#include <stdbool.h>
#include <stdio.h>
#include <syscalls.h>

#define KBD_DATA 0x60
#define KBD_STATUS 0x64
#define KBD_IN_FULL 0x02          /* status: the controller has not taken the last byte yet */
#define KBD_READ_CONFIG 0x20
#define KBD_WRITE_CONFIG 0x60
#define KBD_WRITE_OUTPUT 0xD2     /* the next data byte comes back as if the keyboard sent it */
#define KBD_CONFIG_IRQ 0x01       /* config: IRQ 1 when the keyboard's byte is there */
#define KEY_RELEASE 0x80          /* set 1: a key's break code is its make code | 0x80 */
#define POLL_MS 10
#define IDLE_TIMEOUT_MS 10000

static int console, kbd, sh;

static void kbd_wait(void)
{
	while (inb(KBD_STATUS) & KBD_IN_FULL)
		;
}

static bool kbd_take(void)
{
	if (ioport(KBD_DATA, 1) < 0 || ioport(KBD_STATUS, 1) < 0)
		return false;
	kbd_wait();
	outb(KBD_STATUS, KBD_READ_CONFIG);
	uint8_t config = inb(KBD_DATA);
	kbd_wait();
	outb(KBD_STATUS, KBD_WRITE_CONFIG);
	kbd_wait();
	outb(KBD_DATA, config | KBD_CONFIG_IRQ);
	return true;
}

static bool in_state(int pid, uint32_t state)
{
	struct mk_procinfo info;
	return procinfo(pid, &info) == pid && info.state == state;
}

/* Waits until the shell waits for a line and the console and the driver for their next
 * message, twice in a row POLL_MS apart: everything typed so far has been handled. */
static bool wait_idle(void)
{
	for (int ms = 0, seen = 0; seen < 2; ms += POLL_MS) {
		if (ms >= IDLE_TIMEOUT_MS)
			return false;
		bool idle = in_state(sh, MK_PS_REPLY) && in_state(console, MK_PS_RECV) &&
			    in_state(kbd, MK_PS_RECV);
		seen = idle ? seen + 1 : 0;
		msleep(POLL_MS);
	}
	return true;
}

/* One key: pressed, then released, each byte once the driver has taken the last one. */
static void key(uint8_t code)
{
	for (int i = 0; i < 2; i++) {
		kbd_wait();
		outb(KBD_STATUS, KBD_WRITE_OUTPUT);
		kbd_wait();
		outb(KBD_DATA, i ? code | KEY_RELEASE : code);
		msleep(2);
	}
}

/* The set-1 make codes of the letters, the space and Enter that the line needs. */
static uint8_t scancode(char c)
{
	switch (c) {
	case 'c': return 0x2e;
	case 'e': return 0x12;
	case 'h': return 0x23;
	case 'l': return 0x26;
	case 'o': return 0x18;
	case ' ': return 0x39;
	default: return 0x1c;  /* '\n': Enter */
	}
}

int main(void)
{
	console = (int)spawn("console");
	kbd = console > 0 ? (int)spawn_with("kbd", MK_RIGHT_IO) : console;
	sh = kbd > 0 ? (int)spawn("sh") : kbd;
	if (sh < 0 || !kbd_take()) {
		printf("keytyper: cannot start console, kbd and sh (%d)\n", sh);
		return 1;
	}
	if (!wait_idle()) {
		printf("keytyper: the shell did not prompt\n");
		return 1;
	}
	for (const char *p = "echo hello\n"; *p; p++)
		key(scancode(*p));
	if (!wait_idle()) {
		printf("keytyper: the shell did not come back to its prompt\n");
		return 1;
	}
	return 0;
}
