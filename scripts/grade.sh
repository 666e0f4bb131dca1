#!/bin/sh
# grade.sh - `make grade`: runs the tests that grade each lab named on the command line (all of
# them with `none`), one line per test, a score per lab and a total; exits 0 only with full
# marks. The tests are the ones `make check` runs, selected by labs/NAME/grade.tests:
#
#   KIND NAME WEIGHT [TIMEOUT-SECONDS]
#   unit  PROGRAM:CASE  one case of a host unit test (tests/unit/PROGRAM, or where
#                       GRADE_UNIT_ALIASES says: "test_frame=tests/unit/test_frame_lab ...")
#   ktest NAME          one in-kernel test, alone in a boot of kernel.elf (ktest=NAME)
#   tap   NAME          the boot test tests/qemu/NAME.tap, whole: passes when every line is ok
#
# A test passes or scores 0: a failed check, a crash, a panic and a hang (the timeout) all fail
# it, with the first reason found in its output. Nothing is random, each test runs alone, and
# an in-kernel test boots under -icount (its clock counts instructions, so a timing check sees
# the same times in every run), so the same tree gets the same score. A tree that does not build
# (GRADE_BUILD_ERROR, from make grade) fails every test, with that reason.
#
# usage: scripts/grade.sh none | LAB...
# environment: what `make check` gives its tests (top_builddir, top_srcdir, QEMU ...; see
# AM_TESTS_ENVIRONMENT in tests/Makefrag.am), GRADE_UNIT_ALIASES, GRADE_BUILD_ERROR, and
# GRADE_KINDS: the kinds of test to run (default: all; the others are left out of the score).
set -u

# The boot helpers of the boot tests (qemu_boot, boot_kernel); their files go to
# tests/qemu/grade.d/ of the build directory, one log per test.
. "$top_srcdir/tests/qemu/lib.sh"

# The boot of an in-kernel test counts instructions for time, and its RTC runs on that clock
# too: a timing check sees the same times in every run, whatever the machine's load. (A boot
# test runs as make check runs it: its own timing checks leave room for a loaded machine, and
# -icount would make the longest of them, usertests, two to three times slower.)
KTEST_QEMU_ARGS="-icount shift=0,sleep=off -rtc clock=vm"

UNIT_TIMEOUT=120
KTEST_TIMEOUT=60
TAP_TIMEOUT=400

if [ "${1:-none}" = none ]; then
	set -- $(cd "$top_srcdir/labs" && for f in */grade.tests; do echo "${f%/grade.tests}"; done)
fi

# first_line PATTERN FILE: the first line of FILE matching the extended regex, or nothing.
first_line() {
	grep -a -E -m 1 -- "$1" "$2" 2> /dev/null
}

# Each run_KIND NAME TIMEOUT runs one test and sets REASON: empty when it passed, else why not.

run_unit() {
	program=${1%%:*} case=${1#*:}
	path=tests/unit/$program
	for alias in ${GRADE_UNIT_ALIASES:-}; do
		[ "${alias%%=*}" = "$program" ] && path=${alias#*=}
	done
	log=$WORK/unit-$program-$case.log
	if [ ! -x "$top_builddir/$path" ]; then
		REASON="$path was not built (no host compiler?)"
		return
	fi
	timeout --kill-after=5 "$2" "$top_builddir/$path" "$case" > "$log" 2>&1
	status=$?
	REASON=
	[ "$status" -eq 0 ] && return
	# A failed check prints FILE:LINE: WHAT: got X, want Y (tests/unit/unit.h).
	REASON=$(first_line ': (check failed|.*got .*, want )|^no test case|ERROR: |runtime error' "$log" |
		sed 's/^[^ ]*:[0-9]*: //; s/^==[0-9]*==//')
	case $status in
	124 | 137) REASON="no result within $2 s (a hang?)" ;;
	*) [ -n "$REASON" ] || REASON="exit status $status" ;;
	esac
}

run_ktest() {
	QEMU_EXTRA=$KTEST_QEMU_ARGS QEMU_TIMEOUT=$2 boot_kernel "ktest-$1" "ktest=$1"
	QEMU_EXTRA=
	REASON=
	grep -qx "ok 1 - $1" "$SERIAL" && grep -qx '1\.\.1' "$SERIAL" && return
	if grep -qx '1\.\.0' "$SERIAL"; then
		REASON="no in-kernel test named $1 (is --enable-ktest on?)"
	elif grep -qx "not ok 1 - $1" "$SERIAL"; then
		REASON=$(first_line '^# check failed: ' "$SERIAL" | sed 's/^# check failed: //')
	else
		REASON=$(first_line '^PANIC: |^kernel: ' "$SERIAL")
		[ "$QEMU_STATUS" -eq 124 ] && REASON="no result within $2 s (a hang?)${REASON:+; $REASON}"
		[ -n "$REASON" ] || REASON=$VERDICT
	fi
	[ -n "$REASON" ] || REASON="failed (see $SERIAL)"
}

run_tap() {
	log=$WORK/tap-$1.log
	timeout --kill-after=5 "$2" $SHELL "$top_srcdir/tests/qemu/$1.tap" > "$log" 2>&1
	status=$?
	REASON=
	if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
		REASON="no result within $2 s (a hang?)"
	elif first_line '^1\.\.0 # SKIP' "$log" > /dev/null; then
		REASON="skipped: $(first_line '^1\.\.0 # SKIP' "$log" | sed 's/^1\.\.0 # SKIP *//')"
	else
		# (A log may hold any bytes a broken program wrote: grep -a reads it as text.)
		REASON=$(first_line '^not ok |^Bail out!' "$log")
		plan=$(first_line '^1\.\.[0-9]+' "$log" | sed 's/^1\.\.\([0-9]*\).*/\1/')
		ran=$(grep -a -c -E '^(not )?ok ' "$log")
		if [ -n "$REASON" ]; then
			:
		elif [ "$ran" -eq 0 ]; then
			REASON="no test ran (see $log)"
		elif [ -n "$plan" ] && [ "$ran" -ne "$plan" ]; then
			REASON="$ran results for a plan of $plan (see $log)"
		fi
	fi
}

[ -z "${GRADE_BUILD_ERROR:-}" ] || echo "grade: $GRADE_BUILD_ERROR"
total=0 total_max=0
for lab in "$@"; do
	tests=$top_srcdir/labs/$lab/grade.tests
	if [ ! -f "$tests" ]; then
		echo "grade: no lab named '$lab' (labs/$lab/grade.tests)"
		exit 2
	fi
	score=0 max=0 failures=
	# The test list is read from descriptor 3: the tests get /dev/null as input. (Variables
	# are global in sh: tests/qemu/lib.sh's boot functions set name, cmdline, SERIAL ...)
	while read -r kind tname weight limit <&3; do
		case $kind in '' | '#'*) continue ;; esac
		case " ${GRADE_KINDS:-unit ktest tap} " in *" $kind "*) ;; *) continue ;; esac
		# A test that several labs list (graded together on the reference tree) runs once.
		memo=$WORK/result-$kind-$(echo "$tname" | tr ':/' '__')
		if [ -n "${GRADE_BUILD_ERROR:-}" ]; then
			REASON="not built"
		elif [ -f "$memo" ]; then
			REASON=$(cat "$memo")
		else
			case $kind in
			unit) run_unit "$tname" "${limit:-$UNIT_TIMEOUT}" ;;
			ktest) run_ktest "$tname" "${limit:-$KTEST_TIMEOUT}" ;;
			tap) run_tap "$tname" "${limit:-$TAP_TIMEOUT}" ;;
			*) echo "grade: $tests: unknown kind '$kind'"; exit 2 ;;
			esac < /dev/null
			echo "$REASON" > "$memo"
		fi
		max=$((max + weight))
		short=${tname#*:}
		if [ -z "$REASON" ]; then
			score=$((score + weight))
			printf '%-7s %-6s %-44s %2d/%-2d ok\n' "$lab" "$kind" "$short" "$weight" "$weight"
		else
			printf '%-7s %-6s %-44s %2d/%-2d FAILED: %s\n' "$lab" "$kind" "$short" 0 "$weight" "$REASON"
			if [ -n "${GRADE_BUILD_ERROR:-}" ]; then
				failures="the build failed"
			else
				failures="${failures:+$failures; }$short FAILED: $REASON"
			fi
		fi
	done 3< "$tests"
	echo "$lab: $score/$max${failures:+ ($failures)}"
	total=$((total + score)) total_max=$((total_max + max))
done
echo "total: $total/$total_max"
[ "$total" -eq "$total_max" ]
