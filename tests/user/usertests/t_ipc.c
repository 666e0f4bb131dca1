/* t_ipc.c - tests of send and recv, with the echo and spin programs as partners. */
#include <stdio.h>
#include <string.h>
#include "usertests.h"

#define NO_SUCH_PID 30000

/* Asks echo to quit and reaps it. */
static void echo_quit(long pid)
{
	int status = -1;
	CHECK_EQ(send((int)pid, "quit", 4), 0);
	CHECK_EQ(child_wait((int)pid, &status), pid);
	CHECK_EQ(status, 0);
}

/* Sends len bytes of a pattern to echo and checks what comes back. */
static void round_trip(long pid, size_t len)
{
	unsigned char msg[64], back[128];
	int from = -1;
	for (size_t i = 0; i < len; i++)
		msg[i] = (unsigned char)(len * 7 + i * 13 + 1);
	memset(back, 0, sizeof(back));
	CHECK_EQ(send((int)pid, msg, len), 0);
	if (!CHECK_EQ(recv(&from, back, sizeof(back)), len))
		return;
	CHECK_EQ(from, pid);
	if (!CHECK(memcmp(msg, back, len) == 0))
		diag("  a message of %zu bytes came back changed", len);
}

static void test_round_trip(const struct test *t)
{
	static const size_t lens[] = { 0, 1, 8, 64 };
	char back[16];
	long pid = child_spawn("echo");
	if (!CHECK(pid >= 1))
		return;
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		round_trip(pid, lens[i]);
	/* from may be NULL. */
	CHECK_EQ(send((int)pid, "12345678", 8), 0);
	CHECK_EQ(recv(NULL, back, sizeof(back)), 8);
	CHECK(memcmp(back, "12345678", 8) == 0);
	echo_quit(pid);
}

/* Every length from 0 up to the kernel's largest message (found by its EINVAL). */
static void test_every_length(const struct test *t)
{
	static unsigned char msg[8192], back[8192];
	long pid = child_spawn("echo");
	if (!CHECK(pid >= 1))
		return;
	size_t len, bad = 0;
	int from;
	for (len = 0; len < sizeof(msg); len++) {
		for (size_t i = 0; i < len; i++)
			msg[i] = (unsigned char)(len + i * 7);
		long r = send((int)pid, msg, len);
		if (r == -EINVAL)
			break;
		if (r != 0 || recv(&from, back, sizeof(back)) != (long)len ||
		    memcmp(msg, back, len) != 0)
			bad++;
	}
	diag("largest message: %zu bytes", len - 1);
	CHECK(len - 1 >= MK_IPC_MSG_MIN);
	CHECK_EQ(bad, 0);
	echo_quit(pid);
}

/* Three senders queue on our full mailbox: each one's messages come in order, and they are
 * served first come, first served. */
static void test_fifo_senders(const struct test *t)
{
	char mode[32], msg[8];
	long pid[3];
	int from, seen = 0;
	char first[3], next[3] = { '0', '0', '0' };
	size_t bad = 0;
	for (int i = 0; i < 3; i++) {
		snprintf(mode, sizeof(mode), "seq %ld %c", getpid(), 'a' + i);
		pid[i] = faulter_start(mode);
		if (!CHECK(pid[i] >= 1))
			return;
		msleep(20);  /* it deposits or queues before the next one starts */
	}
	for (int n = 0; n < 15; n++) {
		if (recv(&from, msg, sizeof(msg)) != 3) {
			bad++;
			continue;
		}
		int k = msg[0] - 'a';
		if (k < 0 || k > 2 || msg[2] != next[k]++) {
			bad++;
			continue;
		}
		if (msg[2] == '0')
			first[seen++] = msg[0];
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(seen, 3);
	CHECK(seen == 3 && first[0] == 'a' && first[1] == 'b' && first[2] == 'c');
	for (int i = 0; i < 3; i++)
		CHECK_EQ(child_wait((int)pid[i], NULL), pid[i]);
}

/* Starts spin (which never reads) and a child that sends to it until send() blocks on the
 * full mailbox. Returns the sender's pid (or <= 0); *dst gets spin's. */
static long flood_spin(long *dst)
{
	char mode[32];
	*dst = child_spawn("spin");
	if (!CHECK(*dst >= 1))
		return 0;
	snprintf(mode, sizeof(mode), "flood %ld", *dst);
	long pid = faulter_start(mode);
	CHECK(pid >= 1);
	return pid;
}

/* A child blocked in send (its destination never reads) can still be killed. */
static void test_kill_in_send(const struct test *t)
{
	int status = -1;
	long dst, pid = flood_spin(&dst);
	if (pid < 1)
		return;
	msleep(50);
	CHECK_EQ(kill((int)pid), 0);
	CHECK_EQ(child_wait((int)pid, &status), pid);
	CHECK_EQ(status, MK_STATUS_KILLED);
	CHECK_EQ(kill((int)dst), 0);
	CHECK_EQ(child_wait((int)dst, NULL), dst);
}

static void test_send_errors(const struct test *t)
{
	static const char msg[8] = "BUG!ipc";
	CHECK_EQ(send((int)getpid(), msg, sizeof(msg)), -EDEADLK);
	CHECK_EQ(send(NO_SUCH_PID, msg, sizeof(msg)), -ESRCH);

	long pid = child_spawn("echo");
	if (!CHECK(pid >= 1))
		return;
	/* A readable megabyte, so that only the length is wrong. */
	char *big = sbrk(1 << 20);
	if (CHECK(big != (char *)-1)) {
		CHECK_EQ(send((int)pid, big, 1 << 20), -EINVAL);
		sbrk(-(1 << 20));
	}
	CHECK_EQ(send((int)pid, NULL, 8), -EFAULT);
	CHECK_EQ(send((int)pid, (const void *)ADDR_KERNEL_TEXT, 8), -EFAULT);
	CHECK_EQ(send((int)pid, (const void *)ADDR_NONCANON_HIGH, 8), -EFAULT);
	char *edge = heap_edge_get();
	if (CHECK(edge != NULL)) {
		CHECK_EQ(send((int)pid, edge - 4, 8), -EFAULT);
		heap_edge_put();
	}
	echo_quit(pid);
	CHECK_EQ(send((int)pid, msg, sizeof(msg)), -ESRCH);  /* it has ended */
}

static void test_recv_errors(const struct test *t)
{
	char buf[64];
	int from;
	/* Our mailbox is empty: bad arguments must fail at once, not block. */
	CHECK_EQ(recv(&from, NULL, sizeof(buf)), -EFAULT);
	CHECK_EQ(recv(&from, (void *)ADDR_KERNEL_TEXT, sizeof(buf)), -EFAULT);
	CHECK_EQ(recv((int *)ADDR_KERNEL_LOW, buf, sizeof(buf)), -EFAULT);
	CHECK_EQ(recv((int *)(uintptr_t)bug_text, buf, sizeof(buf)), -EFAULT);
}

static void test_recv_keeps(const struct test *t)
{
	char buf[16];
	int from = -1;
	long pid = child_spawn("echo");
	if (!CHECK(pid >= 1))
		return;
	CHECK_EQ(send((int)pid, "12345678", 8), 0);
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(recv(&from, buf, 4), -EMSGSIZE);   /* waits for the reply */
	CHECK_EQ(recv(&from, buf, 0), -EMSGSIZE);
	CHECK_EQ(recv(&from, NULL, sizeof(buf)), -EFAULT);
	CHECK_EQ(recv((int *)ADDR_KERNEL_LOW, buf, sizeof(buf)), -EFAULT);
	CHECK_EQ(recv((int *)(uintptr_t)bug_text, buf, sizeof(buf)), -EFAULT);
	CHECK_EQ(recv(&from, (void *)(uintptr_t)bug_text, sizeof(buf)), -EFAULT);
	CHECK(memcmp(buf, "\0\0\0\0\0\0\0\0", 8) == 0);    /* nothing was copied */
	CHECK_EQ(recv(&from, buf, 8), 8);           /* exactly the room it needs */
	CHECK(memcmp(buf, "12345678", 8) == 0);
	CHECK_EQ(from, pid);
	echo_quit(pid);
}

static void test_kill_in_recv(const struct test *t)
{
	int status = -1;
	long pid = child_spawn("echo");
	if (!CHECK(pid >= 1))
		return;
	msleep(10);
	CHECK_EQ(kill((int)pid), 0);
	CHECK_EQ(child_wait((int)pid, &status), pid);
	CHECK_EQ(status, MK_STATUS_KILLED);
}

static void test_send_to_dying(const struct test *t)
{
	/* The child sends to spin, which never reads, until its mailbox is full and send()
	 * blocks; killing spin must end that send() with ESRCH (the child then exits 0). */
	long dst, pid = flood_spin(&dst);
	if (pid < 1)
		return;
	msleep(100);
	CHECK_EQ(kill((int)dst), 0);
	CHECK_EQ(child_wait((int)dst, NULL), dst);
	int status = -1;
	CHECK_EQ(child_wait((int)pid, &status), pid);
	CHECK_EQ(status, 0);
}

static const struct test tests[] = {
	{ "ipc: echo round trip of 0, 1, 8 and 64 bytes", test_round_trip, NULL, 0 },
	{ "ipc: every length up to the largest message, intact", test_every_length, NULL, 0 },
	{ "ipc: queued senders served first come, first served, in order", test_fifo_senders,
	  NULL, 0 },
	{ "kill a child blocked in send: status 0x200", test_kill_in_send, NULL, 0 },
	{ "send errors: EDEADLK, ESRCH, EINVAL, EFAULT", test_send_errors, NULL, 0 },
	{ "recv with bad pointers fails at once with EFAULT", test_recv_errors, NULL, 0 },
	{ "recv keeps the message after EMSGSIZE and EFAULT", test_recv_keeps, NULL, 0 },
	{ "kill a child blocked in recv: status 0x200", test_kill_in_recv, NULL, 0 },
	{ "send blocked on a full mailbox ends with ESRCH when dst dies", test_send_to_dying,
	  NULL, 0 },
};
TEST_TABLE(ipc_tests, tests);
