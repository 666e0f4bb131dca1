/* manymods.c - spawns the boot modules m001 .. m300 one by one and checks that each exits 0:
 * the kernel must take every module the loader passes (ABI v2: at least 256). */
#include <stdbool.h>
#include <stdio.h>
#include <syscalls.h>

#define MODULES 300

/* Runs module `name` and waits for it; true if it exited with status 0. */
static bool run(const char *name)
{
	int status = -1;
	long pid = spawn(name);
	if (pid < 0) {
		printf("manymods: spawn(\"%s\") returned %ld\n", name, pid);
		return false;
	}
	long r = wait((int)pid, &status);
	if (r != pid || status != 0) {
		printf("manymods: %s (pid %ld): wait returned %ld, status %d\n", name, pid, r, status);
		return false;
	}
	return true;
}

int main(void)
{
	char name[16];
	int good = 0;
	for (int i = 1; i <= MODULES; i++) {
		snprintf(name, sizeof(name), "m%03d", i);
		good += run(name);
	}
	/* One past the last is not a module: names are matched exactly. */
	long none = spawn("m301");
	bool ok = good == MODULES && none == -ENOENT;
	if (none != -ENOENT)
		printf("manymods: spawn(\"m301\") returned %ld, not %d\n", none, -ENOENT);
	printf("manymods: %d of %d modules ran and exited 0: %s\n", good, MODULES,
	       ok ? "PASS" : "FAIL");
	return ok ? 0 : 1;
}
