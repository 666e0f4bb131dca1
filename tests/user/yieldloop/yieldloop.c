/* yieldloop.c - receives a count (a uint64_t) from its parent, yields that many times, exits 0. */
#include <syscalls.h>

int main(void)
{
	uint64_t count;
	if (recv(NULL, &count, sizeof(count)) != sizeof(count))
		return 1;
	for (uint64_t i = 0; i < count; i++)
		yield();
	return 0;
}
