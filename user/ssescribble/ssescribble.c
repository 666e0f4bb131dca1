/* ssescribble.c - fills the SSE and x87 registers with its own values while yielding and
 * spinning, checks they survive; exits 0 if they always did. A partner for usertests. */
#include <stdint.h>
#include <string.h>
#include <syscalls.h>

#define ROUNDS 8
#define ROUND_YIELDS 100
#define ROUND_SPINS 2000000

/* What one round leaves behind: xmm0-15, then the x87 control word and MXCSR. */
struct sse_state {
	uint64_t xmm[32];
	uint16_t fcw;
	uint32_t mxcsr;
};

#define SCRIBBLE_FCW 0x007f     /* single precision, round to nearest */
#define SCRIBBLE_MXCSR 0x3f80   /* round down */

/* Loads xmm0-15 from in and non-default x87/SSE control words, yields and spins, stores. */
static void scribble_round(const uint64_t in[32], struct sse_state *out)
{
	uint16_t fcw = SCRIBBLE_FCW;
	uint32_t mxcsr = SCRIBBLE_MXCSR;
	long yields = ROUND_YIELDS, spins = ROUND_SPINS;
	__asm__ volatile(
		"fninit\n	fldcw %[fcw]\n	ldmxcsr %[mx]\n"
		"fldz\n	fldz\n	fldz\n	fldz\n	fld1\n	fld1\n	fld1\n	fld1\n"
		"movdqu 0x00(%[in]), %%xmm0\n	movdqu 0x10(%[in]), %%xmm1\n"
		"movdqu 0x20(%[in]), %%xmm2\n	movdqu 0x30(%[in]), %%xmm3\n"
		"movdqu 0x40(%[in]), %%xmm4\n	movdqu 0x50(%[in]), %%xmm5\n"
		"movdqu 0x60(%[in]), %%xmm6\n	movdqu 0x70(%[in]), %%xmm7\n"
		"movdqu 0x80(%[in]), %%xmm8\n	movdqu 0x90(%[in]), %%xmm9\n"
		"movdqu 0xa0(%[in]), %%xmm10\n	movdqu 0xb0(%[in]), %%xmm11\n"
		"movdqu 0xc0(%[in]), %%xmm12\n	movdqu 0xd0(%[in]), %%xmm13\n"
		"movdqu 0xe0(%[in]), %%xmm14\n	movdqu 0xf0(%[in]), %%xmm15\n"
		"1:	testq %[n], %[n]\n	jz 2f\n"
		"	movl $2, %%eax\n	syscall\n	decq %[n]\n	jmp 1b\n"
		"2:	testq %[spin], %[spin]\n	jz 3f\n	decq %[spin]\n	jmp 2b\n"
		"3:	movdqu %%xmm0, 0x00(%[out])\n	movdqu %%xmm1, 0x10(%[out])\n"
		"movdqu %%xmm2, 0x20(%[out])\n	movdqu %%xmm3, 0x30(%[out])\n"
		"movdqu %%xmm4, 0x40(%[out])\n	movdqu %%xmm5, 0x50(%[out])\n"
		"movdqu %%xmm6, 0x60(%[out])\n	movdqu %%xmm7, 0x70(%[out])\n"
		"movdqu %%xmm8, 0x80(%[out])\n	movdqu %%xmm9, 0x90(%[out])\n"
		"movdqu %%xmm10, 0xa0(%[out])\n	movdqu %%xmm11, 0xb0(%[out])\n"
		"movdqu %%xmm12, 0xc0(%[out])\n	movdqu %%xmm13, 0xd0(%[out])\n"
		"movdqu %%xmm14, 0xe0(%[out])\n	movdqu %%xmm15, 0xf0(%[out])\n"
		"fnstcw %[ofcw]\n	stmxcsr %[omx]\n"
		: [n] "+r"(yields), [spin] "+r"(spins), [ofcw] "=m"(out->fcw),
		  [omx] "=m"(out->mxcsr)
		: [in] "r"(in), [out] "r"(out->xmm), [fcw] "m"(fcw), [mx] "m"(mxcsr)
		: "rax", "rcx", "r11", "memory", "cc", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4",
		  "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13",
		  "xmm14", "xmm15", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)",
		  "st(7)");
}

/* Puts back the default control words, leaving the x87 stack empty. */
static void fpu_reset(void)
{
	uint32_t mxcsr = 0x1f80;
	__asm__ volatile("fninit\n	ldmxcsr %0" : : "m"(mxcsr));
}

int main(void)
{
	uint64_t in[32];
	struct sse_state out;
	int bad = 0;
	for (int round = 0; round < ROUNDS; round++) {
		for (int i = 0; i < 32; i++)
			in[i] = ~(0x1111111111111111ul * (uint64_t)(i % 15 + 1)) + (uint64_t)round;
		memset(&out, 0, sizeof(out));
		scribble_round(in, &out);
		fpu_reset();
		if (memcmp(in, out.xmm, sizeof(in)) != 0 || out.fcw != SCRIBBLE_FCW ||
		    (out.mxcsr & 0xffc0) != SCRIBBLE_MXCSR)
			bad++;
	}
	return bad ? 1 : 0;
}
