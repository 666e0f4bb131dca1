/* ticker.c - a clock by message: sends "tick" (4 bytes) every N ms to the process that sent
 * it its first message, N (a uint32), until that process has ended. ABI v2 has no recv() with
 * a timeout; a process that waits for messages and must also act from time to time (init)
 * is woken this way. */
#include <stdint.h>
#include <syscalls.h>

int main(void)
{
	int to;
	uint32_t ms;
	if (recv(&to, &ms, sizeof(ms)) != sizeof(ms) || ms == 0)
		return 1;
	for (;;) {
		msleep(ms);
		if (send(to, "tick", 4) < 0)
			return 0;
	}
}
