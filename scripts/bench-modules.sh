#!/bin/sh
# bench-modules.sh - copies boot modules for a benchmark boot into DIR, under the same relative
# names and without symbols or debug information, and prints the -initrd list for a QEMU run
# from DIR. Debug information names the directories a program was built in, so the files (and
# with them the machine's memory layout, and the figures) would differ from one build
# directory to another; the copies do not.
#
# usage: bench-modules.sh DIR MODULES      (MODULES comma-separated, relative to here)
# environment: OBJCOPY (default objcopy)
set -eu
dir=$1 modules=$2
list=
for m in $(echo "$modules" | tr ',' ' '); do
	mkdir -p "$dir/$(dirname "$m")"
	"${OBJCOPY:-objcopy}" --strip-all "$m" "$dir/$m"
	list="${list:+$list,}$m"
done
echo "$list"
