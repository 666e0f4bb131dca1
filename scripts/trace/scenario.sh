#!/bin/sh
# scenario.sh - boots one traced scenario in QEMU and keeps what it wrote (make trace).
#
#   scenario.sh NAME OUTDIR KERNEL MODULES
#
# NAME is one of the scenarios below; MODULES the boot modules, comma-separated. The boot runs
# under -icount (the TSC counts instructions, so the same scenario gives the same trace), with
# COM1, the console, in OUTDIR/NAME.log and COM2, the trace channel, in OUTDIR/NAME.dump; the
# kernel writes its dump there when it powers off. Exits 0 when the machine powered off cleanly.
# Environment: QEMU, and TRACE_TIMEOUT (seconds, default 120).
#
#   preempt   demo=preempt: three kernel threads that never yield; the timer takes turns
#   pingpong  demo=ipc: kernel threads ping and pong, one message
#   kv        init=kvdemo: the key-value server and two clients, by call and reply_recv
#   shell     init=keytyper: the console server, the keyboard driver and the shell, and
#             `echo hello` typed on the PS/2 keyboard from inside the machine (interrupt,
#             kbd, console, sh), so that this run is as repeatable as the others
set -u
SCENARIOS="preempt pingpong kv shell"
if [ $# -ne 4 ]; then
	echo "usage: $0 NAME OUTDIR KERNEL MODULES (NAME: $SCENARIOS)" >&2
	exit 2
fi
name=$1 out=$2 kernel=$3 modules=$4
: "${TRACE_TIMEOUT:=120}"
log=$out/$name.log
dump=$out/$name.dump
mkdir -p "$out"
rm -f "$log" "$dump"

set -- -no-reboot -display none -nic none -m 128M -icount shift=0,sleep=off \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel "$kernel"
case $name in
preempt) set -- "$@" -append demo=preempt ;;
pingpong) set -- "$@" -append demo=ipc ;;
kv) set -- "$@" -append init=kvdemo -initrd "$modules" ;;
shell) set -- "$@" -append init=keytyper -initrd "$modules" ;;
*)
	echo "make trace: no scenario '$name' (one of: $SCENARIOS)" >&2
	exit 2
	;;
esac

timeout --kill-after=5 "$TRACE_TIMEOUT" "$QEMU" "$@" -serial "file:$log" \
	-serial "file:$dump" < /dev/null > "$out/$name.qemu" 2>&1
status=$?
# The console log uses \r\n line ends.
tr -d '\r' < "$log" > "$log.tmp" && mv "$log.tmp" "$log"
# QEMU exits with 1 when the kernel powered off after a clean run (isa-debug-exit, 0 << 1 | 1).
if [ "$status" -ne 1 ]; then
	echo "make trace: the $name boot did not power off cleanly (QEMU exit $status; console: $log)" >&2
	exit 1
fi
