# mk_kernel_flags.m4 - probe the compiler and linker flags a freestanding x86_64 kernel needs.
#
# MK_KERNEL_FLAGS sets and substitutes KERNEL_CFLAGS and KERNEL_LDFLAGS (the assembly is NASM's:
# m4/mk_nasm.m4).
# Flags the kernel cannot work without are required (configure stops if the compiler refuses
# them); the rest are added when the compiler accepts them. Every probe uses -Werror so that a
# compiler which merely warns about an unknown flag does not get it.

AC_DEFUN([MK_REQUIRE_CFLAG], [
AX_CHECK_COMPILE_FLAG([$1], [KERNEL_CFLAGS="$KERNEL_CFLAGS $1"],
  [AC_MSG_ERROR([$CC does not accept $1, which the kernel needs ($2)])],
  [-Werror $KERNEL_CFLAGS])
])

AC_DEFUN([MK_KERNEL_FLAGS], [
KERNEL_CFLAGS=
MK_REQUIRE_CFLAG([-ffreestanding], [no hosted C library])
MK_REQUIRE_CFLAG([-m64], [64-bit code])
MK_REQUIRE_CFLAG([-fno-pic], [the kernel runs at its link address])
MK_REQUIRE_CFLAG([-fno-pie], [the kernel runs at its link address])
MK_REQUIRE_CFLAG([-mcmodel=kernel], [code linked in the top 2 GiB])
MK_REQUIRE_CFLAG([-mno-red-zone], [interrupts push onto the kernel stack])
MK_REQUIRE_CFLAG([-masm=intel], [its inline assembly is in Intel syntax])
dnl Optional: hardening off (no runtime support in the kernel), no FPU/SIMD state in the
dnl kernel (user state is saved lazily per process), frame pointers for backtraces.
AX_APPEND_COMPILE_FLAGS([-fno-stack-protector -fno-stack-clash-protection dnl
  -fcf-protection=none -mno-mmx -mno-sse -mno-sse2 -mno-3dnow -mno-avx -mno-80387 dnl
  -mno-fp-ret-in-387 -fno-asynchronous-unwind-tables -fno-unwind-tables dnl
  -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer -fno-common -fno-strict-aliasing dnl
  -fno-delete-null-pointer-checks -fno-jump-tables -std=gnu11],
  [KERNEL_CFLAGS], [-Werror $KERNEL_CFLAGS])
dnl The system-call entries push only what the ABI needs and call C with the stack 8 bytes off
dnl a 16-byte boundary; the kernel has no SSE code that would need more, so its functions
dnl assume 8-byte alignment (and realign the few frames that need more): gcc's spelling, or
dnl clang's.
AX_CHECK_COMPILE_FLAG([-mpreferred-stack-boundary=3],
  [KERNEL_CFLAGS="$KERNEL_CFLAGS -mpreferred-stack-boundary=3"],
  [MK_REQUIRE_CFLAG([-mstack-alignment=8], [the system-call entries keep the stack 8-byte aligned])],
  [-Werror $KERNEL_CFLAGS])
AX_APPEND_COMPILE_FLAGS([-Wall -Wextra -Wundef -Wshadow -Wstrict-prototypes dnl
  -Wmissing-prototypes -Wvla -Wpointer-arith -Wno-unused-parameter],
  [MK_WARN_CFLAGS], [-Werror])
KERNEL_CFLAGS="$KERNEL_CFLAGS $MK_WARN_CFLAGS"

KERNEL_LDFLAGS=
AX_APPEND_LINK_FLAGS([-nostdlib -static -Wl,-z,max-page-size=0x1000 dnl
  -Wl,--build-id=none -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments], [KERNEL_LDFLAGS], [-Werror])
AS_CASE([" $KERNEL_LDFLAGS "], [*" -nostdlib "*], [],
  [AC_MSG_ERROR([$CC cannot link with -nostdlib])])
AC_SUBST([KERNEL_CFLAGS])
AC_SUBST([KERNEL_LDFLAGS])
AC_SUBST([MK_WARN_CFLAGS])
])
