#!/bin/sh
# check-all.sh - builds and tests every configuration out of tree, then `make distcheck`;
# ends with the line "N passed, N failed" and exits non-zero on any failure.
#
# usage: scripts/check-all.sh [--quick] [VARIANT-NAME ...]   (default: all variants below,
#        then distcheck, the labs and compare; --quick: the first variant's `make check` only)
# environment: JOBS (parallel make jobs, default: number of CPUs), BUILD_ROOT (default:
# build-check; the README's first command builds in build/, which this leaves alone)
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
build_root=${BUILD_ROOT:-$top/build-check}
quick=no
if [ "${1:-}" = --quick ]; then
	quick=yes
	shift
fi

# name: configure arguments (quoted as in a shell). Each variant option value appears in at
# least one line, and one configuration is built without optimisation (-O0).
variants='
gcc: CC=gcc
clang: CC=clang --with-tick-hz=19
lapic-bitmap-debug-trace: CC=gcc --with-timer=lapic --with-frame-allocator=bitmap --enable-debug --enable-trace --with-console=serial --with-log-level=debug --with-tick-hz=10000 --with-timeslice-ms=30
clang-lapic-bitmap-O0: CC=clang CFLAGS="-g -O0" --with-timer=lapic --with-frame-allocator=bitmap --disable-syscall-int80 --with-ipc-msg-max=64 --with-max-procs=64
vga-lean: CC=gcc --with-console=vga --with-log-level=warn --disable-ktest --disable-bench --disable-demos
'

passed=0 failed=0 skipped=0
failures=

note_failure() {
	failed=$((failed + 1))
	failures="$failures
  $1"
}

# count VARIANT LOG: adds the Automake test-suite.log summary to the totals.
count() {
	p=$(sed -n 's/^# PASS: *//p' "$2" | head -n 1)
	x=$(sed -n 's/^# XFAIL: *//p' "$2" | head -n 1)
	s=$(sed -n 's/^# SKIP: *//p' "$2" | head -n 1)
	f=$(sed -n 's/^# FAIL: *//p' "$2" | head -n 1)
	e=$(sed -n 's/^# ERROR: *//p' "$2" | head -n 1)
	xp=$(sed -n 's/^# XPASS: *//p' "$2" | head -n 1)
	passed=$((passed + ${p:-0} + ${x:-0}))
	skipped=$((skipped + ${s:-0}))
	bad=$((${f:-0} + ${e:-0} + ${xp:-0}))
	failed=$((failed + bad))
	if [ "$bad" -gt 0 ]; then
		failures="$failures
$(grep -E '^(FAIL|ERROR|XPASS):' "$2" | sed "s/^/  $1: /")"
	fi
	grep -E '^SKIP:' "$2" | sed "s/^/  [$1] /" | sort -u
}

run_variant() {
	name=$1 args=$2 dir=$build_root/$1
	echo "=== [$name] configure $args"
	rm -rf "$dir"
	mkdir -p "$dir"
	# shellcheck disable=SC2086
	if ! (cd "$dir" && eval "set -- $args" && "$top/configure" "$@" > configure.out 2>&1); then
		tail -n 20 "$dir/configure.out"
		note_failure "$name: configure failed"
		return
	fi
	echo "=== [$name] make"
	if ! make -C "$dir" -j"$jobs" > "$dir/make.out" 2>&1; then
		tail -n 30 "$dir/make.out"
		note_failure "$name: build failed"
		return
	fi
	echo "=== [$name] make check"
	# The long soak test runs in the first configuration only.
	soak=no
	[ "$name" = gcc ] && [ "$quick" = no ] && soak=yes
	make -C "$dir" -j"$jobs" check MK_SOAK=$soak > "$dir/check.out" 2>&1
	if [ ! -f "$dir/test-suite.log" ]; then
		tail -n 30 "$dir/check.out"
		note_failure "$name: make check did not run the tests"
		return
	fi
	count "$name" "$dir/test-suite.log"
	grep -E '^# (TOTAL|PASS|SKIP|FAIL|ERROR):' "$dir/test-suite.log" | tr '\n' ' '
	echo
	grep -E '^(FAIL|ERROR|XPASS):' "$dir/test-suite.log" | while read -r line; do
		echo "  $line"
	done
}

# Configurations are built out of tree, which Autoconf refuses while the source tree itself is
# configured: say what to do in one line instead of failing every configuration.
if [ -f config.status ]; then
	echo "check-all: the source tree is configured in place; run 'make distclean' at its top first (the README builds in build/)"
	echo "0 passed, 1 failed"
	exit 1
fi
if [ ! -x configure ] || [ configure.ac -nt configure ]; then
	echo "=== autogen"
	./autogen.sh || { echo "0 passed, 1 failed"; exit 1; }
fi

selected=$*
if [ "$quick" = yes ]; then
	selected=$(echo "$variants" | sed -n 's/^\([a-z0-9-]*\):.*/\1/p' | head -n 1)
	[ -n "$*" ] && selected=$*
fi
mkdir -p "$build_root"
echo "$variants" | sed '/^$/d' > "$build_root/variants.txt"
while IFS=: read -r name args; do
	if [ -n "$selected" ] && ! echo " $selected " | grep -q " $name "; then
		continue
	fi
	run_variant "$name" "$args" < /dev/null  # the tests must not eat the variant list
done < "$build_root/variants.txt"

# make distcheck: the release tarball builds, passes its tests and cleans up after itself.
if [ -z "$selected" ] || echo " $selected " | grep -q " distcheck "; then
	echo "=== [distcheck] make distcheck"
	dir=$build_root/distcheck
	rm -rf "$dir"
	mkdir -p "$dir"
	if (cd "$dir" && "$top/configure" > configure.out 2>&1 &&
		make -j"$jobs" distcheck > distcheck.out 2>&1); then
		passed=$((passed + 1))
		grep -E 'archives ready for distribution|^microkernel-.*\.tar\.gz' "$dir/distcheck.out" | head -n 2
	else
		tail -n 40 "$dir/distcheck.out" 2>/dev/null
		note_failure "distcheck: make distcheck failed (see $dir/distcheck.out)"
	fi
fi

# make check-labs: every lab's skeleton built with gcc and graded below full marks, the
# reference graded full marks, and one lab's handout built and graded from its tarball. (The
# skeletons compile with clang too: tests/labs.test of the clang variants, -Werror.) It runs in
# the gcc variant's build, a reference tree, when there is one.
if [ -z "$selected" ] || echo " $selected " | grep -q " labs "; then
	echo "=== [labs] make check-labs"
	dir=$build_root/gcc
	if [ ! -f "$dir/kernel.elf" ] || ! grep -q '^MK_LAB = none$' "$dir/Makefile" 2>/dev/null; then
		dir=$build_root/labs
		rm -rf "$dir"
		mkdir -p "$dir"
		(cd "$dir" && "$top/configure" > configure.out 2>&1 && make -j"$jobs" > make.out 2>&1)
	fi
	(cd "$dir" && JOBS=$jobs CHECK_LABS_CC=gcc make check-labs > check-labs.out 2>&1)
	status=$?
	p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$dir/check-labs.out" | tail -n 1)
	f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$dir/check-labs.out" | tail -n 1)
	passed=$((passed + ${p:-0}))
	if [ "$status" -eq 0 ] && [ -n "$p" ] && [ "${f:-1}" -eq 0 ]; then
		tail -n 1 "$dir/check-labs.out"
	else
		grep -E '^(FAIL|SKIP):' "$dir/check-labs.out" 2>/dev/null
		tail -n 20 "$dir/check-labs.out" 2>/dev/null
		[ "${f:-0}" -gt 1 ] && failed=$((failed + f - 1))  # note_failure counts one
		note_failure "labs: make check-labs failed (see $dir/check-labs.out)"
	fi
fi

# make compare, in small: two variants, the quick memory sizes; the report must be complete.
if [ -z "$selected" ] || echo " $selected " | grep -q " compare "; then
	echo "=== [compare] scripts/compare.sh --quick (two variants)"
	dir=$build_root/compare
	rm -rf "$dir"
	if sh scripts/compare.sh --quick --variants "pit-freelist-int80 lapic-bitmap-syscall" \
		"$dir" > "$build_root/compare.out" 2>&1 &&
		grep -q '^| ' "$dir/report.md" && grep -q 'frame_alloc_free' "$dir/figures.csv" &&
		grep -q 'lapic-bitmap-syscall' "$dir/figures.csv"; then
		passed=$((passed + 1))
		grep -E '^\[[0-9]+/[0-9]+\]' "$build_root/compare.out" | tail -n 2
	else
		tail -n 30 "$build_root/compare.out"
		note_failure "compare: scripts/compare.sh --quick failed (see $build_root/compare.out)"
	fi
fi

# The README's two commands as a newcomer runs them, in a fresh clone. They install packages,
# so this runs in CI (CI=true) or when asked (MK_README_TEST=1), and not for a selection.
if [ -z "$selected" ] && { [ "${CI:-}" = true ] || [ "${MK_README_TEST:-}" = 1 ]; }; then
	echo "=== [readme] scripts/check-readme.sh"
	if sh scripts/check-readme.sh "$build_root/readme" > "$build_root/readme.out" 2>&1; then
		passed=$((passed + 1))
		tail -n 1 "$build_root/readme.out"
	else
		tail -n 30 "$build_root/readme.out"
		note_failure "readme: the README's commands failed (see $build_root/readme.out)"
	fi
fi

echo
[ "$failed" -eq 0 ] || echo "Failures:$failures"
echo "$skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
