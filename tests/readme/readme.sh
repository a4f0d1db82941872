#!/bin/sh
# SPDX-License-Identifier: MIT
#
# readme.sh RXSIM CHECK ROOT WORK - the README as a test.
#
# Every command of the README's ```sh blocks runs, in order, in a scratch
# directory WORK that looks like the source tree (scenarios/ and plots/
# copied, build/rxsim the binary under test, tools/setup.sh a stub: the
# build it would make is the one being tested).  A command must exit 0, or
# the status a marker before its block states; a block is skipped only
# under a marker that says why:
#
#   <!-- readme-test: skip: REASON -->
#   <!-- readme-test: exit N for command K: REASON -->
#
# Then the "run:" lines of figures.txt write what the prose quotes and
# CHECK (readme_check) compares every figure of figures.txt.
set -u
rxsim=$1 check=$2 root=$3 work=$4
fail() { echo "FAIL: $*" >&2; exit 1; }

rm -rf "$work" && mkdir -p "$work/build" "$work/tools" || fail "cannot create $work"
cp -R "$root/scenarios" "$root/plots" "$work/" || fail "cannot copy the tree"
# the sample snapshots of "Your own host"
mkdir -p "$work/tests/data" && cp -R "$root/tests/data/snapshots" "$work/tests/data/" ||
	fail "cannot copy the sample snapshots"
ln -s "$rxsim" "$work/build/rxsim"
cat >"$work/tools/setup.sh" <<'EOF'
#!/bin/sh
# readme test: the build tools/setup.sh makes is the one under test
exit 0
EOF
export RXSIM_DATADIR="$work"

# The blocks: "B<TAB>n<TAB>skip-reason" then "C<TAB>n<TAB>k<TAB>status<TAB>command".
awk '
/<!-- readme-test: skip: / { skip = $0; sub(/.*skip: /, "", skip); sub(/ *-->.*/, "", skip); next }
/<!-- readme-test: exit [0-9]+ for command [0-9]+: / {
	s = $0; sub(/.*exit /, "", s); st = s + 0
	k = s; sub(/^[0-9]+ for command /, "", k); k = k + 0
	want[k] = st; next }
/^```sh$/ { inblk = 1; nb++; nc = 0; printf "B\t%d\t%s\n", nb, skip; next }
/^```/ && inblk { inblk = 0; skip = ""; delete want; next }
inblk {
	line = $0
	if (cont != "") { line = cont " " line; cont = "" }
	if (line ~ /\\$/) { sub(/\\$/, "", line); cont = line; next }
	nc++
	printf "C\t%d\t%d\t%d\t%s\n", nb, nc, (nc in want) ? want[nc] : 0, line
}
' "$root/README.md" >"$work/commands.txt" || fail "cannot read README.md"

nblocks=0 ncmds=0 nskipped=0
while IFS="$(printf '\t')" read -r kind b rest; do
	if [ "$kind" = B ]; then
		nblocks=$((nblocks + 1))
		skip_reason=$rest
		[ -n "$skip_reason" ] && { echo "skip block $b: $skip_reason"; nskipped=$((nskipped + 1)); }
		continue
	fi
	[ -n "$skip_reason" ] && continue
	k=${rest%%"$(printf '\t')"*}
	rest=${rest#*"$(printf '\t')"}
	want=${rest%%"$(printf '\t')"*}
	cmd=${rest#*"$(printf '\t')"}
	echo "run  block $b command $k: $cmd"
	(cd "$work" && sh -c "$cmd") >"$work/last.out" 2>"$work/last.err" </dev/null
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		sed -e 's/^/     | /' "$work/last.err" | tail -n 20 >&2
		fail "block $b command $k exited $rc, expected $want: $cmd"
	fi
	ncmds=$((ncmds + 1))
done <"$work/commands.txt"
[ "$ncmds" -gt 0 ] || fail "no command found in README.md"
echo "$ncmds commands of $nblocks sh blocks ran ($nskipped blocks skipped, reasons above)"

# What the prose quotes that no README command writes.
grep '^run: ' "$(dirname "$0")/figures.txt" | sed 's/^run: //' | while IFS= read -r cmd; do
	echo "run  $cmd"
	(cd "$work" && sh -c "$cmd") </dev/null || { echo "FAIL: $cmd" >&2; exit 1; }
done || exit 1
"$check" "$(dirname "$0")/figures.txt" "$root" "$work"
