/* typist.c - a pretend input driver for tests: hands the console server, as 'I' messages,
 * every message it receives, so that a test types without hardware. */
#include <console.h>
#include <stdio.h>
#include <string.h>
#include <syscalls.h>

#define MSG_BUF 4096   /* any message fits: a longer one would stay in the mailbox for good */

int main(void)
{
	static char msg[MSG_BUF];
	long r = console_find(10);
	if (r < 0) {
		printf("typist: cannot find the console: %s\n", strerror((int)-r));
		return 1;
	}
	int console = (int)r;
	for (;;) {
		int from;
		long n = recv(&from, msg, sizeof(msg));
		if (n > 0)
			console_deliver(&console, msg, (size_t)n);
	}
}
