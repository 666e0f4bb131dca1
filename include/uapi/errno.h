/** @file
 * Error numbers of the user/kernel ABI (Linux numbering); calls return -Exxx. */
#ifndef UAPI_ERRNO_H
#define UAPI_ERRNO_H

#define EPERM 1         /**< Operation not permitted (kill: not a child of the caller; a right the caller lacks). */
#define ENOENT 2        /**< No such boot module. */
#define ESRCH 3         /**< No such live process. */
#define ENOEXEC 8       /**< Not a valid ELF64 x86_64 executable. */
#define EBADF 9         /**< Bad file descriptor (write takes only 1 and 2). */
#define ECHILD 10       /**< No such child to wait for. */
#define EAGAIN 11       /**< A table is full; try again later. */
#define ENOMEM 12       /**< Out of memory. */
#define EFAULT 14       /**< A pointer argument is not valid user memory. */
#define EBUSY 16        /**< Taken: an interrupt line another process holds, a port the kernel keeps. */
#define EINVAL 22       /**< An argument is out of range. */
#define EDEADLK 35      /**< The call would wait on the caller itself. */
#define ENAMETOOLONG 36 /**< A name is longer than the ABI allows. */
#define ENOSYS 38       /**< No such system call. */
#define EMSGSIZE 90     /**< The message does not fit the buffer. */

#endif
