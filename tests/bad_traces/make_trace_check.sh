#!/bin/sh
# SPDX-License-Identifier: MIT
#
# make_trace_check.sh MAKE_TRACE SRCDIR WORK - tools/make_trace.c still
# writes, byte for byte, the traces shipped in scenarios/traces/ and the
# corrupt corpus in tests/bad_traces/ (regenerate them with
# `make_trace traces scenarios/traces` and `make_trace bad tests/bad_traces`).
set -eu
make_trace=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work/traces" "$work/bad"
"$make_trace" traces "$work/traces"
"$make_trace" bad "$work/bad"
n=0
for f in "$work"/traces/*; do
	cmp "$f" "$src/scenarios/traces/${f##*/}"
	n=$((n + 1))
done
for f in "$work"/bad/*; do
	cmp "$f" "$src/tests/bad_traces/${f##*/}"
	n=$((n + 1))
done
echo "$n files identical"
