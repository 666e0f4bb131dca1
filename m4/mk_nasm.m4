# mk_nasm.m4 - find NASM, the assembler of every .asm file (boot code, kernel entry, user start-up).
#
# MK_PROG_NASM sets and substitutes NASM and NASMFLAGS (default "-g -F dwarf": line numbers for
# gdb, as CFLAGS' default -g gives the C files). Configure stops when NASM is missing, or when it
# cannot assemble a file that uses what the sources use (NASM 2.14 or later has all of it):
# 64-bit ELF output, ELF symbol types and sizes on global and static symbols, section flags for
# the .note.GNU-stack section, %rep/%assign, and -M/-MF/-MT/-MP dependency output (the build
# runs NASM once with -M to list every %include'd file, which -MD leaves out).

AC_DEFUN([MK_PROG_NASM], [
AC_ARG_VAR([NASM], [the NASM assembler])
AC_ARG_VAR([NASMFLAGS], [flags for NASM @<:@-g -F dwarf@:>@])
AC_PATH_PROGS([NASM], [nasm], [])
AS_IF([test -z "$NASM"],
  [AC_MSG_ERROR([NASM is needed to assemble the kernel and the user start-up code; install it (Debian and Ubuntu: apt-get install nasm) or set NASM])])
AC_CACHE_CHECK([whether $NASM assembles what the sources use], [mk_cv_nasm_works], [
  mk_cv_nasm_works=no
  cat > conftest.asm <<'EOF'
%assign n 0
%rep 2
%assign n n + 1
%endrep
section .note.GNU-stack noalloc noexec nowrite progbits
section .text
global f:function (f.size)
f:	clac
	o64 sysret
f.size equ $ - f
static g:function (g.size)
g:	times n nop
g.size equ $ - g
EOF
  AS_IF([$NASM -f elf64 -M -MP -MT conftest.o -MF conftest.d conftest.asm >&AS_MESSAGE_LOG_FD 2>&1 &&
         test -s conftest.d &&
         $NASM -f elf64 -g -F dwarf -o conftest.o conftest.asm >&AS_MESSAGE_LOG_FD 2>&1 &&
         test -s conftest.o],
    [mk_cv_nasm_works=yes])
  rm -f conftest.asm conftest.d conftest.o])
AS_IF([test "x$mk_cv_nasm_works" != xyes],
  [AC_MSG_ERROR([$NASM cannot assemble the kernel's sources (see config.log); NASM 2.14 or later is needed (Debian and Ubuntu: apt-get install nasm)])])
AS_IF([test "${NASMFLAGS+set}" != set], [NASMFLAGS="-g -F dwarf"])
AC_SUBST([NASM])
AC_SUBST([NASMFLAGS])
])
