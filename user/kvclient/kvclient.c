/* kvclient.c - a client of kvserver: learns the server's pid and its own requests from its
 * parent (one message each), makes the requests one by one with call() and prints the
 * replies. */
#include <stdio.h>
#include <string.h>
#include <syscalls.h>

#define MSG 64

/* One request, one reply: a call. */
static void ask(int server, const char *req)
{
	char reply[MSG + 1];
	long n = call(server, req, strlen(req), reply, MSG);
	if (n < 0) {
		printf("kvclient %ld: '%s' failed (%ld)\n", getpid(), req, n);
		return;
	}
	reply[n] = '\0';
	printf("kvclient %ld: %s -> %s\n", getpid(), req, reply);
}

int main(void)
{
	int server, from;
	char script[MSG + 1];
	if (recv(&from, &server, sizeof(server)) != sizeof(server))
		return 1;
	long n = recv(&from, script, MSG);
	if (n < 0)
		return 1;
	script[n] = '\0';
	/* The script holds requests separated by ';'. */
	for (char *req = script, *next; *req; req = next) {
		next = strchr(req, ';');
		if (next)
			*next++ = '\0';
		else
			next = req + strlen(req);
		ask(server, req);
	}
	return 0;
}
