#!/bin/sh
# tools/update_goldens.sh [BUILD_DIR]: regenerate every golden summary
# (tests/golden/NAME.json) from the shipped scenarios, with the binary of
# BUILD_DIR (default: build).  Allowed only with a model change: the commit
# that carries the new goldens says which moved and why (CONTRIBUTING.md).
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
[ -x "$build/rxsim" ] || { echo "update_goldens: no $build/rxsim; build first" >&2; exit 2; }
for f in scenarios/*.json; do
	name=$(basename "$f" .json)
	sh tests/cli/golden.sh "$build/rxsim" "$PWD" "$name" --update
done
git diff --stat -- tests/golden 2>/dev/null || true
