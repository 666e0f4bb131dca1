/* demo.c - the milestone demos of the learning path, chosen with `demo=NAME`. */
#include <kern/arch.h>
#include <kern/boot.h>
#include <kern/ipc.h>
#include <lib/printk.h>
#include <kern/sched.h>
#include <kern/task.h>
#include <kern/timer.h>
#include <lib/string.h>

#define THREADS_ROUNDS 5
#define PREEMPT_TASKS 3
#define PREEMPT_MS 300

static volatile int threads_done;

/* Week 3: each task prints, then hands the CPU over by hand. */
static void take_turns(void *arg)
{
	const char *me = arg;
	for (int i = 1; i <= THREADS_ROUNDS; i++) {
		printk("[%s] turn %d\n", me, i);
		sched_yield();
	}
	threads_done++;
}

static void demo_threads(void)
{
	threads_done = 0;
	create_task("A", take_turns, "A");
	create_task("B", take_turns, "B");
	while (threads_done < 2)
		sched_sleep_ms(10);
	printk("[demo] threads: A and B took %d turns each\n", THREADS_ROUNDS);
}

static volatile uint64_t spins[PREEMPT_TASKS];
static volatile int preempt_stop;

/* Week 4: a task that never yields; only the timer takes the CPU away from it. */
static void spin(void *arg)
{
	uintptr_t me = (uintptr_t)arg;
	uint64_t next_report = timer_uptime_ms() + 100;
	while (!preempt_stop) {
		spins[me]++;
		if (timer_uptime_ms() >= next_report) {
			printk("[spin%lu] still running at %lu ms, %lu loops\n", (unsigned long)me,
			       timer_uptime_ms(), spins[me]);
			next_report += 100;
		}
	}
}

static void demo_preempt(void)
{
	preempt_stop = 0;
	for (uintptr_t i = 0; i < PREEMPT_TASKS; i++) {
		spins[i] = 0;
		create_task("spin", spin, (void *)i);
	}
	sched_sleep_ms(PREEMPT_MS);
	preempt_stop = 1;
	int all = 1;
	for (int i = 0; i < PREEMPT_TASKS; i++)
		all &= spins[i] > 0;
	printk("[demo] preempt: %s of %d spinning tasks progressed in %d ms (%lu switches)\n",
	       all ? "all" : "not all", PREEMPT_TASKS, PREEMPT_MS, sched_switches());
	sched_sleep_ms(20);  /* let them see the stop flag and exit */
}

static volatile int pong_id, ipc_done;

/* Week 6: the seed plan's ping/pong. */
static void pong(void *arg)
{
	char buf[IPC_MSG_MAX];
	int from;
	printk("[pong] start\n");
	long n = ipc_recv_kernel(&from, buf, sizeof(buf));
	printk("[pong] got %.*s\n", (int)(n > 0 ? n : 0), buf);
	ipc_done++;
}

static void ping(void *arg)
{
	printk("[ping] start\n");
	sched_yield();  /* let pong start and wait for mail */
	static const char hi[] = "hi";
	int err = ipc_send_kernel(pong_id, hi, 2);
	printk(err ? "[ping] send failed\n" : "[ping] sent\n");
	ipc_done++;
}

static void demo_ipc(void)
{
	ipc_done = 0;
	unsigned long s = arch_irq_save();  /* both exist before either runs; ping goes first */
	create_task("ping", ping, 0);
	pong_id = create_task("pong", pong, 0);
	arch_irq_restore(s);
	while (ipc_done < 2)
		sched_sleep_ms(5);
	printk("[demo] ipc: ping and pong exchanged a message\n");
}

/* `demo=NAME`: threads (two tasks take turns by yielding: the week-3 milestone), preempt (tasks
 * that never yield all progress: week 4) or ipc (week 6); returns when the demo is over. */
static void demo_run(const char *name)
{
	if (!strcmp(name, "threads"))
		demo_threads();
	else if (!strcmp(name, "preempt"))
		demo_preempt();
	else if (!strcmp(name, "ipc"))
		demo_ipc();
	else if (strcmp(name, "none") != 0)
		pr_err("demo: '%s' is not one of: threads preempt ipc\n", name);
}
BOOT_ACTION("demo", demo_run);
