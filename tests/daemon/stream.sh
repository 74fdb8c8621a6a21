#!/bin/sh
# SPDX-License-Identifier: MIT
# The event stream: every client gets the status on connect and after every
# change, in order, with nothing missed; heartbeats keep it alive; a client
# that stops reading is dropped and never holds up the daemon or the others.
. "$(dirname "$0")/lib.sh"

start_daemon
CLIENTS=3
i=1
while [ $i -le $CLIENTS ]; do
	curl -sN "$URL/v1/stream" >"$TMP/stream.$i" &
	eval "CURL$i=\$!"
	i=$((i + 1))
done
# wait for each client's first event
for i in $(seq 1 $CLIENTS); do
	n=0
	while ! grep -q '^data: ' "$TMP/stream.$i" 2>/dev/null; do
		n=$((n + 1))
		[ $n -gt 200 ] && die "stream client $i got no first event"
		sleep 0.05
	done
done
expect "stream clients" "$(curl -s "$URL/healthz" | jq .stream_clients)" $CLIENTS
expect "the stream takes GET only" "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$URL/v1/stream")" 405
first=$(curl -s "$URL/v1/status" | jq .seq)
started=$(date +%s)

# A client that never reads: connects, asks for the stream, then sleeps.
bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT; printf 'GET /v1/stream HTTP/1.1\r\nHost: t\r\n\r\n' >&3; sleep 120" &
SLOW=$!

# 25 changes of several kinds
for c in A B A A B; do req POST /v1/tickets "{\"category\":\"$c\"}" >/dev/null; done
req POST /v1/windows/1/call >/dev/null
req POST /v1/windows/2/call >/dev/null
req POST /v1/windows/1/recall >/dev/null
req PUT /v1/notice '{"ja":"お知らせ","en":"Notice"}' >/dev/null
req POST /v1/windows/1/done >/dev/null
for c in A B A A B A B A A B; do req POST /v1/tickets "{\"category\":\"$c\"}" >/dev/null; done
req PUT /v1/windows/3 '{"open":true}' >/dev/null
req POST /v1/windows/3/call >/dev/null
req POST /v1/windows/3/no-show >/dev/null
req POST /v1/windows/2/done >/dev/null
req PUT /v1/service '{"status":"suspended"}' >/dev/null
last=$(curl -s "$URL/v1/status" | jq .seq)
expect "changes made" $((last - first)) 25

# Now flood: bigger documents, many changes, until the silent client is dropped.
long=$(head -c 480 /dev/zero | tr '\0' 'x')
req PUT /v1/notice "{\"ja\":\"$long\",\"en\":\"$long\",\"ko\":\"$long\",\"vi\":\"$long\",\"zh-Hans\":\"$long\",\"ja-easy\":\"$long\"}" >/dev/null
req PUT /v1/service '{"status":"open"}' >/dev/null
urls=$(for k in $(seq 1 150); do printf '%s ' "$URL/v1/tickets"; done)
n=0
while ! grep -q 'stream client dropped' "$TMP/log.1"; do
	n=$((n + 1))
	[ $n -gt 6 ] && break
	# shellcheck disable=SC2086
	curl -s -H "Authorization: Bearer $TOKEN" -d '{"category":"A"}' $urls >/dev/null
done
grep -q 'stream client dropped' "$TMP/log.1" || fail "the client that never reads was not dropped"
# the daemon still answers at once, and the slow client is gone
expect "healthz after flood" "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "$URL/healthz")" 200
n=0
while [ "$(curl -s "$URL/healthz" | jq .stream_clients)" != $CLIENTS ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && { fail "the dropped client still counts"; break; }
	sleep 0.05
done
kill $SLOW 2>/dev/null || true
final=$(curl -s "$URL/v1/status" | jq .seq)

# Heartbeat: wait until a heartbeat is due (15 s after the start).
while [ $(($(date +%s) - started)) -lt 17 ]; do sleep 1; done
for i in $(seq 1 $CLIENTS); do
	n=0
	while [ "$(grep '^data: ' "$TMP/stream.$i" | tail -n 1 | sed 's/^data: //' | jq .seq)" != "$final" ]; do
		n=$((n + 1))
		[ $n -gt 100 ] && break
		sleep 0.05
	done
done
final_status=$(status_stable)
# a clean exit with stream clients still connected
stop_daemon TERM
for i in $(seq 1 $CLIENTS); do
	eval "kill \$CURL$i 2>/dev/null || true; wait \$CURL$i 2>/dev/null || true"
done

want=$(seq "$first" "$final" | tr '\n' ' ')
for i in $(seq 1 $CLIENTS); do
	f=$TMP/stream.$i
	got=$(grep '^data: ' "$f" | sed 's/^data: //' | jq .seq | tr '\n' ' ')
	expect "client $i saw every change in order" "$got" "$want"
	ids=$(grep '^id: ' "$f" | sed 's/^id: //' | tr '\n' ' ')
	expect "client $i ids" "$ids" "$want"
	expect "client $i event names" "$(grep -c '^event: status$' "$f")" $((final - first + 1))
	grep -q '^: keep-alive$' "$f" || fail "client $i got no heartbeat"
	grep -q '^retry: ' "$f" || fail "client $i got no retry hint"
	expect "client $i last document is the status" \
		"$(grep '^data: ' "$f" | tail -n 1 | sed 's/^data: //' | jq -cS 'del(.generated_at)')" \
		"$final_status"
done

finish
