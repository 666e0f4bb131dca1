/* init.c - the first process: starts the console server, the input drivers and the shell,
 * starts again whichever of them ends, and ends everything on the message "poweroff".
 *
 * init must notice two things: a child that has ended, and a message. ABI v2 has no notice of
 * a child's end, no wait() that does not block and no recv() with a timeout. So init waits in
 * recv(), and a child of its own, ticker, sends it a message every TICK_MS; on each, init asks
 * procinfo() which children have ended, and reaps and restarts them (within TICK_MS, which a
 * person at the keyboard does not notice). Without procinfo (-ENOSYS, a kernel before calls
 * 16-20) init says so and falls back to a blocking wait() for its children: "poweroff" cannot
 * be asked for then. When pid 1 ends, the kernel powers the machine off. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <syscalls.h>

#define TICK_MS 100
#define QUICK_MS 1000      /* an end this soon after the start counts as a quick one */
#define QUICK_ENDS_MAX 5   /* quick ends in a row after which init gives up on a program */
#define MSG_BUF 4096       /* any message fits: a longer one would stay in the mailbox for good */

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

/* Starts @p s; a program that cannot be started is reported and left out. */
static void start(struct service *s)
{
	long pid = s->rights ? spawn_with(s->name, s->rights) : spawn(s->name);
	if (pid < 0) {
		printf("init: cannot start %s: %s\n", s->name, strerror((int)-pid));
		s->pid = 0;
		if (s->essential)
			end_all(1);
		return;
	}
	s->pid = (int)pid;
	s->started = uptime();
}

/* @p s has ended with @p status (and is reaped): starts it again, unless it keeps ending as
 * soon as it starts, which restarting would only repeat. */
static void restart(struct service *s, int status)
{
	int pid = s->pid;
	s->pid = 0;
	s->quick_ends = uptime() - s->started < QUICK_MS ? s->quick_ends + 1 : 0;
	if (s->quick_ends == QUICK_ENDS_MAX) {
		printf("init: %s (pid %d) ended with status %d, within 1 s of its start %d times "
		       "running; giving up on it\n", s->name, pid, status, QUICK_ENDS_MAX);
		if (s->essential)
			end_all(1);
		return;
	}
	printf("init: %s (pid %d) ended with status %d, restarting\n", s->name, pid, status);
	start(s);
}

static struct service *service_of(int pid)
{
	for (size_t i = 0; i < SERVICES; i++)
		if (services[i].pid == pid)
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
			restart(s, status);
	}
}

/* The loop with procinfo: messages ("poweroff", ticks), children checked on each tick. */
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
		check_services();
	}
}

/* The loop without procinfo: only the ends of children, by a blocking wait(). */
__attribute__((noreturn)) static void wait_only(void)
{
	for (;;) {
		int status = 0;
		long pid = wait(-1, &status);
		if (pid < 0)
			end_all(1);   /* no child left */
		struct service *s = service_of((int)pid);
		if (s)
			restart(s, status);
	}
}

int main(void)
{
	static const char greeting[] = "init: hello from user space\n";
	struct mk_procinfo info;
	write(1, greeting, sizeof(greeting) - 1);
	if (getpid() != 1) {
		printf("init: only the first process starts the system (this is pid %ld)\n", getpid());
		return 1;
	}
	for (size_t i = 0; i < SERVICES; i++)
		start(&services[i]);
	long r = procinfo(1, &info);
	if (r < 0) {
		printf("init: procinfo: %s; restarting programs, but poweroff cannot be asked for\n",
		       strerror((int)-r));
		wait_only();
	}
	serve();
}
