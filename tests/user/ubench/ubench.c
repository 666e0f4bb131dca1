/* ubench.c - user-space benchmarks, in TSC ticks: `bench FIGURE key=value ticks=N` lines.
 *
 * Each benchmark is a function of its own (noinline) whose first two rdtsc instructions bracket
 * its timed loop: scripts/profile.sh finds them there to count where the loop's instructions go. */
#include <portio.h>
#include <stdbool.h>
#include <stdio.h>
#include <syscalls.h>
#include <uapi/errno.h>

#define NULL_CALLS 10000
#define SWITCH_YIELDS 10000
#define SPAWNS 50
#define ROUND_TRIPS 2000
#define KEYS 200                  /* interrupts made for irq_to_driver and keystroke_to_shell */
#define KBD_DATA 0x60
#define KBD_STATUS 0x64
#define KBD_IN_FULL 0x02          /* status: the controller has not taken the last byte yet */
#define KBD_READ_CONFIG 0x20
#define KBD_WRITE_CONFIG 0x60
#define KBD_CONFIG_IRQ 0x01       /* config: IRQ 1 when the keyboard's byte is there */
#define KBD_WRITE_OUTPUT 0xD2     /* the next data byte comes back as if the keyboard sent it */
#define SC_ENTER 0x1c             /* the Enter key's make code (scancode set 1) */
#define MIB (1024 * 1024)
#define PAGE_SIZE 4096

static uint64_t tsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence\n	rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

static bool fail(const char *what, long r)
{
	printf("# ubench: %s failed (%ld)\n", what, r);
	return false;
}

/* getpid through one entry instruction, without the wrapper. */
__attribute__((noinline))
static bool bench_null(const char *entry, long (*enter)(long, long, long, long, long, long, long))
{
	for (int i = 0; i < 1000; i++)
		enter(SYS_getpid, 0, 0, 0, 0, 0, 0);
	uint64_t t0 = tsc();
	for (int i = 0; i < NULL_CALLS; i++)
		enter(SYS_getpid, 0, 0, 0, 0, 0, 0);
	uint64_t ticks = (tsc() - t0) / NULL_CALLS;
	printf("bench syscall_null entry=%s ticks=%lu\n", entry, (unsigned long)ticks);
	return true;
}

/* Spawns program and waits for it; returns its status, or the negative errno. */
static long run(const char *program)
{
	int status;
	long pid = spawn(program);
	if (pid < 0)
		return pid;
	long r = wait((int)pid, &status);
	return r == pid ? status : (r < 0 ? r : -ECHILD);
}

/* A process switch: we and yieldloop take turns yielding. */
__attribute__((noinline))
static bool bench_yield_switch(void)
{
	uint64_t count = SWITCH_YIELDS;
	long pid = spawn("yieldloop");
	if (pid < 0)
		return fail("spawn yieldloop", pid);
	send((int)pid, &count, sizeof(count));
	uint64_t t0 = tsc();
	for (uint64_t i = 0; i < count; i++)
		yield();
	uint64_t elapsed = tsc() - t0;
	int status = -1;
	wait((int)pid, &status);
	if (status != 0)
		return fail("yieldloop", status);
	printf("bench proc_yield_switch ticks=%lu\n", (unsigned long)(elapsed / (2 * count)));
	return true;
}

__attribute__((noinline))
static bool bench_spawn_wait(void)
{
	long r = run("nop");
	if (r != 0)
		return fail("spawn and wait of nop", r);
	uint64_t t0 = tsc();
	for (int i = 0; i < SPAWNS; i++)
		run("nop");
	printf("bench spawn_wait ticks=%lu\n", (unsigned long)((tsc() - t0) / SPAWNS));
	return true;
}

/* sbrk 1 MiB and touch every page: ticks per page. */
__attribute__((noinline))
static bool bench_sbrk_touch(void)
{
	uint64_t t0 = tsc();
	char *p = sbrk(MIB);
	if (p == (char *)-1)
		return fail("sbrk", -ENOMEM);
	for (int off = 0; off < MIB; off += PAGE_SIZE)
		p[off] = 1;
	uint64_t ticks = (tsc() - t0) / (MIB / PAGE_SIZE);
	sbrk(-MIB);
	printf("bench sbrk_touch size=1M ticks=%lu\n", (unsigned long)ticks);
	return true;
}

/* A message to echo and back: ticks per round trip. The buffers are page-aligned, so that
 * each (IPC_PROBE_LIMIT bytes, the reply buffer's cap) lies in one page wherever the linker
 * puts them: a 4 KiB buffer across two pages costs each check a second probe, and the figures
 * would follow the layout of this file instead of the IPC path. */
#define IPC_PROBE_LIMIT 4096  /* the most --with-ipc-msg-max allows */
#define PAGE_ALIGNED __attribute__((aligned(4096)))

__attribute__((noinline))
static bool bench_ipc(size_t size)
{
	static char msg[IPC_PROBE_LIMIT] PAGE_ALIGNED, back[IPC_PROBE_LIMIT] PAGE_ALIGNED;
	long pid = spawn("echo");
	if (pid < 0)
		return fail("spawn echo", pid);
	for (int i = 0; i < 100; i++) {
		send((int)pid, msg, size);
		recv(NULL, back, size);
	}
	uint64_t t0 = tsc();
	for (int i = 0; i < ROUND_TRIPS; i++) {
		send((int)pid, msg, size);
		recv(NULL, back, size);
	}
	uint64_t ticks = (tsc() - t0) / ROUND_TRIPS;
	send((int)pid, "quit", 4);
	wait((int)pid, NULL);
	printf("bench ipc_roundtrip size=%zu ticks=%lu\n", size, (unsigned long)ticks);
	return true;
}

/* A call to rpcecho and its answer (call + reply_recv): ticks per round trip. */
__attribute__((noinline))
static bool bench_rpc(size_t size)
{
	static char msg[IPC_PROBE_LIMIT] PAGE_ALIGNED, back[IPC_PROBE_LIMIT] PAGE_ALIGNED;
	long pid = spawn("rpcecho");
	if (pid < 0)
		return fail("spawn rpcecho", pid);
	for (int i = 0; i < 100; i++)
		call((int)pid, msg, size, back, sizeof(back));
	uint64_t t0 = tsc();
	for (int i = 0; i < ROUND_TRIPS; i++)
		call((int)pid, msg, size, back, sizeof(back));
	uint64_t ticks = (tsc() - t0) / ROUND_TRIPS;
	long r = call((int)pid, "quit", 4, back, sizeof(back));
	wait((int)pid, NULL);
	if (r != 4)
		return fail("call rpcecho", r);
	printf("bench rpc_roundtrip size=%zu ticks=%lu\n", size, (unsigned long)ticks);
	return true;
}

/* --- Interrupts to user space --------------------------------------------------------------
 * A keystroke without a keyboard: the PS/2 controller's command 0xD2 hands the next data byte
 * back as if the keyboard had sent it, and raises IRQ 1 at that data write. ubench runs as
 * pid 1, which holds every right, so it may take the controller's ports beside the driver. */

static void kbd_wait(void)
{
	while (inb(KBD_STATUS) & KBD_IN_FULL)
		;
}

static bool kbd_take(void)
{
	if (ioport(KBD_DATA, 1) < 0 || ioport(KBD_STATUS, 1) < 0)
		return false;
	kbd_wait();
	outb(KBD_STATUS, KBD_READ_CONFIG);
	uint8_t config = inb(KBD_DATA);
	kbd_wait();
	outb(KBD_STATUS, KBD_WRITE_CONFIG);
	kbd_wait();
	outb(KBD_DATA, config | KBD_CONFIG_IRQ);
	return true;
}

/* Makes the controller hold scancode code, which raises IRQ 1; returns the time stamp taken
 * just before the port write that does it. */
static uint64_t kbd_press(uint8_t code)
{
	kbd_wait();
	outb(KBD_STATUS, KBD_WRITE_OUTPUT);
	kbd_wait();
	uint64_t t = tsc();
	outb(KBD_DATA, code);
	return t;
}

/* The median of the n times in t (sorted in place): a figure that a timer tick landing in one
 * of them does not move (where ticks land follows the boot's length, not the path), nor the
 * first, which finds the driver not yet waiting. */
static uint64_t median(uint64_t *t, int n)
{
	for (int i = 1; i < n; i++)  /* insertion sort: n is small */
		for (int j = i; j > 0 && t[j - 1] > t[j]; j--) {
			uint64_t x = t[j];
			t[j] = t[j - 1];
			t[j - 1] = x;
		}
	return t[n / 2];
}

/* From the write that raises a driver's interrupt to the driver's recv returning with the
 * notification: irqlat holds line 1 and sends back when its recv returned. */
__attribute__((noinline))
static bool bench_irq_to_driver(void)
{
	char ready[8];
	static uint64_t took[KEYS];
	uint64_t t1;
	long pid = spawn_with("irqlat", MK_RIGHT_IO);
	if (pid < 0)
		return fail("spawn_with irqlat", pid);
	if (!kbd_take() || send((int)pid, "go", 2) < 0 || recv(NULL, ready, sizeof(ready)) != 5)
		return fail("setting up irqlat", -1);
	for (int i = 0; i < KEYS; i++) {
		uint64_t t0 = kbd_press(SC_ENTER);
		if (recv(NULL, &t1, sizeof(t1)) != sizeof(t1))
			return fail("recv from irqlat", -1);
		took[i] = t1 - t0;
	}
	send((int)pid, "quit", 4);
	wait((int)pid, NULL);
	printf("bench irq_to_driver ticks=%lu\n", (unsigned long)median(took, KEYS));
	return true;
}

/* A keystroke's way to the shell: from the write that raises the keyboard's interrupt, through
 * the kbd driver and the console server (which echoes it), to the return of the reader's call
 * for a line. The key is Enter, so every key ends a line; linetime reads them as the shell
 * does and sends back when each call returned. The median, as for irq_to_driver. */
__attribute__((noinline))
static bool bench_keystroke(void)
{
	static uint64_t took[KEYS];
	uint64_t t1;
	long console = spawn("console");
	long kbd = console > 0 ? spawn_with("kbd", MK_RIGHT_IO) : console;
	long reader = kbd > 0 ? spawn("linetime") : kbd;
	if (reader < 0 || !kbd_take() || send((int)reader, "go", 2) < 0)
		return fail("starting console, kbd and linetime", reader);
	for (int i = 0; i < KEYS; i++) {
		msleep(2);  /* the driver has acknowledged the last key, the reader waits again */
		uint64_t t0 = kbd_press(SC_ENTER);
		if (recv(NULL, &t1, sizeof(t1)) != sizeof(t1))
			return fail("recv from linetime", -1);
		took[i] = t1 - t0;
	}
	long pids[] = { reader, kbd, console };
	for (int i = 0; i < 3; i++) {
		kill((int)pids[i]);
		wait((int)pids[i], NULL);
	}
	printf("bench keystroke_to_shell ticks=%lu\n", (unsigned long)median(took, KEYS));
	return true;
}

int main(void)
{
	bool ok = bench_null("syscall", mk_syscall6);
	long probe = run("probe80");
	if (probe == 0)
		ok = bench_null("int80", mk_int80_6) && ok;
	else
		printf("# ubench: int 0x80 unavailable (probe80 status %#lx)\n", probe);
	ok = bench_yield_switch() && ok;
	ok = bench_spawn_wait() && ok;
	ok = bench_sbrk_touch() && ok;
	size_t max = mk_ipc_msg_max();
	ok = bench_ipc(8) && bench_ipc(64) && ok;
	if (max > 64)
		ok = bench_ipc(max) && ok;
	ok = bench_rpc(8) && bench_rpc(64) && ok;
	if (max > 64)
		ok = bench_rpc(max) && ok;
	ok = bench_irq_to_driver() && ok;
	ok = bench_keystroke() && ok;
	if (!ok)
		return 1;
	printf("bench done\n");
	return 0;
}
