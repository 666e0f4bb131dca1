/* hello.c - the smallest demo: prints its pid and the time since boot, exits 0. */
#include <stdio.h>
#include <syscalls.h>

int main(void)
{
	printf("hello: pid %ld, uptime %ld ms\n", getpid(), uptime());
	return 0;
}
