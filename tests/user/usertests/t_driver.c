/* t_driver.c - tests of what ABI v2 gives user-space drivers: rights and spawn_with, ioport,
 * irq_bind and irq_ack with their notifications (with irqdrv, tests/user/irqdrv, driving the
 * CMOS RTC's periodic interrupt on line 8), and procinfo. */
#include <stdio.h>
#include <string.h>
#include "usertests.h"

#define GP (MK_STATUS_FAULT + 13)
#define NO_SUCH_PID 0x7FFFFFFF
#define POLL_MS 5
#define POLL_LIMIT_MS 3000
#define PAGES 16

/* Spawns irqdrv holding @p rights (with spawn when 0: the plain way) and sends it
 * "ENTRY MODE". @return its pid, or a negative errno */
static long drv_start(const char *mode, uint64_t rights)
{
	char msg[64];
	int len = snprintf(msg, sizeof(msg), "%s %s", mk_use_int80 ? "int80" : "syscall", mode);
	long pid = rights ? child_spawn_with("irqdrv", rights) : child_spawn("irqdrv");
	if (CHECK(pid > 0))
		CHECK_EQ(send((int)pid, msg, (size_t)len), 0);
	return pid;
}

/* drv_start(), then its status. */
static long drv_run(const char *mode, uint64_t rights)
{
	int status = -1;
	long pid = drv_start(mode, rights);
	if (pid <= 0)
		return pid;
	if (!CHECK_EQ(child_wait((int)pid, &status), pid))
		return -ECHILD;
	return status;
}

static void test_drv(const struct test *t)
{
	CHECK_EQ(drv_run(t->arg, MK_RIGHT_IO), t->expect);
}

/* procinfo(pid), which must describe pid itself. */
static bool info_of(long pid, struct mk_procinfo *pi)
{
	memset(pi, 0xA5, sizeof(*pi));
	return CHECK_EQ(procinfo((int)pid, pi), pid);
}

/* Waits (polling procinfo) until process pid is in state @p want, or has ended. */
static bool state_becomes(long pid, uint32_t want)
{
	struct mk_procinfo pi;
	for (int ms = 0; ms < POLL_LIMIT_MS; ms += POLL_MS) {
		if (procinfo((int)pid, &pi) != pid)
			break;
		if (pi.state == want)
			return true;
		if (pi.state == MK_PS_ENDED)
			break;
		msleep(POLL_MS);
	}
	diag("  pid %ld never reached state %u (last state %u)", pid, want, pi.state);
	return CHECK(false);
}

/* Kills child pid (which runs for ever) and reaps it. */
static void end_child(long pid)
{
	int status = -1;
	if (pid <= 0)
		return;
	CHECK_EQ(kill((int)pid), 0);
	CHECK_EQ(child_wait((int)pid, &status), pid);
	CHECK_EQ(status, MK_STATUS_KILLED);
}

/* --- Rights -------------------------------------------------------------------------------- */

static void test_spawn_with(const struct test *t)
{
	char name[MK_NAME_MAX + 2];
	struct mk_procinfo pi;
	/* A bit that is not a right is refused before anything else is looked at. */
	CHECK_EQ(child_spawn_with("hello", 2), -EINVAL);
	CHECK_EQ(child_spawn_with("hello", 1ull << 63), -EINVAL);
	CHECK_EQ(child_spawn_with("hello", ~0ull), -EINVAL);
	CHECK_EQ(child_spawn_with(NULL, 2), -EINVAL);
	CHECK_EQ(child_spawn_with("nosuchprogram", 4), -EINVAL);
	/* Otherwise it is spawn, with spawn's errors. */
	CHECK_EQ(child_spawn_with("nosuchprogram", MK_RIGHT_IO), -ENOENT);
	CHECK_EQ(child_spawn_with("notelf", 0), -ENOEXEC);
	CHECK_EQ(child_spawn_with(NULL, MK_RIGHT_IO), -EFAULT);
	CHECK_EQ(child_spawn_with((const char *)ADDR_KERNEL_TEXT, 0), -EFAULT);
	memset(name, 'x', sizeof(name));
	name[MK_NAME_MAX + 1] = '\0';
	CHECK_EQ(child_spawn_with(name, MK_RIGHT_IO), -ENAMETOOLONG);

	/* We hold every right (pid 1 does; soak passes them on); each child holds what it got. */
	if (info_of(getpid(), &pi))
		CHECK_EQ(pi.rights, MK_RIGHTS_ALL);
	long with = child_spawn_with("sleeper", MK_RIGHT_IO);
	long without = child_spawn_with("sleeper", 0);
	long plain = child_spawn("sleeper");
	if (CHECK(with > 0) && info_of(with, &pi))
		CHECK_EQ(pi.rights, MK_RIGHT_IO);
	if (CHECK(without > 0) && info_of(without, &pi))
		CHECK_EQ(pi.rights, 0);
	if (CHECK(plain > 0) && info_of(plain, &pi))
		CHECK_EQ(pi.rights, 0);
	end_child(with);
	end_child(without);
	end_child(plain);
	int status = -1;
	long pid = child_spawn_with("hello", MK_RIGHT_IO);
	if (CHECK(pid > 0)) {
		CHECK_EQ(child_wait((int)pid, &status), pid);
		CHECK_EQ(status, 0);
	}
}

/* A child made with spawn: EPERM for ioport, irq_bind and spawn_with of a right it lacks
 * (EINVAL first for a bit that is no right), then killed by an ungranted `in`. */
static void test_no_right(const struct test *t)
{
	CHECK_EQ(drv_run("noright", 0), GP);
}

/* --- Ports --------------------------------------------------------------------------------- */

static void test_ioport_errors(const struct test *t)
{
	/* Bad ranges. (We hold the right; nothing here may grant anything.) */
	CHECK_EQ(ioport(0x70, 0), -EINVAL);
	CHECK_EQ(ioport(0x10000, 1), -EINVAL);
	CHECK_EQ(ioport(0xFFFF, 2), -EINVAL);
	CHECK_EQ(ioport(0, 0x10001), -EINVAL);
	CHECK_EQ(ioport(0xFFFFFFFFu, 2), -EINVAL);  /* wraps to port 0 */
	CHECK_EQ(ioport(2, 0xFFFFFFFFu), -EINVAL);
	CHECK_EQ(mk_call6(SYS_ioport, (1l << 32) + 0x70, 2, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(mk_call6(SYS_ioport, 0x70, (1l << 32) + 2, 0, 0, 0, 0), -EINVAL);
	/* Every port the kernel keeps, alone and inside a larger range. */
	static const unsigned short kept[][2] = {
		{ 0x20, 1 }, { 0x21, 1 }, { 0xA0, 1 }, { 0xA1, 1 }, { 0x4D0, 1 }, { 0x4D1, 1 },
		{ 0x40, 1 }, { 0x43, 1 }, { 0x61, 1 }, { 0xF4, 1 }, { 0xCF8, 1 }, { 0xCFF, 1 },
		{ 0xCFC, 4 }, { 0xE9, 1 }, { 0x10, 0x20 }, { 0x3F, 2 }, { 0x60, 2 }, { 0xC00, 0x100 },
	};
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		if (!CHECK_EQ(ioport(kept[i][0], kept[i][1]), -EBUSY))
			diag("  ioport(%#x, %u)", kept[i][0], kept[i][1]);
	CHECK_EQ(ioport(0, 0x10000), -EBUSY);
}

/* irqdrv hold keeps the RTC's ports and line 8 while others try them. */
static void test_held_by_another(const struct test *t)
{
	long holder = drv_start("hold", MK_RIGHT_IO);
	if (holder <= 0 || !state_becomes(holder, MK_PS_RECV))
		return;
	CHECK_EQ(send((int)holder, "go", 2), 0);        /* it yields from now on */
	CHECK_EQ(irq_bind(8), -EBUSY);                  /* we hold the right, not the line */
	CHECK_EQ(drv_run("bindbusy", MK_RIGHT_IO), 0);
	CHECK_EQ(drv_run("notmine", 0), GP);            /* its ports are its own */
	CHECK_EQ(drv_run("grant", MK_RIGHT_IO), 0);     /* several may hold one port */
	int status = -1;
	CHECK_EQ(kill((int)holder), 0);
	CHECK_EQ(child_wait((int)holder, &status), holder);
	CHECK_EQ(status, MK_STATUS_KILLED);
	/* Its end released the line; so does the end of the next holder (bindfree exits). */
	CHECK_EQ(drv_run("bindfree", MK_RIGHT_IO), 0);
	CHECK_EQ(drv_run("bindfree", MK_RIGHT_IO), 0);
}

/* --- Interrupt lines ----------------------------------------------------------------------- */

static void test_irq_errors(const struct test *t)
{
	/* We hold the right, so these are the line checks; none binds anything. */
	static const long bad[] = { 0, 2, 16, 255, -1, -8, (1l << 32) + 8 };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (!CHECK_EQ(mk_call6(SYS_irq_bind, bad[i], 0, 0, 0, 0, 0), -EINVAL))
			diag("  irq_bind(%ld)", bad[i]);
		if (!CHECK_EQ(mk_call6(SYS_irq_ack, bad[i], 0, 0, 0, 0, 0), -EINVAL))
			diag("  irq_ack(%ld)", bad[i]);
	}
	CHECK_EQ(irq_ack(8), -EINVAL);  /* a line we do not hold */
	CHECK_EQ(irq_ack(1), -EINVAL);
}

/* A driver that ends holding line 8 and the RTC's ports (irqdrv notify ends so) leaves no
 * frame and no heap byte behind; the first run warms up what the kernel keeps. */
static void test_release_no_leak(const struct test *t)
{
	struct mk_meminfo before, after;
	CHECK_EQ(drv_run("notify", MK_RIGHT_IO), 0);
	CHECK_EQ(meminfo(&before), 0);
	CHECK_EQ(drv_run("notify", MK_RIGHT_IO), 0);
	CHECK_EQ(drv_run("grant", MK_RIGHT_IO), 0);
	CHECK_EQ(drv_run("bindfree", MK_RIGHT_IO), 0);
	CHECK_EQ(meminfo(&after), 0);
	CHECK_EQ(after.free_frames, before.free_frames);
	CHECK_EQ(after.heap_used, before.heap_used);
}

/* --- procinfo ------------------------------------------------------------------------------ */

static void test_procinfo_self(const struct test *t)
{
	struct mk_procinfo pi;
	long me = getpid();
	if (info_of(me, &pi)) {
		CHECK_EQ(pi.pid, me);
		CHECK_EQ(pi.state, MK_PS_RUNNING);
		CHECK(strcmp(pi.name, "usertests") == 0);
		CHECK(pi.frames > PAGES);           /* a 64 KiB stack, the program, its tables */
		if (me == 1)
			CHECK_EQ(pi.parent, 0);
	}
	/* From the start: pid 1 if it exists (it does when we are init). */
	long first = procinfo(0, &pi);
	CHECK(first >= 1 && first <= me);
	CHECK_EQ(pi.pid, first);
	CHECK_EQ(procinfo(-5, &pi), first);
	if (me == 1) {
		CHECK_EQ(first, 1);
		CHECK_EQ(procinfo(1, &pi), 1);
		CHECK_EQ(pi.parent, 0);
	}
	CHECK_EQ(procinfo(NO_SUCH_PID, &pi), -ESRCH);
	CHECK_EQ(mk_call6(SYS_procinfo, 1l << 32, (long)&pi, 0, 0, 0, 0), -ESRCH);
	/* The buffer is checked first, to its last byte, for writing. */
	static const struct mk_procinfo readonly;
	CHECK_EQ(procinfo((int)me, NULL), -EFAULT);
	CHECK_EQ(procinfo((int)me, (struct mk_procinfo *)ADDR_KERNEL_TEXT), -EFAULT);
	CHECK_EQ(procinfo((int)me, (struct mk_procinfo *)ADDR_NONCANON_LOW), -EFAULT);
	CHECK_EQ(procinfo((int)me, (struct mk_procinfo *)&readonly), -EFAULT);
	CHECK_EQ(procinfo(NO_SUCH_PID, NULL), -EFAULT);
	char *edge = heap_edge_get();
	if (CHECK(edge != NULL)) {
		CHECK_EQ(procinfo((int)me, (struct mk_procinfo *)(edge - sizeof(pi) + 1)), -EFAULT);
		CHECK_EQ(procinfo((int)me, (struct mk_procinfo *)(edge - sizeof(pi))), me);
		heap_edge_put();
	}
}

/* Ended and not reaped: ENDED, no frames; once reaped, the next pid up is described. */
static void test_procinfo_ended(const struct test *t)
{
	struct mk_procinfo pi;
	long a = child_spawn("nop");
	long b = child_spawn_with("sleeper", MK_RIGHT_IO);
	if (!CHECK(a > 0) || !CHECK(b > a) || !state_becomes(a, MK_PS_ENDED))
		return;
	if (info_of(a, &pi)) {
		CHECK_EQ(pi.parent, getpid());
		CHECK_EQ(pi.frames, 0);
		CHECK_EQ(pi.rights, 0);
		CHECK(strcmp(pi.name, "nop") == 0);
	}
	if (state_becomes(b, MK_PS_SLEEP) && info_of(b, &pi)) {
		CHECK_EQ(pi.parent, getpid());
		CHECK_EQ(pi.rights, MK_RIGHT_IO);
		CHECK(pi.frames > PAGES);
		CHECK(pi.cpu_ms < 50);              /* it has slept from its first call */
		CHECK(strcmp(pi.name, "sleeper") == 0);
	}
	CHECK_EQ(child_wait((int)a, NULL), a);
	CHECK_EQ(procinfo((int)a, &pi), b);            /* nobody has a pid between */
	CHECK_EQ(pi.pid, b);
	end_child(b);
}

/* Each state a process can be seen in: READY, RECV, SLEEP, WAIT, SEND (in send and in
 * call's send half), REPLY. (RUNNING and ENDED: the tests above.) */
static void test_procinfo_states(const struct test *t)
{
	char text[64];
	long spin = child_spawn("spin");
	long echo = child_spawn("echo");
	long sleeper = child_spawn("sleeper");
	long waiter = drv_start("waitchild", 0);
	if (!CHECK(spin > 0) || !CHECK(echo > 0) || !CHECK(sleeper > 0) || waiter <= 0)
		return;
	state_becomes(echo, MK_PS_RECV);
	state_becomes(sleeper, MK_PS_SLEEP);
	state_becomes(waiter, MK_PS_WAIT);
	state_becomes(spin, MK_PS_READY);  /* it yields for ever: never seen running by us */
	CHECK_EQ(child_wait((int)waiter, NULL), waiter);

	/* Our mailbox filled by one sender; a second sender and a caller wait to deposit. */
	const char *entry = mk_use_int80 ? "int80" : "syscall";
	long first = child_spawn("replier"), second = child_spawn("replier");
	long caller = child_spawn("replier");
	if (!CHECK(first > 0) || !CHECK(second > 0) || !CHECK(caller > 0))
		return;
	snprintf(text, sizeof(text), "%s send %ld one", entry, getpid());
	CHECK_EQ(send((int)first, text, strlen(text)), 0);
	CHECK(state_becomes(first, MK_PS_ENDED));      /* it deposited: our mailbox is full */
	snprintf(text, sizeof(text), "%s send %ld two", entry, getpid());
	CHECK_EQ(send((int)second, text, strlen(text)), 0);
	snprintf(text, sizeof(text), "%s call %ld 16 three", entry, getpid());
	CHECK_EQ(send((int)caller, text, strlen(text)), 0);
	state_becomes(second, MK_PS_SEND);
	state_becomes(caller, MK_PS_SEND);
	int from = -1;
	CHECK_EQ(recv(&from, text, sizeof(text)), 3);  /* "one": second deposits, caller waits */
	CHECK_EQ(recv(&from, text, sizeof(text)), 3);  /* "two": caller deposits and waits */
	CHECK_EQ(from, second);
	state_becomes(caller, MK_PS_REPLY);
	CHECK_EQ(recv(&from, text, sizeof(text)), 5);  /* the call */
	CHECK_EQ(from, caller);
	CHECK_EQ(reply((int)caller, "ok", 2), 0);
	char relay[128];
	CHECK(recv(&from, relay, sizeof(relay)) > 0);  /* the caller's report */
	CHECK_EQ(child_wait((int)first, NULL), first);
	CHECK_EQ(child_wait((int)second, NULL), second);
	CHECK_EQ(child_wait((int)caller, NULL), caller);
	end_child(spin);
	end_child(echo);
	end_child(sleeper);
}

/* An orphan's parent is 0. */
static void test_procinfo_orphan(const struct test *t)
{
	struct mk_procinfo pi;
	long pid = drv_start("orphan", 0);
	int status = -1;
	if (pid <= 0 || !CHECK_EQ(child_wait((int)pid, &status), pid) || !CHECK_EQ(status, 0))
		return;
	long nap = procinfo((int)pid + 1, &pi);        /* the orphan, spawned right after it */
	if (CHECK(nap > pid) && CHECK(strcmp(pi.name, "nap") == 0))
		CHECK_EQ(pi.parent, 0);
	msleep(150);                                    /* it ends and is reaped meanwhile */
	CHECK(procinfo((int)nap, &pi) != nap || strcmp(pi.name, "nap") != 0);
}

/* frames follows the address space; cpu_ms counts the CPU time we use. */
static void test_procinfo_counts(const struct test *t)
{
	struct mk_procinfo a, b, c;
	long me = getpid();
	if (!info_of(me, &a))
		return;
	void *old = sbrk(PAGES * PAGE_SIZE);
	if (!CHECK(old != (void *)-1) || !info_of(me, &b))
		return;
	CHECK(b.frames - a.frames >= PAGES && b.frames - a.frames <= PAGES + 1);  /* + a table? */
	sbrk(-(intptr_t)(PAGES * PAGE_SIZE));
	if (info_of(me, &c))
		CHECK_EQ(c.frames, b.frames - PAGES);      /* tables stay */

	/* Spin 100 ms of uptime; nothing else runs. */
	long t0 = uptime();
	while (uptime() - t0 < 100)
		continue;
	long spent = uptime() - t0;
	if (info_of(me, &b)) {
		uint64_t used = b.cpu_ms - c.cpu_ms;
		if (!CHECK(used >= 80 && used <= (uint64_t)spent + 2))
			diag("  cpu_ms grew by %lu in %ld ms of spinning", (unsigned long)used, spent);
	}
}

static const struct test tests[] = {
	{ "spawn_with: EINVAL first, then spawn's errors; each child holds exactly its rights",
	  test_spawn_with, NULL, 0 },
	{ "no MK_RIGHT_IO: EPERM for ioport, irq_bind, spawn_with; an ungranted in -> 0x10d",
	  test_no_right, NULL, 0 },
	{ "ioport errors: EINVAL for bad ranges, EBUSY for every port the kernel keeps",
	  test_ioport_errors, NULL, 0 },
	{ "ioport: granted ports work (RTC, COM1, PS/2, again, 0xffff)", test_drv, "grant", 0 },
	{ "ioport: the port after a grant still raises #GP -> 0x10d", test_drv, "grantedge", GP },
	{ "ioport: EBUSY grants nothing, not even the free ports of the range -> 0x10d", test_drv,
	  "grantbusy", GP },
	{ "irq_bind, irq_ack errors: EINVAL for 0, 2, outside 1..15, a line not held",
	  test_irq_errors, NULL, 0 },
	{ "notifications: RTC line 8 arrives as 4 bytes (8, LE) from pid 0; irq_ack re-arms",
	  test_drv, "notify", 0 },
	{ "notifications: the line stays masked until irq_ack", test_drv, "masked", 0 },
	{ "notifications come before mailbox messages; cap < 4 -> EMSGSIZE, still pending",
	  test_drv, "first", 0 },
	{ "notifications: reply_recv's receive half delivers them", test_drv, "replyrecv", 0 },
	{ "a holder's line and ports: EBUSY for others, ports its own, released when it ends",
	  test_held_by_another, NULL, 0 },
	{ "a driver's end releases its line and ports: no frame or heap byte lost",
	  test_release_no_leak, NULL, 0 },
	{ "procinfo: self, pid 1, ESRCH, EFAULT (buffer checked first, to its last byte)",
	  test_procinfo_self, NULL, 0 },
	{ "procinfo: an ended child (ENDED, no frames), then the next pid once reaped",
	  test_procinfo_ended, NULL, 0 },
	{ "procinfo: READY, RECV, SLEEP, WAIT, SEND (send and call), REPLY",
	  test_procinfo_states, NULL, 0 },
	{ "procinfo: an orphan's parent is 0", test_procinfo_orphan, NULL, 0 },
	{ "procinfo: frames follow sbrk, cpu_ms counts CPU time", test_procinfo_counts, NULL, 0 },
};

TEST_TABLE(driver_tests, tests);
