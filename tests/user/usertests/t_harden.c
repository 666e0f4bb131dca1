/* t_harden.c - what a hostile program tries against the kernel: kills racing blocking calls,
 * a write long enough to stall the machine, unmasked x87 and SSE exceptions, a call entered
 * with the direction flag set. */
#include <stdio.h>
#include <string.h>
#include "usertests.h"

#define KILLED MK_STATUS_KILLED
#define RACE_ROUNDS 100         /* per blocking call and entry */
#define GUARD_MS 30000          /* no round may take this long */
#define SSE_NOT_RAISED 90       /* faulter: the CPU does not deliver #XM (see faulter.c) */

/* Lets the child get as far as round r says before the kill: not started at all, through its
 * first block, further, or a tick later. */
static void let_child_run(int r)
{
	switch (r % 4) {
	case 0: break;
	case 1: yield(); break;
	case 2: yield(); yield(); break;
	default: msleep(1); break;
	}
}

/* Starts a child (PROGRAM, or faulter in MODE when PROGRAM is "faulter"), kills it, and checks
 * that it ends at once with KILLED: a child that missed its kill stays blocked, and the guard
 * (a sleeping child) ends first instead. */
static void kill_race(const char *program, const char *mode)
{
	char nap[24];
	snprintf(nap, sizeof(nap), "nap %d", GUARD_MS);
	long guard = faulter_start(nap);
	int lost = 0, wrong = 0, status;
	if (!CHECK(guard > 0))
		return;
	for (int r = 0; r < RACE_ROUNDS && !lost; r++) {
		long pid;
		/* A killed waitchild leaves its nap behind, an orphan that ends 100 ms later: with
		 * a small process table (--with-max-procs), a fast series of rounds can fill it for
		 * a while. Waiting for room is fine; anything else is a failure. */
		for (int tries = 0;; tries++) {
			pid = strcmp(program, "faulter") ? child_spawn(program) : faulter_start(mode);
			if (pid != -EAGAIN || tries == 300)
				break;
			msleep(10);
		}
		if (!CHECK(pid > 0)) {
			diag("  round %d: spawn gave %ld", r, pid);
			break;
		}
		let_child_run(r);
		CHECK_EQ(kill((int)pid), 0);
		long got = child_wait(-1, &status);
		if (got == guard) {
			diag("round %d: the kill of %s%s%s was lost (still blocked after %d ms)", r,
			     program, *mode ? " " : "", mode, GUARD_MS);
			lost = 1;
		} else if (got != pid || status != KILLED) {
			diag("round %d: wait gave pid %ld (want %ld), status %#x", r, got, pid, status);
			wrong++;
		}
	}
	CHECK_EQ(lost, 0);
	CHECK_EQ(wrong, 0);
	kill((int)guard);
	child_wait((int)guard, NULL);
}

/* t->arg: a faulter mode, or "sleeper" (a program whose first system call sleeps forever:
 * killed before it runs, it must not start that sleep). t->expect: the mode needs a sink. */
static void test_kill_race(const struct test *t)
{
	char mode[40];
	long sink = 0;
	if (!strcmp(t->arg, "sleeper")) {
		kill_race("sleeper", "");
		return;
	}
	if (t->expect) {  /* a process that never receives: its mailbox fills and stays full */
		sink = faulter_start("sleepforever");
		if (!CHECK(sink > 0))
			return;
		snprintf(mode, sizeof(mode), "%s %ld", t->arg, sink);
	} else {
		snprintf(mode, sizeof(mode), "%s", t->arg);
	}
	kill_race("faulter", mode);
	if (sink > 0) {
		kill((int)sink);
		child_wait((int)sink, NULL);
	}
}

/* Starts one write of KIB KiB and a child that waits for 10 ms of uptime, yielding.
 * @return true if that child ended first: the tick advanced and it ran during the write */
static bool other_ends_first(int kib)
{
	char mode[24];
	int status = -1;
	snprintf(mode, sizeof(mode), "bigwrite %d", kib);
	long writer = faulter_start(mode);
	long other = faulter_start("ticks 10");
	if (!CHECK(writer > 0) || !CHECK(other > 0))
		return false;
	long first = child_wait(-1, &status);
	CHECK_EQ(status, 0);
	CHECK_EQ(child_wait(first == other ? (int)writer : (int)other, &status) > 0, 1);
	CHECK_EQ(status, 0);
	return first == other;
}

/* A write long enough to outlast a timeslice: while it is printed, the tick advances and
 * another process runs to its end. 64 KiB does it at the default rates; a long timeslice
 * counted in ticks that a busy emulator delivers late needs more, so the size grows. */
static void test_long_write_lets_others_run(const struct test *t)
{
	bool ok = false;
	for (int kib = 64; kib <= 1024 && !ok; kib *= 4)
		ok = other_ends_first(kib);
	if (!CHECK(ok))
		diag("  the writer ended first at every size up to 1 MiB");
}

/* Unmasked x87 and SSE exceptions kill their program; neither the parent nor the next
 * process sees that program's x87/SSE state. */
static void test_fpu_exception(const struct test *t)
{
	uint16_t fcw_before, fcw_after;
	uint32_t mxcsr_before, mxcsr_after;
	__asm__ volatile("fnstcw %0\n	stmxcsr %1" : "=m"(fcw_before), "=m"(mxcsr_before));
	long status = faulter_run(t->arg);
	if (status == SSE_NOT_RAISED)
		test_skip("this CPU raises no SIMD exceptions (QEMU's TCG only sets the flag)");
	else
		CHECK_EQ(status, t->expect);
	CHECK_EQ(faulter_run("fpuclean"), 0);
	__asm__ volatile("fnstcw %0\n	stmxcsr %1" : "=m"(fcw_after), "=m"(mxcsr_after));
	CHECK_EQ(fcw_after, fcw_before);
	CHECK_EQ(mxcsr_after, mxcsr_before);
}

/* A program may enter the kernel with the direction flag set; the kernel's copies must still
 * run forwards: meminfo() fills its 32 bytes, and the words below and above stay as they were
 * (a backwards copy would write below its buffer). */
static void test_direction_flag(const struct test *t)
{
	enum { BEFORE = 4, WORDS = 12, PATTERN = 0x5a };
	uint64_t buf[WORDS];
	memset(buf, PATTERN, sizeof(buf));
	struct mk_meminfo *out = (struct mk_meminfo *)&buf[BEFORE];
	long r = SYS_meminfo;
	if (mk_use_int80)
		__asm__ volatile("std\n\tint 0x80\n\tcld" : "+a"(r) : "D"(out) : "memory", "cc");
	else
		__asm__ volatile("std\n\tsyscall\n\tcld"
				 : "+a"(r)
				 : "D"(out)
				 : "rcx", "r11", "memory", "cc");
	CHECK_EQ(r, 0);
	int changed = 0;
	for (int i = 0; i < WORDS; i++) {
		bool inside = i >= BEFORE && (size_t)(i - BEFORE) * 8 < sizeof(*out);
		if (!inside && buf[i] != 0x5a5a5a5a5a5a5a5aull)
			changed++;
	}
	CHECK_EQ(changed, 0);
	CHECK(out->total_frames > 0 && out->free_frames <= out->total_frames);
}

static const struct test tests[] = {
	{ "harden: kill before a child's first instruction ends its first sleep", test_kill_race,
	  "sleeper", 0 },
	{ "harden: kill lands on sleep, whenever it comes", test_kill_race, "sleepforever", 0 },
	{ "harden: kill lands on recv, whenever it comes", test_kill_race, "recvforever", 0 },
	{ "harden: kill lands on wait, whenever it comes", test_kill_race, "waitchild", 0 },
	{ "harden: kill lands on send to a full mailbox, whenever it comes", test_kill_race,
	  "sendblock", 1 },
	{ "harden: a long write lets the tick and another process run",
	  test_long_write_lets_others_run, NULL, 0 },
	{ "harden: unmasked x87 exception -> 0x110, state stays its own", test_fpu_exception,
	  "x87", MK_STATUS_FAULT + 16 },
	{ "harden: unmasked SSE exception -> 0x113, state stays its own", test_fpu_exception,
	  "sse", MK_STATUS_FAULT + 19 },
	{ "harden: a call entered with DF set copies forwards", test_direction_flag, NULL, 0 },
};

TEST_TABLE(harden_tests, tests);
