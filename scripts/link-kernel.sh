#!/bin/sh
# link-kernel.sh - links kernel.elf in two passes so that it carries its own symbol table
# (for backtraces), then checks the image is laid out as the boot loaders need.
#
# usage: link-kernel.sh OUTPUT LINKER-SCRIPT ARCHIVE
# environment: CC, LDFLAGS (kernel LDFLAGS), NASM, NM, READELF
set -eu

out=$1 script=$2 archive=$3
tmp=$out.tmp
trap 'rm -f "$tmp".*' EXIT

# ksyms_source SYMBOL-LIST: NASM source for ksym_table/ksym_count from "address name" lines:
# the table of (address, name pointer) pairs, then the names, in the order of the list.
ksyms_source() {
	awk '
	{ addr[NR] = $1; name[NR] = $2 }
	END {
		print "section .ksyms progbits alloc noexec nowrite align=8"
		print "global ksym_count:data 8, ksym_table:data " NR * 16
		print "ksym_count:\tdq " NR
		print "ksym_table:"
		off = 0
		for (i = 1; i <= NR; i++) {
			printf "\tdq 0x%s, ksym_names + %d\n", addr[i], off
			off += length(name[i]) + 1
		}
		print "ksym_names:"
		for (i = 1; i <= NR; i++)
			printf "\tdb \"%s\", 0\n", name[i]
		print "section .note.GNU-stack noalloc noexec nowrite progbits"
	}' "$1"
}

link() { # link OUTPUT KSYMS-OBJECT
	$CC $LDFLAGS -T "$script" -o "$1" \
		-Wl,--whole-archive "$archive" -Wl,--no-whole-archive "$2"
}

# text_symbols ELF: "address name" of every function, by address. A function is a text symbol
# with a size: labels inside assembly functions have none.
text_symbols() {
	$NM -n -S --defined-only "$1" | awk 'NF == 4 && ($3 == "t" || $3 == "T") { print $1, $4 }'
}

# Pass 1: an empty table. The table lives after all code, so pass 2 moves no code.
: > "$tmp.syms0"
ksyms_source "$tmp.syms0" > "$tmp.ksyms0.asm"
$NASM -f elf64 -o "$tmp.ksyms0.o" "$tmp.ksyms0.asm"
link "$tmp.pass1" "$tmp.ksyms0.o"

# Pass 2: the real table.
text_symbols "$tmp.pass1" > "$tmp.syms1"
ksyms_source "$tmp.syms1" > "$tmp.ksyms1.asm"
$NASM -f elf64 -o "$tmp.ksyms1.o" "$tmp.ksyms1.asm"
link "$tmp.pass2" "$tmp.ksyms1.o"

text_symbols "$tmp.pass2" > "$tmp.syms2"
if ! cmp -s "$tmp.syms1" "$tmp.syms2"; then
	echo "link-kernel.sh: code moved between link passes; the symbol table would be wrong" >&2
	exit 1
fi

# The Multiboot1 a.out kludge loads the file from offset 0 at KERNEL_PHYS_BASE, so every
# loadable segment must sit at file offset (physical address - KERNEL_PHYS_BASE).
$READELF -lW "$tmp.pass2" | awk '$1 == "LOAD" { print $2, $4 }' > "$tmp.segs"
[ -s "$tmp.segs" ] || { echo "link-kernel.sh: no loadable segments" >&2; exit 1; }
base=
while read -r off paddr; do
	[ -n "$base" ] || base=$((paddr - off))
	if [ $((paddr - base)) -ne $((off)) ]; then
		echo "link-kernel.sh: segment at physical $paddr is at file offset $off," \
			"not $(printf '%#x' $((paddr - base)))" >&2
		exit 1
	fi
done < "$tmp.segs"

mv "$tmp.pass2" "$out"
