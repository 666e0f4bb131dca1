#!/bin/sh
# doc-figures.sh - checks the benchmark figures the pages quote against `make bench` output,
# or with --update writes the measured figures into the pages.
#
# usage: scripts/doc-figures.sh [--update] [--build DIR] [BENCH-OUTPUT [PAGE ...]]
#   BENCH-OUTPUT  what `make bench` (scripts/bench.sh) printed
#   PAGE          the pages (default: doc/*.md and README.md of the tree this script is in)
#   --update      rewrite the figures that differ, in place, instead of listing them
#   --build DIR   the build that made BENCH-OUTPUT; unless it is the default configuration
#                 (no configure option but CC=gcc, installation directories and tool paths),
#                 nothing is checked or written and the script exits with 77. Without
#                 BENCH-OUTPUT, only that test is made.
#
# In a page, a figure follows a marker that names its benchmark line, the words between
# `bench` and `ticks=`:
#     <!--bench syscall_null entry=int80-->153
# An HTML comment, which Doxygen drops; it works in prose and in table cells alike. Where the
# output has a line more than once (one boot per memory size), the first counts: the boot at
# the first memory size, which is also the one that runs the user-space benchmarks. One
# marker, <!--bench config-->`...`, holds the options of the `bench config` line the figures
# were measured with; in the default configuration it must match the kernel's.
#
# Exit status: 0 every figure is current (or was updated), 1 a figure is stale, a marker
# names a line the output lacks, or the configuration line differs; 2 usage; 77 not the
# default configuration.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
me=doc-figures.sh

usage() {
	echo "usage: $me [--update] [--build DIR] [BENCH-OUTPUT [PAGE ...]]" >&2
	exit 2
}

# nondefault_args DIR: the configure arguments of the build in DIR that may change a figure,
# one per line (nothing for the default configuration); fails when DIR is not a build.
nondefault_args() {
	[ -x "$1/config.status" ] || { echo "$me: $1 is not a configured build" >&2; return 1; }
	args=$("$1/config.status" --config) || return 1
	eval "set -- $args"
	for a in "$@"; do
		case $a in
		CC=gcc|--srcdir=*|--prefix=*|--exec-prefix=*|--*dir=*|--cache-file=*|-C|\
		--config-cache|-q|--quiet|--silent|--*able-silent-rules|--*able-dependency-tracking|\
		QEMU=*|GRUB_MKRESCUE=*|GDB=*|OVMF_CODE=*|OVMF_VARS=*|CLANG_FUZZER=*|\
		UNIT_SANITIZE_CFLAGS=*) ;;
		*) printf '%s\n' "$a" ;;
		esac
	done
}

update=no build=
while [ $# -gt 0 ]; do
	case $1 in
	--update) update=yes ;;
	--build) [ $# -ge 2 ] || usage; build=$2; shift ;;
	--build=*) build=${1#--build=} ;;
	-h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) usage ;;
	*) break ;;
	esac
	shift
done
if [ -n "$build" ]; then
	other=$(nondefault_args "$build") || exit 1
	if [ -n "$other" ]; then
		echo "$me: not the default configuration (configured with" \
			"$(echo "$other" | tr '\n' ' ' | sed 's/ $//')); the pages quote the figures" \
			"of the default one (no configure option, CC=gcc)"
		exit 77
	fi
	[ $# -ge 1 ] || exit 0
fi
[ $# -ge 1 ] || usage
bench=$1
shift
[ -r "$bench" ] || { echo "$me: cannot read $bench" >&2; exit 1; }
[ $# -gt 0 ] || set -- "$top"/doc/*.md "$top/README.md"
config=$(sed -n 's/\r$//; s/^bench config //p' "$bench" | head -n 1)
[ -n "$config" ] || { echo "$me: $bench has no 'bench config' line" >&2; exit 1; }

# The check, or the update of one page: awk reads the benchmark lines, then the page, and
# prints the page with measured figures (update) or the stale ones (check) to stdout.
# shellcheck disable=SC2016
prog='
function fail(msg) { printf "%s:%d: %s\n", page, FNR, msg > "/dev/stderr"; bad = 1 }
FNR == NR {
	sub(/\r$/, "")
	if ($1 != "bench" || $2 == "done")
		next
	if ($2 == "config") {
		key = "config"; value = substr($0, length("bench config ") + 1)
	} else if ($NF ~ /^ticks=[0-9]+$/) {
		key = $2
		for (i = 3; i < NF; i++)
			key = key " " $i
		value = substr($NF, 7)
	} else
		next
	if (!(key in measured))
		measured[key] = value
	next
}
{
	out = ""
	rest = $0
	while ((s = index(rest, "<!--bench ")) > 0) {
		out = out substr(rest, 1, s - 1)
		rest = substr(rest, s)
		e = index(rest, "-->")
		if (e == 0) {
			fail("a marker without its -->")
			break
		}
		marker = substr(rest, 1, e + 2)
		key = substr(rest, 11, e - 11)
		gsub(/^ +| +$/, "", key)
		gsub(/  +/, " ", key)
		rest = substr(rest, e + 3)
		out = out marker
		if (key == "config") {
			if (!match(rest, /^`[^`]*`/)) {
				fail("no `options` after <!--bench config-->")
				continue
			}
			written = substr(rest, 2, RLENGTH - 2)
		} else {
			if (!match(rest, /^[0-9]+/)) {
				fail("no figure after the marker of " key)
				continue
			}
			written = substr(rest, 1, RLENGTH)
		}
		rest = substr(rest, RLENGTH + 1)
		if (!(key in measured)) {
			fail(key ": written " written ", but the benchmark output has no such line")
			out = out (key == "config" ? "`" written "`" : written)
			continue
		}
		if (measured[key] != written) {
			if (update != "yes")
				printf "%s:%d: %s: written %s, measured %s\n", page, FNR, key, written,
					measured[key]
			changed = 1
		}
		out = out (key == "config" ? "`" measured[key] "`" : measured[key])
	}
	if (update == "yes")
		print out rest
}
END { exit bad ? 1 : changed ? 3 : 0 }'

status=0
# shellcheck disable=SC2016
grep -q '<!--bench config-->`' "$@" ||
	{ echo "$me: no page records the configuration (<!--bench config-->\`...\`)" >&2; status=1; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for page in "$@"; do
	case $page in "$top"/*) name=${page#"$top"/} ;; *) name=$page ;; esac
	grep -q '<!--bench ' "$page" || continue
	awk -v page="$name" -v update="$update" "$prog" "$bench" "$page" > "$tmp"
	rc=$?
	case $rc in
	0) ;;
	3) if [ "$update" = yes ]; then
		cat "$tmp" > "$page" || exit 1      # in place: the page keeps its mode
		echo "$me: updated $name"
	   else
		cat "$tmp"
		status=1
	   fi ;;
	*) [ "$update" = no ] && cat "$tmp"
	   status=1 ;;
	esac
done
if [ "$status" -ne 0 ] && [ "$update" = no ]; then
	echo "$me: stale figures (written, measured) or bad markers above; the pages quote the" \
		"default configuration's 'make bench': run 'make doc-figures' in a build of it"
fi
exit $status
