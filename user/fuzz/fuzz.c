/* fuzz.c - the system-call fuzzer: runs rounds of fuzzchild, each with its own seed and entry
 * instruction, kills a round that blocks, and checks that the kernel lost nothing.
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

int main(void)
{
	struct mk_meminfo before, after;
	int use80 = int80_available();
	printf("fuzz: %d rounds of %d calls, seeds %d.., entries: syscall%s\n", FUZZ_ROUNDS,
	       FUZZ_CALLS, FUZZ_FIRST_SEED, use80 ? " and int $0x80" : " only");
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
