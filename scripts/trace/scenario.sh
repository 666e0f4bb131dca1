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
#   shell     the default init and shell; `echo hello` and `poweroff` typed on COM1
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
shell) set -- "$@" -initrd "$modules" ;;
*)
	echo "make trace: no scenario '$name' (one of: $SCENARIOS)" >&2
	exit 2
	;;
esac

if [ "$name" != shell ]; then
	timeout --kill-after=5 "$TRACE_TIMEOUT" "$QEMU" "$@" -serial "file:$log" \
		-serial "file:$dump" < /dev/null > "$out/$name.qemu" 2>&1
	status=$?
else
	# COM1 is a pair of pipes (NAME.com1.in, NAME.com1.out): the commands are typed there,
	# each once the shell has prompted for it, as a person would.
	pipe=$out/$name.com1
	rm -f "$pipe.in" "$pipe.out"
	mkfifo "$pipe.in" "$pipe.out"
	timeout --kill-after=5 "$TRACE_TIMEOUT" "$QEMU" "$@" \
		-chardev "pipe,id=com1,path=$pipe" -serial chardev:com1 -serial "file:$dump" \
		< /dev/null > "$out/$name.qemu" 2>&1 &
	qemu=$!
	cat "$pipe.out" > "$log" &
	exec 3> "$pipe.in"
	trap '' PIPE
	# type N TEXT: once the shell has printed its Nth prompt, types TEXT and Enter.
	type_line() {
		for _ in $(seq 300); do
			if [ "$(grep -o 'mk\$ ' "$log" | wc -l)" -ge "$1" ]; then
				printf '%s\r' "$2" >&3
				return 0
			fi
			kill -0 "$qemu" 2> /dev/null || return 1
			sleep 0.2
		done
		return 1
	}
	type_line 1 'echo hello' && type_line 2 poweroff || echo "make trace: the shell did not prompt" >&2
	wait "$qemu"
	status=$?
	exec 3>&-
	wait
	rm -f "$pipe.in" "$pipe.out"
fi
# The console log uses \r\n line ends.
tr -d '\r' < "$log" > "$log.tmp" && mv "$log.tmp" "$log"
# QEMU exits with 1 when the kernel powered off after a clean run (isa-debug-exit, 0 << 1 | 1).
if [ "$status" -ne 1 ]; then
	echo "make trace: the $name boot did not power off cleanly (QEMU exit $status; console: $log)" >&2
	exit 1
fi
