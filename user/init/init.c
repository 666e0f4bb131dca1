/* init.c - the first process: greets through write(), then runs the demos one after another. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <syscalls.h>

/* Spawns hello and waits for it. */
static bool demo_hello(void)
{
	int status = -1;
	long pid = spawn("hello");
	if (pid < 0) {
		printf("init: spawn(\"hello\") returned %ld\n", pid);
		return false;
	}
	long r = wait((int)pid, &status);
	if (r != pid) {
		printf("init: wait(%ld) returned %ld\n", pid, r);
		return false;
	}
	printf("init: hello (pid %ld) exited with status %d\n", pid, status);
	return status == 0;
}

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

/* The microkernel way: a service is a process; clients ask it by call (a message and the
 * answer). */
static bool demo_kv_service(void)
{
	int status;
	bool ok = true;
	long server = spawn("kvserver");
	if (server < 0) {
		printf("init: spawn(\"kvserver\") returned %ld\n", server);
		return false;
	}
	printf("init: key-value service started as pid %ld\n", server);
	long a = start_client((int)server, "put color blue;put size 42;get color");
	ok = a > 0 && wait((int)a, &status) == a && status == 0;
	/* A second client sees what the first one stored: the state lives in the server. */
	long b = start_client((int)server, "get size;get color;get missing");
	ok = ok && b > 0 && wait((int)b, &status) == b && status == 0;
	char bye[8];
	ok = call((int)server, "quit", 4, bye, sizeof(bye)) == 3 && ok;
	ok = wait((int)server, &status) == server && status == 0 && ok;
	printf("init: key-value service demo %s\n", ok ? "done" : "failed");
	return ok;
}

static const struct demo {
	const char *name;
	bool (*run)(void);
} demos[] = {
	{ "hello", demo_hello },
	{ "kv-service", demo_kv_service },
};

int main(void)
{
	static const char greeting[] = "init: hello from user space\n";
	bool ok = write(1, greeting, sizeof(greeting) - 1) == sizeof(greeting) - 1;
	for (size_t i = 0; i < sizeof(demos) / sizeof(demos[0]); i++) {
		if (!demos[i].run()) {
			printf("init: demo %s failed\n", demos[i].name);
			ok = false;
		}
	}
	printf("init: %s\n", ok ? "all demos done" : "some demos failed");
	return ok ? 0 : 1;
}
