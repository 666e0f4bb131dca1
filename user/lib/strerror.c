/* strerror.c - the text of each error number of the ABI, for messages to the user. */
#include <syscalls.h>
#include <string.h>

static const char *const texts[] = {
	[EPERM] = "operation not permitted",
	[ENOENT] = "no such program",
	[ESRCH] = "no such process",
	[ENOEXEC] = "not an executable",
	[EBADF] = "bad file descriptor",
	[ECHILD] = "no such child",
	[EAGAIN] = "table full, try again",
	[ENOMEM] = "out of memory",
	[EFAULT] = "bad address",
	[EBUSY] = "busy",
	[EINVAL] = "invalid argument",
	[EDEADLK] = "would wait on itself",
	[ENAMETOOLONG] = "name too long",
	[ENOSYS] = "function not implemented",
	[EMSGSIZE] = "message too long",
};

const char *strerror(int errnum)
{
	if (errnum > 0 && (size_t)errnum < sizeof(texts) / sizeof(texts[0]) && texts[errnum])
		return texts[errnum];
	return "unknown error";
}
