/* wildwrite.c - writes to address 16, where nothing is mapped: the kernel kills it with a page
 * fault (status 0x100 + 14). trace.test boots it as the first process to see the fault in a
 * traced kernel's record. */
#include <stdint.h>

/* Volatile, so that the compiler knows nothing of the address it writes to (a constant would
 * be an out-of-bounds write it warns about). */
static volatile uintptr_t where = 16;

int main(void)
{
	*(volatile int *)where = 1;
	return 0;
}
