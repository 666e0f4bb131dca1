/** @file
 * The only way the kernel touches user memory: checked copies. */
#ifndef KERN_UACCESS_H
#define KERN_UACCESS_H

#include <kern/arch.h>
#include <kern/param.h>
#include <lib/compiler.h>
#include <lib/string.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uapi/syscall.h>

/** uaccess_ok() for a range over more than one page (uaccess.c). */
bool uaccess_range_ok(uintptr_t addr, size_t len, bool write);

/**
 * True if every byte of [@p addr, @p addr + @p len) is user memory of the calling process,
 * mapped readable (and writable if @p write). Overflow-safe: a range that wraps or leaves the
 * lower canonical half is refused. An empty range is always fine. Inline: on the IPC path
 * most ranges lie in one page, which costs one probe.
 */
static inline bool uaccess_ok(uintptr_t addr, size_t len, bool write)
{
	if (len == 0)
		return true;
	if (unlikely(len > MK_USER_TOP || addr > MK_USER_TOP - len))
		return false;
	if (unlikely((addr ^ (addr + len - 1)) >= PAGE_SIZE))
		return uaccess_range_ok(addr, len, write);
	arch_user_access_begin();
	bool ok = arch_user_probe(addr, write);
	arch_user_access_end();
	return ok;
}

/** Copies @p len bytes from user address @p src. @return 0 or -EFAULT (nothing copied). */
int copy_from_user(void *dst, uintptr_t src, size_t len);

/** Copies @p len bytes to user address @p dst. @return 0 or -EFAULT (nothing written). */
int copy_to_user(uintptr_t dst, const void *src, size_t len);

/**
 * Copies without checking again: only for a range that uaccess_ok() accepted earlier in the
 * same system call (a process has one task, so its mappings cannot have changed). The hot
 * paths (write, IPC) check once and copy with these.
 */
static inline void copy_from_user_checked(void *dst, uintptr_t src, size_t len)
{
	arch_user_access_begin();
	memcpy_inline(dst, (const void *)src, len);
	arch_user_access_end();
}

/** The same, towards the user: only for a range uaccess_ok() accepted for writing. */
static inline void copy_to_user_checked(uintptr_t dst, const void *src, size_t len)
{
	arch_user_access_begin();
	memcpy_inline((void *)dst, src, len);
	arch_user_access_end();
}

/** Stores one 32-bit value at user address @p dst, accepted for writing earlier. */
static inline void put_user_u32_checked(uintptr_t dst, uint32_t value)
{
	arch_user_access_begin();
	*(volatile uint32_t *)dst = value;
	arch_user_access_end();
}

struct vm_space;

/**
 * Copies @p len bytes to user address @p dst of another address space @p vs (a process that
 * waits in IPC, whose buffer uaccess_ok() accepted for writing before it blocked: while it
 * waits, its mappings cannot change). The source is kernel memory, or the calling process's
 * user memory when @p src_user (a range uaccess_ok() accepted for reading).
 */
void copy_to_space_checked(struct vm_space *vs, uintptr_t dst, const void *src, size_t len,
			   bool src_user);

/**
 * Copies a NUL-terminated string of at most @p cap - 1 bytes from user address @p src.
 * @return its length; -EFAULT if it is not readable up to its NUL; -ENAMETOOLONG if it has no
 *         NUL within @p cap bytes.
 */
long copy_string_from_user(char *dst, uintptr_t src, size_t cap);

#endif
