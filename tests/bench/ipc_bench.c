/* ipc_bench.c - IPC round trips between two kernel threads, send/recv and call/reply_recv
 * (see doc/ipc.md). */
#include <kern/arch.h>
#include "bench.h"
#include <kern/ipc.h>
#include <kern/sched.h>
#include <kern/task.h>
#include <lib/format.h>

#define ROUND_TRIPS 5000

static volatile int echo_done;

static void bench_echo(void *arg)
{
	static uint8_t buf[IPC_MSG_MAX];
	int from;
	for (;;) {
		long n = ipc_recv_kernel(&from, buf, sizeof(buf));
		if (n <= 0)
			break;  /* an empty message ends it */
		ipc_send_kernel(from, buf, (size_t)n);
	}
	echo_done = 1;
}

/* Answers every call with the request, in the reply_recv server loop, until an empty one. */
static void bench_rpc_server(void *arg)
{
	static uint8_t buf[IPC_MSG_MAX];
	int client;
	long n = ipc_recv_kernel(&client, buf, sizeof(buf));
	while (n > 0)
		n = ipc_reply_recv_kernel(client, buf, (size_t)n, &client, buf, sizeof(buf));
	if (n == 0)
		ipc_reply_kernel(client, buf, 0);
	echo_done = 1;
}

/* Ticks per call + reply_recv round trip. */
static uint64_t rpc_round_trip(int server, size_t size)
{
	static uint8_t buf[IPC_MSG_MAX], back[IPC_MSG_MAX];
	for (int i = 0; i < 100; i++)
		ipc_call_kernel(server, buf, size, back, sizeof(back));
	uint64_t t0 = arch_cycles();
	for (int i = 0; i < ROUND_TRIPS; i++)
		ipc_call_kernel(server, buf, size, back, sizeof(back));
	return (arch_cycles() - t0) / ROUND_TRIPS;
}

/* Ticks per round trip: send + recv each way. */
static uint64_t round_trip(int echo, size_t size)
{
	static uint8_t buf[IPC_MSG_MAX];
	int from;
	for (int i = 0; i < 100; i++) {  /* warm up */
		ipc_send_kernel(echo, buf, size);
		ipc_recv_kernel(&from, buf, sizeof(buf));
	}
	uint64_t t0 = arch_cycles();
	for (int i = 0; i < ROUND_TRIPS; i++) {
		ipc_send_kernel(echo, buf, size);
		ipc_recv_kernel(&from, buf, sizeof(buf));
	}
	return (arch_cycles() - t0) / ROUND_TRIPS;
}

BENCH(ipc)
{
	char params[48];
	echo_done = 0;
	int echo = create_task("echo", bench_echo, 0);
	/* 8, 16, 32 ... up to IPC_MSG_MAX: the cost against the message size. */
	for (size_t size = 8;; size = size * 2 < IPC_MSG_MAX ? size * 2 : IPC_MSG_MAX) {
		ksnprintf(params, sizeof(params), "between=threads size=%zu", size);
		bench_report("ipc_roundtrip", params, round_trip(echo, size));
		if (size == IPC_MSG_MAX)
			break;
	}
	ipc_send_kernel(echo, "", 0);
	while (!echo_done)
		sched_yield();

	echo_done = 0;
	int server = create_task("rpc", bench_rpc_server, 0);
	for (size_t size = 8;; size = size * 2 < IPC_MSG_MAX ? size * 2 : IPC_MSG_MAX) {
		ksnprintf(params, sizeof(params), "between=threads size=%zu", size);
		bench_report("rpc_roundtrip", params, rpc_round_trip(server, size));
		if (size == IPC_MSG_MAX)
			break;
	}
	uint8_t back[1];
	ipc_call_kernel(server, "", 0, back, sizeof(back));
	while (!echo_done)
		sched_yield();
}
