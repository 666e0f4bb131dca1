/* panic.c - panic(): the last message, then the machine's own way of stopping. */
#include <lib/panic.h>
#include <lib/printk.h>
#include <stdbool.h>

static const struct panic_machine *machine;

void panic_set_machine(const struct panic_machine *m)
{
	machine = m;
}

void panic(const char *fmt, ...)
{
	static bool panicking;
	va_list ap;

	if (machine)
		machine->enter();
	if (panicking) {
		printk("PANIC: panic while panicking\n");
		fmt = 0;
	} else {
		panicking = true;
		printk("PANIC: ");
		va_start(ap, fmt);
		vprintk(fmt, ap);
		va_end(ap);
		printk("\nBacktrace:\n");
	}
	if (!machine)
		for (;;)
			__builtin_trap();  /* before the architecture is up: no better way to stop */
	machine->halt(fmt ? (uintptr_t)__builtin_frame_address(0) : 0);
}
