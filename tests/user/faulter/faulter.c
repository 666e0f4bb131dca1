/* faulter.c - a child of usertests: does what its parent names in a message, usually a fault. */
#include <stdio.h>
#include <string.h>
#include <syscalls.h>
#include "../common/modes.h"

#define SURVIVED 99             /* the status when the fault did not kill us */
#define MIB (1024ul * 1024)
#define PAGE_SIZE 4096ul

static int parent;

static void read_at(uintptr_t addr)
{
	__asm__ volatile("mov al, [%0]" : : "r"(addr) : "rax", "memory");
}

static void write_at(uintptr_t addr)
{
	__asm__ volatile("mov byte ptr [%0], 0x5a" : : "r"(addr) : "memory");
}

/* Calls code at addr (a `ret`, if it runs at all), stepping over the red zone. */
static void call_at(uintptr_t addr)
{
	__asm__ volatile("sub rsp, 128\n	call %0\n	add rsp, 128"
			 : : "r"(addr) : "memory");
}

/* The decimal number at the start of a mode's argument (0 if there is none). */
static int number_arg(const char *arg)
{
	int n = 0;
	while (*arg >= '0' && *arg <= '9')
		n = n * 10 + (*arg++ - '0');
	return n;
}

static uintptr_t break_page_end(void)
{
	return ((uintptr_t)sbrk(0) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

/* --- Memory faults ------------------------------------------------------------------------ */

static int do_nullread(const char *arg) { read_at(0); return SURVIVED; }
static int do_nullwrite(const char *arg) { write_at(0); return SURVIVED; }
static int do_kernelread(const char *arg) { read_at(0xffffffff80100000ul); return SURVIVED; }
static int do_kernelwrite(const char *arg) { write_at(0xffffffff80100000ul); return SURVIVED; }
static int do_kernellow(const char *arg) { read_at(0xffff800000000000ul); return SURVIVED; }
static int do_noncanonical(const char *arg) { read_at(0x0000800000000000ul); return SURVIVED; }
static int do_noncanonical2(const char *arg) { read_at(0x8000000000000000ul); return SURVIVED; }
static int do_readbrk(const char *arg) { read_at(break_page_end()); return SURVIVED; }

static int do_writetext(const char *arg)
{
	write_at((uintptr_t)do_writetext);
	return SURVIVED;
}

static int do_writerodata(const char *arg)
{
	static const char text[] = "read-only";
	write_at((uintptr_t)text);
	return SURVIVED;
}

static volatile int recursion_stop = -1;

static int recurse(int depth)
{
	volatile char frame[256];
	frame[0] = (char)depth;
	if (depth == recursion_stop)
		return 0;
	int r = recurse(depth + 1);
	__asm__ volatile("" : : "r"(frame) : "memory");  /* the frame lives past the call */
	return r + frame[0];
}

static int do_stackoverflow(const char *arg)
{
	recurse(0);
	return SURVIVED;
}

/* Grows the heap by two pages, touches them, gives them back and touches them again. */
static int do_sbrkshrink(const char *arg)
{
	char *p = sbrk(2 * PAGE_SIZE);
	if (p == (char *)-1)
		return 1;
	p[0] = 1;
	p[PAGE_SIZE] = 1;
	sbrk(-2 * (intptr_t)PAGE_SIZE);
	write_at((uintptr_t)p);
	return SURVIVED;
}

/* --- Executing what is not code ------------------------------------------------------------ */

static unsigned char data_ret[16] = { 0xc3 };
static const unsigned char rodata_ret[16] = { 0xc3 };

static int do_execstack(const char *arg)
{
	unsigned char code[16];
	memset(code, 0xc3, sizeof(code));
	call_at((uintptr_t)code);
	return SURVIVED;
}

static int do_execheap(const char *arg)
{
	unsigned char *p = sbrk(PAGE_SIZE);
	if (p == (unsigned char *)-1)
		return 1;
	p[0] = 0xc3;
	call_at((uintptr_t)p);
	return SURVIVED;
}

static int do_execdata(const char *arg) { call_at((uintptr_t)data_ret); return SURVIVED; }
static int do_execrodata(const char *arg) { call_at((uintptr_t)rodata_ret); return SURVIVED; }
static int do_jumpkernel(const char *arg) { call_at(0xffffffff80100000ul); return SURVIVED; }
static int do_jumpnoncanonical(const char *arg) { call_at(0x0000800000000000ul); return SURVIVED; }

/* --- Instructions user mode may not use ---------------------------------------------------- */

struct descriptor_table_reg {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static int do_ud2(const char *arg) { __asm__ volatile("ud2"); return SURVIVED; }
static int do_int3(const char *arg) { __asm__ volatile("int3"); return SURVIVED; }
static int do_int41(const char *arg) { __asm__ volatile("int 0x41"); return SURVIVED; }
static int do_cli(const char *arg) { __asm__ volatile("cli"); return SURVIVED; }
static int do_hlt(const char *arg) { __asm__ volatile("hlt"); return SURVIVED; }
static int do_swapgs(const char *arg) { __asm__ volatile("swapgs"); return SURVIVED; }

static int do_div0(const char *arg)
{
	__asm__ volatile("xor ecx, ecx\n	mov eax, 1\n	xor edx, edx\n	div ecx"
			 : : : "rax", "rcx", "rdx");
	return SURVIVED;
}

/* popf silently keeps IOPL at 0 in user mode, so the cli after it still faults. */
static int do_popfiopl(const char *arg)
{
	__asm__ volatile("sub rsp, 128\n	pushfq\n	or qword ptr [rsp], 0x3000\n	popfq\n"
			 "add rsp, 128\n	cli" : : : "cc", "memory");
	return SURVIVED;
}

static int do_movcr3(const char *arg)
{
	__asm__ volatile("mov rax, cr3" : : : "rax");
	return SURVIVED;
}

static int do_rdmsr(const char *arg)
{
	__asm__ volatile("rdmsr" : : "c"(0xc0000080u) : "rax", "rdx");        /* EFER */
	return SURVIVED;
}

static int do_wrmsr(const char *arg)
{
	__asm__ volatile("wrmsr" : : "c"(0xc0000100u), "a"(0), "d"(0));        /* FS base */
	return SURVIVED;
}

static int do_lgdt(const char *arg)
{
	struct descriptor_table_reg d = { 0, 0 };
	__asm__ volatile("lgdt %0" : : "m"(d));
	return SURVIVED;
}

static int do_lidt(const char *arg)
{
	struct descriptor_table_reg d = { 0, 0 };
	__asm__ volatile("lidt %0" : : "m"(d));
	return SURVIVED;
}

static int do_invlpg(const char *arg)
{
	__asm__ volatile("invlpg [%0]" : : "r"(0x400000ul) : "memory");
	return SURVIVED;
}

static int do_outb(const char *arg)
{
	__asm__ volatile("out 0x80, al" : : "a"(0));
	return SURVIVED;
}

static int do_inb(const char *arg)
{
	__asm__ volatile("in al, 0x80" : : : "rax");
	return SURVIVED;
}

/* Enters the kernel with rsp 0: the kernel must not use the user stack. The push after the
 * call then faults. */
static int do_badrsp(const char *arg)
{
	long use_int80 = mk_use_int80;
	__asm__ volatile("mov rbx, rsp\n	xor esp, esp\n	mov eax, 3\n"
			 "test %0, %0\n	jnz 1f\n	syscall\n	jmp 2f\n"
			 "1:	int 0x80\n"
			 "2:	push rax\n	pop rax\n	mov rsp, rbx"
			 : : "r"(use_int80) : "rax", "rbx", "rcx", "r11", "memory");
	return SURVIVED;
}

/* `int N` for every N: a table of 4-byte stubs "int N; ret". File-scope asm names its syntax:
 * clang reads it as AT&T whatever -masm says. */
__asm__(".intel_syntax noprefix\n.text\n.balign 4\nint_stubs:\n"
	".set vec, 0\n.rept 256\n.balign 4\nint vec\nret\n.set vec, vec + 1\n.endr\n");
extern const char int_stubs[];

static int do_intn(const char *arg)
{
	int n = number_arg(arg);
	((void (*)(void))(uintptr_t)(int_stubs + 4 * (n & 255)))();
	return SURVIVED;
}

static int do_sysret(const char *arg)
{
	__asm__ volatile("sysretq");
	return SURVIVED;
}

/* A system call made with a hostile flag set (TF, DF, AC or NT): the call must still work,
 * or the program may be killed; the kernel itself must not notice. Returns 0 if getpid
 * came back right. */
static int flagged_getpid(uint64_t flag)
{
	long want = getpid(), got;
	long use_int80 = mk_use_int80;
	__asm__ volatile("pushfq\n	pushfq\n	or [rsp], %2\n	popfq\n"
			 "	mov eax, 3\n	test %1, %1\n	jnz 1f\n	syscall\n	jmp 2f\n"
			 "1:	int 0x80\n2:	popfq"
			 : "=&a"(got) : "r"(use_int80), "r"(flag) : "rcx", "r11", "memory");
	return got == want ? 0 : 1;
}

static int do_tfsyscall(const char *arg) { return flagged_getpid(1u << 8); }
static int do_dfsyscall(const char *arg) { return flagged_getpid(1u << 10); }
static int do_acsyscall(const char *arg) { return flagged_getpid(1u << 18); }
static int do_ntsyscall(const char *arg) { return flagged_getpid(1u << 14); }

/* `sysenter` from 64-bit code: the kernel offers no SYSENTER entry, so #UD (AMD CPUs in long
 * mode) or #GP (Intel, SYSENTER_CS = 0). */
static int do_sysenter(const char *arg)
{
	__asm__ volatile("sysenter" : : : "memory");
	return SURVIVED;
}

/* --- Far transfers: trying to leave 64-bit code --------------------------------------------- */

/* Where a far transfer lands, decoded as whatever code its selector makes it. In 64-bit code
 * `xor eax,eax; 0x48 nop; test eax,eax` leaves eax 0 (0x48 is a REX prefix); in 32-bit code
 * 0x48 is `dec eax`. 64-bit code ends the program with SURVIVED; 32-bit code runs the list
 * syscall, int 0x80 (both getpid), sysenter, ud2 from the entry esi names (FAR_*) on. */
enum { FAR_SYSCALL, FAR_INT80, FAR_SYSENTER, FAR_UD2 };
uint64_t far_rsp;  /* rsp before the transfer, for the 64-bit landing */
void far_landing(void);
void far_survived(void) __attribute__((noreturn));
__asm__(".intel_syntax noprefix\n.text\n"  /* clang reads file-scope asm as AT&T otherwise */
	"far_landing:\n"
	"	xor eax, eax\n	.byte 0x48\n	nop\n	test eax, eax\n	jz 4f\n"
	"	.code32\n"
	"	cmp esi, 1\n	je 1f\n	cmp esi, 2\n	je 2f\n	cmp esi, 3\n	je 3f\n"
	"	mov eax, 3\n	syscall\n"                  /* 0F 05; getpid */
	"1:	mov eax, 3\n	int 0x80\n"               /* CD 80 */
	"2:	sysenter\n"                            /* 0F 34 */
	"3:	ud2\n"                                 /* 0F 0B */
	"	.code64\n"
	"4:	mov rsp, [rip + far_rsp]\n	and rsp, -16\n	call far_survived\n");

void far_survived(void)
{
	exit(SURVIVED);
}

/* Reads "SELECTOR [THEN]": the selector in C notation (0x1b or 27); THEN is syscall, int80,
 * sysenter or ud2 (FAR_*), by default the instruction of this run's entry. */
static unsigned far_args(const char *arg, unsigned *then)
{
	static const char *const names[] = { "syscall", "int80", "sysenter", "ud2" };
	unsigned sel = 0, base = arg[0] == '0' && arg[1] == 'x' ? 16 : 10;
	for (arg += base == 16 ? 2 : 0;; arg++) {
		unsigned d = *arg >= '0' && *arg <= '9' ? (unsigned)(*arg - '0')
			   : *arg >= 'a' && *arg <= 'f' ? (unsigned)(*arg - 'a' + 10) : 99;
		if (d >= base)
			break;
		sel = sel * base + d;
	}
	*then = mk_use_int80 ? FAR_INT80 : FAR_SYSCALL;
	for (unsigned i = 0; *arg == ' ' && i < 4; i++)
		if (!strcmp(arg + 1, names[i]))
			*then = i;
	return sel & 0xffff;
}

/* A far jmp through a memory operand (m16:32: offset, then selector). */
static int do_farjmp(const char *arg)
{
	unsigned then, sel = far_args(arg, &then);
	struct { uint32_t offset; uint16_t sel; } __attribute__((packed)) to = {
		(uint32_t)(uintptr_t)far_landing, (uint16_t)sel };
	__asm__ volatile("mov [rip + far_rsp], rsp\n	jmp fword ptr [%0]"
			 : : "r"(&to), "S"(then) : "memory");
	return SURVIVED;
}

/* A far call through a memory operand (m16:32), on a stack below 4 GiB: QEMU's TCG pushes the
 * return address of a 32-bit far call at esp, not rsp, which would fault on the real stack. */
static int do_farcall(const char *arg)
{
	static uint64_t stack[32];
	unsigned then, sel = far_args(arg, &then);
	struct { uint32_t offset; uint16_t sel; } __attribute__((packed)) to = {
		(uint32_t)(uintptr_t)far_landing, (uint16_t)sel };
	__asm__ volatile("mov [rip + far_rsp], rsp\n	mov rsp, %1\n	call fword ptr [%0]"
			 : : "r"(&to), "r"(stack + 32), "S"(then) : "memory");
	return SURVIVED;
}

/* retfq: pops rip, then cs. */
static int do_farret(const char *arg)
{
	unsigned then, sel = far_args(arg, &then);
	__asm__ volatile("mov [rip + far_rsp], rsp\n	sub rsp, 128\n"
			 "push %0\n	push %1\n	retfq"
			 : : "r"((uint64_t)sel), "r"((uint64_t)(uintptr_t)far_landing), "S"(then)
			 : "memory");
	return SURVIVED;
}

/* iretq to ring 3: pops rip, cs, rflags, rsp and ss (this one's). */
static int do_fariret(const char *arg)
{
	unsigned then, sel = far_args(arg, &then);
	__asm__ volatile("mov [rip + far_rsp], rsp\n	sub rsp, 128\n	mov rax, rsp\n"
			 "mov ecx, ss\n	push rcx\n	push rax\n	pushfq\n"
			 "push %0\n	push %1\n	iretq"
			 : : "r"((uint64_t)sel), "r"((uint64_t)(uintptr_t)far_landing), "S"(then)
			 : "rax", "rcx", "memory");
	return SURVIVED;
}

/* --- Other things a child is asked to do ---------------------------------------------------- */

static int do_exit1234(const char *arg) { exit(0x1234); }
static int do_return7(const char *arg) { return 7; }
static int do_sleep(const char *arg) { msleep(60000); return 98; }

static int do_killparent(const char *arg)
{
	long r = kill(parent);
	if (r != -EPERM)
		printf("# faulter: kill(parent %d) returned %ld, want -EPERM\n", parent, r);
	return r == -EPERM ? 0 : 1;
}

/* Starts two children and ends without waiting for them. */
static int do_orphans(const char *arg)
{
	return spawn("nop") > 0 && spawn("nop") > 0 ? 0 : 1;
}

static int do_rdtsc(const char *arg)
{
	uint32_t lo1, hi1, lo2, hi2;
	__asm__ volatile("lfence\n	rdtsc" : "=a"(lo1), "=d"(hi1));
	for (volatile int i = 0; i < 1000; i++)
		continue;
	__asm__ volatile("lfence\n	rdtsc" : "=a"(lo2), "=d"(hi2));
	uint64_t t1 = (uint64_t)hi1 << 32 | lo1, t2 = (uint64_t)hi2 << 32 | lo2;
	return t2 > t1 ? 0 : 1;
}

/* Grows the heap 1 MiB at a time until ENOMEM, checking every new page reads as zero, then
 * gives it all back and takes 64 MiB again. */
static int do_sbrkmax(const char *arg)
{
	char *start = sbrk(0);
	size_t total = 0;
	long r;
	while ((r = sbrk_raw(MIB)) != -ENOMEM) {
		if (r != (long)(start + total)) {
			printf("# sbrkmax: sbrk returned %ld after %zu MiB\n", r, total / MIB);
			return 1;
		}
		for (size_t off = 0; off < MIB; off += PAGE_SIZE) {
			if (start[total + off] != 0)
				return 2;
			start[total + off] = 1;
		}
		total += MIB;
		if (total >= 64 * 1024 * MIB) {
			printf("# sbrkmax: still no ENOMEM after 64 GiB\n");
			return 3;
		}
	}
	printf("# sbrkmax: %zu MiB from sbrk before ENOMEM\n", total / MIB);
	if (total < 64 * MIB)
		return 4;
	if (sbrk_raw(-(intptr_t)total) != (long)(start + total) || sbrk(0) != start)
		return 5;
	if (sbrk_raw(64 * MIB) != (long)start)
		return 6;
	return 0;
}

/* Sends one-byte messages to pid ARG until send() fails; that must be ESRCH (the parent
 * kills ARG meanwhile). */
static int do_flood(const char *arg)
{
	int dst = number_arg(arg), sent = 0;
	long r = 0;
	for (; sent < 10000; sent++) {
		r = send(dst, "x", 1);
		if (r != 0)
			break;
	}
	if (r == -ESRCH && sent > 0)
		return 0;
	printf("# flood: %d messages sent, then send() returned %ld\n", sent, r);
	return 2;
}

/* "seq PID TAG": sends "TAG 0" .. "TAG 4" to PID, in order (FIFO tests). */
static int do_seq(const char *arg)
{
	int dst = number_arg(arg);
	const char *rest = strchr(arg, ' ');
	char tag = rest ? rest[1] : '?';
	for (int n = 0; n < 5; n++) {
		char msg[3] = { tag, ' ', (char)('0' + n) };
		if (send(dst, msg, sizeof(msg)) != 0)
			return 2;
	}
	return 0;
}

/* --- Blocking calls for kill races: the parent kills while the call starts or waits -------- */

static int do_sleepforever(const char *arg) { msleep(UINT64_MAX); return SURVIVED; }
static int do_nap(const char *arg) { msleep((uint64_t)number_arg(arg)); return 0; }

static int do_recvforever(const char *arg)
{
	char msg[8];
	recv(NULL, msg, sizeof(msg));  /* the parent sends nothing more */
	return SURVIVED;
}

/* "sendblock PID": PID never receives, so its mailbox fills and a send blocks. */
static int do_sendblock(const char *arg)
{
	int dst = number_arg(arg);
	send(dst, "x", 1);
	send(dst, "x", 1);
	return SURVIVED;
}

/* Waits for a child that sleeps a while (nap: it ends by itself, so none is left behind
 * when we are killed). If no child can be made, sleeps instead. */
static int do_waitchild(const char *arg)
{
	long pid = spawn("nap");
	if (pid < 0)
		msleep(UINT64_MAX);
	wait((int)pid, NULL);
	return SURVIVED;
}

/* "bigwrite KIB": one write() of KIB KiB of text. */
static int do_bigwrite(const char *arg)
{
	size_t len = (size_t)number_arg(arg) * 1024;
	char *buf = sbrk((intptr_t)len);
	if (buf == (char *)-1)
		return 2;
	for (size_t i = 0; i < len; i++)
		buf[i] = i % 128 == 127 ? '\n' : '.';
	return write(1, buf, len) == (long)len ? 0 : 1;
}

/* "ticks MS": yields until uptime has advanced MS milliseconds, then ends with 0. */
static int do_ticks(const char *arg)
{
	long start = uptime(), ms = number_arg(arg);
	while (uptime() - start < ms)
		yield();
	return 0;
}

/* --- x87 and SSE exceptions, and the state a new process starts with ------------------------ */

#define FCW_DEFAULT 0x037f      /* fninit: every x87 exception masked */
#define FCW_ZM 0x0004           /* zero-divide mask */
#define MXCSR_DEFAULT 0x1f80    /* every SSE exception masked, no flags */
#define MXCSR_ZM 0x0200

/* 1/0 with the zero-divide exception unmasked: pending after fdiv, raised (#MF) by fwait. */
static int do_x87(const char *arg)
{
	uint16_t fcw = FCW_DEFAULT & ~FCW_ZM;
	__asm__ volatile("fninit\n	fldcw %0\n	fld1\n	fldz\n	fdivp\n	fwait" : : "m"(fcw));
	return SURVIVED;
}

#define SSE_NOT_RAISED 90       /* the CPU flagged the division in MXCSR but raised no #XM */

/* 1/0 in SSE with the zero-divide exception unmasked: #XM at once. Some emulated CPUs (QEMU
 * without KVM) only set the flag; the parent tells that apart by the status. */
static int do_sse(const char *arg)
{
	uint32_t mxcsr = MXCSR_DEFAULT & ~MXCSR_ZM, after;
	float one = 1.0f, zero = 0.0f;
	__asm__ volatile("ldmxcsr %1\n	movss xmm0, %2\n	divss xmm0, %3\n	stmxcsr %0"
			 : "=m"(after) : "m"(mxcsr), "m"(one), "m"(zero) : "xmm0");
	return after & 0x4 ? SSE_NOT_RAISED : SURVIVED;
}

/* 0 if the x87 and SSE units start clean: default control words, no exception flags. */
static int do_fpuclean(const char *arg)
{
	uint16_t fcw, fsw;
	uint32_t mxcsr;
	__asm__ volatile("fnstcw %0\n	fnstsw %1\n	stmxcsr %2" : "=m"(fcw), "=m"(fsw), "=m"(mxcsr));
	return fcw == FCW_DEFAULT && (fsw & 0x3f) == 0 && mxcsr == MXCSR_DEFAULT ? 0 : 1;
}

static const struct mode modes[] = {
	{ "nullread", do_nullread }, { "nullwrite", do_nullwrite },
	{ "kernelread", do_kernelread }, { "kernelwrite", do_kernelwrite },
	{ "kernellow", do_kernellow }, { "noncanonical", do_noncanonical },
	{ "noncanonical2", do_noncanonical2 }, { "readbrk", do_readbrk },
	{ "writetext", do_writetext }, { "writerodata", do_writerodata },
	{ "stackoverflow", do_stackoverflow }, { "sbrkshrink", do_sbrkshrink },
	{ "execstack", do_execstack }, { "execheap", do_execheap },
	{ "execdata", do_execdata }, { "execrodata", do_execrodata },
	{ "jumpkernel", do_jumpkernel }, { "jumpnoncanonical", do_jumpnoncanonical },
	{ "ud2", do_ud2 }, { "int3", do_int3 }, { "int41", do_int41 }, { "div0", do_div0 },
	{ "cli", do_cli }, { "hlt", do_hlt }, { "popfiopl", do_popfiopl },
	{ "movcr3", do_movcr3 }, { "rdmsr", do_rdmsr }, { "wrmsr", do_wrmsr },
	{ "lgdt", do_lgdt }, { "lidt", do_lidt }, { "swapgs", do_swapgs },
	{ "invlpg", do_invlpg }, { "outb", do_outb }, { "inb", do_inb },
	{ "badrsp", do_badrsp }, { "intn", do_intn }, { "sysret", do_sysret },
	{ "tfsyscall", do_tfsyscall }, { "dfsyscall", do_dfsyscall },
	{ "sysenter", do_sysenter }, { "farjmp", do_farjmp }, { "farcall", do_farcall },
	{ "farret", do_farret }, { "fariret", do_fariret },
	{ "acsyscall", do_acsyscall }, { "ntsyscall", do_ntsyscall },
	{ "exit1234", do_exit1234 }, { "return7", do_return7 }, { "sleep", do_sleep },
	{ "killparent", do_killparent }, { "orphans", do_orphans }, { "rdtsc", do_rdtsc },
	{ "sbrkmax", do_sbrkmax }, { "flood", do_flood }, { "seq", do_seq },
	{ "sleepforever", do_sleepforever }, { "nap", do_nap }, { "recvforever", do_recvforever },
	{ "sendblock", do_sendblock }, { "waitchild", do_waitchild },
	{ "bigwrite", do_bigwrite }, { "ticks", do_ticks },
	{ "x87", do_x87 }, { "sse", do_sse }, { "fpuclean", do_fpuclean },
};

/* The first message is "ENTRY MODE [ARGS]" (see tests/user/common/modes.h). */
int main(void)
{
	return run_mode("faulter", modes, sizeof(modes) / sizeof(modes[0]), &parent, 64);
}
