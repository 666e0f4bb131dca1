# mk_lab.m4 - --with-lab=NAME: the teaching labs (labs/NAME/), one configure line.
#
# A lab replaces the reference file(s) of one part of the kernel by the skeleton in labs/NAME/,
# by file selection: --with-lab=sched -> AM_CONDITIONAL LAB_SCHED -> CONFIG_LAB_SCHED (0/1)
# and CONFIG_LAB_NAME "sched" in config.h -> labs/Makefrag.am compiles labs/sched/ and
# src/Makefrag.am leaves src/kern/sched.c out. See labs/README.md.
#
# The default is none, except in a lab's handout (make lab-dist), whose labs/handout file names
# its lab: the handout has no reference file(s) for that lab, so it only builds with that lab.

# MK_WITH_LAB([name name ...], help)
AC_DEFUN([MK_WITH_LAB], [
mk_lab_default=none
AS_IF([test -f "$srcdir/labs/handout"], [mk_lab_default=`cat "$srcdir/labs/handout"`])
AC_ARG_WITH([lab],
  [AS_HELP_STRING([--with-lab=none|]m4_translit(m4_normalize([$1]), [ ], [|]),
    [$2 @<:@none; in a lab's handout, that lab@:>@])],
  [mk_val=$withval], [mk_val=$mk_lab_default])
AS_CASE([" none m4_normalize([$1]) "],
  [*" $mk_val "*], [],
  [AC_MSG_ERROR([--with-lab: '$mk_val' is not one of: none m4_normalize([$1])])])
AS_IF([test "x$mk_val" != xnone && test ! -f "$srcdir/labs/$mk_val/grade.tests"],
  [AC_MSG_ERROR([--with-lab=$mk_val: labs/$mk_val/ is not in this tree])])
AS_IF([test "x$mk_lab_default" != xnone && test "x$mk_val" != "x$mk_lab_default"],
  [AC_MSG_ERROR([this tree is the handout of lab $mk_lab_default, without its reference files: it builds only --with-lab=$mk_lab_default])])
mk_opt_LAB=$mk_val
AC_DEFINE_UNQUOTED([CONFIG_LAB_NAME], ["$mk_val"], [Selected --with-lab value.])
m4_foreach_w([mk_v], [$1], [
AM_CONDITIONAL([LAB_]_MK_NAME(mk_v), [test "x$mk_opt_LAB" = "x]mk_v["])
AS_IF([test "x$mk_opt_LAB" = "x]mk_v["], [mk_bool=1], [mk_bool=0])
AC_DEFINE_UNQUOTED([CONFIG_LAB_]_MK_NAME(mk_v), [$mk_bool], [1 when --with-lab=]mk_v[, else 0.])
])
AC_SUBST([MK_LAB], [$mk_opt_LAB])
AC_SUBST([MK_LABS], ["m4_normalize([$1])"])
dnl The kernel's boot line names a lab only when one is selected, so the reference kernel's
dnl line (quoted by the README and the benchmark pages) stays what it was.
mk_summary_lines="${mk_summary_lines}m4_format([%-22s], [  lab])$mk_opt_LAB
"
AS_IF([test "x$mk_opt_LAB" != xnone],
  [mk_config_summary="${mk_config_summary:+$mk_config_summary }lab=$mk_opt_LAB"])
])
