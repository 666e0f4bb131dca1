#!/bin/sh
# check-labs.sh - `make check-labs`, in a build directory: every lab end to end.
#   1. For each lab of LABS: the skeleton builds without a warning with gcc, and with clang
#      when there is one (a build of its own, --with-lab=NAME), and `make grade` on the gcc
#      build finishes below full marks, with a FAILED line for each failing test.
#   2. This build, if it is the reference (--with-lab=none), grades full marks.
#   3. The handout of lab DIST_LAB (make lab-dist) configures, builds and grades below full
#      marks from its tarball alone, with none of the lab's reference files inside; its
#      make hand-in packs the student's files alone; and a student's file that does not
#      compile grades 0 with the compiler's error.
# Prints one line per check and "N passed, N failed"; exits non-zero on any failure.
#
# usage: scripts/check-labs.sh "LAB..." DIST_LAB
# environment: MAKE, MK_LAB, JOBS, CHECK_LABS_CC (the compilers to build each skeleton with:
# default "gcc clang"; the first one's build is graded)
set -u
labs=$1 dist_lab=$2
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
build=$(pwd)
work=$build/check-labs.d
jobs=${JOBS:-2}
make=${MAKE:-make}
passed=0 failed=0

ok() { echo "PASS: $*"; passed=$((passed + 1)); }
bad() { echo "FAIL: $*"; failed=$((failed + 1)); }

# build DIR CONFIGURE-ARGS...: configures and builds in DIR (logs there); fails on a warning.
# (sh variables are global: this one's is bdir.)
build() {
	bdir=$1
	shift
	rm -rf "$bdir" && mkdir -p "$bdir" || return 1
	(cd "$bdir" && "$@" > configure.out 2>&1) || { tail -n 20 "$bdir/configure.out"; return 1; }
	$make -C "$bdir" -j"$jobs" > "$bdir/make.out" 2>&1 || { tail -n 30 "$bdir/make.out"; return 1; }
	if grep -E 'warning:' "$bdir/make.out"; then
		echo "(warnings in $bdir/make.out)"
		return 1
	fi
}

# grade_below DIR LAB: make grade in DIR ends below full marks, naming its failed tests.
grade_below() {
	$make -C "$1" -s grade > "$1/grade.out" 2>&1
	status=$?
	score=$(sed -n "s|^$2: \([0-9]*/[0-9]*\).*|\1|p" "$1/grade.out")
	if [ "$status" -ne 0 ] && [ -n "$score" ] && [ "${score%/*}" -lt "${score#*/}" ] &&
		grep -q "^$2 .* FAILED: ." "$1/grade.out" && grep -q '^total: ' "$1/grade.out"; then
		return 0
	fi
	cat "$1/grade.out"
	return 1
}

rm -rf "$work"
mkdir -p "$work"
for lab in $labs; do
	first=
	for cc in ${CHECK_LABS_CC:-gcc clang}; do
		command -v $cc > /dev/null 2>&1 || { echo "SKIP: $lab with $cc (no $cc)"; continue; }
		if build "$work/$lab-$cc" "$top_srcdir/configure" CC=$cc --with-lab="$lab"; then
			ok "$lab: the skeleton builds warning-free with $cc"
		else
			bad "$lab: the skeleton does not build warning-free with $cc (see $work/$lab-$cc)"
			continue
		fi
		[ -z "$first" ] || continue
		first=$cc
		if grade_below "$work/$lab-$cc" "$lab"; then
			ok "$lab: make grade on the skeleton: $(grep "^$lab: " "$work/$lab-$cc/grade.out" | cut -c1-100)"
		else
			bad "$lab: make grade on the skeleton is not below full marks with failures named"
		fi
	done
done

if [ "${MK_LAB:-none}" = none ]; then
	if $make -s grade > "$work/reference-grade.out" 2>&1; then
		ok "the reference tree grades full marks: $(tail -n 1 "$work/reference-grade.out")"
	else
		cat "$work/reference-grade.out"
		bad "the reference tree does not grade full marks"
	fi
else
	echo "SKIP: full marks of the reference (this build is --with-lab=$MK_LAB)"
fi

if [ -n "$dist_lab" ]; then
	tarball=$($make -s lab-dist LAB="$dist_lab" | sed -n 's/^\([^:]*\.tar\.gz\): .*/\1/p')
	dir=$work/dist-$dist_lab
	mkdir -p "$dir"
	if [ -n "$tarball" ] && [ -f "$tarball" ] && tar xzf "$tarball" -C "$dir"; then
		src=$dir/${tarball%.tar.gz}
		missing=yes
		for f in $(grep -v '^#' "$src/labs/$dist_lab/reference"); do
			[ ! -e "$src/$f" ] || missing="no: $f is in it"
		done
		if [ "$missing" = yes ] && build "$dir/build" "$src/configure" &&
			grep -q "^  lab  *$dist_lab\$" "$dir/build/configure.out" &&
			grade_below "$dir/build" "$dist_lab"; then
			ok "$dist_lab: $tarball configures for the lab, builds and grades: $(grep "^$dist_lab: " "$dir/build/grade.out" | cut -c1-80)"
		else
			bad "$dist_lab: $tarball does not configure, build and grade on its own (reference files removed: $missing; see $dir)"
		fi
		# What the student hands in: the lab's own files, none of the grader's.
		handin=$(cd "$dir/build" && $make -s hand-in 2>&1 | sed -n 's/^\([^:]*\.tar\.gz\):.*/\1/p')
		listing=$( [ -n "$handin" ] && tar tzf "$dir/build/$handin" 2> /dev/null | sort | tr '\n' ' ')
		want=$(cd "$src" && ls labs/"$dist_lab"/* | grep -v -e '/Makefrag\.am$' -e '/grade\.tests$' \
			-e '/reference$' | sort | tr '\n' ' ')
		if [ -n "$listing" ] && [ "$listing" = "$want" ]; then
			ok "$dist_lab: make hand-in in the handout packs the student's files: $listing"
		else
			bad "$dist_lab: make hand-in packs '$listing', not '$want'"
		fi
		# A student's file that does not compile scores 0, with the compiler's error, and the
		# grader does not stop at it.
		student=$(echo "$want" | cut -d' ' -f1)
		cp "$src/$student" "$dir/student.keep"
		echo 'int this_does_not_compile(void) { return undeclared_name; }' >> "$src/$student"
		$make -C "$dir/build" -s grade > "$dir/build/grade-broken.out" 2>&1
		status=$?
		cp "$dir/student.keep" "$src/$student"
		if [ "$status" -ne 0 ] && grep -q "^$dist_lab: 0/" "$dir/build/grade-broken.out" &&
			grep -q '^grade: the build failed.*undeclared_name' "$dir/build/grade-broken.out"; then
			ok "$dist_lab: a student's file that does not compile grades 0, with the compiler's error"
		else
			cat "$dir/build/grade-broken.out"
			bad "$dist_lab: a file that does not compile is not graded 0 with its error"
		fi
		rm -f "$tarball"
	else
		bad "$dist_lab: make lab-dist LAB=$dist_lab made no tarball"
	fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
