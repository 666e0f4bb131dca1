# mk_option.m4 - one configure line per kernel variant option, validated and summarised.
#
# Naming rule (one grep finds an option in every layer):
#   --with-timer=lapic  ->  AM_CONDITIONAL TIMER_LAPIC  ->  CONFIG_TIMER_LAPIC (0/1) in config.h
#   --with-ipc-msg-max=128  ->  CONFIG_IPC_MSG_MAX 128 in config.h
#   --enable-syscall-int80  ->  AM_CONDITIONAL SYSCALL_INT80 and CONFIG_SYSCALL_INT80 (0/1)
# Every option is also appended to CONFIG_SUMMARY, a string the kernel prints at boot.

# _MK_NAME(option-name) -> upper-case identifier: ipc-msg-max -> IPC_MSG_MAX
m4_define([_MK_NAME], [m4_toupper(m4_translit([$1], [-], [_]))])

# _MK_RECORD(option-name, shell-value)
m4_define([_MK_RECORD], [
mk_summary_lines="${mk_summary_lines}m4_format([%-22s], [  $1])$2
"
mk_config_summary="${mk_config_summary:+$mk_config_summary }$1=$2"
])

# MK_WITH_CHOICE(name, [value value ...], default, help)
# A choice between implementations. Each value gets an AM_CONDITIONAL (so Makefrag.am
# selects files) and a CONFIG_ macro that is always 0 or 1 (so C can use `if (CONFIG_X)`).
AC_DEFUN([MK_WITH_CHOICE], [
AC_ARG_WITH([$1],
  [AS_HELP_STRING([--with-$1=]m4_translit(m4_normalize([$2]), [ ], [|]), [$4 @<:@$3@:>@])],
  [mk_val=$withval], [mk_val=$3])
AS_CASE([" m4_normalize([$2]) "],
  [*" $mk_val "*], [],
  [AC_MSG_ERROR([--with-$1: '$mk_val' is not one of: m4_normalize([$2])])])
mk_opt_[]_MK_NAME([$1])=$mk_val
AC_DEFINE_UNQUOTED([CONFIG_]_MK_NAME([$1])[_NAME], ["$mk_val"], [Selected --with-$1 value.])
m4_foreach_w([mk_v], [$2], [
AM_CONDITIONAL(_MK_NAME([$1])[_]_MK_NAME(mk_v), [test "x$mk_opt_[]_MK_NAME([$1])" = "x]mk_v["])
AS_IF([test "x$mk_opt_[]_MK_NAME([$1])" = "x]mk_v["], [mk_bool=1], [mk_bool=0])
AC_DEFINE_UNQUOTED([CONFIG_]_MK_NAME([$1])[_]_MK_NAME(mk_v), [$mk_bool],
  [1 when --with-$1=]mk_v[, else 0.])
])
_MK_RECORD([$1], [$mk_opt_]_MK_NAME([$1]))
])

# MK_WITH_NUMBER(name, default, minimum, maximum, help)
# A value that reaches C as an ordinary constant in config.h.
AC_DEFUN([MK_WITH_NUMBER], [
AC_ARG_WITH([$1],
  [AS_HELP_STRING([--with-$1=N], [$5 ($3..$4) @<:@$2@:>@])],
  [mk_val=$withval], [mk_val=$2])
AS_CASE([$mk_val],
  [''|*[[!0-9]]*], [AC_MSG_ERROR([--with-$1: '$mk_val' is not a number in $3..$4])])
AS_IF([test "$mk_val" -lt $3 || test "$mk_val" -gt $4],
  [AC_MSG_ERROR([--with-$1: '$mk_val' is not a number in $3..$4])])
mk_opt_[]_MK_NAME([$1])=$mk_val
AC_DEFINE_UNQUOTED([CONFIG_]_MK_NAME([$1]), [$mk_val], [$5 (--with-$1).])
_MK_RECORD([$1], [$mk_opt_]_MK_NAME([$1]))
])

# MK_ENABLE(name, default yes|no, help)
# A feature that adds code: AM_CONDITIONAL adds its files, CONFIG_ is 0 or 1.
AC_DEFUN([MK_ENABLE], [
AC_ARG_ENABLE([$1],
  [AS_HELP_STRING(m4_if([$2], [yes], [--disable-$1], [--enable-$1]), [$3 @<:@$2@:>@])],
  [mk_val=$enableval], [mk_val=$2])
AS_CASE([$mk_val], [yes|no], [],
  [AC_MSG_ERROR([--enable-$1: '$mk_val' is not one of: yes no])])
mk_opt_[]_MK_NAME([$1])=$mk_val
AM_CONDITIONAL(_MK_NAME([$1]), [test "x$mk_val" = xyes])
AS_IF([test "x$mk_val" = xyes], [mk_bool=1], [mk_bool=0])
AC_DEFINE_UNQUOTED([CONFIG_]_MK_NAME([$1]), [$mk_bool], [1 when --enable-$1, else 0.])
_MK_RECORD([$1], [$mk_opt_]_MK_NAME([$1]))
])

# MK_SUMMARY_LINE(label, shell-value): a line in the summary that is not an option.
AC_DEFUN([MK_SUMMARY_LINE], [
mk_summary_tools="${mk_summary_tools}m4_format([%-22s], [  $1])$2
"
])

# MK_CONFIG_SUMMARY_DEFINE: put every option into config.h as one string. Call once,
# after the last option and before AC_OUTPUT.
AC_DEFUN([MK_CONFIG_SUMMARY_DEFINE], [
AC_DEFINE_UNQUOTED([CONFIG_SUMMARY], ["$mk_config_summary"],
  [Every variant option, as the kernel prints it at boot.])
])

# MK_PRINT_SUMMARY: print the configuration summary; call after AC_OUTPUT.
AC_DEFUN([MK_PRINT_SUMMARY], [
AS_ECHO([""])
AS_ECHO(["$PACKAGE_NAME $PACKAGE_VERSION configuration"])
AS_ECHO(["Variant options:"])
AS_ECHO_N(["$mk_summary_lines"])
AS_ECHO(["Tools:"])
AS_ECHO_N(["$mk_summary_tools"])
AS_ECHO([""])
])
