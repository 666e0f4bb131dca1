#!/bin/sh
# profile.sh - where the instructions of a benchmark go: boots `init=ubench` under QEMU's
# deterministic instruction counting with the qemu-profile plugin, which counts every guest
# instruction of one benchmark's timed loop (the first run of it: the `syscall` entry, the
# 8-byte message), and prints the count per iteration for each part of the system, as
#     bench profile FIGURE PARAMS part=PART ticks=N
# lines (the format of `make bench`, so the pages can quote them; see doc-figures.sh), then the
# functions that cost the most, as comments. The parts, by where the code lives:
#     user    the benchmark program and its system-call stubs
#     entry   the system-call entries and returns (syscall_entry.asm, syscall_int80.asm), the
#             dispatch table's sys_* functions and kern_user_return()
#     ipc     src/kern/ipc.c, src/kern/ipc_mailbox.c (their user-range checks and copies are
#             inline, so they count here)
#     sched   the scheduler and the switch (sched.c, context.c, switch.asm)
#     copy    out-of-line copies and checks (src/lib/string.c, src/mm/uaccess.c)
#     other   the rest
# The parts add up to the loop's figure in `make bench` (part=total).
#
# usage: profile.sh PLUGIN.so KERNEL.elf MODULES FIGURE...
#   PLUGIN.so  the built scripts/qemu-profile.c
#   MODULES    the boot modules, comma-separated, relative paths (ubench and the programs it
#              runs among them); the boot loads copies made by bench-modules.sh, as make
#              bench does, so that the loops run exactly as they do there
#   FIGURE     syscall_null, proc_yield_switch, ipc_roundtrip or rpc_roundtrip
# environment: QEMU (default qemu-system-x86_64), PYTHON3 (default python3), OBJCOPY
set -u
me=profile.sh
[ $# -ge 4 ] || { echo "usage: $me PLUGIN.so KERNEL.elf MODULES FIGURE..." >&2; exit 2; }
plugin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")  # dlopen() needs a path
kernel=$(cd "$(dirname "$2")" && pwd)/$(basename "$2") modules=$3
shift 3
qemu=${QEMU:-qemu-system-x86_64}
python=${PYTHON3:-python3}
top=$(cd "$(dirname "$0")/.." && pwd)
ubench=$(echo "$modules" | tr ',' '\n' | grep '/ubench\.elf$' | head -n 1)
[ -n "$ubench" ] || { echo "$me: no ubench.elf among the modules" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/modules"
list=$(sh "$top/scripts/bench-modules.sh" "$work/modules" "$modules") || exit 1

# constant NAME: a #define of ubench.c (the loop counts).
constant() {
	sed -n "s/^#define $1 \([0-9]*\).*/\1/p" "$top/tests/user/ubench/ubench.c"
}

nm -l "$kernel" > "$work/kernel.syms" 2>/dev/null
status=0
for figure in "$@"; do
	# The benchmark's function, how many iterations its loop makes, what one figure is.
	case $figure in
	syscall_null) fn=bench_null params="entry=syscall" n=$(constant NULL_CALLS) per=1 ;;
	proc_yield_switch) fn=bench_yield_switch params="" n=$(constant SWITCH_YIELDS) per=2 ;;
	ipc_roundtrip) fn=bench_ipc params="size=8" n=$(constant ROUND_TRIPS) per=1 ;;
	rpc_roundtrip) fn=bench_rpc params="size=8" n=$(constant ROUND_TRIPS) per=1 ;;
	*) echo "$me: unknown figure '$figure'" >&2; exit 2 ;;
	esac
	# The loop lies between the function's first two rdtsc instructions.
	set -- $(objdump -d "$ubench" | awk -v f="<$fn>:" '
		$2 == f { inside = 1; next }
		inside && /^$/ { exit }
		inside && /rdtsc/ { sub(":", "", $1); print $1 }')
	if [ $# -lt 2 ]; then
		echo "$me: no rdtsc pair in $fn of $ubench" >&2
		status=1
		continue
	fi
	(cd "$work/modules" && timeout 300 "$qemu" -icount shift=0,sleep=off -m 128M \
		-kernel "$kernel" -append "init=ubench" -initrd "$list" -display none -nic none \
		-no-reboot -debugcon "file:$work/log" -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-plugin "$plugin,start=$1,stop=$2,out=$work/counts" < /dev/null > /dev/null 2>&1)
	if [ ! -s "$work/counts" ] || ! grep -q '^bench done' "$work/log"; then
		echo "$me: the profiled boot for $figure did not finish" >&2
		status=1
		continue
	fi
	"$python" - "$work" "$figure${params:+ $params}" "$((n * per))" <<'PY' || status=1
import bisect, re, sys
work, label, iterations = sys.argv[1], sys.argv[2], int(sys.argv[3])

def symbols(path):
    out = []
    for line in open(path):
        f = line.split(None, 3)
        if len(f) >= 3 and f[1] in "tTwW":
            out.append((int(f[0], 16), f[2], f[3].strip() if len(f) > 3 else ""))
    out.sort()
    return out

kernel = symbols(f"{work}/kernel.syms")
kaddr = [s[0] for s in kernel]

def part(name, where):
    if re.search(r"(syscall_entry|syscall_int80)\.asm|/syscall(_calls)?\.c:", where) or \
            name in ("syscall_entry", "int80_entry", "kern_user_return") or name.startswith("..@"):
        return "entry"
    if re.search(r"/kern/ipc(_mailbox)?\.c:", where):
        return "ipc"
    if re.search(r"/kern/sched\.c:|/context\.c:|switch\.asm", where) or name == "switch_context":
        return "sched"
    if re.search(r"/lib/string\.c:|/mm/uaccess\.c:", where):
        return "copy"
    return "other"

parts, funcs = {}, {}
for line in open(f"{work}/counts"):
    addr, count = line.split()
    addr, count = int(addr, 16), int(count)
    if addr < 1 << 47:
        p, name = "user", "user code (every process: they share addresses)"
    else:
        i = bisect.bisect_right(kaddr, addr) - 1
        name, where = (kernel[i][1], kernel[i][2]) if i >= 0 else (hex(addr), "")
        p = part(name, where)
    parts[p] = parts.get(p, 0) + count
    funcs[name] = funcs.get(name, 0) + count
total = sum(parts.values())
for p in ("user", "entry", "ipc", "sched", "copy", "other"):
    print(f"bench profile {label} part={p} ticks={round(parts.get(p, 0) / iterations)}")
print(f"bench profile {label} part=total ticks={total // iterations}")  # as ubench divides
for name, count in sorted(funcs.items(), key=lambda kv: -kv[1])[:12]:
    print(f"# {count / iterations:8.1f}  {name}")
PY
done
exit $status
