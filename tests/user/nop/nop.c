/* nop.c - exits 0 at once; the cheapest child to spawn. */

int main(void)
{
	return 0;
}
