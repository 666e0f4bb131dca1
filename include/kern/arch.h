/** @file
 * The arch boundary, both ways: the `arch_*` operations generic code asks of the architecture
 * (going down), and the few `kern_*` upcalls the architecture makes into the generic kernel
 * (going up: a system call, a user fault, the return to user mode, a tick, a task's start and
 * end).
 *
 * Generic code (src/lib, src/mm, src/kern) reaches the architecture through this header only.
 * x86_64 implements it in src/arch/x86_64/ and keeps its details in include/arch/x86_64/; the
 * one arch header this one includes (arch_inline.h) holds the inline operations and the layout
 * constants below, and includes no other arch header. tests/layers.test checks all of this. */
#ifndef KERN_ARCH_H
#define KERN_ARCH_H

#include <stdbool.h>
#include <stdint.h>

/** How the machine should stop; under QEMU with isa-debug-exit each gives its own exit code. */
enum arch_stop {
	ARCH_STOP_SUCCESS = 0, /**< writes 0 to port 0xf4: QEMU exits with 1 */
	ARCH_STOP_FAILURE = 1, /**< writes 1: QEMU exits with 3 */
	ARCH_STOP_PANIC = 2,   /**< writes 2: QEMU exits with 5; real hardware halts */
};

/**
 * Sets up this CPU: GDT and TSS (with IST stacks for double fault, NMI and machine check),
 * the IDT with all 32 exception vectors, and removes the boot identity map. Call once at boot,
 * with interrupts off, after console_init().
 */
void arch_cpu_init(void);

/** Powers the machine off (QEMU's isa-debug-exit, then ACPI); halts if that fails. */
__attribute__((noreturn)) void arch_stop(enum arch_stop how);

/** Disables interrupts and returns the previous state for arch_irq_restore(). */
static inline unsigned long arch_irq_save(void);
/** Restores the interrupt state saved by arch_irq_save(). */
static inline void arch_irq_restore(unsigned long flags);

/** True if interrupts are on: the caller is a task that may block. */
static inline bool arch_irq_enabled(void);

/* The kernel's virtual memory areas that generic code manages (arch_inline.h defines them):
 * ARCH_DIRECT_MAP_BASE, where physical memory is mapped; ARCH_KSTACK_AREA and ARCH_KHEAP_AREA,
 * each ARCH_AREA_SIZE bytes, for kernel stacks and large heap blocks. User space is
 * [0, MK_USER_TOP) (uapi/syscall.h). */

/** Kernel virtual address of physical address @p phys in the direct map. */
static inline void *arch_phys_to_virt(uint64_t phys);

/** Physical address of @p virt, an address in the direct map. */
static inline uint64_t arch_virt_to_phys(const void *virt);

/** Bytes of physical memory reachable through the direct map right now. */
uint64_t arch_direct_map_limit(void);

/** Physical range [@p start, @p end) of the loaded kernel image (text, data and bss). */
void arch_kernel_image(uint64_t *start, uint64_t *end);

/** What arch_try_call() reports about a CPU exception it caught. */
struct arch_fault {
	int vector;         /**< exception vector (0..31) */
	uint64_t error;     /**< error code (0 for vectors without one) */
	uint64_t addr;      /**< CR2 for a page fault, else 0 */
	uint64_t rip;       /**< the faulting instruction */
};

/**
 * Calls fn(arg) and catches a CPU exception it raises in kernel mode, for tests that check
 * that something faults. Not reentrant; not for use outside tests.
 * @return -1 if fn returned normally, else the vector; @p fault (if not NULL) gets details.
 */
int arch_try_call(void (*fn)(void *arg), void *arg, struct arch_fault *fault);

/** Human-readable name of a CPU exception vector ("page fault", ...). */
const char *arch_exception_name(int vector);

/**
 * A cycle counter (the TSC). Under QEMU with `-icount shift=0,sleep=off` it advances by one
 * per guest instruction, so benchmark figures repeat exactly from run to run.
 */
static inline uint64_t arch_cycles(void);

/** Measures the rate of arch_cycles() against a fixed clock (the PIT), in Hz. Takes ~50 ms. */
uint64_t arch_tsc_measure_hz(void);

/** Enables interrupts (once the scheduler and the timer are ready). */
static inline void arch_irq_enable(void);

/** Waits for the next interrupt with interrupts enabled (the idle loop). */
static inline void arch_idle(void);

/**
 * The architecture's part of a task, embedded in struct task (arch_inline.h lays it out).
 * Generic code sets three fields: `kstack_top`, the top of the task's kernel stack (0 for the
 * boot stack); `fpu_state`, a 512-byte 16-byte-aligned area for a process's x87/SSE
 * registers (NULL for kernel threads, which have none); `page_root`, the physical address of
 * the page tables the task runs on (its vm_space's root; 0 for kernel threads, which run on
 * whichever are loaded). The rest is the architecture's.
 */
struct arch_task;

/**
 * Prepares @p t, a new task with the kernel stack @p t->kstack_top, so that the first switch
 * to it starts @p entry(@p arg) (through task_trampoline, kern_task_start and
 * kern_task_return).
 */
void arch_context_init(struct arch_task *t, void (*entry)(void *), void *arg);

/**
 * Switches the CPU from @p prev to @p next: the x87/SSE registers, the kernel stack for entries
 * from user mode, the page tables, then the general registers (switch.asm). Returns when
 * @p prev runs again. Interrupts off.
 */
void arch_context_switch(struct arch_task *prev, struct arch_task *next);

/** Fills @p area (512 bytes, 16-byte aligned) with a clean x87/SSE state for a new process. */
void arch_fpu_init_state(void *area);

/**
 * Leaves the kernel for user mode for the first time in the calling task @p t: rip = @p entry,
 * rsp = @p stack, every other general register 0, interrupts on; entries from user mode come
 * back on t->kstack_top. Never returns.
 */
__attribute__((noreturn)) void arch_enter_user(const struct arch_task *t, uint64_t entry,
					       uint64_t stack);

/** Opens kernel access to user memory (stac when SMAP is on); only in kern/uaccess.h's copies. */
void arch_user_access_begin(void);
/** Closes it again (clac). */
void arch_user_access_end(void);

/** Current frame pointer, where a backtrace starts. */
static inline uintptr_t arch_frame_pointer(void);

/**
 * Reads one frame of a frame-pointer chain: the caller's frame pointer and return address.
 * @return false at the end of the chain or when @p fp does not point into a kernel stack.
 */
bool arch_frame_next(uintptr_t fp, uintptr_t *next_fp, uintptr_t *ret);

/* ---------------------------------------------------------------------------------------
 * Upcalls: what the architecture calls in the generic kernel, and nothing else does. */

/**
 * The kernel's start, entered once from the boot code in long mode, on the boot stack, with
 * interrupts off: @p magic and @p info_phys are what the boot loader handed over (Multiboot1
 * or 2 magic, physical address of its information). Never returns.
 */
void kernel_main(uint32_t magic, uint64_t info_phys);

/**
 * A system call from user mode, taken from the entry's registers: number @p nr (all 64 bits)
 * and its six arguments @p args[0..5]. Interrupts on, on the process's kernel stack.
 * @return the result for the caller's rax (a value or a negative errno; -ENOSYS for an
 * unknown number). The architecture calls kern_user_return() afterwards.
 */
long kern_syscall(uint64_t nr, const uint64_t *args);

/**
 * A CPU exception (or a return the CPU cannot make) in user mode: reports it and ends the
 * process with status 0x100 + @p vector. @p addr is the faulting address of a page fault,
 * else 0. Any interrupt state. Never returns.
 */
__attribute__((noreturn)) void kern_user_fault(int vector, uint64_t error, uint64_t rip,
					       uint64_t addr);

/**
 * Called before every return to user mode (system calls by either entry, interrupts and
 * exceptions from ring 3): ends the process if it was killed. Returns when it may go on.
 */
void kern_user_return(void);

/** One timer interrupt: the tick source's handler calls it once per tick. Interrupts off. */
void kern_tick(void);

/** The first code of every new task, before its entry function; turns interrupts on. */
void kern_task_start(void);

/** A task's entry function returned: ends the task. Never returns. */
__attribute__((noreturn)) void kern_task_return(void);

#include <arch/x86_64/arch_inline.h>

#endif
