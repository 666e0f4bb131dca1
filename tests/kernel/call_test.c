/* call_test.c - in-kernel tests of call, reply and reply_recv between kernel threads. */
#include <kern/errno.h>
#include <kern/frame.h>
#include <kern/ipc.h>
#include <kern/kmalloc.h>
#include "ktest.h"
#include <kern/sched.h>
#include <kern/task.h>
#include <kern/vm.h>
#include <lib/string.h>

#define NO_SUCH_TASK 0x7FFFFFF0

static volatile int main_id, callers_done, servers_done;

/* Waits (sleeping, so the others run) until *count reaches want or 2.5 s pass. */
static bool wait_count(volatile int *count, int want)
{
	for (int i = 0; i < 500 && *count < want; i++)
		sched_sleep_ms(5);
	return *count >= want;
}

/* --- Helper tasks ----------------------------------------------------------------------- */

/* Answers every call with its request, every byte plus one: recv for the first call, then
 * reply_recv. The 4-byte request "quit" is answered, then the server returns. */
static void server(void *arg)
{
	static uint8_t buf[IPC_MSG_MAX];  /* one server at a time */
	int from;
	long n = ipc_recv_kernel(&from, buf, sizeof(buf));
	while (n >= 0) {
		bool quit = n == 4 && memcmp(buf, "quit", 4) == 0;
		for (long i = 0; i < n; i++)
			buf[i]++;
		if (quit) {
			ipc_reply_kernel(from, buf, (size_t)n);
			break;
		}
		/* The reply leaves buf before the next request comes in: one buffer does both. */
		n = ipc_reply_recv_kernel(from, buf, (size_t)n, &from, buf, sizeof(buf));
	}
	servers_done++;
}

/* Takes one call and ends without answering it. */
static void taker(void *arg)
{
	uint8_t buf[16];
	int from;
	ipc_recv_kernel(&from, buf, sizeof(buf));
	servers_done++;
}

/* Takes one call and holds it until a plain message comes (or it is killed), then answers
 * "released". */
static void holder(void *arg)
{
	uint8_t buf[16];
	int client, other;
	if (ipc_recv_kernel(&client, buf, sizeof(buf)) >= 0 &&
	    ipc_recv_kernel(&other, buf, sizeof(buf)) >= 0)
		ipc_reply_kernel(client, "released", 8);
	servers_done++;
}

/* Takes one call, sends the caller a message (it waits in call: the message stays in its
 * mailbox), waits a little, then answers "answer". */
static void send_first(void *arg)
{
	uint8_t buf[16];
	int from;
	if (ipc_recv_kernel(&from, buf, sizeof(buf)) >= 0) {
		ipc_send_kernel(from, "queued", 6);
		sched_sleep_ms(10);
		ipc_reply_kernel(from, "answer", 6);
	}
	servers_done++;
}

/* Sends main one message and ends. */
static void filler(void *arg)
{
	ipc_send_kernel(main_id, "filler", 6);
	servers_done++;
}

/* One call to call_dst with "hello" and a reply buffer of call_cap bytes; the result goes to
 * call_result, the reply to call_reply (zeroed first). With call_then_recv, it then receives
 * one message into call_note (note_result, note_from). */
static volatile int call_dst, call_then_recv, note_from;
static volatile size_t call_cap;
static volatile long call_result, note_result;
static uint8_t call_reply[IPC_MSG_MAX + 8], call_note[16];

static void caller(void *arg)
{
	int from = -1;
	memset(call_reply, 0, sizeof(call_reply));
	call_result = ipc_call_kernel(call_dst, "hello", 5, call_reply, call_cap);
	if (call_then_recv) {
		note_result = ipc_recv_kernel(&from, call_note, sizeof(call_note));
		note_from = from;
	}
	callers_done++;
}

/* Starts caller (to dst, with cap, then_recv) with nothing done yet. @return its id */
static int start_caller(int dst, size_t cap, int then_recv)
{
	call_dst = dst;
	call_cap = cap;
	call_then_recv = then_recv;
	call_result = 1;  /* no call returns this */
	callers_done = 0;
	return create_task("caller", caller, 0);
}

/* Starts caller, calling us, and takes its call. @return its id, or -1 */
static int take_call(size_t cap)
{
	uint8_t buf[16];
	int from = -1;
	main_id = sched_current_id();
	int c = start_caller(main_id, cap, 0);
	if (!KT_EQ(ipc_recv_kernel(&from, buf, sizeof(buf)), 5) || !KT_EQ(from, c) ||
	    !KT_ASSERT(memcmp(buf, "hello", 5) == 0))
		return -1;
	return c;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* --- Tests ------------------------------------------------------------------------------ */

/* A server's answers of 0, 1, 8, 64 and IPC_MSG_MAX bytes come back intact, and nothing past
 * them is written; a reply of another length than the request's gives that length. */
KTEST(call_reply_content_and_length)
{
	static uint8_t out[IPC_MSG_MAX], in[IPC_MSG_MAX + 8];
	static const size_t lens[] = { 0, 1, 8, 64, IPC_MSG_MAX };
	int bad = 0;
	servers_done = 0;
	int s = create_task("server", server, 0);
	for (size_t k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
		size_t len = lens[k];
		for (size_t i = 0; i < len; i++)
			out[i] = (uint8_t)(0x80 | (len * 7 + i * 13));
		memset(in, 0xee, sizeof(in));
		bad += ipc_call_kernel(s, out, len, in, sizeof(in)) != (long)len;
		for (size_t i = 0; i < len; i++)
			bad += in[i] != (uint8_t)(out[i] + 1);
		bad += in[len] != 0xee;
	}
	KT_EQ(bad, 0);
	KT_EQ(ipc_call_kernel(s, out, 8, in, 8), 8);  /* a buffer of exactly the reply's size */
	KT_EQ(ipc_call_kernel(s, "quit", 4, in, 4), 4);
	KT_ASSERT(wait_count(&servers_done, 1));

	/* We answer a 5-byte call with 17 bytes. */
	int c = take_call(64);
	if (c < 0)
		return;
	for (size_t i = 0; i < 17; i++)
		out[i] = (uint8_t)(i * 3 + 1);
	KT_EQ(ipc_reply_kernel(c, out, 17), 0);
	KT_ASSERT(wait_count(&callers_done, 1));
	KT_EQ(call_result, 17);
	KT_ASSERT(memcmp(call_reply, out, 17) == 0);
	KT_ASSERT(all_zero(call_reply + 17, 64 - 17));
}

/* EDEADLK first, then EINVAL, then ESRCH, as send checks them. */
KTEST(call_errors_edeadlk_einval_esrch)
{
	static uint8_t big[IPC_MSG_MAX + 1];
	uint8_t in[8];
	int me = sched_current_id();
	KT_EQ(ipc_call_kernel(me, "x", 1, in, sizeof(in)), -EDEADLK);
	KT_EQ(ipc_call_kernel(me, big, sizeof(big), in, sizeof(in)), -EDEADLK);
	KT_EQ(ipc_call_kernel(NO_SUCH_TASK, big, sizeof(big), in, sizeof(in)), -EINVAL);
	KT_EQ(ipc_call_kernel(NO_SUCH_TASK, "x", 1, in, sizeof(in)), -ESRCH);
	KT_EQ(ipc_call_kernel(0, "x", 1, in, sizeof(in)), -ESRCH);
	KT_EQ(ipc_call_kernel(-1, "x", 1, in, sizeof(in)), -ESRCH);
}

/* reply and reply_recv refuse a reply longer than IPC_MSG_MAX, even to a caller with room for
 * it; the caller keeps waiting and a good reply still reaches it. */
KTEST(call_reply_einval_caller_keeps_waiting)
{
	static uint8_t big[IPC_MSG_MAX + 1];
	uint8_t buf[16];
	int from = -1;
	int c = take_call(sizeof(call_reply));  /* more than IPC_MSG_MAX + 1 */
	if (c < 0)
		return;
	memset(buf, 0x5a, sizeof(buf));
	KT_EQ(ipc_reply_kernel(c, big, sizeof(big)), -EINVAL);
	KT_EQ(ipc_reply_recv_kernel(c, big, sizeof(big), &from, buf, sizeof(buf)), -EINVAL);
	KT_EQ(from, -1);
	KT_EQ(buf[0], 0x5a);
	sched_sleep_ms(10);
	KT_EQ(callers_done, 0);
	KT_EQ(ipc_reply_kernel(c, "ok", 2), 0);
	KT_ASSERT(wait_count(&callers_done, 1));
	KT_EQ(call_result, 2);
	KT_ASSERT(memcmp(call_reply, "ok", 2) == 0);
}

/* ESRCH from reply: no such task, ourselves, a task not in call, a caller already answered. */
KTEST(call_reply_esrch_not_waiting)
{
	KT_EQ(ipc_reply_kernel(NO_SUCH_TASK, "x", 1), -ESRCH);
	KT_EQ(ipc_reply_kernel(0, "x", 1), -ESRCH);
	KT_EQ(ipc_reply_kernel(sched_current_id(), "x", 1), -ESRCH);

	servers_done = 0;
	int s = create_task("server", server, 0);
	sched_sleep_ms(5);  /* it waits in recv, not in call */
	KT_EQ(ipc_reply_kernel(s, "x", 1), -ESRCH);
	uint8_t in[8];
	KT_EQ(ipc_call_kernel(s, "quit", 4, in, sizeof(in)), 4);  /* it serves on */
	KT_ASSERT(wait_count(&servers_done, 1));

	int c = take_call(64);
	if (c < 0)
		return;
	KT_EQ(ipc_reply_kernel(c, "one", 3), 0);
	KT_EQ(ipc_reply_kernel(c, "two", 3), -ESRCH);
	KT_ASSERT(wait_count(&callers_done, 1));
	KT_EQ(call_result, 3);
	KT_ASSERT(memcmp(call_reply, "one", 3) == 0);
}

/* ESRCH from reply to a task that waits in call for another server's reply; that server's
 * reply still reaches it. */
KTEST(call_reply_esrch_caller_of_another)
{
	servers_done = 0;
	int h = create_task("holder", holder, 0);
	int c = start_caller(h, 64, 0);
	sched_sleep_ms(10);  /* the holder has the call */
	KT_EQ(ipc_reply_kernel(c, "wrong", 5), -ESRCH);
	KT_EQ(ipc_send_kernel(h, "go", 2), 0);
	KT_ASSERT(wait_count(&callers_done, 1));
	KT_EQ(call_result, 8);
	KT_ASSERT(memcmp(call_reply, "released", 8) == 0);
	KT_ASSERT(wait_count(&servers_done, 1));
}

/* ESRCH from reply to a caller still in call's send half (our mailbox is full): it does not
 * wait for a reply yet. Once we take its call, the reply reaches it. */
KTEST(call_reply_esrch_send_half)
{
	uint8_t buf[16];
	int from;
	main_id = sched_current_id();
	servers_done = 0;
	create_task("filler", filler, 0);
	KT_ASSERT(wait_count(&servers_done, 1));  /* its message is in our mailbox */
	int c = start_caller(main_id, 64, 0);
	sched_sleep_ms(10);  /* the caller waits for room */
	KT_EQ(ipc_reply_kernel(c, "early", 5), -ESRCH);
	KT_EQ(ipc_recv_kernel(&from, buf, sizeof(buf)), 6);
	KT_ASSERT(memcmp(buf, "filler", 6) == 0);
	KT_EQ(ipc_recv_kernel(&from, buf, sizeof(buf)), 5);
	KT_EQ(from, c);
	KT_EQ(ipc_reply_kernel(c, "late", 4), 0);
	KT_ASSERT(wait_count(&callers_done, 1));
	KT_EQ(call_result, 4);
	KT_ASSERT(memcmp(call_reply, "late", 4) == 0);
}

/* ESRCH from call when the server ends before replying: it returns, or it is killed. */
KTEST(call_esrch_server_ends_before_reply)
{
	servers_done = 0;
	int s = create_task("taker", taker, 0);
	start_caller(s, 64, 0);
	KT_ASSERT(wait_count(&callers_done, 1));
	KT_EQ(call_result, -ESRCH);
	KT_ASSERT(wait_count(&servers_done, 1));

	servers_done = 0;
	int h = create_task("holder", holder, 0);
	start_caller(h, 64, 0);
	sched_sleep_ms(10);  /* the holder has the call */
	KT_EQ(task_kill(h), 0);
	KT_ASSERT(wait_count(&callers_done, 1));
	KT_EQ(call_result, -ESRCH);
	KT_ASSERT(wait_count(&servers_done, 1));
}

/* EMSGSIZE from reply when the reply is longer than the caller's buffer: nothing is delivered,
 * the caller keeps waiting, and a reply that fits reaches it. */
KTEST(call_reply_emsgsize_caller_keeps_waiting)
{
	uint8_t buf[16];
	int from = -1;
	int c = take_call(8);
	if (c < 0)
		return;
	memset(buf, 0x5a, sizeof(buf));
	KT_EQ(ipc_reply_kernel(c, "123456789", 9), -EMSGSIZE);
	KT_EQ(ipc_reply_recv_kernel(c, "123456789", 9, &from, buf, sizeof(buf)), -EMSGSIZE);
	KT_EQ(from, -1);
	KT_EQ(buf[0], 0x5a);
	sched_sleep_ms(10);
	KT_EQ(callers_done, 0);
	KT_EQ(ipc_reply_kernel(c, "ok", 2), 0);
	KT_ASSERT(wait_count(&callers_done, 1));
	KT_EQ(call_result, 2);
	KT_ASSERT(memcmp(call_reply, "ok", 2) == 0);
	KT_ASSERT(all_zero(call_reply + 2, 8 - 2));
}

/* A killed caller's call ends with EINTR; a reply to it is refused with ESRCH, even before
 * it has run again. */
KTEST(call_caller_killed)
{
	int c = take_call(64);
	if (c < 0)
		return;
	KT_EQ(task_kill(c), 0);
	KT_EQ(ipc_reply_kernel(c, "late", 4), -ESRCH);
	KT_ASSERT(wait_count(&callers_done, 1));
	KT_EQ(call_result, -EINTR);
}

/* Three clients, five calls each, served by one loop of reply_recv: each one's calls arrive
 * in order, and they take turns (they queue on our mailbox first come, first served). */
static volatile int client_bad;

static void client(void *arg)
{
	uint8_t k = (uint8_t)(uintptr_t)arg;
	for (uint8_t i = 0; i < 5; i++) {
		uint8_t q[2] = { k, i }, a[4];
		long r = ipc_call_kernel(main_id, q, sizeof(q), a, sizeof(a));
		if (r != 2 || a[0] != (uint8_t)(k + 1) || a[1] != (uint8_t)(i + 1))
			client_bad++;
	}
	callers_done++;
}

KTEST(call_reply_recv_serves_several)
{
	enum { CLIENTS = 3, CALLS = 5 };
	uint8_t q[4], next[CLIENTS] = { 0 };
	int from = -1, bad = 0, ids[CLIENTS];
	main_id = sched_current_id();
	callers_done = client_bad = 0;
	for (uintptr_t k = 0; k < CLIENTS; k++)
		ids[k] = create_task("client", client, (void *)k);
	sched_sleep_ms(20);  /* one call in our mailbox, the others queued behind it */
	long n = ipc_recv_kernel(&from, q, sizeof(q));
	for (int j = 0; j < CLIENTS * CALLS; j++) {
		int k = q[0];
		if (!KT_EQ(n, 2) || !KT_ASSERT(k < CLIENTS))
			return;
		bad += from != ids[k] || q[1] != next[k]++;
		bad += k != j % CLIENTS;  /* in turn */
		q[0]++;
		q[1]++;
		if (j == CLIENTS * CALLS - 1)
			KT_EQ(ipc_reply_kernel(from, q, 2), 0);
		else
			n = ipc_reply_recv_kernel(from, q, 2, &from, q, sizeof(q));
	}
	KT_EQ(bad, 0);
	KT_ASSERT(wait_count(&callers_done, CLIENTS));
	KT_EQ(client_bad, 0);
}

/* While a call waits, messages to the caller stay in its mailbox: the server's own message,
 * sent before its reply, and a message from a third task. */
KTEST(call_queued_messages_stay_queued)
{
	servers_done = 0;
	int s = create_task("send_first", send_first, 0);
	note_result = 1;
	start_caller(s, 64, 1);
	KT_ASSERT(wait_count(&callers_done, 1));
	KT_EQ(call_result, 6);
	KT_ASSERT(memcmp(call_reply, "answer", 6) == 0);
	KT_EQ(note_result, 6);  /* then it took the server's message */
	KT_EQ(note_from, s);
	KT_ASSERT(memcmp(call_note, "queued", 6) == 0);
	KT_ASSERT(wait_count(&servers_done, 1));

	int c = take_call(64);
	if (c < 0)
		return;
	call_then_recv = 1;
	note_result = 1;
	KT_EQ(ipc_send_kernel(c, "note", 4), 0);  /* into its mailbox */
	sched_sleep_ms(10);
	KT_EQ(callers_done, 0);  /* still waiting for the reply */
	KT_EQ(ipc_reply_kernel(c, "answer", 6), 0);
	KT_ASSERT(wait_count(&callers_done, 1));
	KT_EQ(call_result, 6);
	KT_ASSERT(memcmp(call_reply, "answer", 6) == 0);
	KT_EQ(note_result, 4);  /* and then it took the note */
	KT_ASSERT(memcmp(call_note, "note", 4) == 0);
}

/* reply_recv whose reply fails receives nothing: the message in our mailbox stays. */
KTEST(call_reply_recv_failure_receives_nothing)
{
	uint8_t buf[16];
	int from = -1;
	main_id = sched_current_id();
	servers_done = 0;
	create_task("filler", filler, 0);
	KT_ASSERT(wait_count(&servers_done, 1));
	memset(buf, 0x5a, sizeof(buf));
	KT_EQ(ipc_reply_recv_kernel(NO_SUCH_TASK, "x", 1, &from, buf, sizeof(buf)), -ESRCH);
	KT_EQ(ipc_reply_recv_kernel(sched_current_id(), "x", 1, &from, buf, sizeof(buf)), -ESRCH);
	KT_EQ(from, -1);
	KT_EQ(buf[0], 0x5a);
	KT_EQ(ipc_recv_kernel(&from, buf, sizeof(buf)), 6);
	KT_ASSERT(memcmp(buf, "filler", 6) == 0);
}

/* 100000 calls to a server task: all answered right, and no frame or heap byte kept. */
KTEST(call_hundred_thousand_calls_no_leak)
{
	uint64_t frames = frame_free_count() + vm_table_pages(), heap = heap_bytes_used();
	uint8_t q[8] = { 0x80 }, a[8];
	int bad = 0;
	servers_done = 0;
	int s = create_task("server", server, 0);
	for (int i = 0; i < 100000; i++) {
		memcpy(q + 4, &i, 4);
		bad += ipc_call_kernel(s, q, sizeof(q), a, sizeof(a)) != 8;
		bad += a[0] != 0x81 || a[4] != (uint8_t)(q[4] + 1);
	}
	KT_EQ(bad, 0);
	KT_EQ(ipc_call_kernel(s, "quit", 4, a, sizeof(a)), 4);
	KT_ASSERT(wait_count(&servers_done, 1));
	sched_sleep_ms(5);
	KT_EQ(frame_free_count() + vm_table_pages(), frames);
	KT_EQ(heap_bytes_used(), heap);
}
