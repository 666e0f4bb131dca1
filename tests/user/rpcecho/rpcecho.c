/* rpcecho.c - answers every call with the request itself, through the reply_recv server loop,
 * until the 4-byte request "quit" (answered, then it exits). */
#include <string.h>
#include <syscalls.h>

int main(void)
{
	static char buf[4096] __attribute__((aligned(4096)));  /* --with-ipc-msg-max is at most 4096 */
	int client;
	long n = recv(&client, buf, sizeof(buf));
	for (;;) {
		if (n < 0)
			return 2;
		if (n == 4 && memcmp(buf, "quit", 4) == 0)
			return reply(client, buf, 4) < 0 ? 3 : 0;
		n = reply_recv(client, buf, (size_t)n, &client, buf, sizeof(buf));
	}
}
