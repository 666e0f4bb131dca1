/* context_frame_lab.c - the switch lab (week 3): the stack frame a new task starts from, behind
 * kern/arch.h's arch_context_init(). Selected by --with-lab=switch, in place of
 * src/arch/x86_64/context_frame.c; the other half of the lab, the switch that resumes this
 * frame, is switch_lab.asm. The handout is doc/lab-switch.md.
 *
 * Given: task_new() (src/kern/task.c) allocates the task and its kernel stack, sets
 * t->arch.kstack_top and calls this before the task can be scheduled; the task's first
 * switch_context() then loads t->rsp and does what it does for any task: pops what it pops,
 * and returns. */
#include <kern/arch.h>
#include <arch/x86_64/cpu.h>
#include <lib/panic.h>

void task_trampoline(void);  /* switch_lab.asm */

/* Prepares t, a new task that has never run, so that the first switch_context() to it lands
 * in task_trampoline with entry and arg where task_trampoline reads them (r12 and r13 as
 * given), and sets t->rsp to the frame's lowest word.
 *
 * t->kstack_top is the top of an empty kernel stack (16-byte aligned; the stack grows down
 * from it, and the words just below it are yours). The frame holds, from kstack_top down:
 * the return address switch_context() will "return" to (task_trampoline), then one word for
 * each register and rflags that your switch_context() pops, in the order its pushes leave
 * them. Their values:
 * - r12 = entry and r13 = arg, for task_trampoline;
 * - rbp = 0: the backtrace of a panic in the task stops there instead of walking on;
 * - rflags = RFLAGS_FIXED alone (bit 1, always set): interrupts off until kern_task_start()
 *   turns them on, AC clear (no user-access window), every other flag clear;
 * - any other register 0.
 * Called with interrupts on or off; allocates nothing and cannot fail. */
void arch_context_init(struct arch_task *t, void (*entry)(void *), void *arg)
{
	(void)t;
	(void)entry;
	(void)arg;
	/* TODO: build the frame below t->kstack_top, then set t->rsp. */
	panic("lab switch: not implemented: arch_context_init");
}
