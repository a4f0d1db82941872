#!/bin/sh
# SPDX-License-Identifier: MIT
#
# make_trace_check.sh MAKE_TRACE SRCDIR WORK - tools/make_trace.c still
# writes, byte for byte, the traces shipped in scenarios/traces/ and the
# corrupt corpus in tests/bad_traces/ and the other link types of
# tests/link_traces/ (regenerate them with `make_trace traces
# scenarios/traces`, `make_trace bad tests/bad_traces` and `make_trace links
# tests/link_traces`).
set -eu
make_trace=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work/traces" "$work/bad" "$work/links"
"$make_trace" traces "$work/traces"
"$make_trace" bad "$work/bad"
"$make_trace" links "$work/links"
n=0
for f in "$work"/traces/*; do
	cmp "$f" "$src/scenarios/traces/${f##*/}"
	n=$((n + 1))
done
for f in "$work"/bad/*; do
	cmp "$f" "$src/tests/bad_traces/${f##*/}"
	n=$((n + 1))
done
for f in "$work"/links/*; do
	cmp "$f" "$src/tests/link_traces/${f##*/}"
	n=$((n + 1))
done
# and nothing committed that the tool no longer writes
for f in "$src"/tests/bad_traces/*.pcap* "$src"/tests/link_traces/*; do
	case $f in */missing.pcap) continue ;; esac
	[ -e "$work/bad/${f##*/}" ] || [ -e "$work/links/${f##*/}" ] ||
		{ echo "$f: not written by make_trace" >&2; exit 1; }
done
echo "$n files identical"
