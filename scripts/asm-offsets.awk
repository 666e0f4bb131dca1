# asm-offsets.awk - turns the "->NAME HIGH LOW" lines that src/arch/x86_64/asm-offsets.c leaves
# in its assembly output into NASM definitions, "%define NAME 0x...", for asm-offsets.inc.

# hex(n, width): n (0 <= n < 2^32, exact in awk's numbers) in lower-case hex, zero-padded.
function hex(n, width,    s) {
	s = ""
	do {
		s = substr("0123456789abcdef", n % 16 + 1, 1) s
		n = int(n / 16)
	} while (n > 0)
	while (length(s) < width)
		s = "0" s
	return s
}

BEGIN { print "; asm-offsets.inc - generated from src/arch/x86_64/asm-offsets.c; do not edit." }

match($0, /->[A-Za-z_][A-Za-z_0-9]* [$]?[0-9]+ [$]?[0-9]+/) {
	split(substr($0, RSTART + 2, RLENGTH - 2), f, " ")
	sub(/^[$]/, "", f[2])
	sub(/^[$]/, "", f[3])
	high = f[2] + 0
	low = f[3] + 0
	print "%define " f[1] " 0x" (high ? hex(high, 0) hex(low, 8) : hex(low, 0))
	n++
}

END {
	if (n == 0) {
		print "asm-offsets.awk: no ->NAME lines in the input" > "/dev/stderr"
		exit 1
	}
}
