/* vga.c - VGA text-mode console driver: 80x25 at physical 0xB8000, scrolling, hardware cursor. */
#include <kern/console.h>
#include <kern/arch.h>
#include <arch/x86_64/cpu.h>
#include <lib/string.h>
#include <stdint.h>

#define VGA_PHYS 0xB8000
#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_ATTR 0x07            /* light grey on black */
#define CRTC_INDEX 0x3D4
#define CRTC_DATA 0x3D5
#define CRTC_CURSOR_HIGH 0x0E
#define CRTC_CURSOR_LOW 0x0F

static volatile uint16_t *screen;
static int row, col;

static void vga_cursor_update(void)
{
	uint16_t pos = (uint16_t)(row * VGA_COLS + col);
	outb(CRTC_INDEX, CRTC_CURSOR_HIGH);
	outb(CRTC_DATA, pos >> 8);
	outb(CRTC_INDEX, CRTC_CURSOR_LOW);
	outb(CRTC_DATA, pos & 0xFF);
}

static void vga_clear_row(int r)
{
	for (int c = 0; c < VGA_COLS; c++)
		screen[r * VGA_COLS + c] = (VGA_ATTR << 8) | ' ';
}

static void vga_newline(void)
{
	col = 0;
	if (++row < VGA_ROWS)
		return;
	/* One block move, 8 bytes at a time (the text buffer is ordinary memory to the CPU): a
	 * cell-by-cell volatile loop cost ~10 000 instructions per line, most of a keystroke's
	 * echo (the keystroke_to_shell benchmark). */
	memmove((void *)screen, (const void *)(screen + VGA_COLS),
		(VGA_ROWS - 1) * VGA_COLS * sizeof(screen[0]));
	row = VGA_ROWS - 1;
	vga_clear_row(row);
}

void vga_init(void)
{
	screen = arch_phys_to_virt(VGA_PHYS);
	for (int r = 0; r < VGA_ROWS; r++)
		vga_clear_row(r);
	row = col = 0;
	vga_cursor_update();
}

void vga_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\n') {
			vga_newline();
		} else if (c == '\r') {
			col = 0;
		} else if (c == '\t') {
			col = (col + 8) & ~7;
			if (col >= VGA_COLS)
				vga_newline();
		} else {
			screen[row * VGA_COLS + col] = (uint16_t)((VGA_ATTR << 8) | (uint8_t)c);
			if (++col == VGA_COLS)
				vga_newline();
		}
	}
	vga_cursor_update();
}
