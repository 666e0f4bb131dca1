/** @file
 * The kernel's fixed parameters, one home each. Configure options are in config.h
 * (CONFIG_*), the ABI's values in uapi/syscall.h (MK_*), the architecture's memory layout in
 * kern/arch.h; this header holds what is left. Pure macros: the host unit tests use it too. */
#ifndef KERN_PARAM_H
#define KERN_PARAM_H

/** log2 of PAGE_SIZE. */
#define PAGE_SHIFT 12
/** Bytes in a page and in a physical frame (4 KiB). */
#define PAGE_SIZE (1ul << PAGE_SHIFT)

#endif
