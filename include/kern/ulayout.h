/** @file
 * The layout of a user address space: where the stack and its guard page lie. Constants only,
 * shared by the process code and the program checker (which also builds on the host), so that
 * both agree on one stack. */
#ifndef KERN_ULAYOUT_H
#define KERN_ULAYOUT_H

#include <kern/param.h>
#include <uapi/syscall.h>

#define USER_STACK_TOP 0x00007FFFFFFFF000ull  /**< initial rsp; the kernel maps nothing above */
#define USER_STACK_PAGES 16                   /**< 64 KiB, with an unmapped guard page below */
#define USER_STACK_BOTTOM (USER_STACK_TOP - USER_STACK_PAGES * PAGE_SIZE)

/**
 * The guard page below the stack: never mapped. [USER_STACK_GUARD, USER_STACK_TOP) is the
 * stack's, and no program segment may reach into it. (The last page of user space, above
 * USER_STACK_TOP, is not the stack's: a program may place a segment there, as tests/user/top does.)
 */
#define USER_STACK_GUARD (USER_STACK_BOTTOM - PAGE_SIZE)

_Static_assert(USER_STACK_PAGES * PAGE_SIZE >= 64 * 1024, "the ABI promises 64 KiB of stack");
_Static_assert(USER_STACK_TOP + PAGE_SIZE <= MK_USER_TOP, "the page above the stack is user space");

#endif
