#!/bin/sh
# SPDX-License-Identifier: MIT
# signals.sh RXSIM SRCDIR - SIGINT, SIGTERM and SIGHUP stop a run within a
# second whatever it is doing (an absurd offered load whose drops take one
# event, the set-up of huge flow tables), with exit 130 and no output or
# temporary file left behind.
. "$(dirname "$0")/common.sh"

# now in tenths of a second
tenths() {
	awk '{ printf "%d\n", $1 * 10 }' /proc/uptime
}

# stop NAME SIGNAL ARGS...: start a run, signal it after 0.5 s, require an
# exit 130 within 1 s of the signal and a clean --out directory
stop() {
	name=$1
	sig=$2
	shift 2
	rm -rf "$tmp/out" && mkdir "$tmp/out"
	"$rxsim" run "$@" -q --out "$tmp/out" --trace "$tmp/out/trace.json" \
		>"$tmp/stdout" 2>"$tmp/err" </dev/null &
	pid=$!
	sleep 0.5
	if ! kill -0 $pid 2>/dev/null; then
		wait $pid
		ko "$name: finished before the signal (exit $?)" "$tmp/err"
		return
	fi
	t0=$(tenths)
	kill -"$sig" $pid
	n=0
	while kill -0 $pid 2>/dev/null && [ $n -lt 100 ]; do
		sleep 0.05
		n=$((n + 1))
	done
	t1=$(tenths)
	if kill -0 $pid 2>/dev/null; then
		kill -KILL $pid
		wait $pid
		ko "$name: still running 5 s after SIG$sig"
		return
	fi
	wait $pid
	rc=$?
	if [ $rc -ne 130 ]; then
		ko "$name: exit $rc, expected 130" "$tmp/err"
	elif [ $((t1 - t0)) -gt 10 ]; then
		ko "$name: took $((t1 - t0))/10 s to stop after SIG$sig"
	elif [ -n "$(ls -A "$tmp/out")" ]; then
		ko "$name: left $(ls -A "$tmp/out" | tr '\n' ' ')"
	else
		ok "$name: SIG$sig stopped it in $((t1 - t0))/10 s"
	fi
}

load="--set traffic.0.rate=1000Gpps --set duration=100s"
stop "absurd load" INT $qs $load
stop "absurd load" TERM $qs $load
stop "absurd load" HUP $qs $load
# twenty sources of ten million Zipf flows each: seconds of set-up
cat >"$tmp/flows.json" <<JSON
{ "nics": [{ "name": "eth0" }], "sockets": [{ "name": "s", "port": 9000 }],
  "traffic": [
JSON
i=0
while [ $i -lt 20 ]; do
	[ $i -gt 0 ] && echo "," >>"$tmp/flows.json"
	printf '{ "flows": 10000000, "weights": "zipf(1.1)", "rate": "1kpps", "dst_port": 9000 }' \
		>>"$tmp/flows.json"
	i=$((i + 1))
done
echo '] }' >>"$tmp/flows.json"
stop "huge flow tables" INT "$tmp/flows.json" --max-memory unlimited

# A run blocked in a write (a FIFO nobody reads) cannot stop by itself: the
# second SIGINT, two seconds later, kills it, and its temporaries go first.
rm -rf "$tmp/out" && mkdir "$tmp/out"
if mkfifo "$tmp/fifo"; then
	sleep 30 <"$tmp/fifo" &
	holder=$!
	"$rxsim" run $qs -q --out "$tmp/out" --trace "$tmp/fifo" 2>"$tmp/err" &
	pid=$!
	sleep 1
	kill -INT $pid
	sleep 2.2
	kill -INT $pid
	n=0
	while kill -0 $pid 2>/dev/null && [ $n -lt 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	if kill -0 $pid 2>/dev/null; then
		kill -KILL $pid
		ko "blocked run: the second SIGINT did not end it"
	elif [ -n "$(ls -A "$tmp/out")" ]; then
		ko "blocked run: left $(ls -A "$tmp/out" | tr '\n' ' ')"
	else
		ok "blocked run: the second SIGINT ends it and removes its temporaries"
	fi
	wait $pid 2>/dev/null
	kill $holder 2>/dev/null
	wait $holder 2>/dev/null
fi
finish
