/** @file
 * TEMPORARY, until the kernel side of ABI v2 calls 16-20 is merged: their numbers, constants,
 * struct mk_procinfo and wrappers, as /work/shared/abi-v2.md gives them. The kernel branch
 * adds the same to uapi/syscall.h, uapi/errno.h and syscalls.h; at the merge this file and
 * abi2_pending.c are deleted and their includes become <syscalls.h>. On a kernel without
 * these calls each wrapper returns -ENOSYS. */
#ifndef USER_ABI2_PENDING_H
#define USER_ABI2_PENDING_H

#include <stdint.h>
#include <syscalls.h>

#define SYS_spawn_with 16 /**< (const char *name, uint64_t rights) -> pid */
#define SYS_ioport 17     /**< (unsigned first, unsigned count) -> 0 */
#define SYS_irq_bind 18   /**< (int irq) -> 0 */
#define SYS_irq_ack 19    /**< (int irq) -> 0 */
#define SYS_procinfo 20   /**< (int pid, struct mk_procinfo *out) -> pid described */

#define EBUSY 16 /**< Taken: an interrupt line another process holds, a port the kernel keeps. */

#define MK_RIGHT_IO 1 /**< may call ioport and irq_bind */

/** What procinfo reports about one process (96 bytes). */
struct mk_procinfo {
	int32_t pid;
	int32_t parent;    /**< 0 for pid 1, and for a process whose parent has ended */
	uint32_t state;    /**< MK_PS_* */
	uint32_t rights;   /**< MK_RIGHT_* it holds */
	uint64_t frames;   /**< physical frames its address space uses */
	uint64_t cpu_ms;   /**< CPU time it has used, in milliseconds */
	char name[64];     /**< its program's name, NUL-terminated */
};

#define MK_PS_RUNNING 0 /**< the caller itself */
#define MK_PS_READY 1   /**< runnable */
#define MK_PS_SEND 2    /**< blocked in send, or in the send half of call */
#define MK_PS_RECV 3    /**< blocked in recv (or reply_recv's receive half) */
#define MK_PS_REPLY 4   /**< waiting in call for its reply */
#define MK_PS_WAIT 5    /**< blocked in wait */
#define MK_PS_SLEEP 6   /**< in sleep */
#define MK_PS_ENDED 7   /**< ended, not yet reaped */

/** spawn(), but the child holds @p rights. @return as spawn(); -EINVAL, -EPERM */
long spawn_with(const char *name, uint64_t rights);

/** Grants the caller ports @p first .. @p first + @p count - 1. @return 0; -EPERM, -EINVAL, -EBUSY */
long ioport(unsigned first, unsigned count);

/** Binds ISA line @p irq to the caller (notifications). @return 0; -EPERM, -EINVAL, -EBUSY */
long irq_bind(int irq);

/** Unmasks line @p irq, which the caller holds. @return 0; -EINVAL */
long irq_ack(int irq);

/** Describes the process with the smallest pid >= @p pid. @return its pid; -ESRCH, -EFAULT */
long procinfo(int pid, struct mk_procinfo *out);

#endif
