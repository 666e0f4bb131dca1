/* asm-offsets.c - every constant the NASM sources share with C (struct offsets, layout
 * addresses, selectors, CPU bits), taken from the C headers. The build compiles this file to
 * assembly and turns it into asm-offsets.inc, one %define per DEFINE below (see
 * src/Makefrag.am and scripts/asm-offsets.awk), so no value is ever copied or counted by hand. */
#include <stddef.h>
#include <uapi/errno.h>
#include <uapi/syscall.h>
#include <arch/x86_64/cpu.h>
#include <kern/param.h>
#include <arch/x86_64/layout.h>
#include <arch/x86_64/percpu.h>
#include <arch/x86_64/trap.h>

/* Leaves the line "->NAME HIGH LOW" in the compiler's output: the upper and lower 32 bits of
 * the value, each a non-negative 64-bit number, which every compiler prints the same way (as
 * an immediate: with a '$' in AT&T syntax, without one in Intel syntax). */
#define DEFINE(sym, val)                                                          \
	__asm__ volatile("\n.ascii \"->" #sym " %0 %1\""                           \
			 :                                                         \
			 : "i"((long long)((unsigned long long)(val) >> 32)),      \
			   "i"((long long)((unsigned long long)(val) & 0xFFFFFFFFu)))

void asm_offsets(void);
void asm_offsets(void)
{
	/* struct trap_frame, built by trap_entry.asm and syscall_entry.asm. */
	DEFINE(TF_R15, offsetof(struct trap_frame, r15));
	DEFINE(TF_R14, offsetof(struct trap_frame, r14));
	DEFINE(TF_R13, offsetof(struct trap_frame, r13));
	DEFINE(TF_R12, offsetof(struct trap_frame, r12));
	DEFINE(TF_R11, offsetof(struct trap_frame, r11));
	DEFINE(TF_R10, offsetof(struct trap_frame, r10));
	DEFINE(TF_R9, offsetof(struct trap_frame, r9));
	DEFINE(TF_R8, offsetof(struct trap_frame, r8));
	DEFINE(TF_RBP, offsetof(struct trap_frame, rbp));
	DEFINE(TF_RDI, offsetof(struct trap_frame, rdi));
	DEFINE(TF_RSI, offsetof(struct trap_frame, rsi));
	DEFINE(TF_RDX, offsetof(struct trap_frame, rdx));
	DEFINE(TF_RCX, offsetof(struct trap_frame, rcx));
	DEFINE(TF_RBX, offsetof(struct trap_frame, rbx));
	DEFINE(TF_RAX, offsetof(struct trap_frame, rax));
	DEFINE(TF_VECTOR, offsetof(struct trap_frame, vector));
	DEFINE(TF_ERROR, offsetof(struct trap_frame, error));
	DEFINE(TF_RIP, offsetof(struct trap_frame, rip));
	DEFINE(TF_CS, offsetof(struct trap_frame, cs));
	DEFINE(TF_RFLAGS, offsetof(struct trap_frame, rflags));
	DEFINE(TF_RSP, offsetof(struct trap_frame, rsp));
	DEFINE(TF_SS, offsetof(struct trap_frame, ss));
	DEFINE(TF_SIZE, sizeof(struct trap_frame));
	DEFINE(T_GP, T_GP);
	/* The system-call table's size (uapi), and the result of a number beyond it. */
	DEFINE(SYSCALL_COUNT, SYS_COUNT);
	DEFINE(SYSCALL_ENOSYS, -ENOSYS);
	DEFINE(TRAP_STUB_SIZE, TRAP_STUB_SIZE);

	/* struct percpu, reached through GS by the syscall entry. */
	DEFINE(PERCPU_KERNEL_RSP, offsetof(struct percpu, kernel_rsp));
	DEFINE(PERCPU_USER_RSP, offsetof(struct percpu, user_rsp));

	/* Layout and selectors, for the boot entry and the Multiboot headers. */
	DEFINE(KERNEL_PHYS_BASE, KERNEL_PHYS_BASE);
	DEFINE(KERNEL_VMA, KERNEL_VMA);
	DEFINE(BOOT_DIRECT_MAP_GIB, ARCH_BOOT_MAP_BYTES >> 30);
	DEFINE(BOOT_KERNEL_PTS, BOOT_KERNEL_PTS);
	DEFINE(PAGE_SIZE, PAGE_SIZE);
	DEFINE(GDT_KERNEL_CODE, GDT_KERNEL_CODE);
	DEFINE(GDT_KERNEL_DATA, GDT_KERNEL_DATA);
	/* Ring-3 selectors (RPL 3) of the user data and code descriptors. */
	DEFINE(USER_DS, GDT_USER_DATA | RPL_USER);
	DEFINE(USER_CS, GDT_USER_CODE | RPL_USER);

	/* Page-table and CPU bits the boot entry and enter_user() set. */
	DEFINE(PTE_P, ARCH_PTE_P);
	DEFINE(PTE_W, ARCH_PTE_W);
	DEFINE(PTE_PS, ARCH_PTE_PS);
	DEFINE(MSR_EFER, MSR_EFER);
	DEFINE(EFER_NXE, EFER_NXE);
	DEFINE(EFER_LME, EFER_LME);
	DEFINE(CR0_PE, CR0_PE);
	DEFINE(CR0_WP, CR0_WP);
	DEFINE(CR0_PG, CR0_PG);
	DEFINE(CR4_PAE, CR4_PAE);
	DEFINE(RFLAGS_FIXED, RFLAGS_FIXED);
	DEFINE(RFLAGS_IF, RFLAGS_IF);
}
