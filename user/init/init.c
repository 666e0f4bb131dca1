/* init.c - the first process: greets through write(), then runs the demos one after another. */
#include <stdbool.h>
#include <stdio.h>
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

static const struct demo {
	const char *name;
	bool (*run)(void);
} demos[] = {
	{ "hello", demo_hello },
	/* The IPC client/server demo goes here. */
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
