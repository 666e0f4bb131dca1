/* probe80.c - exits 0 if `int 0x80` reaches the kernel; where it is disabled, it dies (0x10d). */
#include <syscalls.h>

int main(void)
{
	return mk_int80_6(SYS_getpid, 0, 0, 0, 0, 0, 0) >= 1 ? 0 : 1;
}
