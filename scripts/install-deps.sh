#!/bin/sh
# install-deps.sh - installs what building, booting, testing and documenting the kernel need
# on Debian or Ubuntu (run as root or through sudo).
set -eu
packages="
	gcc make libc6-dev binutils clang nasm
	autoconf automake autoconf-archive
	qemu-system-x86 ovmf
	grub-pc-bin grub-common grub-efi-amd64-bin xorriso mtools
	gdb doxygen graphviz gnuplot-nox python3 librsvg2-bin
"
if [ "$(id -u)" -ne 0 ]; then
	exec sudo "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $packages
