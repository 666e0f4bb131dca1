/* cpu_user.c - what this CPU needs for ring 3: the SYSCALL MSRs, the per-CPU data and
 * kernel-stack pointers, SMEP/SMAP/UMIP, and the x87/SSE unit. */
#include <lib/printk.h>
#include <lib/string.h>
#include <arch/x86_64/cpu.h>
#include <arch/x86_64/layout.h>
#include <arch/x86_64/percpu.h>

/* SYSCALL: cs = 0x08, ss = 0x10. SYSRET: ss = 0x18 + 8 = 0x20|3, cs = 0x18 + 16 = 0x28|3. */
#define STAR_VALUE (((uint64_t)GDT_SYSRET_BASE << 48) | ((uint64_t)GDT_KERNEL_CODE << 32))
_Static_assert(GDT_SYSRET_BASE + 8 == GDT_USER_DATA && GDT_SYSRET_BASE + 16 == GDT_USER_CODE &&
		       GDT_KERNEL_CODE + 8 == GDT_KERNEL_DATA,
	       "the selectors follow the SYSCALL/SYSRET rules");
/* Cleared on SYSCALL: TF, IF, DF, NT, AC. */
#define FMASK_VALUE ((1u << 8) | (1u << 9) | (1u << 10) | (1u << 14) | (1u << 18))

struct percpu percpu;
int arch_smap;
uint8_t arch_user_work;

void syscall_entry(void);
void syscall_compat_entry(void);
void int80_init(void);

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}


/* Protections from user memory that the CPU may offer; each one is used when present. */
static void protections_init(void)
{
	uint32_t r[4];
	cpuid(0, 0, r);
	if (r[0] < 7)
		return;
	cpuid(7, 0, r);
	uint64_t cr4 = read_cr4();
	if (r[1] & (1u << 7))
		cr4 |= CR4_SMEP;
	if (r[1] & (1u << 20))
		cr4 |= CR4_SMAP;
	if (r[2] & (1u << 2))
		cr4 |= CR4_UMIP;
	write_cr4(cr4);
	arch_smap = !!(cr4 & CR4_SMAP);
}

extern const uint64_t __smap_sites_start[], __smap_sites_end[];

/* Without SMAP, every stac and clac of the kernel (noted in .smap_sites by arch_inline.h)
 * becomes a 3-byte no-op, nopl [rax]: they would be #UD, and the user accesses then need no
 * test of arch_smap. The text is read-only, so the writes are made with CR0.WP off, before
 * anything else runs. */
static void smap_sites_patch(void)
{
	static const uint8_t nop3[3] = { 0x0F, 0x1F, 0x00 };
	uint64_t cr0 = read_cr0();
	__asm__ volatile("mov cr0, %0" : : "r"(cr0 & ~CR0_WP) : "memory");
	for (const uint64_t *site = __smap_sites_start; site < __smap_sites_end; site++)
		memcpy((void *)*site, nop3, sizeof nop3);
	__asm__ volatile("mov cr0, %0" : : "r"(cr0) : "memory");
}

/* x87 and SSE on, for user programs (the kernel itself is built without them); unmasked
 * x87 and SSE exceptions arrive as #MF and #XM. */
static void fpu_init(void)
{
	uint64_t cr0 = read_cr0();
	/* NE: an unmasked x87 exception raises #MF (vector 16) in the program that caused it,
	 * instead of the legacy FERR# interrupt that never comes. */
	cr0 = (cr0 | CR0_MP | CR0_NE) & ~(CR0_EM | CR0_TS);
	__asm__ volatile("mov cr0, %0" : : "r"(cr0));
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	__asm__ volatile("fninit");
}

void cpu_user_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	wrmsr(MSR_STAR, STAR_VALUE);
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	/* Ways into ring 0 this kernel does not offer are closed, not left as firmware set them:
	 * SYSCALL from compatibility mode ends its caller (syscall_entry.asm), and SYSENTER_CS = 0
	 * makes SYSENTER a #GP in user mode (#UD on AMD in long mode). A SYSENTER stub would run
	 * with the caller's TF still set: its first instruction would single-step in ring 0. */
	wrmsr(MSR_CSTAR, (uint64_t)syscall_compat_entry);
	wrmsr(MSR_SYSENTER_CS, 0);
	wrmsr(MSR_SYSENTER_ESP, 0);
	wrmsr(MSR_SYSENTER_EIP, 0);
	wrmsr(MSR_FMASK, FMASK_VALUE);
	/* In the kernel GS points at percpu; the user's GS base waits in KERNEL_GS_BASE. */
	wrmsr(MSR_GS_BASE, (uint64_t)&percpu);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	if (CONFIG_SYSCALL_INT80)
		int80_init();
	protections_init();
	if (!arch_smap)
		smap_sites_patch();
	fpu_init();
	uint64_t cr4 = read_cr4();
	pr_info("cpu: syscall%s; SMEP %s, SMAP %s, UMIP %s; NX %s\n",
		CONFIG_SYSCALL_INT80 ? " and int 0x80" : " only",
		cr4 & CR4_SMEP ? "on" : "off (not supported)",
		cr4 & CR4_SMAP ? "on" : "off (not supported)",
		cr4 & CR4_UMIP ? "on" : "off (not supported)",
		rdmsr(MSR_EFER) & EFER_NXE ? "on" : "off (not supported)");
}
