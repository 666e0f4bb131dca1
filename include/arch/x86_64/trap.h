/** @file
 * The register frame every interrupt and exception entry saves (see trap_entry.asm). */
#ifndef ARCH_X86_64_TRAP_H
#define ARCH_X86_64_TRAP_H

#include <stdint.h>

/**
 * Saved state of an interrupted context, lowest address first. trap_entry.asm pushes the general
 * registers (rax first, r15 last) on top of the vector and error code it pushed and the
 * frame the CPU pushed (rip .. ss). (System calls do not come this way: both entry
 * instructions have lean entries of their own, syscall_entry.asm and syscall_int80.asm.)
 * Assembly reads the offsets from the generated asm-offsets.inc, never by hand.
 */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, rcx, rbx, rbp;
	uint64_t rdi, rsi, rdx, r10, r8, r9, rax;
	uint64_t vector; /**< pushed by the entry stub */
	uint64_t error;  /**< the CPU's error code, or 0 pushed by the stub */
	uint64_t rip, cs, rflags, rsp, ss; /**< pushed by the CPU */
};

_Static_assert(sizeof(struct trap_frame) == 22 * 8, "trap frame layout");

/** C entry for every vector, called by trap_entry.asm with interrupts off. */
void trap_dispatch(struct trap_frame *tf);

/** Loads the IDT with the stubs for all 256 vectors. */
void idt_init(void);

/** Lets ring 3 raise @p vector with `int` (DPL 3); every other gate stays DPL 0. */
void idt_set_user_gate(int vector);

/** Points gate @p vector at @p entry (its own code, not a trap stub) and lets ring 3 raise it. */
void idt_set_user_entry(int vector, void (*entry)(void));

/** Bytes between the entry stubs of two vectors (trap_entry.asm; idt_init() uses it). */
#define TRAP_STUB_SIZE 16

/** Number of CPU exception vectors (0..31). */
#define TRAP_EXCEPTIONS 32
#define T_DIVIDE 0
#define T_DEBUG 1
#define T_NMI 2
#define T_BREAKPOINT 3
#define T_INVALID_OPCODE 6
#define T_DOUBLE_FAULT 8
#define T_GP 13
#define T_PAGE_FAULT 14
#define T_MACHINE_CHECK 18

/** IST slots in the TSS (1-based, as IDT gates name them). */
#define IST_DOUBLE_FAULT 1
#define IST_NMI 2
#define IST_MACHINE_CHECK 3

#endif
