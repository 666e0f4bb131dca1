/* main.c - kernel_main(): the boot sequence, in the order things come up. */
#include <kern/arch.h>
#include <kern/boot.h>
#include <kern/console.h>
#include <kern/errno.h>
#include <kern/mm.h>
#include <kern/proc.h>
#include <kern/sched.h>
#include <kern/timer.h>
#include <kern/trace.h>
#include <lib/printk.h>
#include <lib/cmdline.h>
#include <lib/string.h>
#include <uapi/syscall.h>

#define CMDLINE_VALUE_MAX 64

/* Starts pid 1 (`init=NAME`, default "init") and retires the boot task: from now on the
 * processes run the machine, and the kernel powers off when pid 1 ends. */
static void start_init(const char *cmdline)
{
	char name[CMDLINE_VALUE_MAX] = "init";
	bool asked = cmdline_get(cmdline, "init", name, sizeof(name));
	int pid = proc_spawn(name, NULL, MK_RIGHTS_ALL);  /* pid 1 holds every right */
	if (pid == -ENOENT && !asked) {
		pr_info("kernel: no init program among the boot modules; powering off\n");
		trace_dump();
		arch_stop(ARCH_STOP_SUCCESS);
	}
	if (pid < 0) {
		pr_err("kernel: cannot start init program '%s' (error %d)\n", name, pid);
		trace_dump();
		arch_stop(ARCH_STOP_FAILURE);
	}
	pr_info("kernel: started %s as pid %d\n", name, pid);
	for (;;)
		sched_block_current();
}

extern const struct boot_action __boot_actions_start[], __boot_actions_end[];

/* The optional parts of the build that the command line can name, with the option that
 * builds each: asking a kernel without one for it is an error, not a silent boot. */
static const struct {
	const char *key, *option;
} optional_parts[] = {
	{ "ktest", "--enable-ktest" },
	{ "crash", "--enable-ktest" },
	{ "bench", "--enable-bench" },
	{ "demo", "--enable-demos" },
};

static bool boot_action_built(const char *key)
{
	for (const struct boot_action *a = __boot_actions_start; a < __boot_actions_end; a++)
		if (!strcmp(a->key, key))
			return true;
	return false;
}

/* Runs what the command line asks for before init (see struct boot_action). */
static void run_boot_actions(const char *cmdline)
{
	char arg[CMDLINE_VALUE_MAX];

	for (size_t i = 0; i < sizeof(optional_parts) / sizeof(optional_parts[0]); i++) {
		const char *key = optional_parts[i].key;
		if (cmdline_get(cmdline, key, arg, sizeof(arg)) && !boot_action_built(key)) {
			pr_err("kernel: '%s' needs a kernel configured with %s\n", key,
			       optional_parts[i].option);
			arch_stop(ARCH_STOP_FAILURE);
		}
	}
	for (const struct boot_action *a = __boot_actions_start; a < __boot_actions_end; a++)
		if (cmdline_get(cmdline, a->key, arg, sizeof(arg)))
			a->run(arg);
}

void kernel_main(uint32_t magic, uint64_t info_phys)
{
	console_init();
	printk("Hello, Kernel\n");
	pr_info("%s %s (%s)\n", PACKAGE_NAME, PACKAGE_VERSION, CONFIG_SUMMARY);

	arch_cpu_init();
	boot_info_load(magic, info_phys);
	mm_init(boot_info_get());
	sched_init();
	trace_init();
	timer_init();
	arch_irq_enable();
	const char *cmdline = boot_info_get()->cmdline;

	run_boot_actions(cmdline);
	start_init(cmdline);
}
