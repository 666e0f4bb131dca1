/* sh.c - the shell: reads command lines from the console server, runs its own commands and
 * starts programs (boot modules) in the foreground or the background.
 *
 * ABI v2 gives no notice of a child's end and no wait() that does not block, so the shell
 * polls: every POLL_MS while a program runs in the foreground (has ctrl-C been typed? has it
 * ended?), and before each prompt for the background jobs; procinfo() tells whether a child
 * has ended. When init restarts the console, the shell finds the new one and goes on. */
#include <console.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <syscalls.h>

#define LINE_BUF 4096  /* the largest IPC_MSG_MAX of any kernel: the longest line there is */
#define WORDS_MAX 16
#define JOBS_MAX 16
#define POLL_MS 10
#define POWEROFF_WAIT_MS 5000
#define CONSOLE_TRIES 10
#define PROMPT "mk$ "

static int console;
static bool leaving;   /* `exit`: end after this line */

/* Programs running in the background, reaped before each prompt. */
static struct job {
	int pid;
	char name[MK_NAME_MAX + 1];
} jobs[JOBS_MAX];
static int jobs_count;

struct command {
	const char *name;
	const char *usage;
	int min_args, max_args;
	void (*run)(int argc, char **argv);
	const char *help;
};

/* How a child ended, after "sh: NAME " or "[pid] done, ". */
static const char *describe(int status, char *buf, size_t cap)
{
	if (status == MK_STATUS_KILLED)
		snprintf(buf, cap, "killed");
	else if (status >= MK_STATUS_FAULT)
		snprintf(buf, cap, "killed by CPU exception %d", status - MK_STATUS_FAULT);
	else
		snprintf(buf, cap, "status %d", status);
	return buf;
}

/* A pid as typed: decimal digits only, 1 .. 999999999. Returns 0 for anything else. */
static int parse_pid(const char *s)
{
	int pid = 0;
	size_t n = strlen(s);
	if (n == 0 || n > 9)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		pid = pid * 10 + (s[i] - '0');
	}
	return pid;
}

static struct job *find_job(int pid)
{
	for (int i = 0; i < jobs_count; i++)
		if (jobs[i].pid == pid)
			return &jobs[i];
	return NULL;
}

/* Reaps job @p j (which has ended, or is about to: it was killed) and forgets it. */
static void reap_job(struct job *j)
{
	char text[48];
	int status = 0;
	long r = wait(j->pid, &status);
	if (r == j->pid)
		printf("[%d] done, %s\n", j->pid, describe(status, text, sizeof(text)));
	*j = jobs[--jobs_count];
}

/* Reaps the background jobs that have ended. */
static void reap_jobs(void)
{
	struct mk_procinfo info;
	for (int i = 0; i < jobs_count; i++)
		if (procinfo(jobs[i].pid, &info) == jobs[i].pid && info.state == MK_PS_ENDED)
			reap_job(&jobs[i--]);
}

/* A call to the console has failed with @p r: when the console has ended (-ESRCH; init starts
 * a new one), finds the new one. Returns whether there is one to ask again. */
static bool console_lost(long r)
{
	if (r != -ESRCH)
		return false;
	long pid = console_find(CONSOLE_TRIES);
	if (pid < 0)
		return false;
	console = (int)pid;
	return true;
}

/* Waits for child @p pid and reaps it, killing it when ctrl-C is typed. */
static long await_child(int pid, int *status)
{
	struct mk_procinfo info;
	while (procinfo(pid, &info) == pid && info.state != MK_PS_ENDED) {
		long r = console_interrupted(console);
		if (r == 1)
			kill(pid);
		else if (console_lost(r))   /* a new console: tell it the foreground again */
			console_set_foreground(console, pid);
		msleep(POLL_MS);
	}
	return wait(pid, status);
}

static void run_foreground(int pid, const char *name)
{
	int status = 0;
	char text[48];
	long r = console_set_foreground(console, pid);
	if (r < 0)
		printf("sh: cannot give %s the console: %s\n", name, strerror((int)-r));
	r = await_child(pid, &status);
	console_set_foreground(console, 0);
	if (r != pid)
		printf("sh: wait for %s: %s\n", name, strerror((int)-r));
	else if (status > 0 && status < MK_STATUS_FAULT)
		printf("sh: %s exited with %s\n", name, describe(status, text, sizeof(text)));
	else if (status != 0)
		printf("sh: %s %s\n", name, describe(status, text, sizeof(text)));
}

/* NAME or NAME &: runs the boot module NAME. Programs take no arguments (the ABI passes
 * none). */
static void run_program(int argc, char **argv)
{
	bool background = argc > 1 && !strcmp(argv[argc - 1], "&");
	if (argc > (background ? 2 : 1)) {
		printf("sh: %s: too many arguments (programs take none)\n", argv[0]);
		return;
	}
	if (background && jobs_count == JOBS_MAX) {
		printf("sh: too many background jobs (at most %d)\n", JOBS_MAX);
		return;
	}
	long pid = spawn(argv[0]);
	if (pid == -ENOENT) {
		printf("sh: %s: command not found\n", argv[0]);
		return;
	}
	if (pid < 0) {
		printf("sh: %s: %s\n", argv[0], strerror((int)-pid));
		return;
	}
	if (!background) {
		run_foreground((int)pid, argv[0]);
		return;
	}
	jobs[jobs_count].pid = (int)pid;
	strlcpy(jobs[jobs_count++].name, argv[0], sizeof(jobs[0].name));
	printf("[%ld]\n", pid);
}

static void cmd_help(int argc, char **argv);

static const char *state_name(uint32_t state)
{
	static const char *const names[] = { "running", "ready", "send", "recv", "reply",
					     "wait", "sleep", "ended" };
	return state < sizeof(names) / sizeof(names[0]) ? names[state] : "?";
}

static const char *rights_name(uint32_t rights, char *buf, size_t cap)
{
	if (rights == 0)
		return "-";
	if (rights == MK_RIGHT_IO)
		return "io";
	snprintf(buf, cap, "%#x", rights);
	return buf;
}

static void cmd_ps(int argc, char **argv)
{
	struct mk_procinfo p;
	char rights[16];
	long pid = procinfo(1, &p);
	if (pid < 0 && pid != -ESRCH) {
		printf("sh: ps: procinfo: %s\n", strerror((int)-pid));
		return;
	}
	printf("%5s %6s %-7s %-6s %6s %8s %s\n", "PID", "PARENT", "STATE", "RIGHTS", "FRAMES",
	       "CPU_MS", "NAME");
	for (; pid > 0; pid = procinfo((int)pid + 1, &p))
		printf("%5d %6d %-7s %-6s %6llu %8llu %s\n", p.pid, p.parent, state_name(p.state),
		       rights_name(p.rights, rights, sizeof(rights)), (unsigned long long)p.frames,
		       (unsigned long long)p.cpu_ms, p.name);
}

static void cmd_kill(int argc, char **argv)
{
	int pid = parse_pid(argv[1]);
	if (pid == 0) {
		printf("sh: kill: '%s' is not a pid\n", argv[1]);
		return;
	}
	long r = kill(pid);
	if (r == -EPERM) {
		printf("sh: kill %d: %s (only programs this shell started)\n", pid, strerror(EPERM));
		return;
	}
	if (r < 0) {
		printf("sh: kill %d: %s\n", pid, strerror((int)-r));
		return;
	}
	/* A killed process ends at once: reap a job now rather than at the next prompt. */
	struct job *j = find_job(pid);
	if (j)
		reap_job(j);
}

static void cmd_mem(int argc, char **argv)
{
	struct mk_meminfo m;
	long r = meminfo(&m);
	if (r < 0) {
		printf("sh: mem: %s\n", strerror((int)-r));
		return;
	}
	printf("frames: %llu free of %llu (%llu KiB of %llu KiB)\n",
	       (unsigned long long)m.free_frames, (unsigned long long)m.total_frames,
	       (unsigned long long)m.free_frames * 4, (unsigned long long)m.total_frames * 4);
	printf("kernel heap: %llu bytes used of %llu\n", (unsigned long long)m.heap_used,
	       (unsigned long long)m.heap_total);
}

static void cmd_uptime(int argc, char **argv)
{
	long ms = uptime();
	printf("up %ld.%03ld s\n", ms / 1000, ms % 1000);
}

static void cmd_echo(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		printf("%s%s", argv[i], i + 1 < argc ? " " : "");
	printf("\n");
}

/* Asks pid 1 (init) to end everything: it kills its children, this shell among them, and
 * exits; the kernel powers off when pid 1 ends. */
static void cmd_poweroff(int argc, char **argv)
{
	if (getpid() == 1) {   /* the shell is the first process: its end powers off */
		leaving = true;
		return;
	}
	long r = send(1, "poweroff", 8);
	if (r < 0) {
		printf("sh: poweroff: %s\n", strerror((int)-r));
		return;
	}
	msleep(POWEROFF_WAIT_MS);
	printf("sh: poweroff: pid 1 did not end the system\n");
}

/* Asks pid 1 (init) to restart one of its programs (console, serial, kbd, sh) and waits for
 * its answer: init kills the program, reports its end and starts it again, or says why not. */
static void cmd_restart(int argc, char **argv)
{
	char msg[sizeof("restart ") + MK_NAME_MAX];
	int32_t answer;
	if (getpid() == 1) {
		printf("sh: restart: this shell is the first process: there is no init\n");
		return;
	}
	if (strlen(argv[1]) > MK_NAME_MAX) {
		printf("sh: restart %s: %s\n", argv[1], strerror(ENAMETOOLONG));
		return;
	}
	int len = snprintf(msg, sizeof(msg), "restart %s", argv[1]);
	long r = call(1, msg, (size_t)len, &answer, sizeof(answer));
	if (r < 0) {
		printf("sh: restart %s: %s\n", argv[1], strerror((int)-r));
		return;
	}
	/* init has answered (and reported any error itself): if it restarted the console, the
	 * next line comes from the new one. */
	r = console_find(1);
	if (r > 0)
		console = (int)r;
}

static void cmd_exit(int argc, char **argv)
{
	leaving = true;
}

static const struct command commands[] = {
	{ "help", "help", 0, 0, cmd_help, "this list" },
	{ "ps", "ps", 0, 0, cmd_ps, "the processes: pid, parent, state, rights, frames, CPU ms, name" },
	{ "kill", "kill PID", 1, 1, cmd_kill, "end program PID, one this shell started" },
	{ "mem", "mem", 0, 0, cmd_mem, "free physical frames and the kernel heap" },
	{ "uptime", "uptime", 0, 0, cmd_uptime, "the time since boot" },
	{ "echo", "echo [WORD...]", 0, WORDS_MAX - 1, cmd_echo, "print the words" },
	{ "restart", "restart NAME", 1, 1, cmd_restart,
	  "ask init to restart its program NAME: console, serial, kbd or sh" },
	{ "poweroff", "poweroff", 0, 0, cmd_poweroff, "ask init to end everything and power off" },
	{ "exit", "exit", 0, 0, cmd_exit, "end the shell (init starts a new one)" },
	{ NULL, NULL, 0, 0, NULL, NULL },
};

static void cmd_help(int argc, char **argv)
{
	for (const struct command *c = commands; c->name; c++)
		printf("%-15s %s\n", c->usage, c->help);
	printf("%-15s %s\n", "NAME [&]", "run program NAME (a boot module); with &, in the background");
}

static const struct command *find_command(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/* Splits @p line at spaces and tabs, in place. Returns the number of words, or -1 when there
 * are more than WORDS_MAX. */
static int split(char *line, char **argv)
{
	int argc = 0;
	for (char *p = line; *p;) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		if (argc == WORDS_MAX)
			return -1;
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	return argc;
}

static void run_line(char *line)
{
	char *argv[WORDS_MAX];
	int argc = split(line, argv);
	if (argc < 0) {
		printf("sh: too many words (at most %d)\n", WORDS_MAX);
		return;
	}
	if (argc == 0)
		return;
	const struct command *c = find_command(argv[0]);
	if (!c) {
		run_program(argc, argv);
	} else if (argc - 1 < c->min_args) {
		printf("sh: %s: missing argument (usage: %s)\n", c->name, c->usage);
	} else if (argc - 1 > c->max_args) {
		printf("sh: %s: too many arguments (usage: %s)\n", c->name, c->usage);
	} else {
		c->run(argc, argv);
	}
}

int main(void)
{
	static char line[LINE_BUF + 1];
	long r = console_find(CONSOLE_TRIES);
	if (r < 0) {
		printf("sh: cannot find the console: %s\n", strerror((int)-r));
		return 1;
	}
	console = (int)r;
	while (!leaving) {
		reap_jobs();
		write(1, PROMPT, sizeof(PROMPT) - 1);
		long n = console_read_line(console, line, LINE_BUF);
		if (n < 0 && console_lost(n))
			continue;   /* a new console (init restarted it): a fresh prompt */
		if (n < 0) {
			printf("sh: reading from the console: %s\n", strerror((int)-n));
			return 1;
		}
		if (n == 0) {  /* end of input: ctrl-D at the start of a line */
			printf("exit\n");
			return 0;
		}
		line[n] = '\0';
		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		run_line(line);
	}
	return 0;
}
