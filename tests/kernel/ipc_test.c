/* ipc_test.c - in-kernel tests of message passing between kernel threads. */
#include <kern/arch.h>
#include <kern/errno.h>
#include <kern/frame.h>
#include <kern/ipc.h>
#include <kern/kmalloc.h>
#include "ktest.h"
#include <kern/sched.h>
#include <kern/task.h>
#include <kern/vm.h>
#include <lib/string.h>

static volatile int done, main_id;

static bool wait_done(int want)
{
	for (int i = 0; i < 500 && done < want; i++)
		sched_sleep_ms(5);
	return done >= want;
}

/* Echoes every message back to its sender until a message of length 1. */
static void echo(void *arg)
{
	uint8_t buf[IPC_MSG_MAX];
	int from;
	for (;;) {
		long n = ipc_recv_kernel(&from, buf, sizeof(buf));
		if (n < 0 || ipc_send_kernel(from, buf, (size_t)n) < 0 || n == 1)
			break;
	}
	done++;
}

KTEST(ipc_every_length_intact)
{
	uint8_t out[IPC_MSG_MAX], in[IPC_MSG_MAX];
	int from, bad = 0;
	done = 0;
	int e = create_task("echo", echo, 0);
	for (size_t len = 0; len <= IPC_MSG_MAX; len++) {
		if (len == 1)
			continue;  /* the echo task's stop signal */
		for (size_t i = 0; i < len; i++)
			out[i] = (uint8_t)(len * 31 + i);
		memset(in, 0xEE, sizeof(in));
		bad += ipc_send_kernel(e, out, len) != 0;
		bad += ipc_recv_kernel(&from, in, sizeof(in)) != (long)len;
		bad += from != e || memcmp(in, out, len) != 0;
	}
	KT_EQ(bad, 0);
	KT_EQ(ipc_send_kernel(e, "x", 1), 0);
	KT_EQ(ipc_recv_kernel(&from, in, sizeof(in)), 1);
	KT_ASSERT(wait_done(1));
}

KTEST(ipc_errors)
{
	uint8_t big[IPC_MSG_MAX + 1];
	int from;
	KT_EQ(ipc_send_kernel(sched_current_id(), "x", 1), -EDEADLK);
	KT_EQ(ipc_send_kernel(0x7FFFFFF0, "x", 1), -ESRCH);
	KT_EQ(ipc_send_kernel(0x7FFFFFF0, big, sizeof(big)), -EINVAL);
	/* A message larger than the buffer stays in the mailbox. */
	done = 0;
	int e = create_task("echo", echo, 0);
	KT_EQ(ipc_send_kernel(e, "hello", 5), 0);
	char small[4], enough[8];
	KT_EQ(ipc_recv_kernel(&from, small, sizeof(small)), -EMSGSIZE);
	KT_EQ(ipc_recv_kernel(&from, enough, sizeof(enough)), 5);
	KT_ASSERT(!memcmp(enough, "hello", 5));
	KT_EQ(ipc_send_kernel(e, "q", 1), 0);
	KT_EQ(ipc_recv_kernel(&from, enough, sizeof(enough)), 1);
	KT_ASSERT(wait_done(1));
}

/* Senders that queue on a full mailbox deposit in the order they came; each sender's
 * messages arrive in order. */
static void numbered_sender(void *arg)
{
	uintptr_t me = (uintptr_t)arg;
	for (uint8_t k = 0; k < 3; k++) {
		uint8_t msg[2] = { (uint8_t)me, k };
		ipc_send_kernel(main_id, msg, sizeof(msg));
	}
	done++;
}

KTEST(ipc_fifo_and_order)
{
	enum { SENDERS = 5 };
	main_id = sched_current_id();
	done = 0;
	for (uintptr_t i = 0; i < SENDERS; i++)
		create_task("sender", numbered_sender, (void *)i);
	sched_sleep_ms(20);  /* all block: one message in the mailbox, the rest queued */
	uint8_t msg[2];
	int from, bad = 0;
	uint8_t next[SENDERS] = { 0 };
	int first_seen[SENDERS], seen = 0;
	for (int n = 0; n < SENDERS * 3; n++) {
		KT_EQ(ipc_recv_kernel(&from, msg, sizeof(msg)), 2);
		bad += msg[0] >= SENDERS || msg[1] != next[msg[0]]++;  /* per-sender order */
		if (msg[0] < SENDERS && next[msg[0]] == 1)
			first_seen[seen++] = msg[0];
	}
	/* They queued in creation order, so they are first heard from in that order. */
	KT_EQ(seen, SENDERS);
	for (int i = 0; i < seen; i++)
		bad += first_seen[i] != i;
	KT_EQ(bad, 0);
	KT_ASSERT(wait_done(SENDERS));
}

static volatile long sender_result[3];

static volatile int sink_id;

static void sink(void *arg)
{
	/* Takes nothing: its mailbox fills, and senders queue behind it. */
	while (!sched_current()->killed)
		sched_sleep_ms(5);
}

static void send_to_sink(void *arg)
{
	uintptr_t i = (uintptr_t)arg;
	sender_result[i] = ipc_send_kernel(sink_id, "m", 1);
	done++;
}

static void nothing(void *arg)
{
	(void)arg;
}

KTEST(ipc_receiver_dies_senders_wake)
{
	/* Warm up: the first tasks of a boot take kernel-stack page tables and heap blocks that
	 * stay (booted alone, this is the boot's first test). */
	for (int i = 0; i < 4; i++)
		create_task("warm", nothing, 0);
	sched_sleep_ms(20);
	uint64_t frames = frame_free_count() + vm_table_pages(), heap = heap_bytes_used();
	done = 0;
	sink_id = create_task("sink", sink, 0);
	for (uintptr_t i = 0; i < 3; i++)
		create_task("sender", send_to_sink, (void *)i);
	sched_sleep_ms(20);
	KT_EQ(done, 1);  /* the first one's message went in; two wait */
	task_kill(sink_id);
	KT_ASSERT(wait_done(3));
	KT_EQ(sender_result[0], 0);
	KT_EQ(sender_result[1], -ESRCH);
	KT_EQ(sender_result[2], -ESRCH);
	sched_sleep_ms(5);
	KT_EQ(frame_free_count() + vm_table_pages(), frames);
	KT_EQ(heap_bytes_used(), heap);
}

KTEST(ipc_sender_killed_while_blocked)
{
	done = 0;
	sink_id = create_task("sink", sink, 0);
	create_task("sender", send_to_sink, (void *)0);
	int victim = create_task("sender", send_to_sink, (void *)1);
	create_task("sender", send_to_sink, (void *)2);
	sched_sleep_ms(20);
	task_kill(victim);
	sched_sleep_ms(20);
	KT_EQ(sender_result[1], -EINTR);
	KT_EQ(done, 2);               /* the first deposited; the third still waits its turn */
	task_kill(sink_id);
	KT_ASSERT(wait_done(3));
	KT_EQ(sender_result[2], -ESRCH);
}

static void pinger(void *arg)
{
	uint8_t buf[8] = { 0 };
	int from;
	for (int i = 0; i < 100000; i++) {
		ipc_send_kernel(main_id, buf, sizeof(buf));
		ipc_recv_kernel(&from, buf, sizeof(buf));
	}
	done++;
}

KTEST(ipc_hundred_thousand_round_trips_no_leak)
{
	uint64_t frames = frame_free_count() + vm_table_pages(), heap = heap_bytes_used();
	uint8_t buf[8];
	int from, bad = 0;
	main_id = sched_current_id();
	done = 0;
	create_task("pinger", pinger, 0);
	for (int i = 0; i < 100000; i++) {
		bad += ipc_recv_kernel(&from, buf, sizeof(buf)) != 8;
		buf[0]++;
		bad += ipc_send_kernel(from, buf, sizeof(buf)) != 0;
	}
	KT_EQ(bad, 0);
	KT_ASSERT(wait_done(1));
	sched_sleep_ms(5);
	KT_EQ(frame_free_count() + vm_table_pages(), frames);
	KT_EQ(heap_bytes_used(), heap);
}
