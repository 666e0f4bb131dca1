/* context_frame.c - x86_64: the stack frame a new task starts from, which its first switch
 * (switch.asm) resumes. (--with-lab=switch replaces this file, with switch.asm, by labs/switch/.) */
#include <kern/arch.h>
#include <arch/x86_64/cpu.h>

void task_trampoline(void);  /* switch.asm */

/* The frame switch_context() pops for a new task: rflags, r15 r14 r13 r12 rbx rbp, then the
 * return address. r12/r13 carry entry and arg to task_trampoline; rbp = 0 ends backtraces;
 * rflags has only its fixed bit (interrupts off until kern_task_start(), AC clear). */
void arch_context_init(struct arch_task *t, void (*entry)(void *), void *arg)
{
	uint64_t *sp = (uint64_t *)t->kstack_top;
	*--sp = (uint64_t)task_trampoline;
	*--sp = 0;                  /* rbp */
	*--sp = 0;                  /* rbx */
	*--sp = (uint64_t)entry;    /* r12 */
	*--sp = (uint64_t)arg;      /* r13 */
	*--sp = 0;                  /* r14 */
	*--sp = 0;                  /* r15 */
	*--sp = RFLAGS_FIXED;       /* rflags */
	t->rsp = (uint64_t)sp;
}
