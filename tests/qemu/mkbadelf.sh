#!/bin/sh
# mkbadelf.sh - makes malformed programs from a valid one, one broken rule each, as boot
# modules named badelf-RULE: usertests expects spawn() to refuse each with -ENOEXEC. One is
# valid but larger than any machine's memory (badelf-hugebss): spawn() gives -ENOMEM for it.
#
# usage: mkbadelf.sh VALID.elf OUTPUT-DIRECTORY
set -eu
valid=$1 out=$2
mkdir -p "$out"

# patch FILE OFFSET BYTES VALUE: writes VALUE little endian over BYTES bytes at OFFSET (values
# above 2^63 are written as negative numbers: shell arithmetic is signed 64-bit).
patch() {
	i=0 bytes=
	while [ "$i" -lt "$3" ]; do
		bytes="$bytes\\$(printf %o $((($4 >> (8 * i)) & 255)))"
		i=$((i + 1))
	done
	# shellcheck disable=SC2059
	printf "$bytes" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

u64() { od -An -tu8 -j "$2" -N 8 "$1" | tr -d ' '; }

phoff=$(u64 "$valid" 32)
ph0=$phoff ph1=$((phoff + 56)) ph2=$((phoff + 112))
make_bad() { cp "$valid" "$out/badelf-$1.elf"; }

head -c 40 "$valid" > "$out/badelf-truncated.elf"
make_bad magic && patch "$out/badelf-magic.elf" 0 1 0
make_bad phoverflow && patch "$out/badelf-phoverflow.elf" 32 8 -64  # 0xffffffffffffffc0
make_bad kernelseg && patch "$out/badelf-kernelseg.elf" $((ph0 + 16)) 8 $((-2147483648 + 0x100000))  # 0xffffffff80100000
make_bad wx && patch "$out/badelf-wx.elf" $((ph0 + 4)) 4 7
make_bad overlap && patch "$out/badelf-overlap.elf" $((ph1 + 16)) 8 "$(u64 "$valid" $((ph0 + 16)))"
make_bad entry && patch "$out/badelf-entry.elf" 24 8 0x12345678
make_bad memsz && patch "$out/badelf-memsz.elf" $((ph1 + 40)) 8 -4096  # 0xfffffffffffff000
make_bad filesz && patch "$out/badelf-filesz.elf" $((ph0 + 32)) 8 0x7fffffffffff

# The user stack (include/kern/ulayout.h): 16 pages below 0x7ffffffff000 and a guard page
# below them. No segment may reach into any of it.
make_bad stack && patch "$out/badelf-stack.elf" $((ph1 + 16)) 8 0x7fffffff7000
make_bad guard && patch "$out/badelf-guard.elf" $((ph1 + 16)) 8 0x7ffffffee000
make_bad intoguard && patch "$out/badelf-intoguard.elf" $((ph1 + 16)) 8 0x7ffffffed000 &&
	patch "$out/badelf-intoguard.elf" $((ph1 + 40)) 8 0x1001
make_bad overstack && patch "$out/badelf-overstack.elf" $((ph1 + 16)) 8 0x7ffffffed000 &&
	patch "$out/badelf-overstack.elf" $((ph1 + 40)) 8 0x13000  # up to the top of user space
# 1 TiB of bss (the last segment), clear of everything else: valid, but no machine has the
# memory for it.
make_bad hugebss && patch "$out/badelf-hugebss.elf" $((ph2 + 40)) 8 0x10000000000
