/* usertests.h - the usertests framework (TAP, checks, child processes) and its test tables. */
#ifndef USERTESTS_H
#define USERTESTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <syscalls.h>

/* One test. run() is called once per kernel entry; table-driven tests read arg and expect
 * (for example the fault a child performs and the status it must end with). */
struct test {
	const char *name;
	void (*run)(const struct test *t);
	const char *arg;
	long expect;
};

struct test_table {
	const struct test *tests;
	size_t count;
};

#define TEST_TABLE(table, array) \
	const struct test_table table = { array, sizeof(array) / sizeof((array)[0]) }

/* The tests of each file, in the order they run. */
extern const struct test_table basic_tests; /* t_basic.c: write, getpid, time, numbers */
extern const struct test_table proc_tests;  /* t_proc.c: spawn, wait, kill, exit */
extern const struct test_table mem_tests;   /* t_mem.c: sbrk, meminfo, malloc */
extern const struct test_table ipc_tests;   /* t_ipc.c: send, recv */
extern const struct test_table call_tests;  /* t_call.c: call, reply, reply_recv */
extern const struct test_table cpu_tests;   /* t_cpu.c: registers, SSE, x87 */
extern const struct test_table fault_tests; /* t_fault.c: faults kill only the child */
extern const struct test_table harden_tests; /* t_harden.c: kill races, long writes, FPU */
extern const struct test_table driver_tests; /* t_driver.c: rights, ports, interrupt lines,
					       * procinfo */

/* Addresses user code can never use. */
#define ADDR_KERNEL_TEXT 0xffffffff80100000ul   /* the kernel image */
#define ADDR_KERNEL_LOW 0xffff800000000000ul    /* the first kernel-half address */
#define ADDR_NONCANON_LOW 0x0000800000000000ul  /* the first address above user space */
#define ADDR_NONCANON_HIGH 0x8000000000000000ul
#define PAGE_SIZE 4096ul

/* Text the kernel must refuse to write; finding it in the console log is a bug too. */
extern const char bug_text[];

/* --- TAP (check.c) ------------------------------------------------------------------ */

/** Which entry the current pass uses ("syscall" or "int80"); prefixes every test name. */
extern const char *test_entry;

void tap_plan(int count);
/** Runs @p t, kills any child it left behind, and prints `ok N - entry: name` or `not ok`. */
void tap_run(const struct test *t);
/** Prints a result line for @p name as it stands (no entry prefix). */
void tap_result(bool ok, const char *name);
/** Prints `ok N - name # SKIP reason`. */
void tap_skip(const char *name, const char *reason);
/** Marks the running test skipped for @p reason (static text), unless a check fails. */
void test_skip(const char *reason);
/** @return how many tests have failed so far */
int tap_failed(void);
/** Prints one `# ...` diagnostic line, with one write(). */
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* --- Checks: on failure they print where and why and fail the current test. ---------- */
#define CHECK(cond) check_true((cond), #cond, __FILE__, __LINE__)
#define CHECK_EQ(got, want) check_eq((long)(got), (long)(want), #got, __FILE__, __LINE__)
bool check_true(bool ok, const char *expr, const char *file, int line);
bool check_eq(long got, long want, const char *expr, const char *file, int line);

/* --- Children: every child a test spawns is killed and reaped when the test ends. ---- */

/** spawn(), remembering the child. @return its pid or the negative errno */
long child_spawn(const char *program);
/** spawn_with(), remembering the child. @return its pid or the negative errno */
long child_spawn_with(const char *program, uint64_t rights);
/** wait(), forgetting the child it reaps. @return as wait() */
long child_wait(int pid, int *status);
/** Spawns @p program and waits for it. @return its status, or a negative errno */
long child_run(const char *program);
/**
 * Spawns faulter and sends it "ENTRY MODE" (ENTRY is this pass's entry, MODE what to do).
 * @return its pid, or the negative errno of spawn()
 */
long faulter_start(const char *mode);
/** faulter_start(), then waits. @return the child's status, or a negative errno */
long faulter_run(const char *mode);
/** A table-driven test: faulter_run(t->arg) must end with status t->expect. */
void test_faulter(const struct test *t);

/* --- Memory ------------------------------------------------------------------------- */

/** @return where the program break started: the page boundary above the program */
uintptr_t heap_start(void);
/**
 * Moves the break to a page boundary with at least one whole mapped page below it.
 * @return that boundary (the first unmapped byte), or NULL; heap_edge_put() undoes it
 */
char *heap_edge_get(void);
void heap_edge_put(void);

#endif
