/* procs.c - finding a process by its program's name through procinfo(). */
#include <syscalls.h>
#include <procs.h>
#include <string.h>

long mk_find_process(const char *name)
{
	struct mk_procinfo info;
	long pid = procinfo(1, &info);
	for (; pid > 0; pid = procinfo((int)pid + 1, &info))
		if (info.state != MK_PS_ENDED && !strcmp(info.name, name))
			return pid;
	return pid;
}
