/** @file
 * User processes: one task, one address space, a parent, rights, an exit status. */
#ifndef KERN_PROC_H
#define KERN_PROC_H

#include <lib/bootinfo.h>
#include <kern/sched.h>
#include <kern/task.h>
#include <kern/ulayout.h>  /* USER_STACK_*: the stack every process starts with */
#include <kern/vm.h>
#include <lib/list.h>
#include <stdbool.h>
#include <stdint.h>

#define PROC_MAX CONFIG_MAX_PROCS  /**< processes that may exist at once (`--with-max-procs`) */

struct task;

/** A user process. */
struct proc {
	int pid;
	char name[BOOT_NAME_MAX];
	struct task *task;          /**< its task; NULL once it has ended (a zombie) */
	struct vm_space vs;
	uint64_t entry;
	uint64_t brk_start;         /**< first page boundary above the program's segments */
	uint64_t brk;               /**< the program break */
	struct proc *parent;        /**< NULL for init and for orphans */
	struct list_node children;
	struct list_node sibling;
	bool zombie;
	bool waiting;               /**< blocked in wait() */
	int status;                 /**< exit status, once a zombie */
	void *fpu_state;
	uint32_t rights;            /**< MK_RIGHT_* it holds, fixed at creation */
	uint64_t cpu_ticks;         /**< once a zombie: its task's CPU time, in ticks */
};

/**
 * Creates a process running the boot module @p name, as a child of @p parent (NULL for init),
 * holding @p rights (MK_RIGHT_*: the caller has checked them; they never change).
 * @return its pid; -ENOENT (no such module), -ENOEXEC (not a valid program, see elf_check()),
 *         -ENOMEM, or -EAGAIN (process table full). Nothing is left behind on error.
 */
int proc_spawn(const char *name, struct proc *parent, uint32_t rights);

/** The calling task's process, or NULL for a kernel thread. */
static inline struct proc *proc_current(void)
{
	return sched_current()->proc;
}

/**
 * Ends the calling process with @p status: frees its memory, wakes its parent (or, for an
 * orphan, frees everything at once) and, for pid 1, reports the status and powers off.
 * Never returns.
 */
__attribute__((noreturn)) void proc_exit(int status);

/** wait(): see the ABI. @p status is a user pointer (0 for none). */
long proc_wait(int pid, uintptr_t status);

/** kill(): see the ABI. */
long proc_kill(int pid);

/** The process table, slot pid % PROC_MAX (the slot of a pid is free or holds another pid).
 * Only proc.c changes it; the IPC path reads it through proc_find_live(). */
extern struct proc *proc_table[PROC_MAX];

/** The process with @p pid that is still running (not a zombie), or NULL. Interrupts off.
 * Inline: every IPC call starts here. */
static inline struct proc *proc_find_live(int pid)
{
	if (pid <= 0)
		return NULL;
	struct proc *p = proc_table[pid % PROC_MAX];
	return p && p->pid == pid && !p->zombie ? p : NULL;
}

/** sbrk(): see the ABI. */
long proc_sbrk(int64_t increment);

/**
 * ioport(): lets the calling process use ports [@p first, @p first + @p count) (as the system
 * call passed them) from now on; its I/O permission bitmap is allocated on the first grant
 * and freed when it ends.
 * @return 0; -EPERM without MK_RIGHT_IO; -EINVAL (@p count 0, or a port above 0xffff);
 *         -EBUSY (a port the kernel keeps: nothing granted); -ENOMEM (no memory for the bitmap).
 */
long proc_ioport(uint64_t first, uint64_t count);

struct mk_procinfo;

/**
 * procinfo(): describes the process with the smallest pid >= @p pid (from the first if
 * @p pid <= 0) that exists, zombies included, into @p out (kernel memory).
 * @return its pid, or -ESRCH if there is none.
 */
long proc_info(int64_t pid, struct mk_procinfo *out);

/** Processes that exist (zombies included). */
unsigned proc_count(void);

#endif
