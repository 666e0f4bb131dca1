/* asm-offsets.c - struct offsets for assembly; compiled to assembly and turned into
 * asm-offsets.h by the build (see src/Makefrag.am), so no offset is ever counted by hand. */
#include <stddef.h>
#include <arch/x86_64/percpu.h>
#include <arch/x86_64/trap.h>

#define DEFINE(sym, val) __asm__ volatile("\n.ascii \"->" #sym " %c0\"" : : "i"(val))

void asm_offsets(void);
void asm_offsets(void)
{
	DEFINE(TF_RAX, offsetof(struct trap_frame, rax));
	DEFINE(TF_RBX, offsetof(struct trap_frame, rbx));
	DEFINE(TF_RBP, offsetof(struct trap_frame, rbp));
	DEFINE(TF_R12, offsetof(struct trap_frame, r12));
	DEFINE(TF_R13, offsetof(struct trap_frame, r13));
	DEFINE(TF_R14, offsetof(struct trap_frame, r14));
	DEFINE(TF_R15, offsetof(struct trap_frame, r15));
	DEFINE(TF_VECTOR, offsetof(struct trap_frame, vector));
	DEFINE(TF_RIP, offsetof(struct trap_frame, rip));
	DEFINE(TF_CS, offsetof(struct trap_frame, cs));
	DEFINE(TF_SIZE, sizeof(struct trap_frame));
	DEFINE(PERCPU_KERNEL_RSP, offsetof(struct percpu, kernel_rsp));
	DEFINE(PERCPU_USER_RSP, offsetof(struct percpu, user_rsp));
}
