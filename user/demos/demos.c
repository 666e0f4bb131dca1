/* demos.c - the demos one after another, for a boot nobody types into (`init=demos`): greets
 * through write(), runs hello and kvdemo, and exits 0 when both ended with 0. */
#include <stdbool.h>
#include <stdio.h>
#include <syscalls.h>

/* Runs program @p name and waits for it. */
static bool run(const char *name)
{
	int status = -1;
	long pid = spawn(name);
	if (pid < 0) {
		printf("demos: spawn(\"%s\") returned %ld\n", name, pid);
		return false;
	}
	long r = wait((int)pid, &status);
	if (r != pid) {
		printf("demos: wait(%ld) returned %ld\n", pid, r);
		return false;
	}
	printf("demos: %s (pid %ld) exited with status %d\n", name, pid, status);
	return status == 0;
}

int main(void)
{
	static const char greeting[] = "demos: hello from user space\n";
	bool ok = write(1, greeting, sizeof(greeting) - 1) == sizeof(greeting) - 1;
	ok = run("hello") && ok;
	ok = run("kvdemo") && ok;
	printf("demos: %s\n", ok ? "all demos done" : "some demos failed");
	return ok ? 0 : 1;
}
