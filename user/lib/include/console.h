/** @file
 * The console server's protocol (user/console) and its client side: drivers hand the console
 * the bytes typed, and programs read lines from it, all by message. The console is found by
 * its program name, "console", through procinfo() (see procs.h). */
#ifndef USER_CONSOLE_H
#define USER_CONSOLE_H

#include <stddef.h>

#define CONSOLE_NAME "console"

/* The first byte of every request names it. */
#define CONSOLE_INPUT 'I'       /**< send: 'I' + 1..n input bytes, as typed; no answer due */
#define CONSOLE_READ 'R'        /**< call: the next line, with its '\n'; 0 bytes at end of input */
#define CONSOLE_FOREGROUND 'F'  /**< call: 'F' + int32 pid (0: none) sets the foreground; 0 bytes */
#define CONSOLE_INTERRUPTED 'C' /**< call: '1' if ctrl-C was typed since 'F', else '0'; clears it */

/** Input bytes per 'I' message console_input() sends: one message always fits any kernel. */
#define CONSOLE_INPUT_CHUNK 63

/**
 * Finds the console: mk_find_process("console"), tried @p tries times 100 ms apart while
 * it is not there (-ESRCH).
 * @return its pid; -ESRCH, or the error of procinfo()
 */
long console_find(int tries);

/**
 * Hands @p n input bytes to the console, in 'I' messages of up to CONSOLE_INPUT_CHUNK bytes.
 * @return 0; the error of send() (-ESRCH: the console has ended)
 */
long console_input(int console, const void *bytes, size_t n);

/**
 * console_input() for a driver: when the console has ended (init restarts it), finds the new
 * one, updates @p console and hands it the bytes.
 * @return 0; the error of send() or of finding the console
 */
long console_deliver(int *console, const void *bytes, size_t n);

/**
 * Reads one line (call "R") into @p buf of @p cap bytes; not NUL-terminated. @p cap must
 * hold IPC_MSG_MAX bytes, the longest line the console gives.
 * @return its length, with the '\n'; 0 at end of input (ctrl-D); the error of call()
 */
long console_read_line(int console, char *buf, size_t cap);

/** Makes @p pid the foreground process (0: none). @return 0; the error of call() */
long console_set_foreground(int console, int pid);

/** @return 1 if ctrl-C was typed since the foreground was set (and forgets it), 0 if not;
 *          the error of call() */
long console_interrupted(int console);

#endif
