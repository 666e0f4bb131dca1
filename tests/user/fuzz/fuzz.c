/* fuzz.c - the system-call fuzzer: runs rounds of fuzzchild, each with its own seed and entry
 * instruction, kills a round that blocks, then has faulter make far jumps, calls and returns
 * to every GDT selector and random ones, and checks that the kernel lost nothing.
 *
 * Seeds are FUZZ_FIRST_SEED, +1, +2 ...: a failing round is named by its seed, and running
 * the same build again replays it exactly (under QEMU's -icount even its timing). The short
 * run (`init=fuzz`) is part of `make check`; `init=fuzzlong` makes millions of calls. */
#include <stdint.h>
#include <stdio.h>
#include <syscalls.h>
#include <uapi/syscall.h>

#ifndef FUZZ_ROUNDS
#define FUZZ_ROUNDS 200
#endif
#ifndef FUZZ_CALLS
#define FUZZ_CALLS 500
#endif
#ifndef FUZZ_FIRST_SEED
#define FUZZ_FIRST_SEED 1
#endif
#define ROUND_MS 15  /* then the round is killed */
#define WARMUP_ROUNDS 20

struct fuzz_job {
	uint64_t seed;
	uint64_t calls;
	uint64_t use_int80;
};

static int int80_available(void)
{
	int status = -1;
	long pid = spawn("probe80");
	return pid > 0 && wait((int)pid, &status) == pid && status == 0;
}

/* One round; returns the child's status. */
static int round_run(uint64_t seed, int use_int80)
{
	struct fuzz_job job = { seed, FUZZ_CALLS, (uint64_t)use_int80 };
	int status = -1;
	long pid = spawn("fuzzchild");
	if (pid < 0) {
		printf("fuzz: seed %lu: spawn(fuzzchild) failed: %ld\n", (unsigned long)seed, pid);
		return -1;
	}
	send((int)pid, &job, sizeof(job));
	/* wait() blocks, so give the round its time, then end it if it is still going (kill
	 * of a child that already ended gives ESRCH) and reap it. */
	msleep(ROUND_MS);
	kill((int)pid);
	wait((int)pid, &status);
	return status;
}

/* --- Far transfers out of 64-bit code, made by faulter (tests/user/faulter/faulter.c) ------- */

#define FAR_GDT 36                   /* selectors 0x00..0x43: every GDT slot with every RPL */
#define FAR_RANDOM (FUZZ_ROUNDS / 4) /* then this many random selectors */
#define FAR_LANDED 99                /* faulter's status when it landed in 64-bit code */
#define FAR_REPORT_MAX 20            /* unusual endings printed, at most */

static const char *const far_kinds[] = { "farjmp", "farcall", "farret", "fariret" };
static const char *const far_thens[] = { "syscall", "int80", "sysenter" };

/* faulter, entering the kernel by the given entry, makes a far transfer of `kind` to sel and,
 * if that lands in 32-bit code, runs `then` there. Returns its status. */
static int far_run(int use_int80, const char *kind, unsigned sel, const char *then)
{
	char msg[64];
	int status = -1;
	int len = snprintf(msg, sizeof(msg), "%s %s %#x %s", use_int80 ? "int80" : "syscall", kind,
			   sel, then);
	long pid = spawn("faulter");
	if (pid < 0)
		return (int)pid;
	send((int)pid, msg, (size_t)len);
	msleep(ROUND_MS);  /* a transfer that went somewhere unforeseen may block or loop */
	kill((int)pid);
	wait((int)pid, &status);
	return status;
}

/* One transfer: counts[0] #GP, counts[1] landed in user code, counts[2] anything else. */
static void far_tally(int use80, const char *kind, unsigned sel, const char *then,
		      unsigned counts[3])
{
	int status = far_run(use80, kind, sel, then);
	int which = status == MK_STATUS_FAULT + 13 ? 0 : status == FAR_LANDED ? 1 : 2;
	if (which == 2 && counts[2] < FAR_REPORT_MAX)
		printf("fuzz: %s %#x (then %s, entry %s): status %#x\n", kind, sel, then,
		       use80 ? "int80" : "syscall", status);
	counts[which]++;
}

/* Every GDT slot with every RPL, by each kind of transfer, each followed by each entry
 * instruction; then random selectors with a random kind and instruction. The entries
 * alternate. Any ending is fine (#GP is usual); the kernel must survive and lose nothing. */
static void far_sweep(int use80)
{
	unsigned counts[3] = { 0 }, n = 0;
	uint64_t rng = FUZZ_FIRST_SEED * 0x9E3779B97F4A7C15ull + 1;
	for (unsigned s = 0; s < FAR_GDT; s++)
		for (unsigned k = 0; k < 4; k++)
			for (unsigned t = 0; t < 3; t++, n++)
				far_tally(use80 && (n & 1), far_kinds[k], s / 4 * 8 + s % 4,
					  far_thens[t], counts);
	for (unsigned r = 0; r < FAR_RANDOM; r++, n++) {
		rng = rng * 6364136223846793005ull + 1442695040888963407ull;  /* an LCG */
		far_tally(use80 && (n & 1), far_kinds[rng >> 60 & 3], (unsigned)(rng >> 32) & 0xffff,
			  far_thens[(rng >> 56 & 15) % 3], counts);
	}
	printf("fuzz: %u far transfers: %u #GP, %u landed in user code, %u other\n", n, counts[0],
	       counts[1], counts[2]);
}

int main(void)
{
	struct mk_meminfo before, after;
	int use80 = int80_available();
	printf("fuzz: %d rounds of %d calls, seeds %d.., entries: syscall%s\n", FUZZ_ROUNDS,
	       FUZZ_CALLS, FUZZ_FIRST_SEED, use80 ? " and int 0x80" : " only");
	/* A first pass warms the kernel up (its heap keeps a page per size class, tables grow to
	 * the most processes alive at once); from then on nothing may be lost. */
	for (int r = 0; r < WARMUP_ROUNDS; r++)
		round_run(1000000 + (uint64_t)r, use80 && (r & 1));
	msleep(50);
	meminfo(&before);
	int ended[4] = { 0 };  /* exited, faulted, killed, other */
	for (int r = 0; r < FUZZ_ROUNDS; r++) {
		uint64_t seed = FUZZ_FIRST_SEED + (uint64_t)r;
		int status = round_run(seed, use80 && (r & 1));
		ended[status < 0x100 && status >= 0 ? 0 : status < 0x200 ? 1 : status == 0x200 ? 2 : 3]++;
		if ((r + 1) % 50 == 0)
			printf("fuzz: %d rounds done (last seed %lu)\n", r + 1, (unsigned long)seed);
	}
	far_sweep(use80);
	msleep(100);  /* orphans the rounds started finish and are reaped */
	meminfo(&after);
	printf("fuzz: rounds ended: %d exited, %d faulted, %d killed, %d other\n", ended[0],
	       ended[1], ended[2], ended[3]);
	printf("fuzz: free frames %lu -> %lu, heap bytes %lu -> %lu (held %lu -> %lu)\n",
	       (unsigned long)before.free_frames, (unsigned long)after.free_frames,
	       (unsigned long)before.heap_used, (unsigned long)after.heap_used,
	       (unsigned long)before.heap_total, (unsigned long)after.heap_total);
	/* The heap keeps one empty page per size class as a cache, so which pages it holds may
	 * shift; the frames outside the heap and the heap's live bytes may not. */
	int leak = before.free_frames + before.heap_total / 4096 !=
			   after.free_frames + after.heap_total / 4096 ||
		   before.heap_used != after.heap_used;
	printf("fuzz: %lu calls made, %s\n", (unsigned long)FUZZ_ROUNDS * FUZZ_CALLS,
	       leak ? "LEAK" : "nothing lost");
	return leak;
}
