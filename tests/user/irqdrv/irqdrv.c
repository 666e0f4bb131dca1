/* irqdrv.c - a child of usertests for the tests of rights, port grants and interrupt lines
 * (calls 16-19, tests/user/usertests/t_driver.c): a small driver of the CMOS RTC, whose
 * periodic interrupt (ISA line 8) is the notifications' source, or a process that checks
 * what it may not do. Its parent's first message is "ENTRY MODE" (tests/user/common/modes.h);
 * each mode ends with 0 when everything went as the ABI says, else with the number of the
 * check that failed (and a `#` line saying why), or is killed where the mode says so. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <syscalls.h>
#include "../common/modes.h"
#include "../replier/replier.h"

#define SURVIVED 99             /* the status when a port access did not kill us */
#define RTC_LINE 8
#define RTC_INDEX 0x70
#define RTC_DATA 0x71
#define RTC_A 0x0A              /* bits 0-3: the periodic rate */
#define RTC_B 0x0B              /* bit 6: periodic interrupt enable (PIE) */
#define RTC_C 0x0C              /* reading it acknowledges the interrupt at the RTC */
#define RTC_PIE 0x40
#define RTC_RATE_64HZ 10        /* 32768 >> (rate - 1) Hz: one interrupt per 15.6 ms */
#define LONGER_THAN_A_PERIOD 60 /* ms: an interrupt surely came meanwhile */

static int parent;

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("out %1, %0" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("in %0, %1" : "=a"(v) : "Nd"(port));
	return v;
}

/* A check: on failure prints what and returns false. */
static bool expect(long got, long want, const char *what)
{
	if (got != want)
		printf("# irqdrv: %s returned %ld, want %ld\n", what, got, want);
	return got == want;
}

/* --- The RTC --------------------------------------------------------------------------------- */

static uint8_t rtc_read(uint8_t reg)
{
	outb(RTC_INDEX, reg);
	return inb(RTC_DATA);
}

static void rtc_write(uint8_t reg, uint8_t v)
{
	outb(RTC_INDEX, reg);
	outb(RTC_DATA, v);
}

/* Acknowledges the RTC's interrupt (its line goes low), so that the next period raises it. */
static void rtc_ack(void)
{
	rtc_read(RTC_C);
}

static void rtc_periodic_on(void)
{
	rtc_write(RTC_A, (uint8_t)((rtc_read(RTC_A) & 0xF0) | RTC_RATE_64HZ));
	rtc_write(RTC_B, rtc_read(RTC_B) | RTC_PIE);
	rtc_ack();
}

static void rtc_periodic_off(void)
{
	rtc_write(RTC_B, rtc_read(RTC_B) & (uint8_t)~RTC_PIE);
	rtc_ack();
}

/* The RTC's ports, line 8 bound (twice: the second bind is 0 too), its interrupt on. */
static bool rtc_driver_start(void)
{
	if (!expect(ioport(RTC_INDEX, 2), 0, "ioport(0x70, 2)"))
		return false;
	rtc_periodic_off();
	if (!expect(irq_bind(RTC_LINE), 0, "irq_bind(8)") ||
	    !expect(irq_bind(RTC_LINE), 0, "irq_bind(8) again"))
		return false;
	rtc_periodic_on();
	return true;
}

/* recv() with room for @p cap bytes must deliver line 8's notification: 4 bytes, 8 as a
 * little-endian uint32, from pid 0. */
static bool notification(size_t cap, const char *when)
{
	unsigned char buf[64];
	int from = -1;
	memset(buf, 0xEE, sizeof(buf));
	long n = recv(&from, buf, cap);
	bool ok = n == 4 && from == 0 && buf[0] == RTC_LINE && buf[1] == 0 && buf[2] == 0 &&
		  buf[3] == 0 && buf[4] == 0xEE;
	if (!ok)
		printf("# irqdrv: %s: recv returned %ld from %d, bytes %02x %02x %02x %02x %02x; "
		       "want line 8's notification\n", when, n, from, buf[0], buf[1], buf[2], buf[3],
		       buf[4]);
	return ok;
}

/* Starts replier with "ENTRY MODE" (this process's entry), as a helper. @return its pid */
static long helper(const char *fmt, long arg, const char *text)
{
	char msg[96];
	int n = snprintf(msg, sizeof(msg), fmt, mk_use_int80 ? "int80" : "syscall", arg, text);
	long pid = spawn("replier");
	if (pid > 0 && send((int)pid, msg, (size_t)n) != 0)
		return -1;
	return pid;
}

static bool helper_done(long pid)
{
	int status = -1;
	return expect(wait((int)pid, &status), pid, "wait(helper)") &&
	       expect(status, 0, "the helper's status");
}

/* --- Modes with MK_RIGHT_IO ------------------------------------------------------------------ */

/* Three notifications, each acknowledged at the RTC and with irq_ack; an ack of a line we do
 * not hold is -EINVAL. Ends holding line 8 and the ports: the kernel must release them. */
static int do_notify(const char *arg)
{
	if (!rtc_driver_start())
		return 1;
	for (int i = 0; i < 3; i++) {
		if (!notification(16, "notify"))
			return 2;
		rtc_ack();
		if (!expect(irq_ack(RTC_LINE), 0, "irq_ack(8)"))
			return 3;
	}
	if (!expect(irq_ack(3), -EINVAL, "irq_ack(3), not held") ||
	    !expect(irq_ack(2), -EINVAL, "irq_ack(2)") || !expect(irq_ack(0), -EINVAL, "irq_ack(0)") ||
	    !expect(irq_ack(16), -EINVAL, "irq_ack(16)") || !expect(irq_ack(-1), -EINVAL, "irq_ack(-1)") ||
	    !expect(mk_call6(SYS_irq_ack, (1l << 32) + RTC_LINE, 0, 0, 0, 0, 0), -EINVAL,
		    "irq_ack(2^32 + 8)"))
		return 4;
	return 0;
}

/* Without irq_ack the line stays masked: after a notification, a period and more pass, and the
 * next recv gets a helper's message, not a notification; after irq_ack one comes again. */
static int do_masked(const char *arg)
{
	if (!rtc_driver_start())
		return 1;
	if (!notification(16, "masked, first"))
		return 2;
	rtc_ack();                              /* the RTC interrupts again: the line is masked */
	msleep(LONGER_THAN_A_PERIOD);
	long pid = helper("%s send %ld %s", getpid(), "ping");
	char buf[16];
	int from = -1;
	long n = recv(&from, buf, sizeof(buf));
	if (!expect(n, 4, "recv while masked") || !expect(from, pid, "its sender") ||
	    !expect(memcmp(buf, "ping", 4), 0, "its text") || !helper_done(pid))
		return 3;
	rtc_ack();
	if (!expect(irq_ack(RTC_LINE), 0, "irq_ack(8)") || !notification(16, "after irq_ack"))
		return 4;
	rtc_periodic_off();
	return 0;
}

/* A pending notification comes before a message that waits in the mailbox; a buffer under 4
 * bytes gets -EMSGSIZE and leaves it pending (the message, 2 bytes, would have fitted). */
static int do_first(const char *arg)
{
	if (!rtc_driver_start())
		return 1;
	if (!notification(16, "first, first"))
		return 2;
	long pid = helper("%s send %ld %s", getpid(), "pi");
	if (!helper_done(pid))                  /* its message is in our mailbox */
		return 3;
	rtc_ack();
	if (!expect(irq_ack(RTC_LINE), 0, "irq_ack(8)"))
		return 4;
	msleep(LONGER_THAN_A_PERIOD);           /* the next interrupt is pending now */
	char buf[16];
	int from = -1;
	if (!expect(recv(&from, buf, 3), -EMSGSIZE, "recv with cap 3") ||
	    !expect(recv(&from, buf, 0), -EMSGSIZE, "recv with cap 0") ||
	    !notification(4, "cap 4, after -EMSGSIZE"))
		return 5;
	long n = recv(&from, buf, sizeof(buf));
	if (!expect(n, 2, "recv of the message") || !expect(from, pid, "its sender") ||
	    !expect(memcmp(buf, "pi", 2), 0, "its text"))
		return 6;
	rtc_periodic_off();
	return 0;
}

/* reply_recv's receive half delivers a pending notification too (the reply goes out first). */
static int do_replyrecv(const char *arg)
{
	if (!rtc_driver_start())
		return 1;
	if (!notification(16, "replyrecv, first"))
		return 2;
	long pid = helper("%s call %ld 16 %s", getpid(), "question");
	char buf[sizeof(struct replier_relay)];
	int from = -1;
	long n = recv(&from, buf, sizeof(buf));
	if (!expect(n, 8, "recv of the call") || !expect(from, pid, "its caller"))
		return 3;
	rtc_ack();
	if (!expect(irq_ack(RTC_LINE), 0, "irq_ack(8)"))
		return 4;
	msleep(LONGER_THAN_A_PERIOD);
	unsigned char note[16];
	memset(note, 0xEE, sizeof(note));
	from = -1;
	n = reply_recv((int)pid, "answer", 6, &from, note, sizeof(note));
	if (!expect(n, 4, "reply_recv") || !expect(from, 0, "its sender") ||
	    !expect(note[0] | note[1] << 8 | note[2] << 16 | note[3] << 24, RTC_LINE, "its line"))
		return 5;
	struct replier_relay relay;
	n = recv(&from, &relay, sizeof(relay));  /* the caller reports its call's result */
	if (!expect(n, sizeof(relay), "recv of the relay") || !expect(relay.result, 6, "call()") ||
	    !expect(memcmp(relay.reply, "answer", 6), 0, "the reply") || !helper_done(pid))
		return 6;
	rtc_periodic_off();
	return 0;
}

/* Holds the RTC's ports and line 8 (without its interrupt on), waits in recv (the parent
 * sees that state with procinfo) for a go, then yields until killed: the processes the
 * parent starts meanwhile run right after it, with its bitmap just switched out. */
static int do_hold(const char *arg)
{
	if (!expect(ioport(RTC_INDEX, 2), 0, "ioport(0x70, 2)") ||
	    !expect(irq_bind(RTC_LINE), 0, "irq_bind(8)"))
		return 1;
	char buf[16];
	recv(NULL, buf, sizeof(buf));
	for (;;)
		yield();
}

/* --- For the tests of procinfo --------------------------------------------------------------- */

/* Waits in wait() for a child that naps 100 ms. */
static int do_waitchild(const char *arg)
{
	long pid = spawn("nap");
	int status = -1;
	return pid > 0 && wait((int)pid, &status) == pid && status == 0 ? 0 : 1;
}

/* Leaves an orphan behind: a child that naps 100 ms. */
static int do_orphan(const char *arg)
{
	return spawn("nap") > 0 ? 0 : 1;
}

/* irq_bind(8) while another process holds it. */
static int do_bindbusy(const char *arg)
{
	return expect(irq_bind(RTC_LINE), -EBUSY, "irq_bind(8), held by another") ? 0 : 1;
}

/* irq_bind(8) on a free line, twice; the line goes with us. */
static int do_bindfree(const char *arg)
{
	return expect(irq_bind(RTC_LINE), 0, "irq_bind(8)") &&
	       expect(irq_bind(RTC_LINE), 0, "irq_bind(8) again") ? 0 : 1;
}

/* Granted ports work; granting again, COM1, the RTC and the PS/2 controller is allowed. */
static int do_grant(const char *arg)
{
	struct mk_procinfo me;
	if (!expect(procinfo((int)getpid(), &me), getpid(), "procinfo(self)") ||
	    !expect(me.rights, MK_RIGHT_IO, "our rights"))
		return 1;
	if (!expect(ioport(RTC_INDEX, 2), 0, "ioport(0x70, 2)"))
		return 2;
	uint8_t a = rtc_read(RTC_A);            /* would kill us if not granted */
	if (!expect(ioport(RTC_INDEX, 1), 0, "ioport(0x70, 1) again") ||
	    !expect(ioport(0x3F8, 8), 0, "ioport(COM1)") || !expect(ioport(0x60, 1), 0, "ioport(0x60)") ||
	    !expect(ioport(0x64, 1), 0, "ioport(0x64)") || !expect(ioport(0xFFFF, 1), 0, "ioport(0xffff)"))
		return 3;
	inb(0x3F8 + 5);                         /* COM1's line status */
	inb(0x64);                              /* the PS/2 controller's status */
	return rtc_read(RTC_A) == a ? 0 : 4;
}

/* A granted range ends where it says: the next port still raises #GP. */
static int do_grantedge(const char *arg)
{
	if (!expect(ioport(RTC_INDEX, 2), 0, "ioport(0x70, 2)"))
		return 1;
	rtc_read(RTC_A);
	inb(0x72);                              /* not granted: kills us */
	return SURVIVED;
}

/* A refused grant grants nothing, not even the ports before the kept one. */
static int do_grantbusy(const char *arg)
{
	if (!expect(ioport(0x5F, 3), -EBUSY, "ioport(0x5f, 3), over port 0x61"))
		return 1;
	inb(0x60);                              /* not granted: kills us */
	return SURVIVED;
}

/* A port granted to another process (irqdrv hold) is not ours. */
static int do_notmine(const char *arg)
{
	inb(RTC_DATA);
	return SURVIVED;
}

/* --- Without MK_RIGHT_IO (spawned with spawn) ------------------------------------------------ */

/* Every call that needs the right says -EPERM, before looking at its arguments; spawn_with
 * refuses a bit that is not a right first, then one we do not hold; then a port access kills
 * us. */
static int do_noright(const char *arg)
{
	struct mk_procinfo me;
	if (!expect(procinfo((int)getpid(), &me), getpid(), "procinfo(self)") ||
	    !expect(me.rights, 0, "our rights"))
		return 1;
	if (!expect(ioport(RTC_INDEX, 2), -EPERM, "ioport(0x70, 2)") ||
	    !expect(ioport(0, 0), -EPERM, "ioport(0, 0)") ||
	    !expect(irq_bind(RTC_LINE), -EPERM, "irq_bind(8)") ||
	    !expect(irq_bind(0), -EPERM, "irq_bind(0)") ||
	    !expect(irq_ack(RTC_LINE), -EINVAL, "irq_ack(8)"))
		return 2;
	if (!expect(spawn_with("nop", MK_RIGHT_IO), -EPERM, "spawn_with(nop, MK_RIGHT_IO)") ||
	    !expect(spawn_with("nop", 2), -EINVAL, "spawn_with(nop, 2)") ||
	    !expect(spawn_with(NULL, 2), -EINVAL, "spawn_with(NULL, 2)") ||
	    !expect(spawn_with(NULL, MK_RIGHT_IO), -EPERM, "spawn_with(NULL, MK_RIGHT_IO)"))
		return 3;
	long pid = spawn_with("nop", 0);
	int status = -1;
	if (!expect(pid > 0, 1, "spawn_with(nop, 0)") || !expect(wait((int)pid, &status), pid, "wait") ||
	    !expect(status, 0, "nop's status"))
		return 4;
	inb(RTC_DATA);                          /* kills us */
	return SURVIVED;
}

static const struct mode modes[] = {
	{ "notify", do_notify }, { "masked", do_masked }, { "first", do_first },
	{ "replyrecv", do_replyrecv }, { "hold", do_hold }, { "bindbusy", do_bindbusy },
	{ "bindfree", do_bindfree }, { "grant", do_grant }, { "grantedge", do_grantedge },
	{ "grantbusy", do_grantbusy }, { "notmine", do_notmine }, { "noright", do_noright },
	{ "waitchild", do_waitchild }, { "orphan", do_orphan },
};

int main(void)
{
	return run_mode("irqdrv", modes, sizeof(modes) / sizeof(modes[0]), &parent, 64);
}
