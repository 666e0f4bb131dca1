/* spin.c - yields forever; a child for tests of kill(). */
#include <syscalls.h>

int main(void)
{
	for (;;)
		yield();
}
