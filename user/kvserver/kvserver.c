/* kvserver.c - a small key-value service: the microkernel way of building a service, as a
 * process that answers requests arriving by message.
 *
 * Clients ask by call(): "put KEY VALUE", "get KEY", "quit" (text). Each gets one reply:
 * "ok", the value, "none", "error: ...", or "bye" for quit. The store lives only in this
 * process. The loop is the server loop of call/reply: one reply_recv() answers the last
 * client and takes the next request, in one system call. */
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
	/* Room for the longest message any kernel takes (--with-ipc-msg-max is at most 4096), so
	 * that taking a request never fails; only the first MSG bytes are read. */
	static char req[4096 + 1];
	char reply_buf[MSG];
	int client;
	printf("kvserver: pid %ld serving\n", getpid());
	long n = recv(&client, req, sizeof(req) - 1);
	for (;;) {
		/* With a buffer that large, an error is the answer's: the client ended before it
		 * (-ESRCH) or its buffer is too small (-EMSGSIZE). It gets none; take the next. */
		while (n < 0)
			n = recv(&client, req, sizeof(req) - 1);
		if (n > MSG)
			n = MSG;
		req[n] = '\0';
		if (!strcmp(req, "quit"))
			break;
		handle(req, reply_buf, sizeof(reply_buf));
		n = reply_recv(client, reply_buf, strlen(reply_buf), &client, req, sizeof(req) - 1);
	}
	printf("kvserver: %d keys stored, stopping\n", used);
	reply(client, "bye", 3);
	return 0;
}
