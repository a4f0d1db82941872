#!/bin/sh
# SPDX-License-Identifier: MIT
# schema_validate.sh RXSIM SRCDIR - `rxsim params --schema` is a valid JSON
# Schema (draft 2020-12) that a real validator (python3-jsonschema) accepts
# every shipped scenario with, and rejects what the loader rejects for
# names, types and units; the loader accepts the "$schema" key editors use.
# Exit 77 (skipped) without the validator; CI installs it.
. "$(dirname "$0")/sweep_common.sh"

if ! command -v python3 >/dev/null 2>&1 ||
	! python3 -c 'import jsonschema; jsonschema.Draft202012Validator' 2>/dev/null; then
	echo "SKIP  python3-jsonschema not installed"
	exit 77
fi
"$rxsim" params --schema >"$tmp/schema.json" 2>"$tmp/err"
check_rc "params --schema" 0 $? "$tmp/err"

# validate FILE...: one line per file, "OK NAME" or "BAD NAME: path: message".
validate() {
	python3 - "$tmp/schema.json" "$@" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
for f in sys.argv[2:]:
    errs = sorted(v.iter_errors(json.load(open(f))), key=lambda e: list(e.path))
    name = f.rsplit('/', 1)[-1]
    if errs:
        e = errs[0]
        print("BAD %s: /%s: %s" % (name, "/".join(map(str, e.path)), e.message[:200]))
    else:
        print("OK %s" % name)
PY
}
validate scenarios/*.json >"$tmp/v" 2>"$tmp/err"
n=$(ls scenarios/*.json | wc -l)
if [ "$(grep -c '^OK ' "$tmp/v")" -eq "$n" ] && [ "$n" -gt 0 ]; then
	ok "all $n shipped scenarios validate against the schema"
else
	cat "$tmp/err" >>"$tmp/v"
	ko "shipped scenarios fail the schema" "$tmp/v"
fi

# Each of these the loader refuses; the schema must too.
w() { printf '%s\n' "$2" >"$tmp/$1.json"; }
w unknown_key '{"nics": [{"rx_rign": 512}]}'
w unknown_top '{"durashun": "10ms"}'
w wrong_type '{"host": {"cpus": "four"}}'
w out_of_range '{"nics": [{"rx_ring": 0}]}'
w bad_unit '{"duration": "10 parsecs"}'
w bad_enum '{"apps": [{"socket": "s", "mode": "sometimes"}]}'
w bad_mask '{"nics": [{"rps_cpus": "0xf,ff"}]}'
w bool_as_int '{"nics": [{"queues": true}]}'
validate "$tmp"/unknown_key.json "$tmp"/unknown_top.json "$tmp"/wrong_type.json \
	"$tmp"/out_of_range.json "$tmp"/bad_unit.json "$tmp"/bad_enum.json \
	"$tmp"/bad_mask.json "$tmp"/bool_as_int.json >"$tmp/v2" 2>&1
for f in unknown_key unknown_top wrong_type out_of_range bad_unit bad_enum bad_mask bool_as_int; do
	if grep -q "^BAD $f.json" "$tmp/v2"; then
		ok "schema rejects $f: $(grep "^BAD $f.json" "$tmp/v2" | cut -d: -f2- | cut -c1-70)"
	else
		ko "schema accepts $f" "$tmp/v2"
	fi
	"$rxsim" check "$tmp/$f.json" >/dev/null 2>&1
	check_rc "loader rejects $f too" 2 $?
done

# A file as an editor would write it: "$schema", a mask, a quantity with a
# unit and one as a plain number in the key's unit, "auto".
cat >"$tmp/editor.json" <<EOT
{ "\$schema": "$tmp/schema.json", "duration": 5, "warmup": "1ms", "host": { "cpus": 4, "hz": 250 },
  "nics": [{ "rps_cpus": "0x0e", "coalesce": { "rx-usecs": 8 } }],
  "sockets": [{ "name": "s", "port": 9000, "rcvbuf": "auto" }],
  "apps": [{ "socket": "s", "cpu": 1 }],
  "traffic": [{ "dst_port": 9000, "rate": "100kpps" }] }
EOT
validate "$tmp/editor.json" >"$tmp/v3" 2>&1
grep -q '^OK editor.json' "$tmp/v3" && ok "an editor's file validates" || ko "editor file" "$tmp/v3"
"$rxsim" check "$tmp/editor.json" >"$tmp/out" 2>"$tmp/err"
check_rc "the loader accepts \"\$schema\"" 0 $? "$tmp/err"
finish
