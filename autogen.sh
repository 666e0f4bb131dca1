#!/bin/sh
# autogen.sh - generates ./configure and the Makefile.in files from a fresh checkout.
# Needs autoconf, automake and autoconf-archive (for the AX_ macros).
set -e
cd "$(dirname "$0")"
acdir=$(aclocal --print-ac-dir 2>/dev/null || true)
if [ ! -r "$acdir/ax_prog_doxygen.m4" ]; then
	echo "autogen.sh: the Autoconf Archive is missing (apt-get install autoconf-archive)" >&2
	exit 1
fi
autoreconf --force --install "$@"
