/* power.c - stopping the machine: QEMU's isa-debug-exit (the ABI's exit codes), then ACPI. */
#include <kern/arch.h>
#include <arch/x86_64/cpu.h>

#define DEBUG_EXIT_PORT 0xF4          /* -device isa-debug-exit,iobase=0xf4,iosize=0x04 */
#define QEMU_PIIX4_PM1A_CNT 0x604     /* QEMU's ACPI PM1a control block (i440fx and q35) */
#define BOCHS_PM1A_CNT 0xB004         /* Bochs and older QEMU */
#define ACPI_SLP_S5 0x2000            /* SLP_EN with SLP_TYP = S5 for these machines */

void arch_stop(enum arch_stop how)
{
	irq_disable();
	/* Under QEMU with isa-debug-exit this ends the emulator with (how << 1) | 1. */
	outl(DEBUG_EXIT_PORT, how);
	if (how != ARCH_STOP_PANIC) {
		/* Power off so that a plain `qemu-system-x86_64` (or a real machine with the same
		 * chipset) ends too. A panic halts instead, leaving its report on the screen. */
		outw(QEMU_PIIX4_PM1A_CNT, ACPI_SLP_S5);
		outw(BOCHS_PM1A_CNT, ACPI_SLP_S5);
	}
	for (;;)
		cpu_halt();
}
