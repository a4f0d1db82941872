#!/bin/sh
# golden.sh RXSIM SRCDIR NAME [--update]: the summary of scenarios/NAME.json
# must equal tests/golden/NAME.json byte for byte, once the "run" object
# (wall time, event counts: how fast, not what) is removed.  A speed-up must
# leave every golden unchanged; a model change updates them with --update
# and says why in its commit.
set -eu
rxsim=$1 src=$2 name=$3
cd "$src"
strip() { awk '/^\t"run":\t\{/ { skip = 1; next } skip && /^\t\},?$/ { skip = 0; next } !skip'; }
out=$("$rxsim" run "scenarios/$name.json" --json | strip)
if [ "${4:-}" = "--update" ]; then
	printf '%s\n' "$out" >"tests/golden/$name.json"
	echo "updated tests/golden/$name.json"
	exit 0
fi
if ! printf '%s\n' "$out" | cmp -s - "tests/golden/$name.json"; then
	printf '%s\n' "$out" | diff "tests/golden/$name.json" - | head -20 >&2
	echo "0 passed, 1 failed"
	exit 1
fi
echo "1 passed, 0 failed"
