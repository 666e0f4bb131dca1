#!/bin/sh
# mkiso.sh - builds a bootable GRUB2 ISO holding the kernel and the given programs.
#
# usage: mkiso.sh OUTPUT.iso KERNEL.elf GRUB.CFG.IN "KERNEL COMMAND LINE" [PROGRAM.elf ...]
# Programs are copied to /boot/bin/ and loaded as Multiboot2 modules named by the ABI's rule.
# environment: GRUB_MKRESCUE (default: grub-mkrescue)
set -eu

out=$1 kernel=$2 cfg_in=$3 cmdline=$4
shift 4
mkrescue=${GRUB_MKRESCUE:-grub-mkrescue}
if ! command -v "$mkrescue" >/dev/null 2>&1; then
	echo "mkiso.sh: grub-mkrescue not found; install grub-pc-bin, grub-common, xorriso and mtools" >&2
	exit 1
fi

stage=$out.d
rm -rf "$stage"
mkdir -p "$stage/boot/grub" "$stage/boot/bin"
cp "$kernel" "$stage/boot/kernel.elf"
modules=
for prog in "$@"; do
	base=$(basename "$prog")
	cp "$prog" "$stage/boot/bin/$base"
	modules="$modules	module2 /boot/bin/$base ${base%.elf}
"
done
awk -v cmdline="$cmdline" -v modules="$modules" '
	/@MODULES@/ { printf "%s", modules; next }
	{ gsub(/@CMDLINE@/, cmdline); print }' "$cfg_in" > "$stage/boot/grub/grub.cfg"

# grub-mkrescue is chatty on success; keep its output for when it fails.
if ! "$mkrescue" -o "$out.tmp" "$stage" > "$out.log" 2>&1; then
	cat "$out.log" >&2
	rm -rf "$stage" "$out.tmp"
	exit 1
fi
rm -rf "$stage" "$out.log"
mv "$out.tmp" "$out"
