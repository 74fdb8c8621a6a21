#!/bin/sh
# SPDX-License-Identifier: MIT
# The sign's clock is the daemon's, not the machine's: a daemon whose clock
# starts on 2019-05-01 at 09:00 gives a sign that says 令和元年5月1日 9:00.
#
# What a person setting up a second screen types as --source: the daemon's
# address (http://HOST:PORT, or HOST:PORT), its /v1/stream, or its plain
# /v1/status (polled). With the real machiaid on loopback. When no status
# can be had, the screen says why in Japanese and the second language, with
# the URL: read back with tesseract for a refused connection, a 404, an
# answer that is not a status, and a server that never answers.
. "$(dirname "$0")/ocr-lib.sh"
token=test-token-0123456789
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy

"$root/$BUILD/machiaid" --config "$root/tests/daemon/test.conf" --state-dir "$tmp/state" \
	--listen 127.0.0.1:0 --clock-start 2026-11-23T09:00:00+09:00 2>"$tmp/daemon.log" &
pids="$pids $!"
i=0
while ! grep -q 'api on port' "$tmp/daemon.log" 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 200 ]; then
		echo "FAIL: machiaid did not start:"
		cat "$tmp/daemon.log"
		exit 1
	fi
	sleep 0.05
done
port=$(sed -n 's/.*api on port \([0-9]*\).*/\1/p' "$tmp/daemon.log" | head -n 1)
url=http://127.0.0.1:$port

post() { # PATH BODY
	curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
		-H 'Content-Type: application/json' --data-binary "$2" "$url$1"
}

wait_trace() { # NAME PATTERN SECONDS
	i=0
	while [ $i -lt $(($3 * 10)) ]; do
		grep -q "$2" "$tmp/$1.trace" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	bad "$1: no '$2' in the trace within $3 s; the sign said:"
	tail -3 "$tmp/$1.err"
	return 1
}

# show NAME SOURCE: a sign on SOURCE, in the background, tracing to NAME.trace.
show() {
	"$bin" --source "$2" --lang en --size 640x360 --no-sound --trace "$tmp/$1.trace" \
		--exit-after 30 2>"$tmp/$1.err" &
	eval "pid_$1=$!"
	pids="$pids $!"
}

show base "$url"
show bare "127.0.0.1:$port"
show slash "$url/"
show poll "$url/v1/status"
wait_trace base "^doc seq" 10 && echo "ok: --source http://HOST:PORT shows the daemon's status"
wait_trace bare "^doc seq" 10 && echo "ok: --source HOST:PORT shows it"
wait_trace slash "^doc seq" 10 && echo "ok: --source http://HOST:PORT/ shows it"
wait_trace poll "^doc seq" 10 && echo "ok: --source .../v1/status shows it"

[ "$(post /v1/tickets '{"category":"A"}')" = 201 ] || bad "POST /v1/tickets"
[ "$(post /v1/windows/1/call '{}')" = 200 ] || bad "POST /v1/windows/1/call"
seq=$(curl -s "$url/v1/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["seq"])')
wait_trace poll "seq $seq stale 0 flash 1" 6 &&
	echo "ok: the polled /v1/status takes a call within its poll (seq $seq)"
wait_trace base "seq $seq stale 0 flash 1" 6 && echo "ok: the base URL's stream takes the call"
sleep 3
grep -q "stale 1" "$tmp/poll.trace" && bad "poll: stale between polls"
for n in base bare slash poll; do
	kill "$(eval echo "\$pid_$n")" 2>/dev/null
done

# start_daemon NAME CLOCK-START [ADDRESS]: machiaid on a free port of
# ADDRESS (127.0.0.1 by default); sets dport.
start_daemon() {
	"$root/$BUILD/machiaid" --config "$root/tests/daemon/test.conf" --state-dir "$tmp/$1" \
		--listen "${3:-127.0.0.1}:0" --clock-start "$2" 2>"$tmp/$1.log" &
	pids="$pids $!"
	i=0
	while ! grep -q 'api on port' "$tmp/$1.log" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 200 ]; then
			echo "FAIL: machiaid did not start:"
			cat "$tmp/$1.log"
			exit 1
		fi
		sleep 0.05
	done
	dport=$(sed -n 's/.*api on port \([0-9]*\).*/\1/p' "$tmp/$1.log" | head -n 1)
}

# The office's clock, far from the machine's: the header shows the office's.
# (Wednesday 2019-05-08, open: 5/1, the first day of 令和, was a national holiday.)
start_daemon gen2019 2019-05-08T09:00:00+09:00
"$bin" --source "127.0.0.1:$dport" --lang en --no-sound --trace "$tmp/clock.trace" \
	--screenshot-after 2 --screenshot "$tmp/clock.png" 2>"$tmp/clock.err" ||
	bad "clock: the sign on a daemon of 2019 exited $?"
grep -q '^doc seq' "$tmp/clock.trace" || bad "clock: no document taken"
read_screen clock
want clock 令和元年5月8日 "(^|[^0-9])9:0[0-9]" "Wed8May"

# Closed, on an appliance whose daemon listens on the LAN: the closed screen
# gives the staff console's address, the machine's own rather than the
# loopback address the sign reads from.
lan=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$' | head -n 1)
if [ -n "$lan" ]; then
	start_daemon lan 2026-11-23T19:00:00+09:00 0.0.0.0
	"$bin" --source "127.0.0.1:$dport" --lang en --no-sound --screenshot-after 2 \
		--screenshot "$tmp/console.png" 2>"$tmp/console.err" || bad "console: exit $?"
	grep -q "staff console is at http://[0-9.]*:$dport/console" "$tmp/console.err" ||
		bad "console: not logged: $(cat "$tmp/console.err")"
	read_screen console
	want console 職員用の画面 "Staffconsole" "$dport/console"
	addr=$(sed -n 's|.*staff console is at http://\([0-9.]*\):.*|\1|p' "$tmp/console.err")
	hostname -I | tr ' ' '\n' | grep -qxF "$addr" ||
		bad "console: $addr is not one of this machine's addresses ($(hostname -I))"
	# On loopback only, a tablet cannot reach it: no address is shown.
	start_daemon loop 2026-11-23T19:00:00+09:00
	"$bin" --source "127.0.0.1:$dport" --lang en --no-sound --screenshot-after 2 \
		--screenshot "$tmp/loop.png" 2>"$tmp/loop.err" || bad "loop: exit $?"
	grep -q "cannot be reached from the LAN" "$tmp/loop.err" || bad "loop: not logged"
	read_screen loop
	grep -q "Staffconsole" "$tmp/loop.read" && bad "loop: a console address is shown"
else
	echo "skip: no LAN address on this machine for the staff console's line"
fi

# screen NAME SOURCE AFTER TEXT...: the connection screen after AFTER
# seconds, at full size; --screenshot must exit 1 (no status), and every
# TEXT must be read from it.
screen() {
	name=$1
	src=$2
	after=$3
	shift 3
	"$bin" --source "$src" --lang en --screenshot-after "$after" \
		--screenshot "$tmp/$name.png" 2>"$tmp/$name.err"
	rc=$?
	[ $rc -eq 1 ] || bad "$name: --screenshot without a status exited $rc"
	read_screen "$name"
	want "$name" "$@"
}

free=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
screen refused "127.0.0.1:$free" 1.5 接続を拒否されました \
	Connectionrefused "127.0.0.1:$free/v1/stream"
screen not-found "$url/v2/nothing" 1.5 このアドレスには状況がありません "\(404\)" "$port/v2/nothing"
screen not-status "$url/healthz" 1.5 machiaiの状況ではありません Notamachiaistatus \
	"$port/healthz"
mkdir "$tmp/www"
echo "<html><body>a router</body></html>" >"$tmp/www/index.html"
python3 -m http.server --bind 127.0.0.1 --directory "$tmp/www" 0 >"$tmp/www.log" 2>&1 &
pids="$pids $!"
i=0
while ! grep -q 'port' "$tmp/www.log" && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
wport=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$tmp/www.log" | head -n 1)
screen html "http://127.0.0.1:$wport/index.html" 1.5 machiaiの状況ではありません Notamachiaistatus "$wport/index.html"
python3 "$root/tests/display/sse-server.py" --doc "$tmp/none.json" --port-file "$tmp/hport" \
	--hang &
pids="$pids $!"
i=0
while [ ! -s "$tmp/hport" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
screen timeout "127.0.0.1:$(cat "$tmp/hport")" 11.5 応答がありません Noanswer

# Before any document the office's languages are not known: the second
# language turns through all of them.
"$bin" --source "127.0.0.1:$free" --size 640x360 --no-sound --rotate-seconds 1 \
	--trace "$tmp/turn.trace" --exit-after 4.5 2>/dev/null
langs=$(sed -n 's/^frame .* lang \([^ ]*\) .*/\1/p' "$tmp/turn.trace" | sort -u | grep -vx ja | wc -l)
if [ "$langs" -ge 3 ]; then
	echo "ok: the connection screen turns through $langs second languages"
else
	bad "turn: only $langs second languages in 4.5 s: $(sed -n 's/^frame .* lang \([^ ]*\) .*/\1/p' "$tmp/turn.trace" | sort -u | tr '\n' ' ')"
fi
echo "source.sh: $fail failed"
[ $fail -eq 0 ]
