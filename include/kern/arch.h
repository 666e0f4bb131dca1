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
#include <stddef.h>
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
/** Disables interrupts, when the caller knows they are on (a system call: its entry turns
 * them on, and turns them off again itself before it returns to user mode). */
static inline void arch_irq_disable(void);

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
 * whichever are loaded). It reads a fourth, `io_bitmap`: non-NULL once the task has been
 * granted ports (arch_io_bitmap_attach()). The rest is the architecture's.
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

/* ---------------------------------------------------------------------------------------
 * I/O ports from user mode (ioport). A task's grants live in its I/O permission bitmap,
 * ARCH_IO_BITMAP_SIZE bytes that generic code allocates on the first grant and frees when the
 * process ends; a task without one (io_bitmap NULL, the usual case) may use no port, and its
 * switches cost nothing more. */

/**
 * True if any port in [@p first, @p first + @p count) is one the kernel keeps for itself:
 * the interrupt controllers, the PIT and its gate, the debug-exit and PCI configuration ports,
 * and the ports of devices the kernel drives (ioport() refuses those with -EBUSY).
 */
bool arch_io_kept(unsigned first, unsigned count);

/**
 * Gives the calling task @p t the bitmap @p map (ARCH_IO_BITMAP_SIZE bytes, the caller's
 * memory, until arch_io_bitmap_detach() hands it back), with no port granted yet. @p t has
 * none yet. Interrupts on or off.
 */
void arch_io_bitmap_attach(struct arch_task *t, void *map);

/**
 * Lets the calling task @p t, which has a bitmap, use ports [@p first, @p first + @p count)
 * (a checked range of ports, none kept) from user mode, at once and from then on.
 */
void arch_io_grant(struct arch_task *t, unsigned first, unsigned count);

/**
 * Takes every port away from the calling task @p t (it ends).
 * @return its bitmap, for the caller to free; NULL if it had none.
 */
void *arch_io_bitmap_detach(struct arch_task *t);

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
static inline void arch_user_access_begin(void);
/** Closes it again (clac). */
static inline void arch_user_access_end(void);

/**
 * Touches the byte at user address @p addr as the kernel, for reading (or for writing, with a
 * write that changes nothing, when @p write), and says whether the CPU allowed it: a page
 * fault on this one instruction is not a kernel bug but a "no", through the exception table
 * (ex_table_fixup() in trap.c). This is how uaccess checks a user range, one byte per page,
 * without walking the page tables. Call inside arch_user_access_begin()/_end(), for an
 * address in the user half (below MK_USER_TOP: the user half holds no kernel mapping).
 */
static inline bool arch_user_probe(uintptr_t addr, bool write);

/**
 * The direct-map address of the byte at @p va in the space with page-table root @p root, for a
 * @p va known to be mapped in a 4 KiB page (a user buffer checked earlier, in a space that
 * cannot have changed since): the walk makes no checks.
 */
static inline void *arch_pt_kva(uint64_t root, uintptr_t va);

/**
 * Whether the running task has something to do before it goes back to user mode (it has been
 * killed): the system-call entries call kern_user_return() only then, which keeps that call
 * off the path of every system call. The scheduler sets it for each task it runs.
 */
static inline void arch_set_user_work(bool pending);

/* ---------------------------------------------------------------------------------------
 * The trace channel (--enable-trace only; kern/trace.h): a second serial port, apart from the
 * console, that the kernel writes its event trace to and polls for a request to dump it. */

/** Finds and sets up the trace channel. @return false if the machine has none. */
bool arch_trace_port_init(void);

/** Writes @p n bytes on the trace channel, polled; nothing if there is none. */
void arch_trace_port_write(const char *s, size_t n);

/** True if bytes arrived on the trace channel since the last call (it takes them). */
bool arch_trace_port_received(void);

/* ---------------------------------------------------------------------------------------
 * ISA interrupt lines for user-space drivers (irq_bind): lines 0..15, through whichever
 * controller the configuration uses (the 8259 PICs with the PIT tick, the I/O APIC with the
 * local APIC timer). When an unmasked line raises an interrupt, the architecture masks it,
 * acknowledges it at the controller and calls kern_irqline(). Lines 0 and 2 stay the
 * kernel's: the generic kernel never names them here. */

/** Lets line @p irq (1, 3..15) raise interrupts again. Interrupts off. */
void arch_irqline_unmask(unsigned irq);

/** Keeps line @p irq (1, 3..15) from raising interrupts. Interrupts off. */
void arch_irqline_mask(unsigned irq);

/** Current frame pointer, where a backtrace starts. */
static inline uintptr_t arch_frame_pointer(void);

/**
 * Reads one frame of a frame-pointer chain: the caller's frame pointer and return address.
 * @return false at the end of the chain or when @p fp does not point into a kernel stack.
 */
bool arch_frame_next(uintptr_t fp, uintptr_t *next_fp, uintptr_t *ret);

/* ---------------------------------------------------------------------------------------
 * Page tables. mm's vm (kern/vm.h) walks and edits them through these; what an entry holds
 * is the architecture's business. Levels count down from ARCH_PT_LEVELS - 1 (the top table)
 * to 0 (the table of 4 KiB pages); each table has ARCH_PT_ENTRIES entries, and top-level
 * entries from ARCH_PT_KERNEL_FIRST on map the kernel half (ARCH_KERNEL_HALF up), shared by
 * every address space. */

/** Permissions of a mapping. Without VM_WRITE a page is read-only; without VM_EXEC no-execute. */
#define VM_WRITE 0x1u   /**< writable */
#define VM_USER 0x2u    /**< reachable from ring 3 (only below MK_USER_TOP) */
#define VM_EXEC 0x4u    /**< executable */
#define VM_OWNED 0x8u   /**< the mapping owns the frame: unmapping or destroying frees it */
#define VM_LARGE 0x10u  /**< (vm_translate() only) part of a 2 MiB or 1 GiB page */
#define VM_NOCACHE 0x20u /**< uncached: device registers */

/** Index of @p va in its table at @p level. */
static inline unsigned arch_pt_index(uintptr_t va, int level);
/** Bytes one entry at @p level maps (4 KiB at level 0, 2 MiB at 1, ...). */
static inline uint64_t arch_pt_span(int level);
/** True if entry @p e maps something (a table or a page). */
static inline bool arch_pte_present(uint64_t e);
/** True if entry @p e, above level 0, maps a large page instead of a table. */
static inline bool arch_pte_large(uint64_t e);
/** The physical address in entry @p e (of a table or a page). */
static inline uint64_t arch_pte_addr(uint64_t e);
/** True if the mapping in @p e owns its frame (VM_OWNED). */
static inline bool arch_pte_owned(uint64_t e);
/** An entry for the table at @p pa; @p user if it serves the user half. */
static inline uint64_t arch_pte_table(uint64_t pa, bool user);
/** An entry mapping @p pa at @p va with VM_ @p flags, at @p level (above 0: a large page). */
static inline uint64_t arch_pte_leaf(uint64_t pa, uintptr_t va, unsigned flags, int level);
/** The VM_ flags of the mapping in @p e (VM_LARGE aside). */
static inline unsigned arch_pte_flags(uint64_t e);
/** True if @p e lets user mode read (and write, if @p write) what it maps. */
static inline bool arch_pte_user_ok(uint64_t e, bool write);
/**
 * Walks the tables at @p root towards @p va and returns the entry where the walk ends: the
 * level-0 entry, a large-page entry, or an entry that is not present; *@p level gets its level.
 */
static inline uint64_t *arch_pt_find(uint64_t root, uintptr_t va, int *level);
/** Drops the TLB's entry for @p va, after its mapping changed in the loaded tables. */
static inline void arch_tlb_flush_page(uintptr_t va);
/** Physical address of the top table the CPU uses now. */
static inline uint64_t arch_page_root(void);
/** Makes the CPU use the top table at @p root (flushing non-global TLB entries). */
static inline void arch_page_root_load(uint64_t root);
/** True when the CPU enforces no-execute (without it, VM_EXEC is always on). */
static inline bool arch_nx_enabled(void);

/** A mapping the kernel image needs, for vm_init(). */
struct arch_region {
	uintptr_t va;
	uint64_t pa;
	uint64_t len;     /**< bytes, a multiple of the page size */
	unsigned flags;   /**< VM_ flags */
};

/** Most regions arch_image_regions() returns. */
#define ARCH_IMAGE_REGIONS 4

/**
 * The kernel image's mappings, section by section with W^X permissions and with the boot
 * stack's guard page left out: fills @p out and returns how many.
 */
size_t arch_image_regions(struct arch_region out[ARCH_IMAGE_REGIONS]);

/* ---------------------------------------------------------------------------------------
 * Upcalls: what the architecture calls in the generic kernel, and nothing else does. */

/**
 * The kernel's start, entered once from the boot code in long mode, on the boot stack, with
 * interrupts off: @p magic and @p info_phys are what the boot loader handed over (Multiboot1
 * or 2 magic, physical address of its information). Never returns.
 */
void kernel_main(uint32_t magic, uint64_t info_phys);

/** A system call: its six arguments, as the entry's registers held them. */
typedef long (*kern_syscall_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

/**
 * The system calls by number (uapi/syscall.h), SYS_COUNT of them: for a call from user mode
 * with number nr (all 64 bits) below SYS_COUNT, the entry code calls kern_syscalls[nr](...)
 * with the six argument registers, interrupts on, on the process's kernel stack; for any
 * other nr the result is -ENOSYS. The result goes back in rax; kern_user_return() comes
 * before the return to user mode if arch_set_user_work() asked for it.
 */
extern const kern_syscall_fn kern_syscalls[];

/**
 * A CPU exception (or a return the CPU cannot make) in user mode: reports it and ends the
 * process with status 0x100 + @p vector. @p addr is the faulting address of a page fault,
 * else 0. Any interrupt state. Never returns.
 */
__attribute__((noreturn)) void kern_user_fault(int vector, uint64_t error, uint64_t rip,
					       uint64_t addr);

/**
 * Called before a return to user mode: after every interrupt and exception from ring 3, and
 * after a system call when arch_set_user_work() said so. Ends the process if it was killed.
 * Returns when it may go on.
 */
void kern_user_return(void);

/**
 * ISA line @p irq raised an interrupt; the architecture has masked the line and acknowledged
 * the interrupt at its controller. Interrupts off.
 */
void kern_irqline(unsigned irq);

/**
 * (--enable-trace only) Interrupt @p vector arrived, while the running task ran: recorded in
 * the trace. Called for every interrupt but CPU exceptions and spurious ones. Interrupts off.
 */
void kern_trace_irq(unsigned vector);

/** One timer interrupt: the tick source's handler calls it once per tick. Interrupts off. */
void kern_tick(void);

/** The first code of every new task, before its entry function; turns interrupts on. */
void kern_task_start(void);

/** A task's entry function returned: ends the task. Never returns. */
__attribute__((noreturn)) void kern_task_return(void);

#include <arch/x86_64/arch_inline.h>

#endif
