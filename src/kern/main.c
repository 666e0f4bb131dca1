/* main.c - kernel_main(): the boot sequence, in the order things come up. */
#include <kern/arch.h>
#include <kern/bench.h>
#include <kern/boot.h>
#include <kern/console.h>
#include <kern/ktest.h>
#include <kern/errno.h>
#include <kern/mm.h>
#include <kern/proc.h>
#include <kern/sched.h>
#include <kern/timer.h>
#include <kern/printk.h>
#include <lib/cmdline.h>

#define CMDLINE_VALUE_MAX 64

/* Starts pid 1 (`init=NAME`, default "init") and retires the boot task: from now on the
 * processes run the machine, and the kernel powers off when pid 1 ends. */
static void start_init(const char *cmdline)
{
	char name[CMDLINE_VALUE_MAX] = "init";
	bool asked = cmdline_get(cmdline, "init", name, sizeof(name));
	int pid = proc_spawn(name, NULL);
	if (pid == -ENOENT && !asked) {
		pr_info("kernel: no init program among the boot modules; powering off\n");
		arch_stop(ARCH_STOP_SUCCESS);
	}
	if (pid < 0) {
		pr_err("kernel: cannot start init program '%s' (error %d)\n", name, pid);
		arch_stop(ARCH_STOP_FAILURE);
	}
	pr_info("kernel: started %s as pid %d\n", name, pid);
	for (;;)
		sched_block_current();
}

void kernel_main(uint32_t magic, uint64_t info_phys)
{
	char arg[CMDLINE_VALUE_MAX];

	console_init();
	printk("Hello, Kernel\n");
	pr_info("%s %s (%s)\n", PACKAGE_NAME, PACKAGE_VERSION, CONFIG_SUMMARY);

	arch_cpu_init();
	boot_info_load(magic, info_phys);
	mm_init(boot_info_get());
	sched_init();
	timer_init();
	arch_irq_enable();
	const char *cmdline = boot_info_get()->cmdline;

	if (cmdline_get(cmdline, "crash", arg, sizeof(arg)))
		crash_run(arg);
	if (cmdline_get(cmdline, "demo", arg, sizeof(arg)))
		demo_run(arg);
	if (cmdline_get(cmdline, "bench", arg, sizeof(arg))) {
		bench_run(arg);
		arch_stop(ARCH_STOP_SUCCESS);
	}
	if (cmdline_get(cmdline, "ktest", arg, sizeof(arg))) {
		if (!CONFIG_KTEST) {
			pr_err("ktest: this kernel was configured with --disable-ktest\n");
			arch_stop(ARCH_STOP_FAILURE);
		}
		int failed = ktest_run(arg);
		arch_stop(failed ? ARCH_STOP_FAILURE : ARCH_STOP_SUCCESS);
	}

	start_init(cmdline);
}
