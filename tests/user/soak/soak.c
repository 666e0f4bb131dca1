/* soak.c - runs the whole user test suite (usertests) SOAK_RUNS times in one boot, and checks
 * that after the first pass the kernel loses nothing: the frames outside the heap's caches and
 * the heap's live bytes stay exactly what they were. */
#include <stdio.h>
#include <syscalls.h>
#include <uapi/syscall.h>

#ifndef SOAK_RUNS
#define SOAK_RUNS 20
#endif

/* Frames not free and not held by the heap: what a leak would raise. */
static unsigned long frames_used(const struct mk_meminfo *m)
{
	return (unsigned long)(m->total_frames - m->free_frames - m->heap_total / 4096);
}

int main(void)
{
	struct mk_meminfo first, now;
	int failures = 0, leaks = 0;
	for (int run = 1; run <= SOAK_RUNS; run++) {
		int status = -1;
		long pid = spawn_with("usertests", MK_RIGHT_IO);  /* its driver tests need it */
		if (pid < 0 || wait((int)pid, &status) != pid || status != 0) {
			printf("soak: run %d: usertests ended with status %d\n", run, status);
			failures++;
		}
		msleep(20);  /* orphans of the run end and are reaped */
		meminfo(run == 1 ? &first : &now);
		if (run == 1)
			continue;
		if (frames_used(&now) != frames_used(&first) || now.heap_used != first.heap_used) {
			printf("soak: run %d: frames in use %lu (after run 1: %lu), heap bytes %lu (%lu)\n",
			       run, frames_used(&now), frames_used(&first),
			       (unsigned long)now.heap_used, (unsigned long)first.heap_used);
			leaks++;
		}
	}
	printf("soak: %d runs of usertests, %d failed, %s\n", SOAK_RUNS, failures,
	       leaks ? "memory was lost" : "nothing lost after the first pass");
	return failures || leaks;
}
