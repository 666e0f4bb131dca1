/* t_cpu.c - tests of CPU state: registers across a call, SSE and x87 state across switches,
 * and no way out of 64-bit code. */
#include <stdio.h>
#include <string.h>
#include "usertests.h"

/* --- General registers across one getpid call ----------------------------------------- */

/* regs_probe(use_int80) loads every general register but rax and rsp with a pattern, sets
 * the arithmetic flags, calls getpid with `syscall` (or `int 0x80`), then stores what came
 * back in regs_after[] (order of regs_names) and rsp before and after. */
enum { REG_RCX = 5, REG_R11 = 9, REG_FLAGS = 14, REGS = 15 };
static const char *const regs_names[REGS] = {
	"rbx", "rbp", "rdi", "rsi", "rdx", "rcx", "r8", "r9", "r10", "r11",
	"r12", "r13", "r14", "r15", "rflags",
};
uint64_t regs_after[REGS];
uint64_t regs_rsp[2];
long regs_probe(long use_int80);

#define REG_PATTERN(i) (0x0101010101010101ul * (i + 1) + 0x1000)
#define FLAGS_SET 0x8d5ul       /* CF PF AF ZF SF OF */

__asm__(
	"	.intel_syntax noprefix\n"   /* clang reads file-scope asm as AT&T otherwise */
	"	.text\n"
	"	.type regs_probe, @function\n"
	"regs_probe:\n"
	"	push rbx\n	push rbp\n	push r12\n	push r13\n	push r14\n	push r15\n"
	"	mov rax, rdi\n"
	"	movabs rbx, 0x0101010101011101\n"
	"	movabs rbp, 0x0202020202021202\n"
	"	movabs rdi, 0x0303030303031303\n"
	"	movabs rsi, 0x0404040404041404\n"
	"	movabs rdx, 0x0505050505051505\n"
	"	movabs rcx, 0x0606060606061606\n"
	"	movabs r8, 0x0707070707071707\n"
	"	movabs r9, 0x0808080808081808\n"
	"	movabs r10, 0x0909090909091909\n"
	"	movabs r11, 0x0a0a0a0a0a0a1a0a\n"
	"	movabs r12, 0x0b0b0b0b0b0b1b0b\n"
	"	movabs r13, 0x0c0c0c0c0c0c1c0c\n"
	"	movabs r14, 0x0d0d0d0d0d0d1d0d\n"
	"	movabs r15, 0x0e0e0e0e0e0e1e0e\n"
	"	mov [rip + regs_rsp], rsp\n"
	"	test rax, rax\n"
	"	jnz 1f\n"
	"	pushfq\n	or qword ptr [rsp], 0x8d5\n	popfq\n"
	"	mov eax, 3\n"
	"	syscall\n"
	"	jmp 2f\n"
	"1:	pushfq\n	or qword ptr [rsp], 0x8d5\n	popfq\n"
	"	mov eax, 3\n"
	"	int 0x80\n"
	"2:	pushfq\n	pop qword ptr [rip + regs_after + 112]\n"
	"	mov [rip + regs_rsp + 8], rsp\n"
	"	mov [rip + regs_after + 0], rbx\n"
	"	mov [rip + regs_after + 8], rbp\n"
	"	mov [rip + regs_after + 16], rdi\n"
	"	mov [rip + regs_after + 24], rsi\n"
	"	mov [rip + regs_after + 32], rdx\n"
	"	mov [rip + regs_after + 40], rcx\n"
	"	mov [rip + regs_after + 48], r8\n"
	"	mov [rip + regs_after + 56], r9\n"
	"	mov [rip + regs_after + 64], r10\n"
	"	mov [rip + regs_after + 72], r11\n"
	"	mov [rip + regs_after + 80], r12\n"
	"	mov [rip + regs_after + 88], r13\n"
	"	mov [rip + regs_after + 96], r14\n"
	"	mov [rip + regs_after + 104], r15\n"
	"	pop r15\n	pop r14\n	pop r13\n	pop r12\n	pop rbp\n	pop rbx\n"
	"	ret\n"
	"	.size regs_probe, . - regs_probe\n");

static void test_registers(const struct test *t)
{
	CHECK_EQ(regs_probe(mk_use_int80), getpid());
	CHECK_EQ(regs_rsp[1], regs_rsp[0]);
	for (int i = 0; i < REG_FLAGS; i++) {
		if (!mk_use_int80 && (i == REG_RCX || i == REG_R11))
			continue;               /* `syscall` may clobber these two */
		if (!CHECK_EQ(regs_after[i], REG_PATTERN(i)))
			diag("  %s changed", regs_names[i]);
	}
	if (!CHECK_EQ(regs_after[REG_FLAGS] & FLAGS_SET, FLAGS_SET))
		diag("  arithmetic flags changed");
}

/* --- SSE and x87 state across switches ------------------------------------------------ */

#define SWITCH_YIELDS 300
#define SWITCH_SPINS 20000000   /* busy loop, so that the timer also preempts us */

/* Loads xmm0-15 from in, yields `yields` times, spins, and stores xmm0-15 to out; the
 * registers stay out of the compiler's hands in between. The labels have names (%= makes
 * them unique to each copy of the asm): clang reads `1b` in Intel syntax as a binary 1. */
static void xmm_hold(const uint64_t in[32], uint64_t out[32], long yields, long spins)
{
	long use_int80 = mk_use_int80;
	__asm__ volatile(
		"movdqu xmm0, [%[in] + 0x00]\n	movdqu xmm1, [%[in] + 0x10]\n"
		"movdqu xmm2, [%[in] + 0x20]\n	movdqu xmm3, [%[in] + 0x30]\n"
		"movdqu xmm4, [%[in] + 0x40]\n	movdqu xmm5, [%[in] + 0x50]\n"
		"movdqu xmm6, [%[in] + 0x60]\n	movdqu xmm7, [%[in] + 0x70]\n"
		"movdqu xmm8, [%[in] + 0x80]\n	movdqu xmm9, [%[in] + 0x90]\n"
		"movdqu xmm10, [%[in] + 0xa0]\n	movdqu xmm11, [%[in] + 0xb0]\n"
		"movdqu xmm12, [%[in] + 0xc0]\n	movdqu xmm13, [%[in] + 0xd0]\n"
		"movdqu xmm14, [%[in] + 0xe0]\n	movdqu xmm15, [%[in] + 0xf0]\n"
		".Lyield%=:	test %[n], %[n]\n	jz .Lspin%=\n"
		"	mov eax, 2\n"
		"	test %[i80], %[i80]\n	jnz .Lint80%=\n"
		"	syscall\n	jmp .Lyielded%=\n"
		".Lint80%=:	int 0x80\n"
		".Lyielded%=:	dec %[n]\n	jmp .Lyield%=\n"
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
		: [n] "+r"(yields), [spin] "+r"(spins)
		: [in] "r"(in), [out] "r"(out), [i80] "r"(use_int80)
		: "rax", "rcx", "r11", "memory", "cc", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4",
		  "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13",
		  "xmm14", "xmm15");
}

static void test_sse_switches(const struct test *t)
{
	uint64_t in[32], out[32];
	for (int i = 0; i < 32; i++)
		in[i] = 0x0123456789abcdeful * (uint64_t)(i + 1) + (uint64_t)i;
	memset(out, 0, sizeof(out));
	long pid = child_spawn("ssescribble");
	if (!CHECK(pid >= 1))
		return;
	xmm_hold(in, out, SWITCH_YIELDS, SWITCH_SPINS);
	for (int i = 0; i < 16; i++)
		if (!CHECK(out[2 * i] == in[2 * i] && out[2 * i + 1] == in[2 * i + 1]))
			diag("  xmm%d changed", i);
	int status = -1;
	CHECK_EQ(child_wait((int)pid, &status), pid);
	if (!CHECK_EQ(status, 0))
		diag("  ssescribble saw its own registers change");
}

/* What fpu_hold() stores: the control words and the eight x87 registers (10 bytes each). */
struct fpu_snapshot {
	uint16_t fcw;
	uint32_t mxcsr;
	unsigned char st[8][16];
};

#define FPU_FCW 0x0e7f          /* round toward zero, double precision, exceptions masked */
#define FPU_MXCSR 0xff80        /* round toward zero, flush to zero, exceptions masked */

/* Fills the x87 stack with constants under non-default control words, yields and spins,
 * then stores the state; restores the default state afterwards. */
static void fpu_hold(struct fpu_snapshot *s, long yields, long spins)
{
	uint16_t fcw = FPU_FCW;
	uint32_t mxcsr = FPU_MXCSR, mxcsr_default = 0x1f80;
	long use_int80 = mk_use_int80;
	__asm__ volatile(
		"fninit\n	fldcw %[fcw]\n	ldmxcsr %[mx]\n"
		"fld1\n	fldpi\n	fldl2t\n	fldl2e\n	fldlg2\n	fldln2\n	fldz\n	fldpi\n"
		"fmul st, st(2)\n"
		".Lyield%=:	test %[n], %[n]\n	jz .Lspin%=\n"
		"	mov eax, 2\n"
		"	test %[i80], %[i80]\n	jnz .Lint80%=\n"
		"	syscall\n	jmp .Lyielded%=\n"
		".Lint80%=:	int 0x80\n"
		".Lyielded%=:	dec %[n]\n	jmp .Lyield%=\n"
		".Lspin%=:	test %[spin], %[spin]\n	jz .Lstore%=\n"
		"	dec %[spin]\n	jmp .Lspin%=\n"
		".Lstore%=:	fnstcw word ptr [%[s]]\n	stmxcsr dword ptr [%[s] + 4]\n"
		"fstp tbyte ptr [%[s] + 8]\n	fstp tbyte ptr [%[s] + 24]\n"
		"fstp tbyte ptr [%[s] + 40]\n	fstp tbyte ptr [%[s] + 56]\n"
		"fstp tbyte ptr [%[s] + 72]\n	fstp tbyte ptr [%[s] + 88]\n"
		"fstp tbyte ptr [%[s] + 104]\n	fstp tbyte ptr [%[s] + 120]\n"
		"fninit\n	ldmxcsr %[mxd]\n"
		: [n] "+r"(yields), [spin] "+r"(spins)
		: [s] "r"(s), [i80] "r"(use_int80), [fcw] "m"(fcw), [mx] "m"(mxcsr),
		  [mxd] "m"(mxcsr_default)
		: "rax", "rcx", "r11", "memory", "cc", "st", "st(1)", "st(2)", "st(3)", "st(4)",
		  "st(5)", "st(6)", "st(7)");
}

static void test_fpu_switches(const struct test *t)
{
	struct fpu_snapshot want, got;
	_Static_assert(__builtin_offsetof(struct fpu_snapshot, st) == 8, "fpu_hold() offsets");
	memset(&want, 0, sizeof(want));
	memset(&got, 0, sizeof(got));
	fpu_hold(&want, 0, 0);
	long pid = child_spawn("ssescribble");
	if (!CHECK(pid >= 1))
		return;
	fpu_hold(&got, SWITCH_YIELDS, SWITCH_SPINS);
	CHECK_EQ(got.fcw, FPU_FCW);
	CHECK_EQ(got.mxcsr & 0xffc0, FPU_MXCSR);
	for (int i = 0; i < 8; i++)
		if (!CHECK(memcmp(got.st[i], want.st[i], 10) == 0))
			diag("  st(%d) changed", i);
	int status = -1;
	CHECK_EQ(child_wait((int)pid, &status), pid);
	if (!CHECK_EQ(status, 0))
		diag("  ssescribble saw its own registers change");
}

/* --- Only 64-bit code runs in user mode -------------------------------------------------- */

#define GP (MK_STATUS_FAULT + 13)
#define UD (MK_STATUS_FAULT + 6)
#define PF (MK_STATUS_FAULT + 14)
#define SURVIVED 99             /* faulter's status when nothing killed it */

/* Every selector but user code: null, kernel code, kernel data, the SYSRET base slot (once a
 * 32-bit user code segment; also with RPL 0), user data, both halves of the TSS, and one past
 * the end of the GDT. */
static const unsigned gdt_selectors[] = { 0x03, 0x0b, 0x13, 0x18, 0x1b, 0x23, 0x33, 0x3b, 0x43 };
/* Selectors in the LDT, which the kernel leaves empty: the first, another, the last. */
static const unsigned ldt_selectors[] = { 0x07, 0x1f, 0xffff };
static const char *const far_kinds[] = { "farjmp", "farcall", "farret", "fariret" };

/* True if the CPU has SMAP (the kernel turns it on then). */
static bool cpu_has_smap(void)
{
	uint32_t a, b, c, d;
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0), "c"(0));
	if (a < 7)
		return false;
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(7), "c"(0));
	return b & (1u << 20);
}

/* faulter "KIND SEL THEN" (see tests/user/faulter/faulter.c) must end with want; adds 1 to
 * *wrong otherwise. THEN ud2 makes 32-bit code, if the transfer reached any, end with #UD.
 * QEMU's TCG (7.2) makes the stack accesses of a far call, far return and iretq from ring 3 as
 * supervisor accesses, which SMAP turns into #PF: with SMAP, a #PF from those is no failure. */
static void far_expect(const char *kind, unsigned sel, const char *then, long want, int *wrong)
{
	char mode[48];
	snprintf(mode, sizeof(mode), "%s %#x %s", kind, sel, then);
	long status = faulter_run(mode);
	if (status == want || (status == PF && strcmp(kind, "farjmp") && cpu_has_smap()))
		return;
	(*wrong)++;
	diag("  faulter %s: status %#lx, want %#lx%s", mode, status, want,
	     status == UD && !strcmp(then, "ud2") ? ": it ran 32-bit code" : "");
}

/* Each kind of far transfer to each of sels[0..n) must be #GP, whatever 32-bit code would
 * have done there. Returns how many were not. */
static int far_expect_gp(const unsigned *sels, size_t n)
{
	const char *const thens[] = { "ud2", mk_use_int80 ? "int80" : "syscall", "sysenter" };
	int wrong = 0;
	for (size_t k = 0; k < sizeof(far_kinds) / sizeof(far_kinds[0]); k++)
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < sizeof(thens) / sizeof(thens[0]); j++)
				far_expect(far_kinds[k], sels[i], thens[j], GP, &wrong);
	return wrong;
}

/* A far jump, call, return or iret to any GDT selector but user code is #GP, before a single
 * instruction runs there; entering the kernel from there (had it worked) harms nothing. The
 * same transfers to user code 0x2b land and go on, which shows they are made right. */
static void test_far_gdt(const struct test *t)
{
	int wrong = 0;
	for (size_t k = 0; k < sizeof(far_kinds) / sizeof(far_kinds[0]); k++)
		far_expect(far_kinds[k], 0x2b, "ud2", SURVIVED, &wrong);
	wrong += far_expect_gp(gdt_selectors, sizeof(gdt_selectors) / sizeof(gdt_selectors[0]));
	CHECK_EQ(wrong, 0);
}

/* With no LDT, a selector in it is #GP too (not a read of a stale table at address 0). */
static void test_far_ldt(const struct test *t)
{
	CHECK_EQ(far_expect_gp(ldt_selectors, sizeof(ldt_selectors) / sizeof(ldt_selectors[0])), 0);
}

/* The kernel has no SYSENTER entry: #UD on AMD CPUs (long mode), #GP on Intel (SYSENTER_CS 0). */
static void test_sysenter(const struct test *t)
{
	long status = faulter_run("sysenter");
	if (!CHECK(status == UD || status == GP))
		diag("  status %#lx, want %#lx or %#lx", status, (long)UD, (long)GP);
}

static const struct test tests[] = {
	{ "registers and flags survive a call", test_registers, NULL, 0 },
	{ "xmm0-15 survive switches to a child that scribbles on them", test_sse_switches,
	  NULL, 0 },
	{ "x87 registers, FCW and MXCSR survive switches", test_fpu_switches, NULL, 0 },
	{ "rdtsc works in user mode (in a child)", test_faulter, "rdtsc", 0 },
	{ "far jmp/call/ret/iret to any GDT selector but user code: #GP, nothing runs there",
	  test_far_gdt, NULL, 0 },
	{ "far jmp/call/ret/iret to an LDT selector (there is no LDT): #GP", test_far_ldt, NULL,
	  0 },
	{ "sysenter from 64-bit code: #UD or #GP", test_sysenter, NULL, 0 },
};
TEST_TABLE(cpu_tests, tests);
