# mk_user_flags.m4 - probe the compiler and linker flags of the user programs (user/, tests/user/).
#
# MK_USER_FLAGS sets and substitutes USER_CFLAGS, USER_LDFLAGS and USER_CPPFLAGS
# (the include directories: no host C library headers, only the compiler's own). A user
# program is a static, non-PIE x86_64 executable built without any C library; it sees only the
# compiler's own freestanding headers (stdint.h, stddef.h, stdarg.h, stdbool.h) and
# user/lib/include. Unlike the kernel, user code may use SSE and the red zone. Call it after
# MK_KERNEL_FLAGS, whose warning flags (MK_WARN_CFLAGS) it reuses. As there, every probe uses
# -Werror, and flags the programs cannot work without are required.

AC_DEFUN([MK_REQUIRE_USER_CFLAG], [
AX_CHECK_COMPILE_FLAG([$1], [USER_CFLAGS="$USER_CFLAGS $1"],
  [AC_MSG_ERROR([$CC does not accept $1, which user programs need ($2)])],
  [-Werror $USER_CFLAGS])
])

AC_DEFUN([MK_REQUIRE_USER_LDFLAG], [
AX_CHECK_LINK_FLAG([$1], [USER_LDFLAGS="$USER_LDFLAGS $1"],
  [AC_MSG_ERROR([$CC cannot link with $1, which user programs need ($2)])],
  [-Werror])
])

# _MK_USER_NOSTDINC: keep the host's C library headers out of user code. With -nostdinc the
# compiler forgets every default directory, so its own header directory is put back.
AC_DEFUN([_MK_USER_NOSTDINC], [
AC_CACHE_CHECK([for the freestanding headers of $CC], [mk_cv_user_incdir], [
  mk_cv_user_incdir=no
  mk_dir=`$CC -print-file-name=include 2>/dev/null`
  AS_IF([test -n "$mk_dir" && test -r "$mk_dir/stdint.h"], [
    mk_saved_cflags=$CFLAGS
    CFLAGS="$CFLAGS -Werror $USER_CFLAGS -nostdinc -isystem $mk_dir"
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[#include <stdint.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdbool.h>]], [[uint64_t x = sizeof(size_t); return (int)x;]])],
      [mk_cv_user_incdir=$mk_dir])
    CFLAGS=$mk_saved_cflags])])
USER_CPPFLAGS=
AS_IF([test "x$mk_cv_user_incdir" != xno],
  [USER_CPPFLAGS="-nostdinc -isystem $mk_cv_user_incdir"],
  [AC_MSG_WARN([user programs may see the host's headers (no -nostdinc with $CC)])])
])

AC_DEFUN([MK_USER_FLAGS], [
USER_CFLAGS=
MK_REQUIRE_USER_CFLAG([-ffreestanding], [no hosted C library])
MK_REQUIRE_USER_CFLAG([-m64], [64-bit code])
MK_REQUIRE_USER_CFLAG([-fno-pic], [programs run at their link address])
MK_REQUIRE_USER_CFLAG([-fno-pie], [programs run at their link address])
MK_REQUIRE_USER_CFLAG([-masm=intel], [their inline assembly is in Intel syntax])
dnl Optional, each probed with the flags before it: no runtime support for hardening, no
dnl unwind tables (nothing unwinds), the optimisation and debug level of the programs.
AX_APPEND_COMPILE_FLAGS([-fno-stack-protector -fno-stack-clash-protection dnl
  -fcf-protection=none -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-common dnl
  -std=gnu11 -O2 -g], [USER_CFLAGS], [-Werror $USER_CFLAGS])
_MK_USER_NOSTDINC
USER_CFLAGS="$USER_CFLAGS $MK_WARN_CFLAGS"

USER_LDFLAGS=
MK_REQUIRE_USER_LDFLAG([-nostdlib], [no C library or start files])
MK_REQUIRE_USER_LDFLAG([-static], [no dynamic linker])
dnl With -static, clang calls -no-pie unused: probing with the flags so far leaves it out.
AX_APPEND_LINK_FLAGS([-no-pie -Wl,-z,max-page-size=0x1000 -Wl,-z,noexecstack dnl
  -Wl,--build-id=none], [USER_LDFLAGS], [-Werror $USER_LDFLAGS])
AC_SUBST([USER_CFLAGS])
AC_SUBST([USER_LDFLAGS])
AC_SUBST([USER_CPPFLAGS])
])
