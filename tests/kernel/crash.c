/* crash.c - deliberate kernel failures (`crash=WHAT`) that show and test the panic path. */
#include <kern/boot.h>
#include <lib/panic.h>
#include <lib/printk.h>
#include <kern/sched.h>
#include <kern/task.h>
#include <lib/string.h>
#include <stdint.h>

/* Each recursion level keeps a frame alive, so the stack runs into its guard page. */
static __attribute__((noinline)) uint64_t crash_recurse(volatile uint64_t depth)
{
	volatile char frame[512];
	frame[0] = (char)depth;
	if (depth > (1ull << 40))
		return 0;
	return crash_recurse(depth + 1) + (uint64_t)frame[0];
}

static void recurse_task(void *arg)
{
	crash_recurse(0);
}

static void crash_triple(void)
{
	/* With an empty IDT no exception can be delivered: #BP -> #GP -> #DF -> triple fault. */
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) empty = { 0, 0 };
	__asm__ volatile("lidt %0; int3" : : "m"(empty));
}

/* `crash=WHAT`: ud, div, null, pf, gp, stack, taskstack, panic, assert, triple, hang. Returns
 * only if @p what names no failure (after logging so). */
static void crash_run(const char *what)
{
	volatile int zero = 0;

	pr_info("crash: deliberately causing '%s'\n", what);
	if (!strcmp(what, "ud"))
		__asm__ volatile("ud2");
	else if (!strcmp(what, "div"))
		__asm__ volatile("xor edx, edx; mov eax, 1; div %0" : : "r"(zero) : "rax", "rdx");
	else if (!strcmp(what, "null"))
		pr_info("%d\n", *(volatile int *)(uintptr_t)zero);
	else if (!strcmp(what, "pf"))
		*(volatile uint64_t *)0xFFFFFFFFC0000000ull = 1;  /* unmapped kernel address */
	else if (!strcmp(what, "gp"))
		*(volatile uint64_t *)0x0000800000000000ull = 1;  /* non-canonical */
	else if (!strcmp(what, "stack"))
		crash_recurse(0);
	else if (!strcmp(what, "taskstack")) {
		create_task("deep", recurse_task, 0);
		sched_sleep_ms(1000);
	} else if (!strcmp(what, "panic"))
		panic("deliberate panic (crash=panic)");
	else if (!strcmp(what, "assert"))
		KASSERT(zero == 1);
	else if (!strcmp(what, "triple"))
		crash_triple();
	else if (!strcmp(what, "hang"))
		for (;;)
			__asm__ volatile("pause");
	pr_err("crash: '%s' is not one of: ud div null pf gp stack taskstack panic assert triple "
	       "hang\n",
	       what);
}
BOOT_ACTION("crash", crash_run);
