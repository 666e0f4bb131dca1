/* kvdemo.c - the key-value service demo: the microkernel way of building a service, as a
 * process (kvserver) that clients (two kvclient processes) ask by call. Exits 0 when every
 * request got the answer it should. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <syscalls.h>

/* Starts a client of the key-value server with its requests; returns its pid. */
static long start_client(int server, const char *script)
{
	long pid = spawn("kvclient");
	if (pid < 0)
		return pid;
	if (send((int)pid, &server, sizeof(server)) < 0 || send((int)pid, script, strlen(script)) < 0)
		return -1;
	return pid;
}

int main(void)
{
	int status;
	bool ok = true;
	long server = spawn("kvserver");
	if (server < 0) {
		printf("kvdemo: spawn(\"kvserver\") returned %ld\n", server);
		return 1;
	}
	printf("kvdemo: key-value service started as pid %ld\n", server);
	long a = start_client((int)server, "put color blue;put size 42;get color");
	ok = a > 0 && wait((int)a, &status) == a && status == 0;
	/* A second client sees what the first one stored: the state lives in the server. */
	long b = start_client((int)server, "get size;get color;get missing");
	ok = ok && b > 0 && wait((int)b, &status) == b && status == 0;
	char bye[8];
	ok = call((int)server, "quit", 4, bye, sizeof(bye)) == 3 && ok;
	ok = wait((int)server, &status) == server && status == 0 && ok;
	printf("kvdemo: key-value service demo %s\n", ok ? "done" : "failed");
	return ok ? 0 : 1;
}
