#!/bin/sh
# check-readme.sh - the README's two commands as a newcomer runs them, in a fresh clone of this
# repository: the first (set up, build in build/, boot with QEMU's input closed), the second's
# quick form, the first again, then the learning path's week-1 command on the kernel the first
# one built. Ends with "N passed, N failed" and exits non-zero on any failure.
#
# usage: scripts/check-readme.sh [WORK-DIRECTORY]   (default: a new temporary directory)
# The first command installs packages: run this as root or with sudo at hand.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
passed=0 failed=0

# The two commands are the first two lines of the README's first code block.
cmd1=$(sed -n '/^```sh$/{n;p;q;}' "$top/README.md")
cmd2=$(sed -n '/^```sh$/{n;n;p;q;}' "$top/README.md")

# step NAME EXPECT COMMAND: runs COMMAND in the clone, input closed; EXPECT is an extended
# regex its output must match (empty: none).
step() {
	name=$1 expect=$2 log=$work/$(echo "$1" | tr ' /' '__').log
	shift 2
	echo "=== $name: $*"
	(cd "$work/clone" && timeout 3600 sh -c "$*") < /dev/null > "$log" 2>&1
	status=$?
	if [ "$status" -eq 0 ] && { [ -z "$expect" ] || grep -Eq -- "$expect" "$log"; }; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $name (exit $status; log $log):"
		tail -n 20 "$log"
	fi
}

rm -rf "$work/clone"
git clone -q "$top" "$work/clone" || { echo "0 passed, 1 failed"; exit 1; }
step "command 1" '^init exited with status 0' "$cmd1"
step "command 2 --quick" '^[0-9]+ passed, 0 failed$' "$cmd2 --quick"
step "command 1 again" '^init exited with status 0' "$cmd1"
step "week 1" '^Hello, Kernel' \
	"timeout 120 qemu-system-x86_64 -kernel build/kernel.elf -serial stdio -display none"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
