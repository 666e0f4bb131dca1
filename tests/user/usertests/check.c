/* check.c - the usertests framework: TAP lines, checks with diagnostics, children, heap edges. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "usertests.h"

#define MAX_CHILDREN 128

const char *test_entry = "syscall";
const char bug_text[] = "# BUG: the kernel wrote a buffer it had to refuse\n";

static int tap_number;
static int tap_failures;
static int check_failures;      /* failed checks in the current test */
static const char *skip_reason; /* set by test_skip() in the current test */
static int children[MAX_CHILDREN];
static char *edge_saved_brk;

extern char _end[];             /* user.ld: the end of the program's bss */

/* --- TAP ------------------------------------------------------------------------------ */

void tap_plan(int count)
{
	printf("1..%d\n", count);
}

void tap_result(bool ok, const char *name)
{
	tap_number++;
	if (!ok)
		tap_failures++;
	printf("%s %d - %s\n", ok ? "ok" : "not ok", tap_number, name);
}

void tap_skip(const char *name, const char *reason)
{
	printf("ok %d - %s # SKIP %s\n", ++tap_number, name, reason);
}

int tap_failed(void)
{
	return tap_failures;
}

static int children_cleanup(void);

void tap_run(const struct test *t)
{
	char name[160];
	check_failures = 0;
	skip_reason = NULL;
	t->run(t);
	int left = children_cleanup();
	if (left > 0) {
		diag("  %d child(ren) still alive after the test were killed", left);
		check_failures++;
	}
	snprintf(name, sizeof(name), "%s: %s", test_entry, t->name);
	if (skip_reason && check_failures == 0)
		tap_skip(name, skip_reason);
	else
		tap_result(check_failures == 0, name);
}

void test_skip(const char *reason)
{
	skip_reason = reason;
}

void diag(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	line[0] = '#';
	line[1] = ' ';
	va_start(ap, fmt);
	int n = vsnprintf(line + 2, sizeof(line) - 3, fmt, ap);
	va_end(ap);
	size_t len = 2 + (n < (int)sizeof(line) - 3 ? (size_t)n : sizeof(line) - 4);
	line[len++] = '\n';
	write(1, line, len);
}

/* --- Checks --------------------------------------------------------------------------- */

static const char *const errno_names[] = {
	[EPERM] = "EPERM", [ENOENT] = "ENOENT", [ESRCH] = "ESRCH", [ENOEXEC] = "ENOEXEC",
	[EBADF] = "EBADF", [ECHILD] = "ECHILD", [EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM",
	[EFAULT] = "EFAULT", [EINVAL] = "EINVAL", [EDEADLK] = "EDEADLK",
	[ENAMETOOLONG] = "ENAMETOOLONG", [ENOSYS] = "ENOSYS", [EMSGSIZE] = "EMSGSIZE",
	[EBUSY] = "EBUSY",
};

/* Writes v the way a reader wants it: -EFAULT, 0x10e, or a plain number. */
static void format_value(char *buf, size_t cap, long v)
{
	long n = sizeof(errno_names) / sizeof(errno_names[0]);
	if (v < 0 && -v < n && errno_names[-v])
		snprintf(buf, cap, "-%s", errno_names[-v]);
	else if (v >= 0x100 || v < -0xffff)
		snprintf(buf, cap, "%#lx", v);
	else
		snprintf(buf, cap, "%ld", v);
}

static const char *base_name(const char *path)
{
	const char *base = path;
	for (; *path; path++)
		if (*path == '/')
			base = path + 1;
	return base;
}

bool check_true(bool ok, const char *expr, const char *file, int line)
{
	if (!ok) {
		check_failures++;
		diag("  %s:%d: check failed: %s", base_name(file), line, expr);
	}
	return ok;
}

bool check_eq(long got, long want, const char *expr, const char *file, int line)
{
	char g[32], w[32];
	if (got == want)
		return true;
	check_failures++;
	format_value(g, sizeof(g), got);
	format_value(w, sizeof(w), want);
	diag("  %s:%d: %s is %s, want %s", base_name(file), line, expr, g, w);
	return false;
}

/* --- Children ------------------------------------------------------------------------- */

static void child_remember(int pid)
{
	for (int i = 0; i < MAX_CHILDREN; i++) {
		if (children[i] == 0) {
			children[i] = pid;
			return;
		}
	}
}

static void child_forget(int pid)
{
	for (int i = 0; i < MAX_CHILDREN; i++)
		if (children[i] == pid)
			children[i] = 0;
}

/* Kills and reaps every child still remembered; returns how many there were. */
static int children_cleanup(void)
{
	int n = 0;
	for (int i = 0; i < MAX_CHILDREN; i++) {
		if (children[i] == 0)
			continue;
		kill(children[i]);
		wait(children[i], NULL);
		children[i] = 0;
		n++;
	}
	return n;
}

long child_spawn(const char *program)
{
	long pid = spawn(program);
	if (pid > 0)
		child_remember((int)pid);
	return pid;
}

long child_spawn_with(const char *program, uint64_t rights)
{
	long pid = spawn_with(program, rights);
	if (pid > 0)
		child_remember((int)pid);
	return pid;
}

long child_wait(int pid, int *status)
{
	long r = wait(pid, status);
	if (r > 0)
		child_forget((int)r);
	return r;
}

static long child_finish(long pid, const char *program)
{
	int status = -1;
	if (pid < 0) {
		char v[32];
		format_value(v, sizeof(v), pid);
		check_failures++;
		diag("  spawn(\"%s\") returned %s", program, v);
		return pid;
	}
	long r = child_wait((int)pid, &status);
	if (!CHECK_EQ(r, pid))
		return r < 0 ? r : -ECHILD;
	return status;
}

long child_run(const char *program)
{
	return child_finish(child_spawn(program), program);
}

long faulter_start(const char *mode)
{
	char msg[64];
	int len = snprintf(msg, sizeof(msg), "%s %s", mk_use_int80 ? "int80" : "syscall", mode);
	long pid = child_spawn("faulter");
	if (pid > 0)
		CHECK_EQ(send((int)pid, msg, (size_t)len), 0);
	return pid;
}

long faulter_run(const char *mode)
{
	return child_finish(faulter_start(mode), "faulter");
}

void test_faulter(const struct test *t)
{
	CHECK_EQ(faulter_run(t->arg), t->expect);
}

/* --- Memory --------------------------------------------------------------------------- */

uintptr_t heap_start(void)
{
	return ((uintptr_t)_end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

char *heap_edge_get(void)
{
	long brk = sbrk_raw(0);
	if (brk < 0)
		return NULL;
	uintptr_t edge = (((uintptr_t)brk + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1)) + PAGE_SIZE;
	if (sbrk_raw((intptr_t)(edge - (uintptr_t)brk)) != brk)
		return NULL;
	edge_saved_brk = (char *)brk;
	return (char *)edge;
}

void heap_edge_put(void)
{
	long brk = sbrk_raw(0);
	if (edge_saved_brk && brk > 0)
		sbrk_raw(edge_saved_brk - (char *)brk);
	edge_saved_brk = NULL;
}
