/** @file
 * Finding processes by program name, over procinfo(): how a client finds a server such as
 * the console without a name service. */
#ifndef USER_PROCS_H
#define USER_PROCS_H

/**
 * @return the lowest pid of a live process (one that has not ended) running the program
 *         @p name; -ESRCH if there is none; another negative errno if procinfo() fails
 */
long mk_find_process(const char *name);

#endif
