#!/bin/sh
# lab-dist.sh - `make lab-dist LAB=NAME`: turns the release tree DISTDIR (made by make distdir)
# into the handout of lab NAME, NEWNAME.tar.gz: the files labs/NAME/reference lists removed,
# labs/handout naming the lab (its configure then selects --with-lab=NAME by default and refuses
# any other lab), everything else as released (the skeletons, the tests, scripts/grade.sh).
#
# usage: scripts/lab-dist.sh NAME DISTDIR NEWNAME
set -eu
lab=$1 distdir=$2 newname=$3
if [ -z "$lab" ] || [ ! -f "$distdir/labs/$lab/reference" ]; then
	echo "lab-dist: say which lab: make lab-dist LAB=NAME, NAME one of:" \
		$(cd "$distdir/labs" && ls */reference | sed 's,/reference,,')
	rm -rf "$distdir"
	exit 1
fi
grep -v '^#' "$distdir/labs/$lab/reference" | while read -r path; do
	[ -n "$path" ] || continue
	[ -f "$distdir/$path" ] || { echo "lab-dist: $path (labs/$lab/reference) is not in the tree"; exit 1; }
	rm -f "$distdir/$path"
done
echo "$lab" > "$distdir/labs/handout"
rm -rf "$newname"
mv "$distdir" "$newname"
tar chof - "$newname" | gzip -9 > "$newname.tar.gz"
rm -rf "$newname"
echo "$newname.tar.gz: the handout of lab $lab (configure selects --with-lab=$lab)"
