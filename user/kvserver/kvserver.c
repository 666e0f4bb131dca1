/* kvserver.c - a small key-value service: the microkernel way of building a service, as a
 * process that answers requests arriving by message.
 *
 * Requests (text): "put KEY VALUE", "get KEY", "quit". Each gets one reply message:
 * "ok", the value, "none", or "error: ...". The store lives only in this process. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <syscalls.h>

#define ENTRIES 16
#define FIELD 24
#define MSG 64

static struct {
	char key[FIELD];
	char value[FIELD];
} store[ENTRIES];
static int used;

/* Splits "WORD rest" at the first space: returns rest (or "" if none). */
static char *split(char *s)
{
	char *sp = strchr(s, ' ');
	if (!sp)
		return s + strlen(s);
	*sp = '\0';
	return sp + 1;
}

static int find(const char *key)
{
	for (int i = 0; i < used; i++)
		if (!strcmp(store[i].key, key))
			return i;
	return -1;
}

/* Handles one request in `req`, writing the reply into `reply`. */
static void handle(char *req, char *reply, size_t cap)
{
	char *key = split(req);
	if (!strcmp(req, "put")) {
		char *value = split(key);
		int i = find(key);
		if (i < 0 && used == ENTRIES) {
			snprintf(reply, cap, "error: store full");
			return;
		}
		if (i < 0)
			i = used++;
		strlcpy(store[i].key, key, FIELD);
		strlcpy(store[i].value, value, FIELD);
		snprintf(reply, cap, "ok");
	} else if (!strcmp(req, "get")) {
		int i = find(key);
		snprintf(reply, cap, "%s", i < 0 ? "none" : store[i].value);
	} else {
		snprintf(reply, cap, "error: unknown request '%s'", req);
	}
}

int main(void)
{
	char req[MSG + 1], reply[MSG];
	int from;
	printf("kvserver: pid %ld serving\n", getpid());
	for (;;) {
		long n = recv(&from, req, MSG);
		if (n < 0)
			return 1;
		req[n] = '\0';
		if (!strcmp(req, "quit"))
			break;
		handle(req, reply, sizeof(reply));
		send(from, reply, strlen(reply));
	}
	printf("kvserver: %d keys stored, stopping\n", used);
	return 0;
}
