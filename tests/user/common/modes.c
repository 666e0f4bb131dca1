/* modes.c - the first message of a test child picks its entry instruction and its mode. */
#include <stdio.h>
#include <string.h>
#include <syscalls.h>
#include "modes.h"

int run_mode(const char *program, const struct mode *modes, size_t count, int *parent,
	     size_t cap)
{
	char msg[256];
	if (cap > sizeof(msg))
		cap = sizeof(msg);
	long n = recv(parent, msg, cap - 1);
	if (n < 0)
		return 97;
	msg[n] = '\0';
	char *mode = strchr(msg, ' ');
	if (!mode)
		return 96;
	*mode++ = '\0';
	mk_use_int80 = strcmp(msg, "int80") == 0;
	char *arg = strchr(mode, ' ');
	if (arg)
		*arg++ = '\0';
	for (size_t i = 0; i < count; i++)
		if (strcmp(modes[i].name, mode) == 0)
			return modes[i].run(arg ? arg : "");
	printf("# %s: no mode named '%s'\n", program, mode);
	return 95;
}
