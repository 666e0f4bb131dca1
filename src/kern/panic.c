/* panic.c - panic() and the frame-pointer backtrace it prints. */
#include <kern/panic.h>
#include <kern/arch.h>
#include <kern/ksyms.h>
#include <kern/printk.h>
#include <stdbool.h>

#define BACKTRACE_MAX_FRAMES 4096  /* walked; runs of one address print once */

static void print_frame(int depth, uintptr_t ret)
{
	uint64_t off;
	/* ret is the instruction after the call; name the call itself (ret - 1). */
	const char *name = ksym_lookup(ret - 1, &off);
	if (name)
		printk("  #%d %016lx <%s+0x%lx>\n", depth, (uint64_t)ret, name, off + 1);
	else
		printk("  #%d %016lx\n", depth, (uint64_t)ret);
}

void panic_backtrace(uintptr_t fp)
{
	uintptr_t next, ret, last = 0;
	int repeats = 0, depth = 1;

	/* Runs of the same return address (deep recursion) are printed once, with a count. */
	for (; depth <= BACKTRACE_MAX_FRAMES && arch_frame_next(fp, &next, &ret); depth++) {
		if (ret == last) {
			repeats++;
		} else {
			if (repeats)
				printk("  ... the same %d more time%s\n", repeats, repeats > 1 ? "s" : "");
			repeats = 0;
			print_frame(depth, ret);
			last = ret;
		}
		if (next <= fp)
			break;  /* callers' frames are above ours; anything else is a broken chain */
		fp = next;
	}
	if (repeats)
		printk("  ... the same %d more time%s\n", repeats, repeats > 1 ? "s" : "");
}

void panic(const char *fmt, ...)
{
	static bool panicking;
	va_list ap;

	arch_irq_save();
	if (panicking) {
		printk("PANIC: panic while panicking\n");
		arch_stop(ARCH_STOP_PANIC);
	}
	panicking = true;
	printk("PANIC: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\nBacktrace:\n");
	panic_backtrace(arch_frame_pointer());
	arch_stop(ARCH_STOP_PANIC);
}
