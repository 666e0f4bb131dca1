/* heapecho.c - answers every call with the request, like rpcecho, but receives into the second
 * of two heap pages, and on the request "remap" gives both back and takes two fresh ones at
 * the same address (sbrk down, then up) before it answers; "quit" ends it. A test of the
 * kernel's cached translation of a receiver's buffer: after a remap, a request must land in
 * the page the buffer has now. (The frames come back in the other order with the free-list
 * allocator, so the buffer's old frame is then the first page's: a request written there
 * would not be seen.) */
#include <string.h>
#include <syscalls.h>

#define PAGE 4096

int main(void)
{
	char *heap = sbrk(2 * PAGE);  /* the heap starts at a page boundary */
	if (heap == (char *)-1)
		return 2;
	char *buf = heap + PAGE;
	int client;
	long n = recv(&client, buf, PAGE);
	for (;;) {
		if (n < 0)
			return 3;
		if (n == 4 && memcmp(buf, "quit", 4) == 0)
			return reply(client, buf, 4) < 0 ? 4 : 0;
		if (n == 5 && memcmp(buf, "remap", 5) == 0) {
			if (sbrk(-2 * PAGE) == (char *)-1 || sbrk(2 * PAGE) != heap)
				return 5;
			memcpy(buf, "remap", 5);  /* the fresh page reads as zero */
		}
		n = reply_recv(client, buf, (size_t)n, &client, buf, PAGE);
	}
}
