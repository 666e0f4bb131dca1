/* replier.c - a child of usertests for the tests of call, reply and reply_recv: a server or a
 * client, as its parent's first message says (the modes and commands are in replier.h). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <syscalls.h>
#include "../common/modes.h"
#include "replier.h"

static int parent;
static unsigned char req[REPLIER_BUF], ans[REPLIER_BUF];

/* Reads the decimal number at *arg (maybe negative) and the space after it. */
static long take_number(const char **arg)
{
	const char *p = *arg;
	long sign = 1, n = 0;
	if (*p == '-') {
		sign = -1;
		p++;
	}
	while (*p >= '0' && *p <= '9')
		n = n * 10 + (*p++ - '0');
	if (*p == ' ')
		p++;
	*arg = p;
	return sign * n;
}

/* True if the request in req (len bytes) is exactly cmd. */
static bool is_cmd(size_t len, const char *cmd)
{
	return len == strlen(cmd) && memcmp(req, cmd, len) == 0;
}

/* --- serve ------------------------------------------------------------------------------- */

/* Puts the answer to the request in req (len bytes, from `from`) into ans.
 * @return its length, or -1 for CMD_EXIT (no answer at all) */
static long answer(size_t len, int from, const struct replier_stats *st)
{
	size_t cmd_len = strlen(CMD_LEN);
	if (is_cmd(len, CMD_EXIT))
		return -1;
	if (is_cmd(len, CMD_QUIT)) {
		memcpy(ans, "bye", 3);
		return 3;
	}
	if (is_cmd(len, CMD_STATS)) {
		memcpy(ans, st, sizeof(*st));
		return sizeof(*st);
	}
	if (len > cmd_len && memcmp(req, CMD_LEN, cmd_len) == 0) {
		req[len] = '\0';
		const char *arg = (const char *)req + cmd_len;
		size_t n = (size_t)take_number(&arg);
		if (n > sizeof(ans))
			n = sizeof(ans);
		for (size_t i = 0; i < n; i++)
			ans[i] = len_pattern(n, i);
		return (long)n;
	}
	if (is_cmd(len, CMD_SENDFIRST)) {
		long r = send(from, "queued", 6);  /* the caller waits in call: this stays queued */
		if (r == 0) {
			memcpy(ans, "answer", 6);
			return 6;
		}
		return snprintf((char *)ans, 64, "send returned %ld", r);
	}
	if (is_cmd(len, CMD_HOLD)) {
		int other;
		long r = recv(&other, req, sizeof(req) - 1);  /* the release, a plain send */
		if (r < 0)
			return snprintf((char *)ans, 64, "recv returned %ld", r);
		memcpy(ans, "released", 8);
		return 8;
	}
	for (size_t i = 0; i < len; i++)
		ans[i] = answer_byte(req[i]);
	return (long)len;
}

/* Answers every call: recv() for the first, then reply_recv() for each one after. */
static int serve(const char *arg)
{
	struct replier_stats st = { 0, 0, 0 };
	int from;
	long n = recv(&from, req, sizeof(req) - 1);
	for (;;) {
		if (n < 0) {
			printf("# replier: serve: recv returned %ld\n", n);
			return 2;
		}
		st.received++;
		bool quit = is_cmd((size_t)n, CMD_QUIT);
		long len = answer((size_t)n, from, &st);
		if (len < 0)
			return 0;       /* CMD_EXIT: the caller is left waiting */
		if (quit)
			return reply(from, ans, (size_t)len) == 0 ? 0 : 3;
		n = reply_recv(from, ans, (size_t)len, &from, req, sizeof(req) - 1);
		if (n >= 0)
			continue;
		/* Our buffers fit any message, so the reply failed, and nothing was received. */
		if (n == -ESRCH) {
			st.reply_esrch++;       /* the caller has gone: it was killed */
		} else {
			st.reply_other++;
			printf("# replier: serve: a reply of %ld bytes to %d returned %ld\n", len, from,
			       n);
			reply(from, ans, 0);    /* an empty answer, so that the caller does not hang */
		}
		n = recv(&from, req, sizeof(req) - 1);
	}
}

/* --- Clients and helpers ------------------------------------------------------------------- */

/* "call DST CAP REQ": one call, and its outcome sent to the parent. */
static int call_once(const char *arg)
{
	struct replier_relay relay;
	int dst = (int)take_number(&arg);
	size_t cap = (size_t)take_number(&arg);
	if (cap > sizeof(ans))
		cap = sizeof(ans);
	memset(ans, 0, sizeof(ans));
	relay.result = call(dst, arg, strlen(arg), ans, cap);
	memcpy(relay.reply, ans, sizeof(relay.reply));
	return send(parent, &relay, sizeof(relay)) == 0 ? 0 : 2;
}

/* "calls DST N TAG": N calls (0: until killed), each reply checked. */
static int calls(const char *arg)
{
	int dst = (int)take_number(&arg);
	uint32_t count = (uint32_t)take_number(&arg);
	char tag = *arg ? *arg : '?';
	for (uint32_t i = 0; count == 0 || i < count; i++) {
		unsigned char msg[8], back[16];
		calls_request(msg, tag, i);
		memset(back, 0, sizeof(back));
		long r = call(dst, msg, sizeof(msg), back, sizeof(back));
		bool right = r == (long)sizeof(msg);
		for (size_t k = 0; right && k < sizeof(msg); k++)
			right = back[k] == answer_byte(msg[k]);
		if (!right) {
			printf("# replier: calls: call %u to %d returned %ld%s\n", i, dst, r,
			       r == (long)sizeof(msg) ? ", a wrong reply" : "");
			return 3;
		}
	}
	return 0;
}

/* "send DST TEXT": one message. */
static int send_once(const char *arg)
{
	int dst = (int)take_number(&arg);
	return send(dst, arg, strlen(arg)) == 0 ? 0 : 2;
}

/* "alarm MS": wakes the parent after MS ms, if it is still around to be woken. */
static int alarm(const char *arg)
{
	msleep((uint64_t)take_number(&arg));
	return send(parent, REPLIER_ALARM, strlen(REPLIER_ALARM)) == 0 ? 0 : 2;
}

static const struct mode modes[] = {
	{ "serve", serve }, { "call", call_once }, { "calls", calls },
	{ "send", send_once }, { "alarm", alarm },
};

/* The first message is "ENTRY MODE [ARGS]" (see tests/user/common/modes.h). */
int main(void)
{
	return run_mode("replier", modes, sizeof(modes) / sizeof(modes[0]), &parent, 128);
}
