/** @file
 * System call numbers, structures and constants of the user/kernel ABI, version 2 (calls 0-12
 * are version 1's).
 *
 * Shared by the kernel and user programs. Enter with `syscall` (always) or `int 0x80` (when
 * the kernel is configured with it): rax = number, arguments in rdi, rsi, rdx, r10, r8, r9;
 * the result comes back in rax, and a value in [-4095, -1] is minus an errno (uapi/errno.h).
 * `syscall` clobbers rcx and r11; `int 0x80` clobbers only rax. */
#ifndef UAPI_SYSCALL_H
#define UAPI_SYSCALL_H

#include <stdint.h>

#define SYS_exit 0     /**< (int status): does not return */
#define SYS_write 1    /**< (int fd, const void *buf, size_t len) -> len */
#define SYS_yield 2    /**< () -> 0 */
#define SYS_getpid 3   /**< () -> pid */
#define SYS_send 4     /**< (int dst, const void *msg, size_t len) -> 0 */
#define SYS_recv 5     /**< (int *from, void *buf, size_t cap) -> length */
#define SYS_spawn 6    /**< (const char *name) -> pid */
#define SYS_wait 7     /**< (int pid, int *status) -> pid */
#define SYS_sleep 8    /**< (uint64_t ms) -> 0 */
#define SYS_uptime 9   /**< () -> milliseconds since boot */
#define SYS_sbrk 10    /**< (intptr_t increment) -> previous break */
#define SYS_meminfo 11 /**< (struct mk_meminfo *out) -> 0 */
#define SYS_kill 12    /**< (int pid) -> 0 */
#define SYS_call 13    /**< (int dst, const void *msg, size_t len, void *reply, size_t cap) -> reply length */
#define SYS_reply 14   /**< (int dst, const void *msg, size_t len) -> 0 */
#define SYS_reply_recv 15 /**< (int dst, const void *msg, size_t len, int *from, void *buf, size_t cap) -> length */
#define SYS_spawn_with 16 /**< (const char *name, uint64_t rights) -> pid */
#define SYS_ioport 17  /**< (unsigned first, unsigned count) -> 0 */
#define SYS_irq_bind 18 /**< (int irq) -> 0 */
#define SYS_irq_ack 19 /**< (int irq) -> 0 */
#define SYS_procinfo 20 /**< (int pid, struct mk_procinfo *out) -> pid described */
#define SYS_COUNT 21   /**< calls this kernel has */

/** What meminfo reports; all fields are uint64_t. */
struct mk_meminfo {
	uint64_t total_frames; /**< usable 4 KiB physical frames */
	uint64_t free_frames;  /**< frames free right now */
	uint64_t heap_used;    /**< kernel heap bytes in use */
	uint64_t heap_total;   /**< kernel heap bytes obtained from the frame allocator */
};

/** Rights: a process's bit mask, fixed when it is created. pid 1 holds every right; a child
 *  made with spawn holds none, one made with spawn_with exactly those it was given. */
#define MK_RIGHT_IO 1u          /**< may call ioport and irq_bind */
#define MK_RIGHTS_ALL MK_RIGHT_IO /**< every right there is */

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

/* Process states in struct mk_procinfo. */
#define MK_PS_RUNNING 0 /**< the caller itself */
#define MK_PS_READY 1   /**< runnable */
#define MK_PS_SEND 2    /**< blocked in send, or in the send half of call */
#define MK_PS_RECV 3    /**< blocked in recv (or reply_recv's receive half) */
#define MK_PS_REPLY 4   /**< waiting in call for its reply */
#define MK_PS_WAIT 5    /**< blocked in wait */
#define MK_PS_SLEEP 6   /**< in sleep */
#define MK_PS_ENDED 7   /**< ended, not yet reaped */

#define MK_IRQ_MAX 15          /**< ISA interrupt lines are 0..15; irq_bind takes 1 and 3..15 */
#define MK_PORT_MAX 0xFFFF     /**< the last I/O port */
#define MK_NAME_MAX 63         /**< longest program name spawn() takes, in bytes */
#define MK_IPC_MSG_MIN 64      /**< every kernel takes messages at least this long */
#define MK_STATUS_FAULT 0x100  /**< wait() status: killed for CPU exception (0x100 + vector) */
#define MK_STATUS_KILLED 0x200 /**< wait() status: ended by kill() */
#define MK_USER_BASE 0x400000  /**< lowest address a program's segments may use */
#define MK_USER_TOP 0x0000800000000000ull /**< first address above user space */

#endif
