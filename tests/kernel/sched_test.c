/* sched_test.c - in-kernel tests of tasks, timers and the scheduler. */
#include <kern/arch.h>
#include <kern/errno.h>
#include <kern/frame.h>
#include <kern/kmalloc.h>
#include <kern/ipc.h>
#include "ktest.h"
#include <kern/mutex.h>
#include <kern/sched.h>
#include <kern/task.h>
#include <kern/timer.h>
#include <kern/vm.h>
#include <arch/x86_64/cpu.h>

/* Waits (sleeping, so others run) until *flag reaches want or 2 s pass. */
static bool wait_for(volatile int *flag, int want)
{
	for (int i = 0; i < 200 && *flag < want; i++)
		sched_sleep_ms(10);
	return *flag >= want;
}

static char turns[32];
static volatile int nturns, finished;

static void alternate(void *arg)
{
	for (int i = 0; i < 4; i++) {
		turns[nturns++] = *(const char *)arg;
		sched_yield();
	}
	finished++;
}

KTEST(sched_threads_alternate)
{
	nturns = finished = 0;
	unsigned long s = arch_irq_save();  /* both start before either runs */
	KT_ASSERT(create_task("A", alternate, "A") > 0);
	KT_ASSERT(create_task("B", alternate, "B") > 0);
	arch_irq_restore(s);
	KT_ASSERT(wait_for(&finished, 2));
	turns[nturns] = 0;
	KT_EQ(nturns, 8);
	for (int i = 0; i < 8; i++)
		KT_EQ(turns[i], i % 2 ? 'B' : 'A');
}

static volatile int stop_spinning, spinner_alive;
static volatile uint64_t spun, worked;

static void spinner(void *arg)
{
	spinner_alive = 1;
	while (!stop_spinning)
		spun++;  /* never yields, never sleeps */
	spinner_alive = 0;
}

static void worker(void *arg)
{
	while (!stop_spinning) {
		worked++;
		sched_yield();
	}
	finished++;
}

KTEST(sched_spinner_cannot_starve)
{
	stop_spinning = 0;
	spun = worked = 0;
	finished = 0;
	KT_ASSERT(create_task("spinner", spinner, 0) > 0);
	KT_ASSERT(create_task("worker", worker, 0) > 0);
	uint64_t t0 = timer_uptime_ms();
	sched_sleep_ms(100);  /* the spinner holds the CPU whenever it can */
	KT_ASSERT(timer_uptime_ms() - t0 >= 100);
	KT_ASSERT(spun > 0);
	KT_ASSERT(worked > 0);
	stop_spinning = 1;
	KT_ASSERT(wait_for(&finished, 1));
	sched_sleep_ms(20);
	KT_EQ(spinner_alive, 0);
}

static volatile int started, resumed;

static void blocker(void *arg)
{
	started = 1;
	sched_block_current();
	resumed = 1;
}

KTEST(sched_blocked_until_unblocked)
{
	started = resumed = 0;
	int id = create_task("blocker", blocker, 0);
	KT_ASSERT(id > 0);
	sched_sleep_ms(30);
	KT_EQ(started, 1);
	KT_EQ(resumed, 0);               /* many ticks passed, still blocked */
	KT_EQ(task_find(id)->state, TASK_BLOCKED);
	sched_sleep_ms(30);
	KT_EQ(resumed, 0);
	KT_EQ(sched_unblock(id), 0);
	KT_EQ(sched_unblock(id), -EINVAL);  /* ready now, not blocked */
	KT_ASSERT(wait_for(&resumed, 1));
	sched_sleep_ms(5);
	KT_EQ(sched_unblock(id), -ESRCH);   /* gone */
	KT_EQ(sched_unblock(0), -ESRCH);
}

KTEST(sched_sleep_bounds)
{
	static const uint64_t ms[] = { 50, 1, 17 };
	/* At most two ticks late, plus 1 ms: uptime is whole milliseconds, read twice. */
	uint64_t late_ms = (2000 + TIMER_HZ - 1) / TIMER_HZ + 1;
	for (unsigned i = 0; i < sizeof(ms) / sizeof(ms[0]); i++) {
		uint64_t t0 = timer_uptime_ms();
		sched_sleep_ms(ms[i]);
		uint64_t dt = timer_uptime_ms() - t0;
		KT_ASSERT(dt >= ms[i]);
		KT_ASSERT(dt <= ms[i] + late_ms);
	}
}

static volatile int batch_done;

static void short_lived(void *arg)
{
	unsigned long s = arch_irq_save();
	batch_done++;
	arch_irq_restore(s);
}

static int run_batches(int batches, int per_batch)
{
	unsigned base = task_count();
	for (int b = 0; b < batches; b++) {
		batch_done = 0;
		for (int i = 0; i < per_batch; i++)
			if (create_task("short", short_lived, 0) < 0)
				return -1;
		if (!wait_for(&batch_done, per_batch))
			return -2;
		sched_sleep_ms(2);  /* the last one to exit is reaped by the next switch */
		if (task_count() != base)
			return -3;
	}
	return 0;
}

KTEST(sched_thousand_threads_no_leak)
{
	KT_EQ(run_batches(1, 100), 0);  /* warm up: heap caches, stack-area page tables */
	uint64_t frames = frame_free_count() + vm_table_pages();
	uint64_t used = heap_bytes_used(), total = heap_bytes_total(), objs = heap_objects();
	KT_EQ(run_batches(10, 100), 0);
	KT_EQ(frame_free_count() + vm_table_pages(), frames);
	KT_EQ(heap_bytes_used(), used);
	KT_EQ(heap_bytes_total(), total);
	KT_EQ(heap_objects(), objs);
}

#define RATE_ROUNDS 5
#define RATE_TICKS 20

/* The tick rate over RATE_TICKS ticks, timed by the TSC (itself measured against the PIT at
 * boot), in Hz times 100. */
static uint64_t tick_rate_x100(void)
{
	uint64_t t = timer_ticks();
	while (timer_ticks() == t)
		arch_idle();
	uint64_t c0 = arch_cycles(), k0 = timer_ticks();
	while (timer_ticks() < k0 + RATE_TICKS)
		arch_idle();
	return 100 * RATE_TICKS * timer_tsc_hz() / (arch_cycles() - c0);
}

/* The median of several rounds: without -icount, QEMU's clocks follow the host, and a busy
 * host delays a tick now and then; one late round must not decide. */
KTEST(timer_rate_matches_tsc)
{
	uint64_t rate[RATE_ROUNDS];
	for (int r = 0; r < RATE_ROUNDS; r++) {
		uint64_t x = tick_rate_x100();
		int j = r;
		for (; j > 0 && rate[j - 1] > x; j--)
			rate[j] = rate[j - 1];
		rate[j] = x;
	}
	uint64_t median = rate[RATE_ROUNDS / 2];
	KT_ASSERT(median >= TIMER_HZ * 95);
	KT_ASSERT(median <= TIMER_HZ * 105);
	if (median < TIMER_HZ * 95 || median > TIMER_HZ * 105)
		KT_EQ(median / 100, TIMER_HZ);  /* show the figures */
}

KTEST(timer_uptime_advances)
{
	uint64_t u = timer_uptime_ms(), k = timer_ticks();
	sched_sleep_ms(20);
	KT_ASSERT(timer_ticks() > k);
	KT_ASSERT(timer_uptime_ms() >= u + 20);
	KT_EQ(timer_uptime_ms(), timer_ticks() * 1000 / TIMER_HZ);
}

/* --- No flag crosses a switch (SMAP's AC above all) ------------------------------------------ */

static volatile uint64_t observed_flags;
static volatile int observed;

static void set_ac(bool on)
{
	uint64_t f = read_rflags();
	f = on ? f | RFLAGS_AC : f & ~RFLAGS_AC;
	__asm__ volatile("push %0; popfq" : : "r"(f) : "memory", "cc");
}

static void flags_observer(void *arg)
{
	observed_flags = read_rflags();
	observed = 1;
}

/* A task switched away inside a user-access window (AC set, as stac leaves it) must not hand
 * AC to the task that runs next, and must find its own AC again when it resumes: once by
 * yielding, once preempted by the timer (an interrupt from kernel mode, then a switch). */
KTEST(sched_switch_never_carries_ac)
{
	for (int preempted = 0; preempted < 2; preempted++) {
		observed = 0;
		KT_ASSERT(create_task("ac-observer", flags_observer, 0) > 0);
		set_ac(true);
		if (preempted) {
			uint64_t t0 = timer_ticks();
			while (!observed && timer_ticks() - t0 < 2 * TIMER_HZ)
				;  /* spin with AC set until the tick hands the CPU over */
		} else {
			sched_yield();
		}
		uint64_t mine = read_rflags();
		set_ac(false);
		KT_ASSERT(observed);
		KT_EQ(observed_flags & RFLAGS_AC, 0);
		KT_EQ(mine & RFLAGS_AC, RFLAGS_AC);
	}
}

/* --- Each task keeps its callee-saved registers across switches ---------------------------- */

#define HOLD_CALLS 50
#define HOLD_MINE 0x1111111111111100u
#define HOLD_PARTNER 0x2222222222222200u

static void yield_now(void)
{
	sched_yield();
}

/* Loads rbx, rbp, r12, r13, r14, r15 with seed + 1 ... seed + 6, calls fn `calls` times, and
 * stores the six as the last call left them in out[0..5]: the ABI has every call keep them,
 * whatever the callee does (here: switch to another task, which loads its own, and back). The
 * registers stay out of the compiler's hands in between; rbp, the frame pointer, is saved by
 * hand. The labels have names: clang reads `1b` in Intel syntax as a binary 1. */
static void hold_callee_saved(uint64_t seed, long calls, void (*fn)(void), uint64_t out[6])
{
	__asm__ volatile(
		"push rbp\n	push %[out]\n	push %[fn]\n	push %[calls]\n	push %[seed]\n"
		"lea rbx, [%[seed] + 1]\n	lea rbp, [%[seed] + 2]\n	lea r12, [%[seed] + 3]\n"
		"lea r13, [%[seed] + 4]\n	lea r14, [%[seed] + 5]\n	lea r15, [%[seed] + 6]\n"
		".Lhold_call%=:\n"
		"call qword ptr [rsp + 16]\n"
		"dec qword ptr [rsp + 8]\n"
		"jnz .Lhold_call%=\n"
		"mov rax, [rsp + 24]\n"
		"mov [rax], rbx\n	mov [rax + 8], rbp\n	mov [rax + 16], r12\n"
		"mov [rax + 24], r13\n	mov [rax + 32], r14\n	mov [rax + 40], r15\n"
		"add rsp, 32\n	pop rbp\n"
		: [seed] "+D"(seed), [calls] "+S"(calls), [fn] "+d"(fn), [out] "+c"(out)
		:
		: "rax", "r8", "r9", "r10", "r11", "rbx", "r12", "r13", "r14", "r15", "memory", "cc");
}

static uint64_t partner_regs[6];
static volatile int partner_done;

static void callee_saved_partner(void *arg)
{
	hold_callee_saved(HOLD_PARTNER, HOLD_CALLS, yield_now, partner_regs);
	partner_done = 1;
}

/* Two tasks hold their own values in the six callee-saved registers while they yield to each
 * other: each must find its own after every switch. A failed check's "want" ends in 1..6: rbx,
 * rbp, r12, r13, r14, r15. */
KTEST(sched_switch_keeps_callee_saved)
{
	uint64_t mine[6];
	partner_done = 0;
	uint64_t switches = sched_switches();
	KT_ASSERT(create_task("partner", callee_saved_partner, 0) > 0);
	hold_callee_saved(HOLD_MINE, HOLD_CALLS, yield_now, mine);
	KT_ASSERT(wait_for(&partner_done, 1));
	KT_ASSERT(sched_switches() - switches >= 2 * HOLD_CALLS);
	for (int i = 0; i < 6; i++) {
		KT_EQ(mine[i], HOLD_MINE + i + 1);
		KT_EQ(partner_regs[i], HOLD_PARTNER + i + 1);
	}
}

/* --- A kill is never lost, whenever it comes ---------------------------------------------- */

enum wait_kind { WAIT_BLOCK, WAIT_SLEEP, WAIT_SEND_FULL, WAIT_RECV, WAIT_MUTEX, WAIT_KINDS };

static struct mutex held_mutex = MUTEX_INIT(held_mutex);
static volatile int full_sink;
static volatile long kill_result;
static volatile int kill_done;

static void never_receives(void *arg)
{
	while (sched_sleep_ms(5) == 0)
		;  /* until killed */
}

/* The kill lands after the call has started but before it blocks (here: before it is made,
 * which is the same to the call): the wait must end at once with -EINTR. */
static void killed_then_waits(void *arg)
{
	int from;
	char c;
	task_kill(sched_current_id());
	switch ((enum wait_kind)(uintptr_t)arg) {
	case WAIT_BLOCK: kill_result = sched_block_current(); break;
	case WAIT_SLEEP: kill_result = sched_sleep_ms(UINT64_MAX); break;
	case WAIT_SEND_FULL: kill_result = ipc_send_kernel(full_sink, "y", 1); break;
	case WAIT_RECV: kill_result = ipc_recv_kernel(&from, &c, 1); break;
	default: kill_result = mutex_lock(&held_mutex); break;
	}
	kill_done = 1;
}

KTEST(sched_kill_before_block_ends_every_wait)
{
	full_sink = create_task("sink", never_receives, 0);
	KT_EQ(ipc_send_kernel(full_sink, "x", 1), 0);  /* its mailbox is full from now on */
	KT_EQ(mutex_lock(&held_mutex), 0);
	for (uintptr_t kind = 0; kind < WAIT_KINDS; kind++) {
		kill_done = 0;
		kill_result = 1;
		int id = create_task("victim", killed_then_waits, (void *)kind);
		if (!KT_ASSERT(wait_for(&kill_done, 1)))
			task_kill(id);  /* the kill was lost: a second one frees it */
		KT_EQ(kill_result, -EINTR);
		wait_for(&kill_done, 1);
	}
	mutex_unlock(&held_mutex);
	task_kill(full_sink);
	sched_sleep_ms(20);
}

/* --- Sleeping locks: first come, first served; a killed waiter leaves the line ----------- */

static struct mutex line_mutex = MUTEX_INIT(line_mutex);
static char got_order[8];
static volatile int ngot;

static void takes_turn(void *arg)
{
	if (mutex_lock(&line_mutex) == 0) {
		got_order[ngot++] = *(const char *)arg;
		mutex_unlock(&line_mutex);
	}
}

KTEST(mutex_fifo_and_killed_waiter)
{
	ngot = 0;
	KT_EQ(mutex_lock(&line_mutex), 0);
	create_task("A", takes_turn, "A");
	int b = create_task("B", takes_turn, "B");
	create_task("C", takes_turn, "C");
	sched_sleep_ms(20);           /* all three wait, in that order */
	KT_EQ(ngot, 0);
	task_kill(b);
	sched_sleep_ms(20);
	mutex_unlock(&line_mutex);
	sched_sleep_ms(20);
	got_order[ngot] = 0;
	KT_EQ(ngot, 2);
	KT_EQ(got_order[0], 'A');
	KT_EQ(got_order[1], 'C');
	KT_ASSERT(line_mutex.owner == NULL && list_empty(&line_mutex.waiters));
}
