# lib.sh - helpers for the QEMU boot tests (sourced by tests/qemu/*.test and *.tap).
#
# Environment (set by AM_TESTS_ENVIRONMENT in tests/Makefrag.am): QEMU, GRUB_MKRESCUE,
# OVMF_CODE, GDB, MK_CONSOLE, top_builddir, top_srcdir. QEMU_TIMEOUT (seconds) may be set, and
# QEMU_EXTRA: more arguments for every qemu_boot (make grade boots with -icount, so that a
# test's timing, and so its result, is the same in every run).

: "${QEMU_TIMEOUT:=60}"
KERNEL=$top_builddir/kernel.elf
# Name of this test, for its files: boot-kernel.test -> boot-kernel
TEST_NAME=$(basename "$0" | sed 's/\.[a-z]*$//')
WORK=$top_builddir/tests/qemu/$TEST_NAME.d
rm -rf "$WORK"
mkdir -p "$WORK"

skip() {
	echo "SKIP: $*"
	exit 77
}

# For TAP scripts: a skipped plan instead of exit 77.
tap_skip() {
	echo "1..0 # SKIP $*"
	exit 0
}

# Why this configuration cannot run boot tests, or nothing.
boot_tests_unavailable() {
	if [ -z "${QEMU:-}" ] || [ ! -x "$QEMU" ]; then
		echo "qemu-system-x86_64 not found"
	fi
}

# console_output FILE: the QEMU arguments that send the kernel's console output to FILE: the
# serial port, or where the kernel has no serial console (--with-console=vga), QEMU's debug
# console (port 0xe9), which gets a copy of the output in every configuration.
console_output() {
	if [ "${MK_CONSOLE:-}" = vga ]; then
		echo "-debugcon file:$1"
	else
		echo "-serial file:$1"
	fi
}

require_qemu() {
	reason=$(boot_tests_unavailable)
	[ -z "$reason" ] || skip "$reason"
}

require_qemu_tap() {
	reason=$(boot_tests_unavailable)
	[ -z "$reason" ] || tap_skip "$reason"
}

# qemu_boot NAME QEMU-ARGS...: boots once; the console output goes to $WORK/NAME.serial.
# Sets QEMU_STATUS (QEMU's exit status) and VERDICT (what it means, per the ABI).
qemu_boot() {
	name=$1
	shift
	SERIAL=$WORK/$name.serial
	: > "$SERIAL"
	# shellcheck disable=SC2046
	timeout --kill-after=5 "$QEMU_TIMEOUT" "$QEMU" -no-reboot -display none -nic none \
		$(console_output "$SERIAL") -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		${QEMU_EXTRA:-} "$@" < /dev/null > "$WORK/$name.qemu" 2>&1
	QEMU_STATUS=$?
	# The serial log uses \r\n line ends; tests read plain lines.
	tr -d '\r' < "$SERIAL" > "$SERIAL.txt"
	mv "$SERIAL.txt" "$SERIAL"
	VERDICT=$(sh "$top_srcdir/tests/qemu/exit-status.sh" "$QEMU_STATUS")
	# QEMU itself also exits with 1 when it cannot start; then the kernel printed nothing.
	if [ "$QEMU_STATUS" -eq 1 ] && ! grep -q '^Hello, Kernel$' "$SERIAL"; then
		QEMU_STATUS=255
		VERDICT="QEMU did not run the kernel: $(head -n 3 "$WORK/$name.qemu")"
	fi
}

# boot_kernel NAME CMDLINE [QEMU-ARGS...]: boots kernel.elf directly (Multiboot1 via -kernel).
boot_kernel() {
	name=$1 cmdline=$2
	shift 2
	qemu_boot "$name" -m 128M -kernel "$KERNEL" -append "$cmdline" "$@"
}

# make_iso NAME CMDLINE [PROGRAMS...]: builds $WORK/NAME.iso with scripts/mkiso.sh.
make_iso() {
	name=$1 cmdline=$2
	shift 2
	ISO=$WORK/$name.iso
	GRUB_MKRESCUE=$GRUB_MKRESCUE sh "$top_srcdir/scripts/mkiso.sh" "$ISO" "$KERNEL" \
		"$top_srcdir/boot/grub.cfg.in" "$cmdline" "$@"
}

# Every boot module of this build (the programs user/NAME.elf and tests/user/NAME.elf), as a
# QEMU -initrd list; with extra files appended when given.
user_modules() {
	list=
	for f in "$top_builddir"/user/*.elf "$top_builddir"/tests/user/*.elf "$@"; do
		[ -f "$f" ] || continue
		list="${list:+$list,}$f"
	done
	echo "$list"
}

require_user_programs() {
	ls "$top_builddir"/user/*.elf "$top_builddir"/tests/user/*.elf > /dev/null 2>&1 ||
		skip "no user programs were built"
}

require_grub() {
	[ -n "${GRUB_MKRESCUE:-}" ] || skip "grub-mkrescue not found (install grub-pc-bin grub-common xorriso mtools)"
	command -v xorriso >/dev/null 2>&1 || skip "xorriso not found"
}

# True when the last boot powered off cleanly with success (QEMU exit 1).
boot_succeeded() {
	[ "$QEMU_STATUS" -eq 1 ]
}

# fail MESSAGE: prints the message and the serial log, and fails the test.
fail() {
	echo "FAIL: $*"
	echo "--- QEMU: $VERDICT (exit $QEMU_STATUS); serial log:"
	cat "$SERIAL"
	exit 1
}

# True when the kernel prints its informational lines (--with-log-level info or debug).
info_logged() {
	case ${MK_LOG_LEVEL:-info} in
	info | debug) return 0 ;;
	*) return 1 ;;
	esac
}

# expect_info PATTERN: expect_line for a line the kernel prints at log level info (boot
# information, "kernel: ..."); with a quieter --with-log-level there is nothing to check.
expect_info() {
	info_logged || return 0
	expect_line "$1"
}

# expect_line PATTERN: the serial log has a line matching the extended regex.
expect_line() {
	grep -Eq -- "$1" "$SERIAL" || fail "no line matching '$1'"
}

# TAP output of a boot that printed TAP: the test lines, and the rest as comments.
# A boot that did not power off normally bails out.
emit_tap() {
	awk '/^(1\.\.[0-9]+|ok |not ok )/ { print; next } { print "# " $0 }' "$SERIAL"
	case $QEMU_STATUS in
	1 | 3) ;;
	*) echo "Bail out! $VERDICT (QEMU exit $QEMU_STATUS)" ;;
	esac
}
