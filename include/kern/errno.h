/** @file
 * Error numbers inside the kernel: the ABI's, plus a few that never reach users. */
#ifndef KERN_ERRNO_H
#define KERN_ERRNO_H

#include <uapi/errno.h>

#define EINTR 4      /**< A blocking call ended because its task was killed. */
#define EEXIST 17    /**< Something is already there (a page is already mapped). */
#define EALREADY 114 /**< The operation was already done (a frame is already free). */

#endif
