/* kstack.c - kernel stacks in their own area: [guard page][KSTACK_PAGES pages], repeated. */
#include <kern/kstack.h>
#include <kern/arch.h>
#include <lib/printk.h>
#include <kern/vm.h>
#include <kern/param.h>
#include "kva.h"

static struct kva_area stacks = { .base = ARCH_KSTACK_AREA };

void kstack_init(void)
{
	/* The tables for every stack the task table allows, made now: the area never grows
	 * later, so the free-frame count does not creep up with the most tasks ever alive. */
	uintptr_t end = ARCH_KSTACK_AREA + (uintptr_t)CONFIG_MAX_TASKS * (KSTACK_PAGES + 1) * PAGE_SIZE;
	if (vm_prepare_tables(vm_kernel_space(), ARCH_KSTACK_AREA, end) < 0)
		pr_warn("kstack: not enough memory to prepare the stack area's page tables\n");
}

uintptr_t kstack_alloc(void)
{
	unsigned long s = arch_irq_save();
	uintptr_t va = kva_alloc(&stacks, KSTACK_PAGES + 1);
	arch_irq_restore(s);
	if (!va)
		return 0;
	if (kva_populate(va + PAGE_SIZE, KSTACK_PAGES) < 0) {
		kva_free(&stacks, va, KSTACK_PAGES + 1);
		return 0;
	}
	return va + (KSTACK_PAGES + 1) * PAGE_SIZE;
}

void kstack_free(uintptr_t top)
{
	uintptr_t va = top - (KSTACK_PAGES + 1) * PAGE_SIZE;
	kva_depopulate(va + PAGE_SIZE, KSTACK_PAGES);
	unsigned long s = arch_irq_save();
	kva_free(&stacks, va, KSTACK_PAGES + 1);
	arch_irq_restore(s);
}
