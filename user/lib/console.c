/* console.c - the client side of the console server's protocol (see console.h). */
#include <console.h>
#include <procs.h>
#include <string.h>
#include <syscalls.h>

long console_find(int tries)
{
	long pid = mk_find_process(CONSOLE_NAME);
	for (int i = 1; i < tries && pid == -ESRCH; i++) {
		msleep(100);
		pid = mk_find_process(CONSOLE_NAME);
	}
	return pid;
}

long console_input(int console, const void *bytes, size_t n)
{
	char msg[1 + CONSOLE_INPUT_CHUNK];
	msg[0] = CONSOLE_INPUT;
	for (size_t done = 0; done < n;) {
		size_t k = n - done < CONSOLE_INPUT_CHUNK ? n - done : CONSOLE_INPUT_CHUNK;
		memcpy(msg + 1, (const char *)bytes + done, k);
		long r = send(console, msg, 1 + k);
		if (r < 0)
			return r;
		done += k;
	}
	return 0;
}

long console_deliver(int *console, const void *bytes, size_t n)
{
	long r = console_input(*console, bytes, n);
	if (r != -ESRCH)
		return r;
	r = console_find(10);
	if (r < 0)
		return r;
	*console = (int)r;
	return console_input(*console, bytes, n);
}

long console_read_line(int console, char *buf, size_t cap)
{
	char req = CONSOLE_READ;
	return call(console, &req, 1, buf, cap);
}

long console_set_foreground(int console, int pid)
{
	char req[5] = { CONSOLE_FOREGROUND }, answer;
	int32_t p = pid;
	memcpy(req + 1, &p, sizeof(p));
	long r = call(console, req, sizeof(req), &answer, sizeof(answer));
	return r < 0 ? r : 0;
}

long console_interrupted(int console)
{
	char req = CONSOLE_INTERRUPTED, answer = '0';
	long r = call(console, &req, 1, &answer, 1);
	if (r < 0)
		return r;
	return r == 1 && answer == '1';
}
