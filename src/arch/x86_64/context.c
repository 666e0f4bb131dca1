/* context.c - x86_64 side of task switching: a new task's first stack frame, and the switch. */
#include <kern/arch.h>
#include <kern/task.h>

void switch_context(uint64_t *save_rsp, uint64_t new_rsp);
void task_trampoline(void);

/* The frame switch_context() pops for a new task: r15 r14 r13 r12 rbx rbp, then the return
 * address. r12/r13 carry entry and arg to task_trampoline; rbp = 0 ends backtraces. */
uint64_t arch_context_init(uintptr_t stack_top, void (*entry)(void *), void *arg)
{
	uint64_t *sp = (uint64_t *)stack_top;
	*--sp = (uint64_t)task_trampoline;
	*--sp = 0;                  /* rbp */
	*--sp = 0;                  /* rbx */
	*--sp = (uint64_t)entry;    /* r12 */
	*--sp = (uint64_t)arg;      /* r13 */
	*--sp = 0;                  /* r14 */
	*--sp = 0;                  /* r15 */
	return (uint64_t)sp;
}

void arch_context_switch(struct task *prev, struct task *next)
{
	switch_context(&prev->rsp, next->rsp);
}
