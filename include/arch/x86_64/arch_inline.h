/** @file
 * The x86_64 half of kern/arch.h: the layout constants generic code may use and the inline
 * operations. Included by kern/arch.h only; it includes no other arch header, so generic
 * code sees nothing of x86_64 but what the contract names. */
#ifndef ARCH_X86_64_ARCH_INLINE_H
#define ARCH_X86_64_ARCH_INLINE_H

/** Virtual address of physical 0 in the direct map of physical memory (PML4 slots 256..). */
#define ARCH_DIRECT_MAP_BASE 0xFFFF800000000000ul
/** Kernel stacks, each with an unmapped guard page below it (PML4 slot 510). */
#define ARCH_KSTACK_AREA 0xFFFFFF0000000000ul
/** Large kernel heap allocations, each followed by an unmapped guard page (PML4 slot 509). */
#define ARCH_KHEAP_AREA 0xFFFFFE8000000000ul
/** Device registers (local APIC, I/O APIC), mapped uncached (PML4 slot 508). */
#define ARCH_MMIO_AREA 0xFFFFFE0000000000ul
/** Bytes of each of those areas (1 GiB). */
#define ARCH_AREA_SIZE (1ul << 30)
/** First address of the kernel half, which every address space shares. */
#define ARCH_KERNEL_HALF 0xFFFF800000000000ul
/** Physical memory the boot page tables put in the direct map (4 GiB). */
#define ARCH_BOOT_MAP_BYTES (4ul << 30)
/** Physical memory always in the direct map, RAM or not: the first MiB (VGA, BIOS areas). */
#define ARCH_DIRECT_MAP_LOW 0x100000ul
/** The interrupt-enable bit in arch_irq_save()'s value (RFLAGS.IF). */
#define ARCH_IRQ_FLAG (1ul << 9)

struct arch_task {
	uint64_t rsp;          /* saved stack pointer while switched out (switch.asm) */
	uintptr_t kstack_top;  /* stack for entries from user mode, or 0 (the boot stack) */
	void *fpu_state;       /* 512-byte x87/SSE save area, or NULL (kernel threads) */
	uint64_t page_root;    /* page tables to run on (CR3), or 0: keep those loaded */
	void *io_bitmap;       /* its I/O permission bitmap (ioport.c), or NULL: no port granted */
	uint16_t io_bytes;     /* the bitmap's first bytes that grant a port: the rest are ones */
};

/** Bytes of a task's I/O permission bitmap: one bit per port, 0 = granted. */
#define ARCH_IO_BITMAP_SIZE 8192

static inline unsigned long arch_irq_save(void)
{
	unsigned long flags;
	__asm__ volatile("pushfq; pop %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

static inline void arch_irq_restore(unsigned long flags)
{
	if (flags & ARCH_IRQ_FLAG)
		__asm__ volatile("sti" : : : "memory");
}

static inline void arch_irq_disable(void)
{
	__asm__ volatile("cli" : : : "memory");
}

static inline bool arch_irq_enabled(void)
{
	unsigned long flags;
	__asm__ volatile("pushfq; pop %0" : "=r"(flags));
	return flags & ARCH_IRQ_FLAG;
}

static inline void *arch_phys_to_virt(uint64_t phys)
{
	return (void *)(uintptr_t)(ARCH_DIRECT_MAP_BASE + phys);
}

static inline uint64_t arch_virt_to_phys(const void *virt)
{
	return (uintptr_t)virt - ARCH_DIRECT_MAP_BASE;
}

/* Page tables: 4 levels (3 = PML4 .. 0 = page table) of 512 entries. */
#define ARCH_PT_LEVELS 4
#define ARCH_PT_ENTRIES 512
#define ARCH_PT_KERNEL_FIRST 256         /* top-level entries from here on: the kernel half */
#define ARCH_PTE_P (1ull << 0)           /* present */
#define ARCH_PTE_W (1ull << 1)           /* writable */
#define ARCH_PTE_U (1ull << 2)           /* user accessible */
#define ARCH_PTE_PWT (1ull << 3)         /* write-through */
#define ARCH_PTE_PCD (1ull << 4)         /* cache disable */
#define ARCH_PTE_PS (1ull << 7)          /* large page (in a PD or PDPT entry) */
#define ARCH_PTE_G (1ull << 8)           /* global: kept in the TLB across CR3 loads */
#define ARCH_PTE_OWNED (1ull << 9)       /* software bit: the mapping owns its frame */
#define ARCH_PTE_NX (1ull << 63)         /* no execute (needs EFER.NXE) */
#define ARCH_PTE_ADDR 0x000FFFFFFFFFF000ull

extern uint64_t arch_pte_nx;             /* ARCH_PTE_NX, or 0 on a CPU without no-execute */

static inline unsigned arch_pt_index(uintptr_t va, int level)
{
	return (unsigned)(va >> (12 + 9 * level)) & (ARCH_PT_ENTRIES - 1);
}

static inline uint64_t arch_pt_span(int level)
{
	return 1ull << (12 + 9 * level);
}

static inline bool arch_pte_present(uint64_t e)
{
	return e & ARCH_PTE_P;
}

static inline bool arch_pte_large(uint64_t e)
{
	return e & ARCH_PTE_PS;
}

static inline uint64_t arch_pte_addr(uint64_t e)
{
	return e & ARCH_PTE_ADDR;
}

static inline bool arch_pte_owned(uint64_t e)
{
	return e & ARCH_PTE_OWNED;
}

static inline uint64_t arch_pte_table(uint64_t pa, bool user)
{
	return pa | ARCH_PTE_P | ARCH_PTE_W | (user ? ARCH_PTE_U : 0);
}

static inline uint64_t arch_pte_leaf(uint64_t pa, uintptr_t va, unsigned flags, int level)
{
	uint64_t e = pa | ARCH_PTE_P | (level ? ARCH_PTE_PS : 0);
	if (flags & VM_WRITE)
		e |= ARCH_PTE_W;
	if (flags & VM_USER)
		e |= ARCH_PTE_U;
	if (!(flags & VM_EXEC))
		e |= arch_pte_nx;
	if (flags & VM_OWNED)
		e |= ARCH_PTE_OWNED;
	if (flags & VM_NOCACHE)
		e |= ARCH_PTE_PCD | ARCH_PTE_PWT;
	if (va >= ARCH_KERNEL_HALF)
		e |= ARCH_PTE_G;  /* the same in every space: survives CR3 loads */
	return e;
}

static inline unsigned arch_pte_flags(uint64_t e)
{
	return (e & ARCH_PTE_W ? VM_WRITE : 0) | (e & ARCH_PTE_U ? VM_USER : 0) |
	       (e & ARCH_PTE_NX ? 0 : VM_EXEC) | (e & ARCH_PTE_OWNED ? VM_OWNED : 0);
}

static inline bool arch_pte_user_ok(uint64_t e, bool write)
{
	uint64_t need = ARCH_PTE_P | ARCH_PTE_U | (write ? ARCH_PTE_W : 0);
	return (e & need) == need;
}

static inline uint64_t *arch_pt_find(uint64_t root, uintptr_t va, int *level)
{
	uint64_t *t = arch_phys_to_virt(root);
	for (int l = ARCH_PT_LEVELS - 1;; l--) {
		uint64_t *e = &t[arch_pt_index(va, l)];
		if (l == 0 || !arch_pte_present(*e) || arch_pte_large(*e)) {
			*level = l;
			return e;
		}
		t = arch_phys_to_virt(arch_pte_addr(*e));
	}
}

static inline void *arch_pt_kva(uint64_t root, uintptr_t va)
{
	/* Four loads, written out: this is on the IPC path. */
	const uint64_t *l3 = arch_phys_to_virt(root);
	const uint64_t *l2 = arch_phys_to_virt(arch_pte_addr(l3[arch_pt_index(va, 3)]));
	const uint64_t *l1 = arch_phys_to_virt(arch_pte_addr(l2[arch_pt_index(va, 2)]));
	const uint64_t *l0 = arch_phys_to_virt(arch_pte_addr(l1[arch_pt_index(va, 1)]));
	return (char *)arch_phys_to_virt(arch_pte_addr(l0[arch_pt_index(va, 0)])) + (va & 0xFFF);
}

static inline void arch_tlb_flush_page(uintptr_t va)
{
	__asm__ volatile("invlpg [%0]" : : "r"(va) : "memory");
}

static inline uint64_t arch_page_root(void)
{
	uint64_t cr3;
	__asm__ volatile("mov %0, cr3" : "=r"(cr3));
	return cr3 & ARCH_PTE_ADDR;
}

static inline void arch_page_root_load(uint64_t root)
{
	__asm__ volatile("mov cr3, %0" : : "r"(root) : "memory");
}

extern int arch_smap;  /* SMAP is on: user accesses need stac/clac */

extern uint8_t arch_user_work;  /* read by the system-call entries (syscall_frame.inc) */

static inline void arch_set_user_work(bool pending)
{
	arch_user_work = pending;
}

/* stac and clac exist only on CPUs with SMAP (elsewhere they are #UD). Each one is emitted
 * as it is and its address noted in .smap_sites; on a CPU without SMAP, cpu_user_init() turns
 * every noted one into a 3-byte no-op before any user access (arch_smap_patch()). So a user
 * access costs the two instructions and no test of arch_smap, with SMAP or without. */
#define ARCH_SMAP_SITE(insn)                                                                   \
	".Lsmap%=:	" insn "\n"                                                               \
	".pushsection .smap_sites, \"a\"\n\t.balign 8\n\t.quad .Lsmap%=\n\t.popsection"

static inline void arch_user_access_begin(void)
{
	__asm__ volatile(ARCH_SMAP_SITE("stac") : : : "memory");
}

static inline void arch_user_access_end(void)
{
	__asm__ volatile(ARCH_SMAP_SITE("clac") : : : "memory");
}

/* An exception-table entry: a fault at the instruction at label `insn` resumes at `fixup`
 * (ex_table_fixup() in trap.c looks the faulting rip up in .ex_table). Labels are named with
 * %= (unique per asm statement): in Intel syntax clang reads a numeric label such as `1b` as
 * the binary number 1. */
#define ARCH_EX_TABLE(insn, fixup)                                                             \
	".pushsection .ex_table, \"a\"\n\t.balign 8\n\t.quad " insn ", " fixup "\n\t.popsection\n"

/* The probe: one access to the byte at addr (inside a user-access window). A fault there
 * resumes at the C label `fault` (asm goto), so the path that succeeds is the access alone. */
static inline bool arch_user_probe(uintptr_t addr, bool write)
{
	if (write)
		__asm__ goto(".Lprobe%=:	lock or byte ptr [%0], 0\n"
			     ARCH_EX_TABLE(".Lprobe%=", "%l[fault]")
			     : : "r"(addr) : "memory", "cc" : fault);
	else
		__asm__ goto(".Lprobe%=:	cmp byte ptr [%0], 0\n"
			     ARCH_EX_TABLE(".Lprobe%=", "%l[fault]")
			     : : "r"(addr) : "memory", "cc" : fault);
	return true;
fault:
	return false;
}

static inline bool arch_nx_enabled(void)
{
	return arch_pte_nx != 0;
}

static inline void arch_irq_enable(void)
{
	__asm__ volatile("sti" : : : "memory");
}

static inline void arch_idle(void)
{
	__asm__ volatile("sti; hlt" : : : "memory");
}

static inline uint64_t arch_cycles(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline uintptr_t arch_frame_pointer(void)
{
	return (uintptr_t)__builtin_frame_address(0);
}

#endif
