/* echo.c - sends every message back to its sender, until the 4-byte message "quit". */
#include <string.h>
#include <syscalls.h>

int main(void)
{
	static char buf[4096] __attribute__((aligned(4096)));  /* --with-ipc-msg-max is at most 4096 */
	for (;;) {
		int from;
		long n = recv(&from, buf, sizeof(buf));
		if (n < 0)
			return 2;
		if (n == 4 && memcmp(buf, "quit", 4) == 0)
			return 0;
		if (send(from, buf, (size_t)n) < 0)
			return 3;
	}
}
