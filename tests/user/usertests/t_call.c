/* t_call.c - tests of call, reply and reply_recv (ABI v2), with replier (tests/user/replier)
 * as the server or as the client. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "usertests.h"
#include "../replier/replier.h"

#define NO_SUCH_PID 30000
#define GUARD_MS 3000           /* how long a test waits for a child before giving up */
#define TIMED_OUT (-4095L)      /* what the guarded waits return when they give up */
#define KILLED MK_STATUS_KILLED
#define MANY_CALLS 100000
#define RACE_ROUNDS 48

/* Room for the largest message and more. */
static unsigned char msg[REPLIER_BUF], back[REPLIER_BUF];

/* IPC_MSG_MAX, found by probing: a send to a pid no process can have gives -EINVAL once the
 * message is too long, -ESRCH before that. */
static size_t msg_max(void)
{
	static size_t max;
	if (max == 0) {
		size_t len = MK_IPC_MSG_MIN;
		while (len < sizeof(msg) && send(0x7FFFFFFF, msg, len) == -ESRCH)
			len++;
		max = len - 1;
	}
	return max;
}

/* len bytes of a pattern that depends on seed; none starts with '!' (serve's commands). */
static void fill(unsigned char *p, size_t len, size_t seed)
{
	for (size_t i = 0; i < len; i++)
		p[i] = (unsigned char)(0x80 | ((seed * 7 + i * 13) & 0x7f));
}

/* True if a (len bytes) is serve's answer to request q. */
static bool is_answer(const unsigned char *q, const unsigned char *a, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (a[i] != answer_byte(q[i]))
			return false;
	return true;
}

static bool all_bytes(const unsigned char *p, size_t n, unsigned char c)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != c)
			return false;
	return true;
}

/* --- Children ------------------------------------------------------------------------------ */

/* Spawns replier and sends it "ENTRY MODE" (the mode from fmt). @return its pid, or 0 */
static long replier_start(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long replier_start(const char *fmt, ...)
{
	char text[64];
	va_list ap;
	int n = snprintf(text, sizeof(text), "%s ", mk_use_int80 ? "int80" : "syscall");
	va_start(ap, fmt);
	n += vsnprintf(text + n, sizeof(text) - (size_t)n, fmt, ap);
	va_end(ap);
	long pid = child_spawn("replier");
	if (!CHECK(pid > 0))
		return 0;
	CHECK_EQ(send((int)pid, text, (size_t)n), 0);
	return pid;
}

/* The guard: a child that sends us REPLIER_ALARM after GUARD_MS and ends, so that a test
 * waiting for a child that is stuck (a kernel bug) fails instead of hanging. */
static long guard;

static void guard_start(void)
{
	guard = replier_start("alarm %d", GUARD_MS);
}

/* Ends the guard. Had it already sent its alarm (it ended with 0), takes that from our
 * mailbox unless @p taken. */
static void guard_stop(bool taken)
{
	int status = -1;
	if (guard <= 0)
		return;
	kill((int)guard);
	child_wait((int)guard, &status);
	if (status == 0 && !taken)
		recv(NULL, back, sizeof(back));
	guard = 0;
}

/* True if a message came from the guard: what the test waited for did not come. */
static bool from_guard(int from)
{
	if (guard <= 0 || from != guard)
		return false;
	diag("  nothing came within %d ms", GUARD_MS);
	return true;
}

/* recv() that gives up after GUARD_MS. @return as recv(), or TIMED_OUT */
static long recv_guarded(int *from, void *buf, size_t cap)
{
	int sender = -1;
	guard_start();
	long n = recv(&sender, buf, cap);
	bool rang = from_guard(sender);
	guard_stop(rang);
	if (from)
		*from = sender;
	return rang ? TIMED_OUT : n;
}

/* Children that ended while end_of() waited for another one. */
static struct { long pid, status; } ended[8];

/* Waits for child @p pid to end (by itself, or killed), giving up after GUARD_MS (the test's
 * cleanup then kills it). @return its status, or TIMED_OUT */
static long end_of(long pid)
{
	for (size_t i = 0; i < sizeof(ended) / sizeof(ended[0]); i++) {
		if (ended[i].pid == pid) {
			ended[i].pid = 0;
			return ended[i].status;
		}
	}
	guard_start();
	for (;;) {
		int status = -1;
		long got = child_wait(-1, &status);
		if (got == pid) {
			guard_stop(false);
			return status;
		}
		if (got <= 0) {
			CHECK_EQ(got, pid);
			guard_stop(false);
			return got;
		}
		if (got == guard) {
			diag("  child %ld did not end within %d ms", pid, GUARD_MS);
			recv(NULL, back, sizeof(back));  /* the guard's alarm */
			guard = 0;
			return TIMED_OUT;
		}
		for (size_t i = 0; i < sizeof(ended) / sizeof(ended[0]); i++) {
			if (ended[i].pid == 0) {
				ended[i].pid = got;
				ended[i].status = status;
				break;
			}
		}
	}
}

/* Asks server srv to quit; it answers "bye" and ends with 0. */
static void server_quit(long srv)
{
	memset(back, 0, 8);
	CHECK_EQ(call((int)srv, CMD_QUIT, strlen(CMD_QUIT), back, 8), 3);
	CHECK(memcmp(back, "bye", 3) == 0);
	CHECK_EQ(end_of(srv), 0);
}

/* Asks server srv for its counters. */
static bool server_stats(long srv, struct replier_stats *st)
{
	memset(st, 0xff, sizeof(*st));
	return CHECK_EQ(call((int)srv, CMD_STATS, strlen(CMD_STATS), st, sizeof(*st)),
			sizeof(*st));
}

/* Checks that server srv has received exactly @p want requests (the stats request included):
 * the calls that failed delivered nothing. */
static void server_received(long srv, long want)
{
	struct replier_stats st;
	if (server_stats(srv, &st)) {
		CHECK_EQ(st.received, want);
		CHECK_EQ(st.reply_other, 0);
	}
}

/* Starts a client that calls us with the text req and a reply buffer of cap bytes, and takes
 * that call. @return the client's pid (waiting for our reply), or 0 */
static long take_call(size_t cap, const char *req)
{
	char got[64];
	int from = -1;
	long pid = replier_start("call %ld %zu %s", getpid(), cap, req);
	if (pid <= 0)
		return 0;
	long n = recv_guarded(&from, got, sizeof(got));
	if (!CHECK_EQ(n, strlen(req)) || !CHECK_EQ(from, pid) || !CHECK(!memcmp(got, req, (size_t)n)))
		return 0;
	return pid;
}

/* Checks a relay from client pid: its call returned want, and its reply buffer holds text
 * (want bytes) and nothing after it. */
static void relay_verify(long pid, const struct replier_relay *rl, long want, const void *text)
{
	size_t shown = want > 0 ? (size_t)want : 0;
	if (shown > sizeof(rl->reply))
		shown = sizeof(rl->reply);
	CHECK_EQ(rl->result, want);
	if (shown && !CHECK(memcmp(rl->reply, text, shown) == 0))
		diag("  client %ld got another reply", pid);
	if (!CHECK(all_bytes(rl->reply + shown, sizeof(rl->reply) - shown, 0)))
		diag("  client %ld: its reply buffer was written past the reply", pid);
}

/* Receives client pid's relay, checks it (relay_verify()) and that the client ends with 0. */
static void relay_check(long pid, long want, const void *text)
{
	struct replier_relay rl;
	int from = -1;
	memset(&rl, 0xee, sizeof(rl));
	long n = recv_guarded(&from, &rl, sizeof(rl));
	if (CHECK_EQ(n, sizeof(rl)) && CHECK_EQ(from, pid))
		relay_verify(pid, &rl, want, text);
	CHECK_EQ(end_of(pid), 0);
}

/* Checks that our mailbox is empty (a message left there came from a call that should have
 * failed, or from a client that should not have had its reply) and empties it, so that the
 * next test starts clean: a marker from a new child must be the first message to arrive. */
static void mailbox_clean(void)
{
	int from = -1, strays = 0;
	long marker = replier_start("send %ld end", getpid());
	if (marker <= 0)
		return;
	for (int i = 0; i < 8; i++) {
		long n = recv_guarded(&from, back, sizeof(back));
		if (n == TIMED_OUT || from == marker)
			break;
		diag("  left in our mailbox: %ld bytes from pid %d", n, from);
		strays++;
	}
	CHECK_EQ(strays, 0);
	CHECK_EQ(end_of(marker), 0);
}

/* --- Results ------------------------------------------------------------------------------- */

/* A server's answers come back intact whatever their length, up to IPC_MSG_MAX, and nothing
 * past an answer is written. */
static void test_call_lengths(const struct test *t)
{
	size_t max = msg_max();
	size_t lens[] = { 0, 1, 8, 64, max };
	long srv = replier_start("serve");
	if (srv <= 0)
		return;
	diag("IPC_MSG_MAX is %zu", max);
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		size_t len = lens[i];
		fill(msg, len, len);
		memset(back, 0xee, max + 16);
		if (!CHECK_EQ(call((int)srv, msg, len, back, max + 16), len))
			continue;
		if (!CHECK(is_answer(msg, back, len)) || !CHECK_EQ(back[len], 0xee))
			diag("  a call of %zu bytes got a wrong reply", len);
	}
	/* A reply buffer of exactly the reply's size is enough. */
	fill(msg, 64, 3);
	CHECK_EQ(call((int)srv, msg, 64, back, 64), 64);
	CHECK(is_answer(msg, back, 64));
	server_quit(srv);
}

/* call() returns the length of the reply, not of the request: "!len N" is answered with N
 * bytes, for every N up to IPC_MSG_MAX. */
static void test_call_reply_length(const struct test *t)
{
	size_t max = msg_max();
	size_t lens[] = { 0, 1, 8, 64, max };
	char q[32];
	long srv = replier_start("serve");
	if (srv <= 0)
		return;
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		size_t n = lens[i], bad = 0;
		int len = snprintf(q, sizeof(q), "%s%zu", CMD_LEN, n);
		memset(back, 0xee, max + 16);
		if (!CHECK_EQ(call((int)srv, q, (size_t)len, back, n), n))
			continue;
		for (size_t k = 0; k < n; k++)
			bad += back[k] != len_pattern(n, k);
		CHECK_EQ(bad, 0);
		CHECK_EQ(back[n], 0xee);
	}
	server_quit(srv);
}

/* reply_recv() answers one call and returns the next message, with its sender in *from;
 * from may be NULL. */
static void test_reply_recv_next(const struct test *t)
{
	enum { CALLS = 4 };
	unsigned char q[8], a[8];
	int from = -1;
	long c = replier_start("calls %ld %d r", getpid(), CALLS);
	if (c <= 0)
		return;
	guard_start();
	long n = recv(&from, back, sizeof(back));
	bool ok = true;
	for (uint32_t i = 0; ok; i++) {
		calls_request(q, 'r', i);
		ok = CHECK_EQ(n, 8) && CHECK(memcmp(back, q, 8) == 0);
		if (!ok) {
			diag("  message %u is not the call the client made", i);
			break;
		}
		/* The first two came with &from, the later ones with NULL. */
		CHECK_EQ(from, i < 2 ? c : -1);
		for (int k = 0; k < 8; k++)
			a[k] = answer_byte(back[k]);
		if (i == CALLS - 1) {
			CHECK_EQ(reply((int)c, a, 8), 0);
			break;
		}
		from = -1;
		n = reply_recv((int)c, a, 8, i == 0 ? &from : NULL, back, sizeof(back));
	}
	guard_stop(n == (long)strlen(REPLIER_ALARM) && !memcmp(back, REPLIER_ALARM, n));
	if (ok)
		CHECK_EQ(end_of(c), 0);  /* it checked every reply */
	mailbox_clean();
}

/* One server loop of reply_recv() serves three clients of five calls each: each client's
 * calls arrive in order, and the clients take turns (they queue first come, first served). */
static void test_server_loop(const struct test *t)
{
	enum { CLIENTS = 3, CALLS = 5 };
	long pid[CLIENTS];
	uint32_t next[CLIENTS] = { 0 };
	int order[CLIENTS * CALLS], served = 0, bad = 0, from = -1;
	unsigned char a[8];
	for (int k = 0; k < CLIENTS; k++) {
		pid[k] = replier_start("calls %ld %d %c", getpid(), CALLS, 'a' + k);
		if (pid[k] <= 0)
			return;
		msleep(20);  /* it calls, and waits in line, before the next one starts */
	}
	guard_start();
	long n = recv(&from, back, sizeof(back));
	bool rang = false;
	for (;;) {
		if ((rang = from_guard(from)))
			break;
		int k = back[0] - 'a';
		if (n != 8 || k < 0 || k >= CLIENTS) {
			diag("  got %ld bytes from %d", n, from);
			bad++;
			break;
		}
		uint32_t i = back[4] | back[5] << 8 | back[6] << 16 | (uint32_t)back[7] << 24;
		if (from != pid[k] || i != next[k]) {
			diag("  call %u of client %c from pid %d: want call %u from %ld", i, 'a' + k,
			     from, next[k], pid[k]);
			bad++;
		}
		next[k] = i + 1;
		order[served++] = k;
		for (int j = 0; j < 8; j++)
			a[j] = answer_byte(back[j]);
		if (served == CLIENTS * CALLS) {
			CHECK_EQ(reply(from, a, 8), 0);
			break;
		}
		from = -1;
		n = reply_recv((int)pid[k], a, 8, &from, back, sizeof(back));
	}
	guard_stop(rang);
	CHECK_EQ(bad, 0);
	CHECK_EQ(served, CLIENTS * CALLS);
	for (int j = 0; j < served; j++) {
		if (!CHECK_EQ(order[j], j % CLIENTS)) {
			diag("  call %d came from client %c", j, 'a' + order[j]);
			break;
		}
	}
	for (int k = 0; k < CLIENTS; k++)
		CHECK_EQ(end_of(pid[k]), 0);  /* each one checked its replies */
	mailbox_clean();
}

/* --- ESRCH, EDEADLK ----------------------------------------------------------------------- */

/* EDEADLK for the caller's own pid comes before any other check. */
static void test_call_self(const struct test *t)
{
	int me = (int)getpid();
	fill(msg, 8, 1);
	CHECK_EQ(call(me, msg, 8, back, 64), -EDEADLK);
	CHECK_EQ(call(me, msg, msg_max() + 1, back, 64), -EDEADLK);
	CHECK_EQ(call(me, NULL, 8, NULL, 64), -EDEADLK);
	mailbox_clean();
}

/* ESRCH from call to pids no process has, and to a child that has ended. */
static void test_call_no_such_pid(const struct test *t)
{
	static const int pids[] = { NO_SUCH_PID, 0, -1, 0x7FFFFFFF, INT32_MIN };
	fill(msg, 8, 1);
	for (size_t i = 0; i < sizeof(pids) / sizeof(pids[0]); i++)
		if (!CHECK_EQ(call(pids[i], msg, 8, back, 64), -ESRCH))
			diag("  call(%d) did not give ESRCH", pids[i]);
	/* A child that has ended and been reaped. */
	long pid = child_spawn("nop");
	if (CHECK(pid > 0) && CHECK_EQ(child_wait((int)pid, NULL), pid))
		CHECK_EQ(call((int)pid, msg, 8, back, 64), -ESRCH);
}

/* The server takes a client's call and exits without replying: the call ends with ESRCH. */
static void test_call_server_exits(const struct test *t)
{
	long srv = replier_start("serve");
	long c = srv > 0 ? replier_start("call %ld 64 %s", srv, CMD_EXIT) : 0;
	if (c <= 0)
		return;
	relay_check(c, -ESRCH, NULL);
	CHECK_EQ(end_of(srv), 0);
	mailbox_clean();
}

/* The server holds a client's call and is killed: the client's call ends with ESRCH. */
static void test_call_server_killed(const struct test *t)
{
	int status = -1;
	long srv = replier_start("serve");
	long c = srv > 0 ? replier_start("call %ld 64 %s", srv, CMD_HOLD) : 0;
	if (c <= 0)
		return;
	msleep(20);  /* srv takes the call and holds it */
	CHECK_EQ(kill((int)srv), 0);
	CHECK_EQ(child_wait((int)srv, &status), srv);
	CHECK_EQ(status, KILLED);
	relay_check(c, -ESRCH, NULL);
	mailbox_clean();
}

/* dst never receives and its mailbox is full, so a client's call waits to deliver; dst ends:
 * the call ends with ESRCH. */
static void test_call_dst_ends_in_send(const struct test *t)
{
	long nap = faulter_start("nap 100");
	if (!CHECK(nap > 0))
		return;
	CHECK_EQ(send((int)nap, "x", 1), 0);  /* it fills the mailbox, which nap never empties */
	long c = replier_start("call %ld 64 hello", nap);
	if (c <= 0)
		return;
	relay_check(c, -ESRCH, NULL);
	CHECK_EQ(end_of(nap), 0);  /* it ended first */
	mailbox_clean();
}

/* A client blocked in call is killed: it ends with 0x200 at once, whether it waits for the
 * reply (the server holds its call) or for room in dst's mailbox (dst never receives). The
 * server's late reply finds it gone. */
static void test_kill_in_call(const struct test *t)
{
	struct replier_stats st;
	long srv = replier_start("serve");
	long c = srv > 0 ? replier_start("call %ld 64 %s", srv, CMD_HOLD) : 0;
	if (c <= 0)
		return;
	msleep(20);  /* srv holds c's call */
	CHECK_EQ(kill((int)c), 0);
	CHECK_EQ(end_of(c), KILLED);
	CHECK_EQ(send((int)srv, "go", 2), 0);  /* srv answers the dead client */
	if (server_stats(srv, &st)) {
		CHECK_EQ(st.reply_esrch, 1);
		CHECK_EQ(st.reply_other, 0);
	}
	server_quit(srv);

	long spin = child_spawn("spin");
	if (!CHECK(spin > 0))
		return;
	CHECK_EQ(send((int)spin, "x", 1), 0);  /* spin never receives: its mailbox stays full */
	c = replier_start("call %ld 64 hello", spin);
	if (c <= 0)
		return;
	msleep(20);  /* c waits for room in spin's mailbox */
	CHECK_EQ(kill((int)c), 0);
	CHECK_EQ(end_of(c), KILLED);
	CHECK_EQ(kill((int)spin), 0);
	CHECK_EQ(child_wait((int)spin, NULL), spin);
	mailbox_clean();
}

/* reply() to a pid no process has, to ourselves, and to a process that is not in call. */
static void test_reply_not_calling(const struct test *t)
{
	static const int pids[] = { NO_SUCH_PID, 0, -1, 0x7FFFFFFF, INT32_MIN };
	for (size_t i = 0; i < sizeof(pids) / sizeof(pids[0]); i++)
		if (!CHECK_EQ(reply(pids[i], "x", 1), -ESRCH))
			diag("  reply(%d) did not give ESRCH", pids[i]);
	CHECK_EQ(reply((int)getpid(), "x", 1), -ESRCH);
	long srv = replier_start("serve");
	if (srv <= 0)
		return;
	msleep(10);  /* srv waits in recv */
	CHECK_EQ(reply((int)srv, "x", 1), -ESRCH);
	/* That left srv as it was: it serves the next call, and has received nothing else. */
	fill(msg, 8, 2);
	CHECK_EQ(call((int)srv, msg, 8, back, 64), 8);
	CHECK(is_answer(msg, back, 8));
	server_received(srv, 2);
	server_quit(srv);
	mailbox_clean();
}

/* A caller that has had its reply no longer waits for one; neither does a killed caller. */
static void test_reply_answered_or_killed(const struct test *t)
{
	int status = -1;
	long c = take_call(64, "hello");
	if (c <= 0)
		return;
	CHECK_EQ(reply((int)c, "one", 3), 0);
	CHECK_EQ(reply((int)c, "two", 3), -ESRCH);
	relay_check(c, 3, "one");

	c = take_call(64, "hello");
	if (c <= 0)
		return;
	CHECK_EQ(kill((int)c), 0);
	CHECK_EQ(reply((int)c, "late", 4), -ESRCH);  /* killed, not reaped yet */
	CHECK_EQ(child_wait((int)c, &status), c);
	CHECK_EQ(status, KILLED);
	CHECK_EQ(reply((int)c, "late", 4), -ESRCH);  /* reaped */
	mailbox_clean();
}

/* A client waits in call for another server's reply: ours is refused, and the client still
 * gets the right one. */
static void test_reply_other_server(const struct test *t)
{
	long srv = replier_start("serve");
	long c = srv > 0 ? replier_start("call %ld 64 %s", srv, CMD_HOLD) : 0;
	if (c <= 0)
		return;
	msleep(20);  /* c's call reaches srv, which holds it */
	CHECK_EQ(reply((int)c, "wrong", 5), -ESRCH);
	CHECK_EQ(send((int)srv, "go", 2), 0);  /* srv answers c now */
	relay_check(c, 8, "released");
	server_quit(srv);
	mailbox_clean();
}

/* Our mailbox is full, so a client's call to us still waits to deliver: it is not waiting for
 * a reply yet, and ours is refused. Once we have taken its call, a reply reaches it. */
static void test_reply_send_half(const struct test *t)
{
	int from = -1;
	char got[16];
	long f = replier_start("send %ld filler", getpid());
	if (f <= 0 || !CHECK_EQ(end_of(f), 0))  /* its message is in our mailbox */
		return;
	long c = replier_start("call %ld 64 hello", getpid());
	if (c <= 0)
		return;
	msleep(20);  /* c's call waits for room in our mailbox */
	CHECK_EQ(reply((int)c, "early", 5), -ESRCH);
	CHECK_EQ(recv(&from, got, sizeof(got)), 6);
	CHECK_EQ(from, f);
	CHECK(memcmp(got, "filler", 6) == 0);
	CHECK_EQ(recv_guarded(&from, got, sizeof(got)), 5);
	CHECK_EQ(from, c);
	CHECK(memcmp(got, "hello", 5) == 0);
	CHECK_EQ(reply((int)c, "late", 4), 0);
	relay_check(c, 4, "late");
	mailbox_clean();
}

/* --- EINVAL, EFAULT, EMSGSIZE ------------------------------------------------------------ */

/* EINVAL for a message longer than IPC_MSG_MAX, before EFAULT and ESRCH; the server receives
 * nothing. The longest message is fine. */
static void test_call_too_long(const struct test *t)
{
	size_t max = msg_max();
	long srv = replier_start("serve");
	if (srv <= 0)
		return;
	fill(msg, max + 1, 5);
	CHECK_EQ(call((int)srv, msg, max + 1, back, sizeof(back)), -EINVAL);
	CHECK_EQ(call((int)srv, msg, SIZE_MAX, back, sizeof(back)), -EINVAL);
	CHECK_EQ(call((int)srv, NULL, max + 1, back, sizeof(back)), -EINVAL);
	CHECK_EQ(call(NO_SUCH_PID, msg, max + 1, back, sizeof(back)), -EINVAL);
	server_received(srv, 1);
	CHECK_EQ(call((int)srv, msg, max, back, sizeof(back)), max);
	CHECK(is_answer(msg, back, max));
	server_quit(srv);
}

/* EINVAL from reply and reply_recv for a reply longer than IPC_MSG_MAX, though it would fit
 * the caller's buffer; the caller still waits, and the longest reply reaches it. */
static void test_reply_too_long(const struct test *t)
{
	size_t max = msg_max();
	int from = -1;
	long c = take_call(sizeof(back), "hello");
	if (c <= 0)
		return;
	fill(msg, max + 1, 6);
	memset(back, 0x5a, 64);
	CHECK_EQ(reply((int)c, msg, max + 1), -EINVAL);
	CHECK_EQ(reply_recv((int)c, msg, max + 1, &from, back, sizeof(back)), -EINVAL);
	CHECK_EQ(from, -1);
	CHECK(all_bytes(back, 64, 0x5a));
	CHECK_EQ(reply((int)c, msg, max), 0);
	relay_check(c, (long)max, msg);
	mailbox_clean();
}

/* EFAULT at once for a msg the kernel cannot read, to its last byte; the server receives
 * nothing. A msg that ends exactly at the edge of the heap is fine. */
static void test_call_bad_msg(const struct test *t)
{
	long want = 1;  /* the stats request */
	long srv = replier_start("serve");
	if (srv <= 0)
		return;
	CHECK_EQ(call((int)srv, NULL, 8, back, 64), -EFAULT);
	CHECK_EQ(call((int)srv, (const void *)ADDR_KERNEL_TEXT, 8, back, 64), -EFAULT);
	CHECK_EQ(call((int)srv, (const void *)ADDR_KERNEL_LOW, 8, back, 64), -EFAULT);
	CHECK_EQ(call((int)srv, (const void *)ADDR_NONCANON_LOW, 8, back, 64), -EFAULT);
	CHECK_EQ(call((int)srv, (const void *)ADDR_NONCANON_HIGH, 8, back, 64), -EFAULT);
	CHECK_EQ(call(NO_SUCH_PID, NULL, 8, back, 64), -EFAULT);  /* EFAULT before ESRCH */
	char *edge = heap_edge_get();
	if (CHECK(edge != NULL)) {
		memset(edge - 8, 0x90, 8);
		CHECK_EQ(call((int)srv, edge - 7, 8, back, 64), -EFAULT);  /* last byte unmapped */
		if (CHECK_EQ(call((int)srv, edge - 8, 8, back, 64), 8))
			want++;
		CHECK(is_answer((unsigned char *)edge - 8, back, 8));
		heap_edge_put();
	}
	server_received(srv, want);
	server_quit(srv);
}

/* EFAULT at once for a reply buffer the kernel cannot write, read-only memory included, to
 * its last byte (cap bytes); the server receives nothing. */
static void test_call_bad_reply_buffer(const struct test *t)
{
	long want = 1;
	long srv = replier_start("serve");
	if (srv <= 0)
		return;
	fill(msg, 8, 7);
	CHECK_EQ(call((int)srv, msg, 8, NULL, 64), -EFAULT);
	CHECK_EQ(call((int)srv, msg, 8, (void *)ADDR_KERNEL_TEXT, 64), -EFAULT);
	CHECK_EQ(call((int)srv, msg, 8, (void *)ADDR_KERNEL_LOW, 64), -EFAULT);
	CHECK_EQ(call((int)srv, msg, 8, (void *)ADDR_NONCANON_LOW, 64), -EFAULT);
	CHECK_EQ(call((int)srv, msg, 8, (void *)(uintptr_t)bug_text, 8), -EFAULT);
	CHECK_EQ(call((int)srv, msg, 8, (void *)(uintptr_t)"a string literal", 8), -EFAULT);
	CHECK_EQ(call(NO_SUCH_PID, msg, 8, NULL, 64), -EFAULT);  /* EFAULT before ESRCH */
	char *edge = heap_edge_get();
	if (CHECK(edge != NULL)) {
		memset(edge - 8, 0, 8);
		CHECK_EQ(call((int)srv, msg, 8, edge - 7, 8), -EFAULT);  /* last byte unmapped */
		CHECK(all_bytes((unsigned char *)edge - 8, 8, 0));
		if (CHECK_EQ(call((int)srv, msg, 8, edge - 8, 8), 8))
			want++;
		CHECK(is_answer(msg, (unsigned char *)edge - 8, 8));
		heap_edge_put();
	}
	server_received(srv, want);
	server_quit(srv);
}

/* Arguments are checked before call blocks: with dst's mailbox full (and dst never emptying
 * it), bad ones still fail at once. */
static void test_call_bad_args_full_mailbox(const struct test *t)
{
	long nap = faulter_start("nap 500");
	if (!CHECK(nap > 0))
		return;
	CHECK_EQ(send((int)nap, "x", 1), 0);
	fill(msg, 8, 8);
	long start = uptime();
	CHECK_EQ(call((int)nap, msg, 8, NULL, 64), -EFAULT);
	CHECK_EQ(call((int)nap, msg, 8, (void *)(uintptr_t)bug_text, 8), -EFAULT);
	CHECK_EQ(call((int)nap, NULL, 8, back, 64), -EFAULT);
	CHECK_EQ(call((int)nap, msg, msg_max() + 1, back, 64), -EINVAL);
	long took = uptime() - start;
	if (!CHECK(took < 250))
		diag("  the bad calls took %ld ms", took);
	CHECK_EQ(kill((int)nap), 0);
	CHECK_EQ(child_wait((int)nap, NULL), nap);
}

/* EFAULT from reply for a msg the kernel cannot read; the caller still waits, and a good
 * reply reaches it. */
static void test_reply_bad_msg(const struct test *t)
{
	long c = take_call(64, "hello");
	if (c <= 0)
		return;
	CHECK_EQ(reply((int)c, NULL, 8), -EFAULT);
	CHECK_EQ(reply((int)c, (const void *)ADDR_KERNEL_TEXT, 8), -EFAULT);
	CHECK_EQ(reply((int)c, (const void *)ADDR_NONCANON_LOW, 8), -EFAULT);
	CHECK_EQ(reply((int)c, (const void *)ADDR_NONCANON_HIGH, 8), -EFAULT);
	char *edge = heap_edge_get();
	if (CHECK(edge != NULL)) {
		CHECK_EQ(reply((int)c, edge - 7, 8), -EFAULT);
		heap_edge_put();
	}
	CHECK_EQ(reply((int)c, "good", 4), 0);
	relay_check(c, 4, "good");
	mailbox_clean();
}

/* EFAULT from reply_recv for a bad msg, from or buf, checked before anything happens: no
 * reply goes out (the caller still waits) and nothing is received. */
static void test_reply_recv_bad_args(const struct test *t)
{
	struct replier_relay rl;
	int from = -1;
	long c = take_call(64, "hello");
	if (c <= 0)
		return;
	char *edge = heap_edge_get();
	if (!CHECK(edge != NULL))
		return;
	memset(back, 0x5a, 64);
	CHECK_EQ(reply_recv((int)c, NULL, 8, &from, back, 64), -EFAULT);
	CHECK_EQ(reply_recv((int)c, (const void *)ADDR_KERNEL_TEXT, 8, &from, back, 64), -EFAULT);
	CHECK_EQ(reply_recv((int)c, edge - 7, 8, &from, back, 64), -EFAULT);
	CHECK_EQ(reply_recv((int)c, "good", 4, (int *)ADDR_KERNEL_LOW, back, 64), -EFAULT);
	CHECK_EQ(reply_recv((int)c, "good", 4, (int *)(uintptr_t)bug_text, back, 64), -EFAULT);
	CHECK_EQ(reply_recv((int)c, "good", 4, (int *)(edge - 3), back, 64), -EFAULT);
	CHECK_EQ(reply_recv((int)c, "good", 4, &from, NULL, 64), -EFAULT);
	CHECK_EQ(reply_recv((int)c, "good", 4, &from, (void *)ADDR_KERNEL_TEXT, 64), -EFAULT);
	CHECK_EQ(reply_recv((int)c, "good", 4, &from, (void *)(uintptr_t)bug_text, 8), -EFAULT);
	CHECK_EQ(reply_recv((int)c, "good", 4, &from, edge - 7, 8), -EFAULT);
	heap_edge_put();
	CHECK_EQ(from, -1);
	CHECK(all_bytes(back, 64, 0x5a));
	/* The caller was still waiting: this reply reaches it, and its relay comes back. */
	memset(&rl, 0xee, sizeof(rl));
	if (CHECK_EQ(reply_recv((int)c, "good", 4, &from, &rl, sizeof(rl)), sizeof(rl)) &&
	    CHECK_EQ(from, c))
		relay_verify(c, &rl, 4, "good");
	CHECK_EQ(end_of(c), 0);
	mailbox_clean();
}

/* EMSGSIZE from reply when the reply is longer than the caller's cap: nothing is delivered,
 * the caller keeps waiting, and a reply that fits (up to exactly cap) reaches it. */
static void test_reply_too_big_for_cap(const struct test *t)
{
	long c = take_call(8, "hello");
	if (c <= 0)
		return;
	fill(msg, 64, 9);
	CHECK_EQ(reply((int)c, "123456789", 9), -EMSGSIZE);
	CHECK_EQ(reply((int)c, msg, 64), -EMSGSIZE);
	CHECK_EQ(reply((int)c, "ok", 2), 0);
	relay_check(c, 2, "ok");

	c = take_call(8, "hello");
	if (c <= 0)
		return;
	CHECK_EQ(reply((int)c, "123456789", 9), -EMSGSIZE);
	CHECK_EQ(reply((int)c, "12345678", 8), 0);
	relay_check(c, 8, "12345678");

	c = take_call(0, "hello");  /* cap 0: only an empty reply fits */
	if (c <= 0)
		return;
	CHECK_EQ(reply((int)c, "x", 1), -EMSGSIZE);
	CHECK_EQ(reply((int)c, "", 0), 0);
	relay_check(c, 0, "");
	mailbox_clean();
}

/* reply_recv whose reply fails (ESRCH, EMSGSIZE, EINVAL) returns that error and receives
 * nothing: the message waiting in our mailbox stays for the next recv. */
static void test_reply_recv_fails(const struct test *t)
{
	int from = -1;
	char got[16];
	long c = take_call(8, "hello");
	if (c <= 0)
		return;
	long f = replier_start("send %ld filler", getpid());
	if (f <= 0 || !CHECK_EQ(end_of(f), 0))  /* its message is in our mailbox */
		return;
	fill(msg, msg_max() + 1, 10);
	memset(back, 0x5a, 64);
	CHECK_EQ(reply_recv(NO_SUCH_PID, "x", 1, &from, back, 64), -ESRCH);
	CHECK_EQ(reply_recv((int)getpid(), "x", 1, &from, back, 64), -ESRCH);
	CHECK_EQ(reply_recv((int)f, "x", 1, &from, back, 64), -ESRCH);  /* ended */
	CHECK_EQ(reply_recv((int)c, "123456789", 9, &from, back, 64), -EMSGSIZE);
	CHECK_EQ(reply_recv((int)c, msg, msg_max() + 1, &from, back, 64), -EINVAL);
	CHECK_EQ(from, -1);
	CHECK(all_bytes(back, 64, 0x5a));
	CHECK_EQ(recv(&from, got, sizeof(got)), 6);
	CHECK_EQ(from, f);
	CHECK(memcmp(got, "filler", 6) == 0);
	CHECK_EQ(reply((int)c, "fits", 4), 0);
	relay_check(c, 4, "fits");
	mailbox_clean();
}

/* reply_recv's receive half may fail on its own: the reply has gone out, then the next
 * message is too big for buf (EMSGSIZE), and stays for a recv with room for it. */
static void test_reply_recv_small_buf(const struct test *t)
{
	struct replier_relay rl;
	int from = -1;
	long c = take_call(64, "hello");
	if (c <= 0)
		return;
	CHECK_EQ(reply_recv((int)c, "sent", 4, &from, back, 4), -EMSGSIZE);
	memset(&rl, 0xee, sizeof(rl));
	if (CHECK_EQ(recv_guarded(&from, &rl, sizeof(rl)), sizeof(rl)) && CHECK_EQ(from, c))
		relay_verify(c, &rl, 4, "sent");
	CHECK_EQ(end_of(c), 0);
	mailbox_clean();
}

/* --- A waiting caller ---------------------------------------------------------------------- */

/* The server sends the caller a message before it replies: the call returns the reply, and the
 * message waits in the caller's mailbox for its next recv. */
static void test_call_queued_message(const struct test *t)
{
	int from = -1;
	char got[16];
	long srv = replier_start("serve");
	if (srv <= 0)
		return;
	memset(back, 0, 64);
	CHECK_EQ(call((int)srv, CMD_SENDFIRST, strlen(CMD_SENDFIRST), back, 64), 6);
	CHECK(memcmp(back, "answer", 6) == 0);
	CHECK_EQ(recv_guarded(&from, got, sizeof(got)), 6);
	CHECK_EQ(from, srv);
	CHECK(memcmp(got, "queued", 6) == 0);
	server_quit(srv);
	mailbox_clean();
}

/* A message sent to a client waiting in call does not end the wait: the client still takes
 * the reply that comes later. */
static void test_call_not_woken(const struct test *t)
{
	long c = take_call(64, "hello");
	if (c <= 0)
		return;
	CHECK_EQ(send((int)c, "note", 4), 0);  /* into its empty mailbox */
	msleep(20);
	CHECK_EQ(reply((int)c, "answer", 6), 0);  /* it was still waiting */
	relay_check(c, 6, "answer");
	mailbox_clean();
}

/* --- Stress -------------------------------------------------------------------------------- */

/* A server answers 100000 calls, each one checked; once it is reaped, the frames and kernel
 * heap in use are what they were before it started (after one warm-up server). */
static void test_many_calls(const struct test *t)
{
	struct mk_meminfo before, after;
	struct replier_stats st;
	unsigned char q[8], a[8];
	long srv = 0, bad = 0;
	for (int round = 0; round < 2; round++) {
		srv = replier_start("serve");
		if (srv <= 0)
			return;
		long calls = round == 0 ? 100 : MANY_CALLS;
		for (long i = 0; i < calls && bad < 10; i++) {
			calls_request(q, 'm', (uint32_t)i);
			long r = call((int)srv, q, sizeof(q), a, sizeof(a));
			if (r != (long)sizeof(q) || !is_answer(q, a, sizeof(q))) {
				diag("  call %ld returned %ld", i, r);
				bad++;
			}
		}
		if (server_stats(srv, &st))
			CHECK_EQ(st.received, calls + 1);
		server_quit(srv);
		if (round == 0)
			CHECK_EQ(meminfo(&before), 0);
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(meminfo(&after), 0);
	CHECK_EQ(after.free_frames, before.free_frames);
	CHECK_EQ(after.heap_used, before.heap_used);
}

/* Lets a child get as far as round r says before the kill: from not at all to a few calls. */
static void let_child_run(int r)
{
	if (r % 12 == 11) {
		msleep(1);
		return;
	}
	for (int y = 0; y < r % 12; y++)
		yield();
}

/* A client calling a server again and again is killed at many different moments (before it
 * starts, its call on the way, waiting for the reply, ...): it always ends with 0x200 at once;
 * the server's replies to dead clients are refused with ESRCH and it serves on; nothing
 * leaks. */
static void test_kill_races_call(const struct test *t)
{
	struct mk_meminfo before, after;
	struct replier_stats st;
	char nap[24];
	int lost = 0, wrong = 0, status;
	snprintf(nap, sizeof(nap), "nap %d", 30000);
	long srv = replier_start("serve");
	long sentinel = faulter_start(nap);  /* ends first only if a kill was lost */
	if (srv <= 0 || !CHECK(sentinel > 0))
		return;
	for (int r = -1; r < RACE_ROUNDS && !lost; r++) {
		if (r == 0)
			CHECK_EQ(meminfo(&before), 0);  /* after a warm-up round */
		long pid = replier_start("calls %ld 0 k", srv);
		if (pid <= 0)
			break;
		if (r < 0)
			msleep(5);
		else
			let_child_run(r);
		CHECK_EQ(kill((int)pid), 0);
		status = -1;
		long got = child_wait(-1, &status);
		if (got == sentinel) {
			diag("round %d: the kill of a client in call was lost (still there after 30 s)",
			     r);
			lost = 1;
		} else if (got != pid || status != KILLED) {
			diag("round %d: wait gave pid %ld (want %ld), status %#x", r, got, pid, status);
			wrong++;
		}
	}
	CHECK_EQ(lost, 0);
	CHECK_EQ(wrong, 0);
	CHECK_EQ(meminfo(&after), 0);
	CHECK_EQ(after.free_frames, before.free_frames);
	CHECK_EQ(after.heap_used, before.heap_used);
	/* The server serves on. */
	fill(msg, 8, 11);
	CHECK_EQ(call((int)srv, msg, 8, back, 64), 8);
	CHECK(is_answer(msg, back, 8));
	if (server_stats(srv, &st)) {
		CHECK_EQ(st.reply_other, 0);
		diag("the server took %ld calls; %ld replies found the client dead", st.received,
		     st.reply_esrch);
	}
	server_quit(srv);
	CHECK_EQ(kill((int)sentinel), 0);
	CHECK_EQ(child_wait((int)sentinel, NULL), sentinel);
}

static const struct test tests[] = {
	{ "call: replies of 0, 1, 8, 64 and IPC_MSG_MAX bytes come back intact",
	  test_call_lengths, NULL, 0 },
	{ "call: returns the reply's length, not the request's", test_call_reply_length, NULL,
	  0 },
	{ "reply_recv: answers, then returns the next call and its sender (from may be NULL)",
	  test_reply_recv_next, NULL, 0 },
	{ "reply_recv: one server loop serves three clients in turn", test_server_loop, NULL, 0 },
	{ "call: EDEADLK for the caller's own pid, before any other check", test_call_self, NULL,
	  0 },
	{ "call: ESRCH for pids no process has", test_call_no_such_pid, NULL, 0 },
	{ "call: ESRCH when the server exits before replying", test_call_server_exits, NULL, 0 },
	{ "call: ESRCH when the server is killed before replying", test_call_server_killed, NULL,
	  0 },
	{ "call: ESRCH when dst ends while the call waits for room in its mailbox",
	  test_call_dst_ends_in_send, NULL, 0 },
	{ "call: kill a client blocked in call, in either half: status 0x200", test_kill_in_call,
	  NULL, 0 },
	{ "reply: ESRCH for a pid no process has, ourselves, a process not in call",
	  test_reply_not_calling, NULL, 0 },
	{ "reply: ESRCH to a caller already answered, or killed", test_reply_answered_or_killed,
	  NULL, 0 },
	{ "reply: ESRCH to a process waiting in call for another server", test_reply_other_server,
	  NULL, 0 },
	{ "reply: ESRCH to a caller still waiting for room in our mailbox", test_reply_send_half,
	  NULL, 0 },
	{ "call: EINVAL for len > IPC_MSG_MAX, before EFAULT and ESRCH; nothing delivered",
	  test_call_too_long, NULL, 0 },
	{ "reply, reply_recv: EINVAL for len > IPC_MSG_MAX; the caller keeps waiting",
	  test_reply_too_long, NULL, 0 },
	{ "call: EFAULT for a bad msg, to its last byte; nothing delivered", test_call_bad_msg,
	  NULL, 0 },
	{ "call: EFAULT for a bad or read-only reply buffer; nothing delivered",
	  test_call_bad_reply_buffer, NULL, 0 },
	{ "call: bad arguments fail at once, even when dst's mailbox is full",
	  test_call_bad_args_full_mailbox, NULL, 0 },
	{ "reply: EFAULT for a bad msg; the caller keeps waiting", test_reply_bad_msg, NULL, 0 },
	{ "reply_recv: EFAULT for a bad msg, from or buf; nothing replied or received",
	  test_reply_recv_bad_args, NULL, 0 },
	{ "reply: EMSGSIZE for len > the caller's cap; a reply that fits still arrives",
	  test_reply_too_big_for_cap, NULL, 0 },
	{ "reply_recv: a reply that fails returns its error and receives nothing",
	  test_reply_recv_fails, NULL, 0 },
	{ "reply_recv: EMSGSIZE from the receive comes after the reply went out",
	  test_reply_recv_small_buf, NULL, 0 },
	{ "call: a message sent to the caller while it waits stays queued",
	  test_call_queued_message, NULL, 0 },
	{ "call: a message to a waiting caller does not end its wait", test_call_not_woken, NULL,
	  0 },
	{ "call: 100000 calls to a server leak no frames and no kernel heap", test_many_calls,
	  NULL, 0 },
	{ "call: kill lands on call, whenever it comes; the server serves on",
	  test_kill_races_call, NULL, 0 },
};
TEST_TABLE(call_tests, tests);
