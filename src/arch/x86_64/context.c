/* context.c - x86_64 side of task switching: the CPU state around the switch (x87/SSE, kernel
 * stack, page tables, I/O ports), and the first entry to user mode. A new task's first frame is
 * in context_frame.c; the switch itself in switch.asm. */
#include <kern/arch.h>
#include <arch/x86_64/cpu.h>
#include <arch/x86_64/ioport.h>
#include <arch/x86_64/percpu.h>
#include <lib/string.h>

void switch_context(uint64_t *save_rsp, uint64_t new_rsp);

/* Everything that belongs to the CPU and not to the stack: the x87/SSE registers of user
 * programs (the kernel has none), the kernel stack for entries from user mode, the page
 * tables (kernel threads run on whichever are loaded) and the I/O permission bitmap. */
void arch_context_switch(struct arch_task *prev, struct arch_task *next)
{
	if (prev->fpu_state)
		__asm__ volatile("fxsave64 [%0]" : : "r"(prev->fpu_state) : "memory");
	if (next->fpu_state)
		__asm__ volatile("fxrstor64 [%0]" : : "r"(next->fpu_state) : "memory");
	/* Without a test: the boot task's 0 is never used, since only a process's user mode
	 * enters the kernel on this stack, and a process sets its own when it is switched in. */
	cpu_set_kernel_stack(next->kstack_top);
	/* A kernel thread (no root of its own) keeps the tables it finds; a process loads its
	 * own, without reading CR3 back first: after another process, or a kernel thread that
	 * ran on another's, they are not loaded. */
	if (next->page_root && next->page_root != prev->page_root)
		arch_page_root_load(next->page_root);
	/* I/O-port grants (ioport.c): a switch between tasks without any costs this one test
	 * (either has a bitmap: an or, not two branches). The other switches end in
	 * arch_io_switch(), so that this function makes no call and has no register to save. */
	if ((uintptr_t)prev->io_bitmap | (uintptr_t)next->io_bitmap)
		arch_io_switch(prev, next);
	else
		switch_context(&prev->rsp, next->rsp);
}

void arch_fpu_init_state(void *area)
{
	/* A clean x87/SSE state: what fninit and the default MXCSR (all exceptions masked) give. */
	static uint8_t clean[512] __attribute__((aligned(16)));
	static int have_clean;
	if (!have_clean) {
		unsigned long s = arch_irq_save();
		uint8_t mine[512] __attribute__((aligned(16)));
		uint32_t mxcsr = 0x1F80;
		__asm__ volatile("fxsave64 [%0]" : : "r"(mine) : "memory");
		__asm__ volatile("fninit; ldmxcsr %1; fxsave64 [%0]"
				 : : "r"(clean), "m"(mxcsr) : "memory");
		__asm__ volatile("fxrstor64 [%0]" : : "r"(mine) : "memory");
		have_clean = 1;
		arch_irq_restore(s);
	}
	memcpy(area, clean, sizeof(clean));
}

__attribute__((noreturn)) void enter_user(uint64_t entry, uint64_t stack, uint64_t kstack_top);

void arch_enter_user(const struct arch_task *t, uint64_t entry, uint64_t stack)
{
	enter_user(entry, stack, t->kstack_top);
}

