/* fuzzchild.c - makes random system calls with typed, hostile arguments, for tests/user/fuzz.
 *
 * It receives {seed, calls, use_int80} from its parent, then makes that many calls, some of
 * them with an absurd rsp or with TF set, or by `sysenter`. Any of them may end it (exit, a
 * fault) or block it (recv, sleep, wait): the parent kills it after a while. The kernel must
 * survive everything it does. */
#include <stdint.h>
#include <syscalls.h>
#include <uapi/syscall.h>

struct fuzz_job {
	uint64_t seed;
	uint64_t calls;
	uint64_t use_int80;
};

static uint64_t rng;

static uint64_t next(void)
{
	/* xorshift64*: small, and the same sequence for the same seed. */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1Dull;
}

static char buf[8192] __attribute__((aligned(4096)));
static void text_marker(void) {}
static const char text_byte[1] = { 0 };  /* rodata: readable, not writable */
static const char *const names[] = { "nop", "hello", "notthere", "", "nop.elf",
	"0123456789012345678901234567890123456789012345678901234567890123456789" };

static uint64_t pick(const uint64_t *v, unsigned n)
{
	return v[next() % n];
}

/* A pointer: valid, at the edge of something, or hostile. */
static uint64_t pointer(void)
{
	uint64_t brk = (uint64_t)sbrk_raw(0);
	const uint64_t v[] = {
		0, 1, (uint64_t)buf, (uint64_t)buf + 4090, (uint64_t)buf + sizeof(buf) - 1,
		(uint64_t)text_byte, (uint64_t)text_marker, brk, brk - 8, brk + 4096,
		0x7FFFFFFFE000ull, 0x7FFFFFFFFFF8ull, 0x0000800000000000ull,
		0xFFFF800000000000ull, 0xFFFFFFFF80100000ull, 0xFFFFFFFFFFFFFFF0ull,
		0x400000, next(), (uint64_t)names[next() % 6],
	};
	return pick(v, sizeof(v) / sizeof(v[0]));
}

/* A length or count: boundaries around pages and messages, and absurd ones. */
static uint64_t length(void)
{
	const uint64_t v[] = { 0, 1, 2, 7, 8, 63, 64, 65, 255, 256, 257, 4095, 4096, 4097,
			       8192, 1 << 20, 1ull << 32, ~0ull, ~0ull - 4096, next() % 512 };
	return pick(v, sizeof(v) / sizeof(v[0]));
}

/* A pid or fd or small number. */
static uint64_t number(void)
{
	const uint64_t v[] = { 0, 1, 2, 3, (uint64_t)-1, (uint64_t)getpid(), 0x7FFFFFFF,
			       0x80000000ull, 1ull << 32, next() % 300, next() };
	return pick(v, sizeof(v) / sizeof(v[0]));
}

static uint64_t argument(void)
{
	switch (next() % 3) {
	case 0: return pointer();
	case 1: return length();
	default: return number();
	}
}

/* rsp values no stack has: zero, odd ones, the kernel half, non-canonical, the very top. */
static uint64_t hostile_rsp(void)
{
	const uint64_t v[] = {
		0, 1, 7, 8, 0xFFFF800000000000ull, 0xFFFFFFFF80000000ull, 0x0000800000000000ull,
		0x8000000000000000ull, 0x00007FFFFFFFFFFFull, 0x00007FFFFFFFF000ull, ~0ull,
		(uint64_t)buf + 3, (uint64_t)text_marker, next(),
	};
	return pick(v, sizeof(v) / sizeof(v[0]));
}

/* Makes the call with rsp = sp at the moment of the call: nothing is kept on the stack around
 * it, and rsp comes back from a register afterwards. */
static long call_with_rsp(uint64_t sp, long nr, const long a[6])
{
	register long r10 __asm__("r10") = a[3], r8 __asm__("r8") = a[4], r9 __asm__("r9") = a[5];
	uint64_t saved;
	__asm__ volatile("mov %[saved], rsp\n	mov rsp, %[sp]\n"
			 "test %[i80], %[i80]\n	jnz 1f\n	syscall\n	jmp 2f\n"
			 "1:	int 0x80\n"
			 "2:	mov rsp, %[saved]"
			 : "+a"(nr), [saved] "=&r"(saved), "+r"(r10), "+r"(r8), "+r"(r9)
			 : [sp] "r"(sp), [i80] "r"(mk_use_int80), "D"(a[0]), "S"(a[1]), "d"(a[2])
			 : "rcx", "r11", "memory", "cc");
	return nr;
}

/* Makes the call with TF set just before it (popfq, then the entry instruction): the
 * single-step trap after it ends the child with 0x100 + 1. */
static long call_with_tf(long nr, const long a[6])
{
	register long r10 __asm__("r10") = a[3], r8 __asm__("r8") = a[4], r9 __asm__("r9") = a[5];
	__asm__ volatile("sub rsp, 128\n	test %[i80], %[i80]\n	jnz 1f\n"
			 "pushfq\n	or qword ptr [rsp], 0x100\n	popfq\n	syscall\n	jmp 2f\n"
			 "1:	pushfq\n	or qword ptr [rsp], 0x100\n	popfq\n	int 0x80\n"
			 "2:	pushfq\n	and qword ptr [rsp], ~0x100\n	popfq\n	add rsp, 128"
			 : "+a"(nr), "+r"(r10), "+r"(r8), "+r"(r9)
			 : [i80] "r"(mk_use_int80), "D"(a[0]), "S"(a[1]), "d"(a[2])
			 : "rcx", "r11", "memory", "cc");
	return nr;
}

/* Enters the kernel for call nr, now and then in a hostile way: with an absurd rsp, with TF
 * set (fatal), or by `sysenter`, which this kernel does not offer (fatal: #UD or #GP). */
static long enter(long nr, const long a[6])
{
	uint64_t how = next() % 1024;
	if (how < 48)
		return call_with_rsp(hostile_rsp(), nr, a);
	if (how == 48)
		return call_with_tf(nr, a);
	if (how == 49)
		__asm__ volatile("sysenter" : : : "memory");
	return mk_call6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* A call number and its arguments: typed, hostile ones. */
static long choose(long a[6])
{
	long nr;
	if (next() % 8)
		nr = (long)(next() % SYS_COUNT);
	else
		nr = (long)pick((const uint64_t[]){ SYS_COUNT, 1000, (1ull << 32) + 1, ~0ull, 1ull << 63 }, 5);
	if (nr == SYS_exit && next() % 4)
		nr = SYS_getpid;  /* exits end the round: keep most rounds going */
	for (int i = 0; i < 6; i++)
		a[i] = (long)argument();
	if (nr == SYS_spawn)
		a[0] = (long)names[next() % 6];
	if (nr == SYS_sleep)
		a[0] = (long)(next() % 3);
	if (nr == SYS_write) {
		/* Real writes stay short: the console is slow, and this is not its test. */
		uint64_t fd = number(), len = length();
		if ((fd == 1 || fd == 2) && len > 16 && len < (1ull << 62))
			len = 16;
		a[0] = (long)fd;
		a[1] = (long)pointer();
		a[2] = (long)len;
	}
	return nr;
}

static long one_call(void)
{
	long a[6];
	long nr = choose(a);
	return enter(nr, a);
}

int main(void)
{
	struct fuzz_job job;
	int from;
	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = '.';
	if (recv(&from, &job, sizeof(job)) != sizeof(job))
		return 2;
	rng = job.seed * 0x9E3779B97F4A7C15ull + 1;
	mk_use_int80 = (int)job.use_int80;
	for (uint64_t i = 0; i < job.calls; i++)
		one_call();
	return 0;
}
