/** @file
 * System call numbers and structures of the user/kernel ABI, version 2 (calls 0-12 are
 * version 1's).
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
#define SYS_COUNT 16   /**< calls this kernel has */

/** What meminfo reports; all fields are uint64_t. */
struct mk_meminfo {
	uint64_t total_frames; /**< usable 4 KiB physical frames */
	uint64_t free_frames;  /**< frames free right now */
	uint64_t heap_used;    /**< kernel heap bytes in use */
	uint64_t heap_total;   /**< kernel heap bytes obtained from the frame allocator */
};

#define MK_NAME_MAX 63         /**< longest program name spawn() takes, in bytes */
#define MK_IPC_MSG_MIN 64      /**< every kernel takes messages at least this long */
#define MK_STATUS_FAULT 0x100  /**< wait() status: killed for CPU exception (0x100 + vector) */
#define MK_STATUS_KILLED 0x200 /**< wait() status: ended by kill() */
#define MK_USER_BASE 0x400000  /**< lowest address a program's segments may use */
#define MK_USER_TOP 0x0000800000000000ull /**< first address above user space */

#endif
