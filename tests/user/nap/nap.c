/* nap.c - sleeps 100 ms and ends with 0: a child that ends by itself, for tests of wait(). */
#include <syscalls.h>

int main(void)
{
	msleep(100);
	return 0;
}
