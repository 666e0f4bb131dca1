/* fuzzchild.c - makes random system calls with typed, hostile arguments, for user/fuzz.
 *
 * It receives {seed, calls, use_int80} from its parent, then makes that many calls. Any of
 * them may end it (exit, a fault) or block it (recv, sleep, wait): the parent kills it after a
 * while. The kernel must survive everything it does. */
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

static long one_call(void)
{
	uint64_t nr;
	if (next() % 8)
		nr = next() % SYS_COUNT;
	else
		nr = pick((const uint64_t[]){ 13, 1000, (1ull << 32) + 1, ~0ull, 1ull << 63 }, 5);
	if (nr == SYS_exit && next() % 4)
		nr = SYS_getpid;  /* exits end the round: keep most rounds going */
	if (nr == SYS_spawn)
		return mk_call6((long)nr, (long)names[next() % 6], 0, 0, 0, 0, 0);
	if (nr == SYS_sleep)
		return mk_call6((long)nr, (long)(next() % 3), 0, 0, 0, 0, 0);
	if (nr == SYS_write) {
		/* Real writes stay short: the console is slow, and this is not its test. */
		uint64_t fd = number(), len = length();
		if ((fd == 1 || fd == 2) && len > 16 && len < (1ull << 62))
			len = 16;
		return mk_call6((long)nr, (long)fd, (long)pointer(), (long)len, 0, 0, 0);
	}
	return mk_call6((long)nr, (long)argument(), (long)argument(), (long)argument(),
			(long)argument(), (long)argument(), (long)argument());
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
