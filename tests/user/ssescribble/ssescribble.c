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

/* Loads xmm0-15 from in and non-default x87/SSE control words, yields and spins, stores.
 * The labels have names: clang reads `1b` in Intel syntax as a binary 1. */
static void scribble_round(const uint64_t in[32], struct sse_state *out)
{
	uint16_t fcw = SCRIBBLE_FCW;
	uint32_t mxcsr = SCRIBBLE_MXCSR;
	long yields = ROUND_YIELDS, spins = ROUND_SPINS;
	__asm__ volatile(
		"fninit\n	fldcw %[fcw]\n	ldmxcsr %[mx]\n"
		"fldz\n	fldz\n	fldz\n	fldz\n	fld1\n	fld1\n	fld1\n	fld1\n"
		"movdqu xmm0, [%[in] + 0x00]\n	movdqu xmm1, [%[in] + 0x10]\n"
		"movdqu xmm2, [%[in] + 0x20]\n	movdqu xmm3, [%[in] + 0x30]\n"
		"movdqu xmm4, [%[in] + 0x40]\n	movdqu xmm5, [%[in] + 0x50]\n"
		"movdqu xmm6, [%[in] + 0x60]\n	movdqu xmm7, [%[in] + 0x70]\n"
		"movdqu xmm8, [%[in] + 0x80]\n	movdqu xmm9, [%[in] + 0x90]\n"
		"movdqu xmm10, [%[in] + 0xa0]\n	movdqu xmm11, [%[in] + 0xb0]\n"
		"movdqu xmm12, [%[in] + 0xc0]\n	movdqu xmm13, [%[in] + 0xd0]\n"
		"movdqu xmm14, [%[in] + 0xe0]\n	movdqu xmm15, [%[in] + 0xf0]\n"
		".Lyield%=:	test %[n], %[n]\n	jz .Lspin%=\n"
		"	mov eax, 2\n	syscall\n	dec %[n]\n	jmp .Lyield%=\n"
		".Lspin%=:	test %[spin], %[spin]\n	jz .Lstore%=\n"
		"	dec %[spin]\n	jmp .Lspin%=\n"
		".Lstore%=:	movdqu [%[out] + 0x00], xmm0\n	movdqu [%[out] + 0x10], xmm1\n"
		"movdqu [%[out] + 0x20], xmm2\n	movdqu [%[out] + 0x30], xmm3\n"
		"movdqu [%[out] + 0x40], xmm4\n	movdqu [%[out] + 0x50], xmm5\n"
		"movdqu [%[out] + 0x60], xmm6\n	movdqu [%[out] + 0x70], xmm7\n"
		"movdqu [%[out] + 0x80], xmm8\n	movdqu [%[out] + 0x90], xmm9\n"
		"movdqu [%[out] + 0xa0], xmm10\n	movdqu [%[out] + 0xb0], xmm11\n"
		"movdqu [%[out] + 0xc0], xmm12\n	movdqu [%[out] + 0xd0], xmm13\n"
		"movdqu [%[out] + 0xe0], xmm14\n	movdqu [%[out] + 0xf0], xmm15\n"
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
