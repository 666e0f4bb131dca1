/* shelltest.c - the first process of shell.tap: starts the console server, the shell and a
 * typist, types a session into the shell and ends with the shell's status. shell.tap reads
 * the console output.
 *
 * It types a line only once everybody waits for input: the shell in call (its read of a line),
 * the console and the typist in recv, twice in a row POLL_MS apart; so nothing typed is
 * dropped for typing ahead, and the output comes in the order typed. */
#include <procs.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <syscalls.h>

#define POLL_MS 10
#define IDLE_TIMEOUT_MS 10000
#define CHUNK 63            /* bytes per message to the typist: fits any kernel */
#define LONG_LINE 4096

static int console, sh, typist;

static bool in_state(int pid, uint32_t state)
{
	struct mk_procinfo info;
	return procinfo(pid, &info) == pid && info.state == state;
}

static bool idle(void)
{
	return in_state(sh, MK_PS_REPLY) && in_state(console, MK_PS_RECV) &&
	       in_state(typist, MK_PS_RECV);
}

/* Waits until the shell waits for a line and every byte typed has been handled. */
static void wait_idle(void)
{
	for (int ms = 0, seen = 0; seen < 2; ms += POLL_MS) {
		if (ms >= IDLE_TIMEOUT_MS) {
			printf("shelltest: the shell did not come back to its prompt\n");
			return;
		}
		seen = idle() ? seen + 1 : 0;
		msleep(POLL_MS);
	}
}

static void type_bytes(const char *s, size_t n)
{
	for (size_t done = 0; done < n; done += CHUNK)
		send(typist, s + done, n - done < CHUNK ? n - done : CHUNK);
}

/* Types @p s once the shell waits for it. */
static void type(const char *s)
{
	wait_idle();
	type_bytes(s, strlen(s));
}

/* Waits until program @p name runs; returns its pid, or 0. */
static int wait_running(const char *name)
{
	for (int ms = 0; ms < IDLE_TIMEOUT_MS; ms += POLL_MS) {
		long pid = mk_find_process(name);
		if (pid > 0)
			return (int)pid;
		msleep(POLL_MS);
	}
	printf("shelltest: %s did not start\n", name);
	return 0;
}

/* A line longer than any message: "echo yyy...", cut by the console. */
static void type_long_line(const char *start)
{
	static char line[LONG_LINE + 2];
	size_t n = strlen(start);
	memcpy(line, start, n);
	memset(line + n, 'y', LONG_LINE - n);
	line[LONG_LINE] = '\r';
	wait_idle();
	type_bytes(line, LONG_LINE + 1);
}

static void session(void)
{
	char line[64];
	type("help\r");
	type("ps\r");
	type("hello\r");
	type("spin &\r");
	wait_idle();
	snprintf(line, sizeof(line), "kill %d\r", wait_running("spin"));
	type(line);
	type("spin\r");
	if (wait_running("spin"))
		type_bytes("\x03", 1);  /* the shell polls, it does not wait for a line */
	type("nosuchcmd\r");
	type_long_line("echo ");
	type_long_line("x");
	type("echo hello   world\r");
	type("mem\r");
	type("uptime\r");
	type("\r");
	type("   \r");
	type("\x01\x02\x1b[A\t\r");
	type("echo abcd\x7f\x7fxy\bz\r");
	type("echo interrupted\x03");
	type("echo a b c d e f g h i j k l m n o p\r");
	type("kill\r");
	type("kill abc\r");
	type("kill 1\r");
	type("help me\r");
	type("echo done\r");
	type("\x04");
}

/* Waits for the shell to end (after the ctrl-D); kills it if it does not. */
static int shell_status(void)
{
	int status = -1;
	for (int ms = 0; ms < IDLE_TIMEOUT_MS && !in_state(sh, MK_PS_ENDED); ms += POLL_MS)
		msleep(POLL_MS);
	if (!in_state(sh, MK_PS_ENDED)) {
		printf("shelltest: the shell did not end\n");
		kill(sh);
	}
	wait(sh, &status);
	return status;
}

int main(void)
{
	struct mk_procinfo info;
	long r = procinfo(1, &info);
	if (r < 0) {
		printf("shelltest: procinfo: %s\n", strerror((int)-r));
		return 1;
	}
	printf("shelltest: IPC_MSG_MAX %zu\n", mk_ipc_msg_max());
	console = (int)spawn("console");
	sh = (int)spawn("sh");
	typist = (int)spawn("typist");
	if (console < 0 || sh < 0 || typist < 0) {
		printf("shelltest: spawn: %d %d %d\n", console, sh, typist);
		return 1;
	}
	session();
	int status = shell_status();
	printf("shelltest: sh exited with status %d\n", status);
	kill(typist);
	kill(console);
	wait(typist, NULL);
	wait(console, NULL);
	return status == 0 ? 0 : 1;
}
