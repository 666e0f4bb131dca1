#!/bin/sh
# compare.sh - builds every timer x frame allocator x syscall entry variant out of tree, runs
# the benchmarks in each and writes one report: report.md, figures.csv and gnuplot plots.
#
# usage: scripts/compare.sh [--variants "NAME ..."] [--quick] [--doc] [OUTDIR]
#   OUTDIR      where the report goes (default: compare-report in the current directory)
#   --variants  only these variants, named TIMER-ALLOCATOR-ENTRY: TIMER pit|lapic, ALLOCATOR
#               bitmap|freelist, ENTRY syscall (--disable-syscall-int80) or int80 (default)
#   --quick     the frame allocator at 64M and 8G only, instead of 64M..8G
#   --doc       also put the report into doc/compare.md (between its report markers) and the
#               PNG plots into doc/images, in the source tree
# environment: JOBS (parallel make jobs of each build, and QEMU boots run at once; default:
#   number of CPUs; under -icount the figures do not depend on what else runs), QEMU, GNUPLOT,
#   PYTHON3 (for the report, scripts/compare-report.py), MAKE,
#   COMPARE_BUILD_ROOT (build directories, default: OUTDIR/build; a directory that already
#   holds a variant's configuration is rebuilt, not configured again), CONFIGURE_FLAGS (more
#   arguments for every variant's configure, split at spaces, e.g. CC=clang)
# A variant that fails to configure, build or boot stops the run with a message naming it.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
scripts=$top/scripts
me=compare.sh

all_variants='pit-bitmap-syscall pit-bitmap-int80 pit-freelist-syscall pit-freelist-int80
lapic-bitmap-syscall lapic-bitmap-int80 lapic-freelist-syscall lapic-freelist-int80'
bench_mem=128M                            # the main boot: every figure, by `make bench`
sweep_full='64M 128M 256M 512M 1G 2G 4G 8G'
sweep_quick='64M 8G'
# Where --doc puts the report in doc/compare.md: between these two lines.
report_begin='<!-- report: written by scripts/compare.sh --doc, not by hand -->'
report_end='<!-- report: end -->'

usage() {
	echo "usage: $me [--variants \"NAME ...\"] [--quick] [--doc] [OUTDIR]" >&2
	exit 2
}

die() {
	echo "$me: $*" >&2
	exit 1
}

variants=$all_variants sweep=$sweep_full quick=no doc=no outdir=
while [ $# -gt 0 ]; do
	case $1 in
	--variants) [ $# -ge 2 ] || usage; variants=$2; shift ;;
	--variants=*) variants=${1#--variants=} ;;
	--quick) sweep=$sweep_quick quick=yes ;;
	--doc) doc=yes ;;
	-h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) usage ;;
	*) [ -z "$outdir" ] || usage; outdir=$1 ;;
	esac
	shift
done
# shellcheck disable=SC2086,SC2116
variants=$(echo $variants)                # one line, single spaces
[ -n "$variants" ] || die "--variants names no variant"
# The command line the report names (OUTDIR and --doc change nothing in it).
command=scripts/compare.sh
# shellcheck disable=SC2086,SC2116
[ "$variants" = "$(echo $all_variants)" ] || command="$command --variants \"$variants\""
[ "$quick" = no ] || command="$command --quick"
outdir=${outdir:-compare-report}
mkdir -p "$outdir" || die "cannot create $outdir"
outdir=$(cd "$outdir" && pwd)
build_root=${COMPARE_BUILD_ROOT:-$outdir/build}
cpus=$(nproc 2>/dev/null || echo 2)
jobs=${JOBS:-$cpus}
QEMU=${QEMU:-qemu-system-x86_64}
export QEMU
make=${MAKE:-make}
# The variants' builds take their parallelism from JOBS, not from a calling make.
unset MAKEFLAGS MFLAGS

[ -x "$top/configure" ] || die "$top/configure is missing: run ./autogen.sh there first"
[ ! -f "$top/config.status" ] || die "$top is configured in place; the variants are built" \
	"out of tree, which needs a clean source tree (make distclean there)"
command -v "$QEMU" > /dev/null 2>&1 || die "QEMU ($QEMU) not found: the benchmarks need it"
python3=${PYTHON3:-python3}
command -v "$python3" > /dev/null 2>&1 || die "python3 ($python3) not found: the report needs it"
gnuplot=${GNUPLOT:-gnuplot}
if [ "$doc" = yes ]; then
	command -v "$gnuplot" > /dev/null 2>&1 || die "--doc needs gnuplot for the plots"
	if ! grep -qxF "$report_begin" "$top/doc/compare.md" ||
		! grep -qxF "$report_end" "$top/doc/compare.md"; then
		die "--doc: doc/compare.md has no report markers ($report_begin ... $report_end)"
	fi
fi

# configure_args VARIANT: the configure options that select it (fails on a bad name).
configure_args() {
	old_ifs=$IFS
	IFS=-
	# shellcheck disable=SC2086
	set -- $1
	IFS=$old_ifs
	[ $# -eq 3 ] || return 1
	case $1 in pit|lapic) ;; *) return 1 ;; esac
	case $2 in bitmap|freelist) ;; *) return 1 ;; esac
	case $3 in
	syscall) int80=--disable-syscall-int80 ;;
	int80) int80=--enable-syscall-int80 ;;
	*) return 1 ;;
	esac
	echo "--with-timer=$1 --with-frame-allocator=$2 $int80"
}

for v in $variants; do
	configure_args "$v" > /dev/null || die "unknown variant '$v' (TIMER-ALLOCATOR-ENTRY:" \
		"TIMER pit or lapic, ALLOCATOR bitmap or freelist, ENTRY syscall or int80)"
done

# The sweep's 128M point is the main boot's: each line of bench output is one figure.
sweep_boots=$(for m in $sweep; do [ "$m" = "$bench_mem" ] || printf '%s ' "$m"; done)
total=$(echo "$variants" | wc -w)
count=0

progress() {
	echo "[$count/$total] $v: $*"
}

# fail WHAT LOG: stops the run, naming the variant, with the end of its log.
fail() {
	echo "$me: variant $v: $1 (see $2)" >&2
	tail -n 25 "$2" | sed 's/^/  | /' >&2
	echo "$me: stopped at variant $v" >&2
	exit 1
}

# build_variant: configures (unless this directory already holds the same configuration)
# and builds the variant in $dir.
build_variant() {
	args=$(configure_args "$v")
	args="$args${CONFIGURE_FLAGS:+ $CONFIGURE_FLAGS}"
	mkdir -p "$dir"
	if [ -f "$dir/config.status" ] && [ -f "$dir/compare-args" ] &&
		[ "$(cat "$dir/compare-args")" = "$top $args" ]; then
		progress "configured already ($args)"
	else
		progress "configuring ($args)"
		rm -f "$dir/compare-args"
		# shellcheck disable=SC2086
		(cd "$dir" && "$top/configure" $args > configure.out 2>&1) ||
			fail "configure failed" "$dir/configure.out"
		echo "$top $args" > "$dir/compare-args"
	fi
	progress "building (make -j$jobs)"
	$make -C "$dir" -j"$jobs" > "$dir/make.out" 2>&1 || fail "build failed" "$dir/make.out"
	[ -f "$dir/kernel.elf" ] || fail "build made no kernel.elf" "$dir/make.out"
}

# boot N COMMAND...: boot N of the variant, COMMAND run in $dir in the background: its
# figures and errors go to $dir/boot-N.out and .err, and its exit status, when it ends, to
# $dir/boot-N.status.
boot() {
	n=$1
	shift
	rm -f "$dir/boot-$n.status"
	(cd "$dir" && "$@" > "boot-$n.out" 2> "boot-$n.err"; echo $? > "$dir/boot-$n.status") &
}

# running N: how many of boots 1..N have not ended.
running() {
	r=0 i=0
	while [ "$i" -lt "$1" ]; do
		i=$((i + 1))
		[ -f "$dir/boot-$i.status" ] || r=$((r + 1))
	done
	echo $r
}

# bench_variant: the main boot, `make bench` at $bench_mem (the kernel figures and, through
# init=ubench, the user-space ones, with the boot modules named as make bench names them:
# their names' length and order count in spawn_wait), and the frame benchmark at each further
# memory size, up to $jobs boots at once (each is one QEMU; under -icount its figures do not
# depend on what else runs); the figures go to $dir/compare-bench.out in that order.
bench_variant() {
	[ -f "$dir/tests/user/ubench.elf" ] || fail "build made no user programs" "$dir/make.out"
	# shellcheck disable=SC2086
	boots=$(($(echo "$bench_mem" $sweep_boots | wc -w)))
	progress "running benchmarks: $boots boot(s), $jobs at once (bench and ubench at" \
		"$bench_mem${sweep_boots:+; bench=frame at ${sweep_boots% }})"
	n=0
	for mem in $bench_mem $sweep_boots; do
		while [ "$(running "$n")" -ge "$jobs" ]; do
			sleep 1
		done
		n=$((n + 1))
		if [ "$n" -eq 1 ]; then
			boot "$n" "$make" -s bench BENCH_MEM="$mem"
		else
			boot "$n" env BENCH_FILTER=frame sh "$scripts/bench.sh" kernel.elf "$mem"
		fi
	done
	wait
	: > "$dir/compare-bench.out"
	: > "$dir/compare-bench.err"
	i=0 failed=
	while [ "$i" -lt "$n" ]; do
		i=$((i + 1))
		[ "$(cat "$dir/boot-$i.status")" = 0 ] || failed=${failed:-$i}
		grep '^bench ' "$dir/boot-$i.out" >> "$dir/compare-bench.out"
		cat "$dir/boot-$i.err" >> "$dir/compare-bench.err"
		rm -f "$dir/boot-$i.out" "$dir/boot-$i.err" "$dir/boot-$i.status"
	done
	if [ -n "$failed" ]; then
		# shellcheck disable=SC2086
		set -- "make bench at $bench_mem" $sweep_boots
		shift $((failed - 1))
		[ "$failed" -eq 1 ] || set -- "bench=frame at $1"
		fail "a benchmark boot failed ($1)" "$dir/compare-bench.err"
	fi
	rest=${v#*-} int80=no
	[ "${v##*-}" = int80 ] && int80=yes
	for opt in "timer=${v%%-*}" "frame-allocator=${rest%-*}" "syscall-int80=$int80"; do
		grep -Eq "^bench config .*( |^)$opt( |\$)" "$dir/compare-bench.out" ||
			fail "the kernel does not say $opt" "$dir/compare-bench.out"
	done
}

# csv_rows: figures.csv rows from the bench lines on stdin.
csv_rows() {
	v=$v awk '
	BEGIN { split(ENVIRON["v"], o, "-") }
	$1 == "bench" && $2 != "config" && $2 != "done" && $NF ~ /^ticks=[0-9]+$/ {
		params = ""
		for (i = 3; i < NF; i++)
			params = params (i > 3 ? " " : "") $i
		gsub(/,/, ";", params)
		printf "%s,%s,%s,%s,%s,%s,%s\n", ENVIRON["v"], o[1], o[2], o[3], $2, params,
			substr($NF, 7)
	}'
}

start=$(date +%s)
csv=$outdir/figures.csv
echo "variant,timer,allocator,entry,figure,params,ticks" > "$csv.tmp"
for v in $variants; do
	count=$((count + 1))
	dir=$build_root/$v
	t0=$(date +%s)
	build_variant
	t1=$(date +%s)
	bench_variant
	progress "done: configure and build $((t1 - t0)) s, boots $(($(date +%s) - t1)) s"
	csv_rows < "$dir/compare-bench.out" >> "$csv.tmp"
	config=$(grep -m 1 '^bench config ' "$dir/compare-bench.out" | sed 's/^bench config //')
done
mv "$csv.tmp" "$csv"
elapsed=$(($(date +%s) - start))

# write_doc: the report into doc/compare.md, between its markers, its sections one level
# down (the page's own title and section stay on top); the PNG plots into doc/images.
write_doc() {
	page=$top/doc/compare.md
	awk -v begin="$report_begin" -v end="$report_end" -v report="$outdir/report.md" '
	function splice(    line, blank, n) {
		while ((getline line < report) > 0) {
			if (++n == 1 && line ~ /^# /)
				continue                 # the report title: the page has its own
			if (line ~ /^Also as \[SVG\]/)
				continue                 # the page shows the PNG only
			if (line == "") {
				blank = 1
				continue
			}
			if (blank && printed)
				print ""
			blank = 0
			printed = 1
			if (line ~ /^#/)
				line = "#" line
			print line
		}
		close(report)
		print ""
	}
	$0 == begin { print; print ""; splice(); skip = 1; next }
	$0 == end { skip = 0 }
	!skip' "$page" > "$page.tmp" || die "writing $page failed"
	cat "$page.tmp" > "$page" || die "writing $page failed"     # in place: it keeps its mode
	rm -f "$page.tmp"
	for f in "$outdir"/compare-*.png; do
		cp "$f" "$top/doc/images/" || die "copying $f to doc/images failed"
	done
}

# The report and the plots.
v=report
count=$total
plotdir=$(mktemp -d)
trap 'rm -rf "$plotdir"' EXIT
if command -v "$gnuplot" > /dev/null 2>&1; then
	plots=yes
else
	plots=no
	echo "$me: SKIP plots: gnuplot not found (install gnuplot-nox); report and CSV only"
fi
progress "writing $outdir/report.md"
set --
[ "$plots" = no ] || set -- --plotdir "$plotdir"
"$python3" "$scripts/compare-report.py" "$@" --variants "$variants" --bench-mem "$bench_mem" \
	--sweep "${sweep_boots% }" --sweep-full "$sweep_full" --config "$config" \
	--qemu "$("$QEMU" --version | head -n 1)" --command "$command" --elapsed "$elapsed" \
	--cpus "$cpus" --jobs "$jobs" \
	--kernel-version "$(sed -n 's/^PACKAGE_VERSION=.\(.*\).$/\1/p' "$top/configure" | head -n 1)" \
	"$csv" > "$outdir/report.md.tmp" || die "writing the report failed"
mv "$outdir/report.md.tmp" "$outdir/report.md"
rm -f "$outdir"/compare-*.png "$outdir"/compare-*.svg
if [ "$plots" = yes ]; then
	progress "plotting with $gnuplot"
	"$gnuplot" -e "datadir='$plotdir'; outdir='$outdir'" "$scripts/compare-plot.gp" \
		> "$plotdir/gnuplot.out" 2>&1 || { cat "$plotdir/gnuplot.out" >&2; die "gnuplot failed"; }
fi
if [ "$doc" = yes ]; then
	progress "writing $top/doc/compare.md and doc/images"
	write_doc
fi
echo "$me: $total variant(s) in $(($(date +%s) - start)) s; report: $outdir/report.md"
