/* wildwrite.c - writes to address 16, where nothing is mapped: the kernel kills it with a page
 * fault (status 0x100 + 14). trace.test boots it as the first process to see the fault in a
 * traced kernel's record. */

int main(void)
{
	*(volatile int *)16 = 1;
	return 0;
}
