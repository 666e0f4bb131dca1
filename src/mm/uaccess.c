/* uaccess.c - checked copies between the kernel and the calling process's memory.
 *
 * Every range is checked first and only then copied, so a copy never faults. The check
 * touches one byte of each page the way the copy will (arch_user_probe(): a read, or a write
 * that changes nothing), and a page fault there means -EFAULT: the CPU checks present, user
 * and writable itself, at the cost of one instruction instead of a page-table walk. A process
 * has one task, so its mappings cannot change between the check and the copy. */
#include <kern/uaccess.h>
#include <kern/arch.h>
#include <kern/errno.h>
#include <kern/vm.h>
#include <kern/param.h>
#include <lib/string.h>
#include <uapi/syscall.h>

bool uaccess_range_ok(uintptr_t addr, size_t len, bool write)
{
	/* One probe per page: the first byte, then each page start up to the last byte. */
	uintptr_t end = addr + len;
	bool ok;
	arch_user_access_begin();
	do {
		ok = arch_user_probe(addr, write);
		addr = (addr & ~(uintptr_t)(PAGE_SIZE - 1)) + PAGE_SIZE;
	} while (ok && addr < end);
	arch_user_access_end();
	return ok;
}

void copy_to_space_checked(struct vm_space *vs, uintptr_t dst, const void *src, size_t len,
			   bool src_user)
{
	/* Page by page, through the direct map: the pages need not be contiguous. */
	while (len) {
		size_t n = PAGE_SIZE - dst % PAGE_SIZE;
		if (n > len)
			n = len;
		void *to = arch_pt_kva(vs->root, dst);
		if (src_user)
			arch_user_access_begin();
		memcpy(to, src, n);
		if (src_user)
			arch_user_access_end();
		dst += n;
		src = (const char *)src + n;
		len -= n;
	}
}

int copy_from_user(void *dst, uintptr_t src, size_t len)
{
	if (!uaccess_ok(src, len, false))
		return -EFAULT;
	copy_from_user_checked(dst, src, len);
	return 0;
}

int copy_to_user(uintptr_t dst, const void *src, size_t len)
{
	if (!uaccess_ok(dst, len, true))
		return -EFAULT;
	copy_to_user_checked(dst, src, len);
	return 0;
}

long copy_string_from_user(char *dst, uintptr_t src, size_t cap)
{
	/* Byte by byte: the string may end just before an unmapped page. Page checks are
	 * repeated only when a page boundary is crossed. */
	for (size_t i = 0; i < cap; i++) {
		if ((i == 0 || (src + i) % PAGE_SIZE == 0) && !uaccess_ok(src + i, 1, false))
			return -EFAULT;
		arch_user_access_begin();
		char c = *(const volatile char *)(src + i);
		arch_user_access_end();
		dst[i] = c;
		if (!c)
			return (long)i;
	}
	return -ENAMETOOLONG;
}
