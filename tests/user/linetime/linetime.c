/* linetime.c - the reader side of ubench's keystroke_to_shell figure: it reads lines from the
 * console server as the shell does (call "R") and, for each, sends its parent the time stamp
 * at which the call returned, until its parent ends it. */
#include <console.h>
#include <stdint.h>
#include <stdio.h>
#include <syscalls.h>

static uint64_t tsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

int main(void)
{
	static char line[4096];
	int parent;
	char go[8];
	long console = console_find(10);
	if (recv(&parent, go, sizeof(go)) < 0 || console < 0) {
		printf("linetime: no console (%ld)\n", console);
		return 1;
	}
	for (;;) {
		long n = console_read_line((int)console, line, sizeof(line));
		uint64_t t = tsc();
		if (n < 0)
			return 1;
		send(parent, &t, sizeof(t));
	}
}
