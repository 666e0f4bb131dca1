/* cpu.c - per-CPU setup for long mode: GDT, TSS with IST stacks, and dropping the boot
 * identity map. */
#include <kern/arch.h>
#include <lib/printk.h>
#include <arch/x86_64/cpu.h>
#include <arch/x86_64/layout.h>
#include <arch/x86_64/percpu.h>
#include <arch/x86_64/trap.h>
#include <lib/string.h>
#include <stddef.h>

#define IST_STACK_SIZE 16384

struct descriptor_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

/* Segment descriptors. The selectors are fixed by the SYSCALL/SYSRET rules: user data must
 * sit 8 below user code, both 16/8 above the STAR base selector 0x18. SYSRET to 64-bit mode
 * never reads the descriptor at the base, so that slot stays empty: with no 32-bit (or 16-bit)
 * code segment anywhere, ring 3 cannot leave 64-bit mode, and a far jump or return to any
 * other selector is a #GP that kills the program. */
enum {
	GDT_NULL,
	GDT_KCODE,      /* 0x08 */
	GDT_KDATA,      /* 0x10 */
	GDT_SYSRET,     /* 0x18: the STAR base; null on purpose (no compatibility mode) */
	GDT_UDATA,      /* 0x20 */
	GDT_UCODE,      /* 0x28 */
	GDT_TSS_LOW,    /* 0x30: a TSS descriptor takes two slots */
	GDT_TSS_HIGH,
	GDT_ENTRIES
};

_Static_assert(GDT_KCODE * 8 == GDT_KERNEL_CODE && GDT_KDATA * 8 == GDT_KERNEL_DATA &&
		       GDT_SYSRET * 8 == GDT_SYSRET_BASE && GDT_UDATA * 8 == GDT_USER_DATA &&
		       GDT_UCODE * 8 == GDT_USER_CODE,
	       "selectors agree with layout.h");

static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(16))) = {
	[GDT_KCODE] = 0x00AF9A000000FFFF,   /* present, ring 0, code, long mode */
	[GDT_KDATA] = 0x00CF92000000FFFF,   /* present, ring 0, data, writable */
	[GDT_UDATA] = 0x00CFF2000000FFFF,   /* present, ring 3, data */
	[GDT_UCODE] = 0x00AFFA000000FFFF,   /* present, ring 3, code, long mode */
};

struct tss_area cpu_tss __attribute__((aligned(16)));
static uint8_t ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));

extern uint64_t boot_pml4[512];

static void gdt_set_tss(void)
{
	uint64_t base = (uint64_t)&cpu_tss, limit = sizeof(cpu_tss) - 1;
	gdt[GDT_TSS_LOW] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) |
			   (0x89ull << 40) |            /* present, 64-bit TSS (available) */
			   (((limit >> 16) & 0xF) << 48) | (((base >> 24) & 0xFF) << 56);
	gdt[GDT_TSS_HIGH] = base >> 32;
}

static void gdt_load(void)
{
	struct descriptor_pointer p = { sizeof(gdt) - 1, (uint64_t)gdt };
	__asm__ volatile("lgdt %0\n\t"
			 "push %1\n\t"
			 "lea rax, [rip + 1f]\n\t"
			 "push rax\n\t"
			 "retfq\n"
			 "1:\n\t"
			 "mov eax, %2\n\t"
			 "mov ds, eax\n\t"
			 "mov es, eax\n\t"
			 "mov ss, eax\n\t"
			 "ltr %w3\n\t"
			 "xor eax, eax\n\t"
			 "lldt ax"  /* no LDT: a selector with TI set is a #GP, not a read of address 0 */
			 :
			 : "m"(p), "i"(GDT_KERNEL_CODE), "i"(GDT_KERNEL_DATA), "r"(GDT_TSS_LOW * 8)
			 : "rax", "memory");
}

static void tss_init(void)
{
	for (int i = 0; i < 3; i++)
		cpu_tss.tss.ist[i] = (uint64_t)&ist_stacks[i][IST_STACK_SIZE];
	cpu_tss.tss.iomap_base = offsetof(struct tss_area, io_bitmap);
	memset(cpu_tss.io_bitmap, 0xFF, sizeof(cpu_tss.io_bitmap));  /* every port traps */
	cpu_tss.io_bitmap_end = 0xFF;
}

void arch_cpu_init(void)
{
	tss_init();
	gdt_set_tss();
	gdt_load();
	idt_init();
	cpu_user_init();
	paging_cpu_init();

	/* The identity map was only needed to turn paging on; from now on a NULL or other
	 * low-address access in the kernel faults. */
	boot_pml4[0] = 0;
	write_cr3(read_cr3());
}
