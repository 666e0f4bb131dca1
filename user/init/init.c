/* init.c - the first process: starts the console server, the input drivers and the shell,
 * starts again whichever of them ends, restarts one on the message "restart NAME" and ends
 * everything on the message "poweroff".
 *
 * init must notice two things: a child that has ended, and a message. ABI v2 has no notice of
 * a child's end, no wait() that does not block and no recv() with a timeout. So init waits in
 * recv(), and a child of its own, ticker, sends it a message every TICK_MS; on each, init asks
 * procinfo() which children have ended, and reaps and restarts them (within TICK_MS, which a
 * person at the keyboard does not notice). When pid 1 ends, the kernel powers the machine
 * off. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <syscalls.h>

#define TICK_MS 100
#define QUICK_MS 1000      /* an end this soon after the start counts as a quick one */
#define QUICK_ENDS_MAX 5   /* quick ends in a row after which init gives up on a program */
#define MSG_BUF 4096       /* any message fits: a longer one would stay in the mailbox for good */
#define RESTART "restart "  /* the request "restart NAME", by call: answered with an int32 */
#define RESTART_LEN (sizeof(RESTART) - 1)

static struct service {
	const char *name;
	uint64_t rights;
	bool essential;    /* without it nobody can type: giving up on it ends the system */
	int pid;           /* 0 while not running */
	long started;      /* uptime() at its start */
	int quick_ends;    /* ends within QUICK_MS of the start, in a row */
} services[] = {
	{ .name = "console", .essential = true },
	{ .name = "serial", .rights = MK_RIGHT_IO },
	{ .name = "kbd", .rights = MK_RIGHT_IO },
	{ .name = "sh", .essential = true },
};
#define SERVICES (sizeof(services) / sizeof(services[0]))

static int ticker;

/* Kills every child init started, reaps them and exits with @p status. */
__attribute__((noreturn)) static void end_all(int status)
{
	for (size_t i = 0; i < SERVICES; i++) {
		if (services[i].pid > 0 && kill(services[i].pid) == 0)
			wait(services[i].pid, NULL);
	}
	if (ticker > 0 && kill(ticker) == 0)
		wait(ticker, NULL);
	exit(status);
}

/* Starts @p s; a program that cannot be started is reported and left out. Returns 0 or the
 * error of spawn. */
static long start(struct service *s)
{
	long pid = s->rights ? spawn_with(s->name, s->rights) : spawn(s->name);
	if (pid < 0) {
		printf("init: cannot start %s: %s\n", s->name, strerror((int)-pid));
		s->pid = 0;
		if (s->essential)
			end_all(1);
		return pid;
	}
	s->pid = (int)pid;
	s->started = uptime();
	return 0;
}

/* @p s has ended with @p status (and is reaped): starts it again, unless it keeps ending as
 * soon as it starts, which restarting would only repeat. An end someone @p asked for (a
 * "restart") is never a quick one. Returns the error of start(), or 0. */
static long restart(struct service *s, int status, bool asked)
{
	int pid = s->pid;
	s->pid = 0;
	bool quick = !asked && uptime() - s->started < QUICK_MS;
	s->quick_ends = quick ? s->quick_ends + 1 : 0;
	if (s->quick_ends == QUICK_ENDS_MAX) {
		printf("init: %s (pid %d) ended with status %d, within 1 s of its start %d times "
		       "running; giving up on it\n", s->name, pid, status, QUICK_ENDS_MAX);
		if (s->essential)
			end_all(1);
		return 0;
	}
	printf("init: %s (pid %d) ended with status %d, restarting\n", s->name, pid, status);
	return start(s);
}

/* The service named by the @p len bytes at @p name (not NUL-terminated), or NULL. */
static struct service *service_named(const char *name, size_t len)
{
	for (size_t i = 0; i < SERVICES; i++)
		if (strlen(services[i].name) == len && !memcmp(services[i].name, name, len))
			return &services[i];
	return NULL;
}

/* On each tick: reaps and restarts the programs that have ended. */
static void check_services(void)
{
	struct mk_procinfo info;
	for (size_t i = 0; i < SERVICES; i++) {
		struct service *s = &services[i];
		int status = 0;
		if (s->pid > 0 && procinfo(s->pid, &info) == s->pid &&
		    info.state == MK_PS_ENDED && wait(s->pid, &status) == s->pid)
			restart(s, status, false);
	}
}

/* "restart NAME": kills service NAME, reaps it, reports its end as any other and starts it
 * again; one that is not running (given up on, or never started) is started. Returns 0 once
 * it runs again, -ENOENT when NAME is none of init's services, or the error of spawn. */
static long restart_asked(const char *name, size_t len)
{
	struct service *s = service_named(name, len);
	if (!s) {
		char names[SERVICES * (MK_NAME_MAX + 2)];
		size_t at = 0;
		for (size_t i = 0; i < SERVICES; i++)
			at += snprintf(names + at, sizeof(names) - at, "%s%s", i ? ", " : "",
				       services[i].name);
		printf("init: restart: no service '%.*s' (%s)\n",
		       len > MK_NAME_MAX ? MK_NAME_MAX : (int)len, name, names);
		return -ENOENT;
	}
	if (s->pid == 0) {
		printf("init: %s was not running, starting it\n", s->name);
		s->quick_ends = 0;
		return start(s);
	}
	int status = 0;
	kill(s->pid);   /* -ESRCH: it has ended already, and wait() reaps it all the same */
	long r = wait(s->pid, &status);
	if (r != s->pid) {
		printf("init: restart %s: wait for pid %d: %s\n", s->name, s->pid,
		       strerror((int)-r));
		return r;
	}
	return restart(s, status, true);
}

/* Answers "restart NAME" (@p n bytes at @p msg) from @p from. A sender that used send rather
 * than call is not waiting for the answer, and reply() fails: nothing is lost. */
static void serve_restart(int from, const char *msg, size_t n)
{
	int32_t result = (int32_t)restart_asked(msg + RESTART_LEN, n - RESTART_LEN);
	reply(from, &result, sizeof(result));
}

/* The loop: messages ("poweroff", "restart NAME", ticks), children checked on each. */
__attribute__((noreturn)) static void serve(void)
{
	static char msg[MSG_BUF];
	uint32_t ms = TICK_MS;
	long pid = spawn("ticker");
	if (pid < 0 || send((int)pid, &ms, sizeof(ms)) < 0)
		printf("init: cannot start ticker: %s; ended programs are noticed only on messages\n",
		       strerror(pid < 0 ? (int)-pid : ESRCH));
	ticker = pid > 0 ? (int)pid : 0;
	for (;;) {
		int from;
		long n = recv(&from, msg, sizeof(msg));
		if (n == 8 && !memcmp(msg, "poweroff", 8)) {
			printf("init: poweroff asked by pid %d\n", from);
			end_all(0);
		}
		if (n >= (long)RESTART_LEN && !memcmp(msg, RESTART, RESTART_LEN))
			serve_restart(from, msg, (size_t)n);
		check_services();
	}
}

int main(void)
{
	static const char greeting[] = "init: hello from user space\n";
	write(1, greeting, sizeof(greeting) - 1);
	if (getpid() != 1) {
		printf("init: only the first process starts the system (this is pid %ld)\n", getpid());
		return 1;
	}
	for (size_t i = 0; i < SERVICES; i++)
		start(&services[i]);
	serve();
}
