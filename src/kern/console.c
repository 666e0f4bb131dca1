/* console.c - fans console output out to the drivers chosen by --with-console. */
#include <kern/console.h>

static const int use_serial = !CONFIG_CONSOLE_VGA;
static const int use_vga = !CONFIG_CONSOLE_SERIAL;

void console_init(void)
{
	if (use_serial)
		serial_init();
	if (use_vga)
		vga_init();
}

void console_write(const char *s, size_t n)
{
	if (use_serial)
		serial_write(s, n);
	if (use_vga)
		vga_write(s, n);
}
