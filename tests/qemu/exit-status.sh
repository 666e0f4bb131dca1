#!/bin/sh
# exit-status.sh - explains QEMU's exit status for a run of this kernel (see the ABI):
# 1 success, 3 failure, 5 panic, 0 reset or triple fault (with -no-reboot), 124 timeout.
# Exits 0 for a clean success and 1 otherwise.
case ${1:-} in
1) echo "kernel powered off: success"; exit 0 ;;
3) echo "kernel powered off: failure (status 1)" ;;
5) echo "kernel panicked" ;;
0) echo "machine reset or triple fault (QEMU exit 0 under -no-reboot)" ;;
124) echo "timed out" ;;
*) echo "QEMU failed (exit status ${1:-unknown})" ;;
esac
exit 1
