/* modes.h - the start of a test child that does what its parent names in its first message:
 * "ENTRY MODE [ARGS]", where ENTRY (syscall or int80) is how the child calls the kernel and
 * MODE one of the child's modes (faulter, replier). */
#ifndef TESTS_USER_MODES_H
#define TESTS_USER_MODES_H

#include <stddef.h>

/** One thing a child can do: run(ARGS) is its exit status. */
struct mode {
	const char *name;
	int (*run)(const char *arg);
};

/**
 * Receives the first message (up to @p cap - 1 bytes), remembers its sender in *@p parent,
 * sets the entry instruction and runs the mode it names.
 * @return the mode's status; 97 if the message did not come, 96 if it has no mode, 95 if no
 *         mode of @p modes has that name (@p program says whose, in the report line)
 */
int run_mode(const char *program, const struct mode *modes, size_t count, int *parent,
	     size_t cap);

#endif
