#!/bin/sh
# SPDX-License-Identifier: MIT
#
# run_cli.sh RXSIM DIR WORK - replay every trace of DIR (the corrupt corpus
# written by tools/make_trace.c) with `RXSIM run --out`, and a missing one,
# and require for each: exit status 2, nothing on stdout, exactly one line
# on stderr that names the trace, and no output file in the --out directory.
set -u
rxsim=$1 dir=$2 work=$3
rm -rf "$work" && mkdir -p "$work" || exit 2
pass=0 fail=0
for trace in "$dir"/*.pcap "$dir"/*.pcapng "$dir"/*.csv "$dir/missing.pcap"; do
	name=${trace##*/}
	cat >"$work/s.json" <<JSON
{ "nics": [{ "name": "eth0" }], "sockets": [{ "name": "s", "port": 9000 }],
  "traffic": [{ "replay": { "file": "$trace", "loop": 0 } }] }
JSON
	rm -rf "$work/out"
	"$rxsim" run "$work/s.json" --out "$work/out" >"$work/stdout" 2>"$work/stderr" </dev/null
	rc=$?
	why=""
	[ "$rc" -eq 2 ] || why="exit status $rc, expected 2"
	[ -z "$why" ] && [ -s "$work/stdout" ] && why="stdout not empty"
	[ -z "$why" ] && [ "$(wc -l <"$work/stderr")" -ne 1 ] && why="stderr is not one line"
	[ -z "$why" ] && ! grep -qF "$name" "$work/stderr" && why="stderr does not name $name"
	[ -z "$why" ] && [ -n "$(ls -A "$work/out" 2>/dev/null)" ] &&
		why="left output files: $(ls -A "$work/out" | tr '\n' ' ')"
	if [ -n "$why" ]; then
		echo "FAIL  $name: $why"
		sed -e 's/^/        | /' "$work/stderr"
		fail=$((fail + 1))
	else
		echo "PASS  $name: $(cat "$work/stderr")"
		pass=$((pass + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
