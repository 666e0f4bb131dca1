/* faulter.c - a child of usertests: does what its parent names in a message, usually a fault. */
#include <stdio.h>
#include <string.h>
#include <syscalls.h>

#define SURVIVED 99             /* the status when the fault did not kill us */
#define MIB (1024ul * 1024)
#define PAGE_SIZE 4096ul

static int parent;

static void read_at(uintptr_t addr)
{
	__asm__ volatile("movb (%0), %%al" : : "r"(addr) : "rax", "memory");
}

static void write_at(uintptr_t addr)
{
	__asm__ volatile("movb $0x5a, (%0)" : : "r"(addr) : "memory");
}

/* Calls code at addr (a `ret`, if it runs at all), stepping over the red zone. */
static void call_at(uintptr_t addr)
{
	__asm__ volatile("subq $128, %%rsp\n	call *%0\n	addq $128, %%rsp"
			 : : "r"(addr) : "memory");
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
static int do_int41(const char *arg) { __asm__ volatile("int $0x41"); return SURVIVED; }
static int do_cli(const char *arg) { __asm__ volatile("cli"); return SURVIVED; }
static int do_hlt(const char *arg) { __asm__ volatile("hlt"); return SURVIVED; }
static int do_swapgs(const char *arg) { __asm__ volatile("swapgs"); return SURVIVED; }

static int do_div0(const char *arg)
{
	__asm__ volatile("xorl %%ecx, %%ecx\n	movl $1, %%eax\n	xorl %%edx, %%edx\n	divl %%ecx"
			 : : : "rax", "rcx", "rdx");
	return SURVIVED;
}

/* popf silently keeps IOPL at 0 in user mode, so the cli after it still faults. */
static int do_popfiopl(const char *arg)
{
	__asm__ volatile("subq $128, %%rsp\n	pushfq\n	orq $0x3000, (%%rsp)\n	popfq\n"
			 "addq $128, %%rsp\n	cli" : : : "cc", "memory");
	return SURVIVED;
}

static int do_movcr3(const char *arg)
{
	__asm__ volatile("movq %%cr3, %%rax" : : : "rax");
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
	__asm__ volatile("invlpg (%0)" : : "r"(0x400000ul) : "memory");
	return SURVIVED;
}

static int do_outb(const char *arg)
{
	__asm__ volatile("outb %%al, $0x80" : : "a"(0));
	return SURVIVED;
}

static int do_inb(const char *arg)
{
	__asm__ volatile("inb $0x80, %%al" : : : "rax");
	return SURVIVED;
}

/* Enters the kernel with rsp 0: the kernel must not use the user stack. The push after the
 * call then faults. */
static int do_badrsp(const char *arg)
{
	long use_int80 = mk_use_int80;
	__asm__ volatile("movq %%rsp, %%rbx\n	xorl %%esp, %%esp\n	movl $3, %%eax\n"
			 "testq %0, %0\n	jnz 1f\n	syscall\n	jmp 2f\n"
			 "1:	int $0x80\n"
			 "2:	pushq %%rax\n	popq %%rax\n	movq %%rbx, %%rsp"
			 : : "r"(use_int80) : "rax", "rbx", "rcx", "r11", "memory");
	return SURVIVED;
}

/* `int $N` for every N: a table of 4-byte stubs "int $N; ret". */
__asm__(".text\n.balign 4\nint_stubs:\n"
	".set vec, 0\n.rept 256\n.balign 4\nint $vec\nret\n.set vec, vec + 1\n.endr\n");
extern const char int_stubs[];

static int do_intn(const char *arg)
{
	int n = 0;
	while (*arg >= '0' && *arg <= '9')
		n = n * 10 + (*arg++ - '0');
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
	__asm__ volatile("pushfq\n	pushfq\n	orq %2, (%%rsp)\n	popfq\n"
			 "	movl $3, %%eax\n	testq %1, %1\n	jnz 1f\n	syscall\n	jmp 2f\n"
			 "1:	int $0x80\n2:	popfq"
			 : "=&a"(got) : "r"(use_int80), "r"(flag) : "rcx", "r11", "memory");
	return got == want ? 0 : 1;
}

static int do_tfsyscall(const char *arg) { return flagged_getpid(1u << 8); }
static int do_dfsyscall(const char *arg) { return flagged_getpid(1u << 10); }
static int do_acsyscall(const char *arg) { return flagged_getpid(1u << 18); }
static int do_ntsyscall(const char *arg) { return flagged_getpid(1u << 14); }

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
	int dst = 0, sent = 0;
	long r = 0;
	while (*arg >= '0' && *arg <= '9')
		dst = dst * 10 + (*arg++ - '0');
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
	int dst = 0;
	while (*arg >= '0' && *arg <= '9')
		dst = dst * 10 + (*arg++ - '0');
	char tag = arg[0] == ' ' ? arg[1] : '?';
	for (int n = 0; n < 5; n++) {
		char msg[3] = { tag, ' ', (char)('0' + n) };
		if (send(dst, msg, sizeof(msg)) != 0)
			return 2;
	}
	return 0;
}

static const struct mode {
	const char *name;
	int (*run)(const char *arg);
} modes[] = {
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
	{ "acsyscall", do_acsyscall }, { "ntsyscall", do_ntsyscall },
	{ "exit1234", do_exit1234 }, { "return7", do_return7 }, { "sleep", do_sleep },
	{ "killparent", do_killparent }, { "orphans", do_orphans }, { "rdtsc", do_rdtsc },
	{ "sbrkmax", do_sbrkmax }, { "flood", do_flood }, { "seq", do_seq },
};

/* The message is "ENTRY MODE [ARG]": ENTRY (syscall or int80) is how to call the kernel. */
int main(void)
{
	char msg[64];
	long n = recv(&parent, msg, sizeof(msg) - 1);
	if (n < 0)
		return 97;
	msg[n] = '\0';
	char *mode = strchr(msg, ' ');
	if (!mode)
		return 96;
	*mode++ = '\0';
	mk_use_int80 = strcmp(msg, "int80") == 0;
	char *arg = strchr(mode, ' ');
	if (arg)
		*arg++ = '\0';
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strcmp(modes[i].name, mode) == 0)
			return modes[i].run(arg ? arg : "");
	printf("# faulter: no mode named '%s'\n", mode);
	return 95;
}
