/* trap.c - the IDT and the C side of every interrupt and exception. */
#include <kern/arch.h>
#include <lib/panic.h>
#include <lib/printk.h>
#include <lib/ksyms.h>
#include <arch/x86_64/cpu.h>
#include <arch/x86_64/irq.h>
#include <kern/param.h>
#include <arch/x86_64/layout.h>
#include <arch/x86_64/trap.h>

#define GATE_INTERRUPT_DPL0 0x8E /* present, ring 0, 64-bit interrupt gate (IF cleared) */
#define GATE_INTERRUPT_DPL3 0xEE /* the same, but ring 3 may raise it with `int` */

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate layout");

static struct idt_gate idt[256] __attribute__((aligned(16)));

extern const char trap_stubs[];
extern const char try_landing[];
extern uint64_t try_saved_rsp;
extern const char boot_stack_guard[], _kernel_end[];
int try_call_raw(void (*fn)(void *), void *arg);

static struct arch_fault try_fault;

/* The exception table (.ex_table, see ARCH_EX_TABLE): kernel instructions allowed to fault
 * on user memory, and where each one resumes when it does. */
struct ex_entry {
	uint64_t insn, fixup;
};
extern const struct ex_entry __ex_table_start[], __ex_table_end[];

/* A page fault in the kernel at an instruction of the exception table (a user probe) is the
 * answer "not accessible": it resumes at the instruction's fixup. */
static bool ex_table_fixup(struct trap_frame *tf)
{
	if (tf->vector != T_PAGE_FAULT)
		return false;
	for (const struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++) {
		if (e->insn == tf->rip) {
			tf->rip = e->fixup;
			return true;
		}
	}
	return false;
}

static const char *const exception_names[TRAP_EXCEPTIONS] = {
	"divide error", "debug", "non-maskable interrupt", "breakpoint", "overflow",
	"bound range exceeded", "invalid opcode", "device not available", "double fault",
	"coprocessor segment overrun", "invalid TSS", "segment not present",
	"stack-segment fault", "general protection fault", "page fault", "reserved (15)",
	"x87 floating-point error", "alignment check", "machine check",
	"SIMD floating-point error", "virtualization exception", "control protection",
	"reserved (22)", "reserved (23)", "reserved (24)", "reserved (25)", "reserved (26)",
	"reserved (27)", "hypervisor injection", "VMM communication", "security exception",
	"reserved (31)",
};

static const char *const exception_mnemonics[TRAP_EXCEPTIONS] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#MF", "#TS", "#NP",
	"#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "#22", "#23",
	"#24", "#25", "#26", "#27", "#HV", "#VC", "#SX", "#31",
};

const char *arch_exception_name(int vector)
{
	if (vector < 0 || vector >= TRAP_EXCEPTIONS)
		return "interrupt";
	return exception_names[vector];
}

static void idt_set(int vector, uint64_t handler, int ist)
{
	idt[vector] = (struct idt_gate){
		.offset_low = handler & 0xFFFF,
		.selector = GDT_KERNEL_CODE,
		.ist = (uint8_t)ist,
		.type_attr = GATE_INTERRUPT_DPL0,
		.offset_mid = (handler >> 16) & 0xFFFF,
		.offset_high = (uint32_t)(handler >> 32),
	};
}

void idt_set_user_gate(int vector)
{
	idt[vector].type_attr = GATE_INTERRUPT_DPL3;
}

void idt_set_user_entry(int vector, void (*entry)(void))
{
	idt_set(vector, (uint64_t)entry, 0);
	idt_set_user_gate(vector);
}

static const struct panic_machine x86_panic;

void idt_init(void)
{
	panic_set_machine(&x86_panic);
	for (int v = 0; v < 256; v++)
		idt_set(v, (uint64_t)trap_stubs + (uint64_t)v * TRAP_STUB_SIZE, 0);
	/* These may strike on a broken stack; they run on stacks of their own. */
	idt_set_user_gate(T_BREAKPOINT);  /* the ABI lets ring 3 use int3 (and 0x80) only */
	idt[T_DOUBLE_FAULT].ist = IST_DOUBLE_FAULT;
	idt[T_NMI].ist = IST_NMI;
	idt[T_MACHINE_CHECK].ist = IST_MACHINE_CHECK;

	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) p = { sizeof(idt) - 1, (uint64_t)idt };
	__asm__ volatile("lidt %0" : : "m"(p));
}

/* True if va is mapped in the page tables loaded now (boot's or the kernel's). */
static bool mapped(uintptr_t va)
{
	int level;
	return arch_pte_present(*arch_pt_find(arch_page_root(), va, &level));
}

/* True if addr lies in a kernel stack's guard page: the unmapped page below a stack, in the
 * stack area. */
static bool kstack_guard(uintptr_t addr)
{
	return addr >= ARCH_KSTACK_AREA && addr < ARCH_KSTACK_AREA + ARCH_AREA_SIZE - PAGE_SIZE &&
	       !mapped(addr) && mapped((addr & ~(uintptr_t)(PAGE_SIZE - 1)) + PAGE_SIZE);
}

/* Page-fault error code bits, in words. */
static void print_pf_error(uint64_t err)
{
	printk("  page fault: %s, %s, %s mode%s%s\n",
	       err & 1 ? "protection violation" : "page not present",
	       err & 16 ? "instruction fetch" : err & 2 ? "write" : "read",
	       err & 4 ? "user" : "kernel",
	       err & 8 ? ", reserved bit set" : "",
	       err & 32 ? ", protection key" : "");
}

static void print_location(const char *label, uint64_t addr)
{
	uint64_t off;
	const char *name = ksym_lookup(addr, &off);
	if (name)
		printk("  %s %016lx <%s+0x%lx>\n", label, addr, name, off);
	else
		printk("  %s %016lx\n", label, addr);
}

#define BACKTRACE_MAX_FRAMES 4096  /* walked; runs of one address print once */

static void print_frame(int depth, uintptr_t ret)
{
	uint64_t off;
	/* ret is the instruction after the call; name the call itself (ret - 1). */
	const char *name = ksym_lookup(ret - 1, &off);
	if (name)
		printk("  #%d %016lx <%s+0x%lx>\n", depth, (uint64_t)ret, name, off + 1);
	else
		printk("  #%d %016lx\n", depth, (uint64_t)ret);
}

static void backtrace(uintptr_t fp)
{
	uintptr_t next, ret, last = 0;
	int repeats = 0, depth = 1;

	/* Runs of the same return address (deep recursion) are printed once, with a count. */
	for (; depth <= BACKTRACE_MAX_FRAMES && arch_frame_next(fp, &next, &ret); depth++) {
		if (ret == last) {
			repeats++;
		} else {
			if (repeats)
				printk("  ... the same %d more time%s\n", repeats, repeats > 1 ? "s" : "");
			repeats = 0;
			print_frame(depth, ret);
			last = ret;
		}
		if (next <= fp)
			break;  /* callers' frames are above ours; anything else is a broken chain */
		fp = next;
	}
	if (repeats)
		printk("  ... the same %d more time%s\n", repeats, repeats > 1 ? "s" : "");
}

static void panic_enter(void)
{
	irq_disable();
}

static __attribute__((noreturn)) void panic_halt(uintptr_t fp)
{
	if (fp)
		backtrace(fp);
	arch_stop(ARCH_STOP_PANIC);
}

static const struct panic_machine x86_panic = { .enter = panic_enter, .halt = panic_halt };

static __attribute__((noreturn)) void panic_trap(struct trap_frame *tf)
{
	irq_disable();
	int v = (int)tf->vector;
	printk("PANIC: %s %s (vector %d), error code 0x%lx\n", exception_mnemonics[v],
	       exception_names[v], v, tf->error);
	print_location("rip", tf->rip);
	printk("  rsp    %016lx  rflags %016lx  cs %04lx  ss %04lx\n", tf->rsp, tf->rflags,
	       tf->cs, tf->ss);
	printk("  cr2    %016lx  cr3    %016lx\n", read_cr2(), read_cr3());
	if (v == T_PAGE_FAULT)
		print_pf_error(tf->error);
	uint64_t cr2 = read_cr2();
	bool boot_guard = cr2 >= (uint64_t)boot_stack_guard &&
			  cr2 < (uint64_t)boot_stack_guard + PAGE_SIZE;
	if ((v == T_PAGE_FAULT || v == T_DOUBLE_FAULT) && (boot_guard || kstack_guard(cr2)))
		printk("  the kernel stack overflowed into its guard page at %016lx\n", cr2);
	printk("  rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", tf->rax, tf->rbx, tf->rcx,
	       tf->rdx);
	printk("  rsi %016lx rdi %016lx rbp %016lx r8  %016lx\n", tf->rsi, tf->rdi, tf->rbp,
	       tf->r8);
	printk("  r9  %016lx r10 %016lx r11 %016lx r12 %016lx\n", tf->r9, tf->r10, tf->r11,
	       tf->r12);
	printk("  r13 %016lx r14 %016lx r15 %016lx\n", tf->r13, tf->r14, tf->r15);
	printk("Backtrace:\n");
	print_location("#0", tf->rip);
	backtrace(tf->rbp);
	arch_stop(ARCH_STOP_PANIC);
}

/* A test armed a recovery point: resume at try_landing as if the call had returned the
 * vector. Double faults and machine checks are never recovered. */
static bool try_recover(struct trap_frame *tf)
{
	int v = (int)tf->vector;
	if (!try_saved_rsp || v == T_DOUBLE_FAULT || v == T_MACHINE_CHECK || (tf->cs & 3))
		return false;
	try_fault = (struct arch_fault){
		.vector = v,
		.error = tf->error,
		.addr = v == T_PAGE_FAULT ? read_cr2() : 0,
		.rip = tf->rip,
	};
	tf->rip = (uint64_t)try_landing;
	tf->rsp = try_saved_rsp;
	tf->rax = (uint64_t)v;
	return true;
}

static void (*irq_handler[256])(struct trap_frame *tf);
uint64_t irq_spurious_count;

void irq_set_handler(unsigned vector, void (*fn)(struct trap_frame *tf))
{
	irq_handler[vector & 255] = fn;
}

static void irq_dispatch(struct trap_frame *tf)
{
	unsigned vector = (unsigned)tf->vector;
	bool pic = vector >= IRQ_PIC_BASE && vector < IRQ_PIC_BASE + 16;
	if (vector == IRQ_SPURIOUS || (pic && pic_spurious(vector - IRQ_PIC_BASE))) {
		irq_spurious_count++;  /* no end-of-interrupt for these */
		return;
	}
	if (CONFIG_TRACE)
		kern_trace_irq(vector);
	if (irq_handler[vector]) {
		irq_handler[vector](tf);
		return;
	}
	pr_warn("unexpected interrupt, vector %u\n", vector);
	if (pic)
		pic_eoi(vector - IRQ_PIC_BASE);
}

void trap_dispatch(struct trap_frame *tf)
{
	bool from_user = tf->cs & 3;
	if (tf->vector < TRAP_EXCEPTIONS) {
		if (from_user)
			kern_user_fault((int)tf->vector, tf->error, tf->rip,
					read_cr2());  /* never returns */
		if (ex_table_fixup(tf) || try_recover(tf))
			return;
		panic_trap(tf);
	}
	irq_dispatch(tf);
	if (from_user)
		kern_user_return();
}

int arch_try_call(void (*fn)(void *arg), void *arg, struct arch_fault *fault)
{
	int v = try_call_raw(fn, arg);
	if (fault)
		*fault = v < 0 ? (struct arch_fault){ .vector = -1 } : try_fault;
	return v;
}

bool arch_frame_next(uintptr_t fp, uintptr_t *next_fp, uintptr_t *ret)
{
	/* Frames live in mapped kernel memory; anything else ends the walk. */
	if (fp < ARCH_DIRECT_MAP_BASE || (fp & 7))
		return false;
	if (!mapped(fp) || !mapped(fp + 8))
		return false;
	const uintptr_t *frame = (const uintptr_t *)fp;
	*next_fp = frame[0];
	*ret = frame[1];
	return *ret != 0;
}
