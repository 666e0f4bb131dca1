/* demo.c - the milestone demos of the learning path, chosen with `demo=NAME`. */
#include <kern/boot.h>
#include <kern/printk.h>
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

void demo_run(const char *name)
{
	if (!strcmp(name, "threads"))
		demo_threads();
	else if (!strcmp(name, "preempt"))
		demo_preempt();
	else if (strcmp(name, "none") != 0)
		pr_err("demo: '%s' is not one of: threads preempt\n", name);
}
