#!/bin/sh
# bench.sh - boots the kernel with `bench` under QEMU's deterministic instruction counting
# (-icount shift=0,sleep=off: the TSC advances one tick per guest instruction) and prints the
# benchmark lines, once per memory size.
#
# usage: bench.sh KERNEL.elf [MEMORY ...]      (default memory sizes: 128M 4G)
# environment: QEMU (default: qemu-system-x86_64), BENCH_FILTER (benchmark name prefix),
#   USER_MODULES (comma-separated user programs, relative paths; when set, one more boot runs
#   the user-space benchmarks: init=ubench at the first memory size, with the modules copied
#   by bench-modules.sh), OBJCOPY
set -u
kernel=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
[ $# -gt 0 ] || set -- 128M 4G
qemu=${QEMU:-qemu-system-x86_64}
log=$(mktemp)
modules_dir=$(mktemp -d)
trap 'rm -rf "$log" "$modules_dir"' EXIT

status=0

# boot MEMORY KERNEL-ARGUMENTS [QEMU-ARGUMENTS...]: one benchmark boot; prints its figures.
boot() {
	mem=$1 append=$2
	shift 2
	: > "$log"
	timeout 600 "$qemu" -icount shift=0,sleep=off -m "$mem" -kernel "$kernel" \
		-append "$append" -debugcon "file:$log" -display none -nic none \
		-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 "$@" \
		< /dev/null > /dev/null 2>&1
	rc=$?
	tr -d '\r' < "$log" | grep '^bench ' | grep -v '^bench done$'
	if [ "$rc" -ne 1 ] || ! grep -q '^bench done' "$log"; then
		echo "bench.sh: the benchmark boot '$append' with -m $mem did not finish" \
			"(QEMU exit $rc):" >&2
		tail -n 20 "$log" >&2
		status=1
	fi
}

for mem in "$@"; do
	boot "$mem" "bench=${BENCH_FILTER:-}"
done
if [ -n "${USER_MODULES:-}" ]; then
	list=$(sh "$(dirname "$0")/bench-modules.sh" "$modules_dir" "$USER_MODULES") || exit 1
	(cd "$modules_dir" && boot "$1" "init=ubench" -initrd "$list" && exit "$status") || status=1
fi
exit $status
