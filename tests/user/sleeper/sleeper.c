/* sleeper.c - sleeps forever as its first system call: a child for kill tests (a kill that
 * lands before it has run at all must still end that sleep). */
#include <stdint.h>
#include <syscalls.h>

int main(void)
{
	msleep(UINT64_MAX);
	return 99;
}
