#!/bin/sh
# SPDX-License-Identifier: MIT
# Crash safety: kill -9 during a burst of writes from three clients, restart,
# and check that nothing that was acknowledged is lost and that numbering
# continues; repeated at several points of the burst, counted in answers so
# that a busy machine kills at the same points as an idle one.
. "$(dirname "$0")/lib.sh"

# writer NAME METHOD PATH BODY: send until killed; keep every acknowledged answer.
writer() {
	while :; do
		if body=$(curl -sf -X "$2" -H "Authorization: Bearer $TOKEN" --data-binary "$4" "$URL$3"); then
			printf '%s\n' "$body" >>"$TMP/ack.$1"
		fi
	done
}

# number of the last acknowledged ticket of category $1 (0 when none)
acked_max() {
	if [ -s "$TMP/ack.$1" ]; then
		sed -n 's/.*"ticket":"[AB]-0*\([0-9][0-9]*\)".*/\1/p' "$TMP/ack.$1" | sort -n | tail -n 1
	else
		echo 0
	fi
}

# number of the last ticket of category $1 in the restarted state (0 when none)
state_max() {
	curl -s "$URL/v1/status" |
		jq -r --arg c "$1" '.categories[] | select(.id == $c) | .last_issued // "X-0" | sub("^[A-Z]-0*"; "") | if . == "" then "0" else . end'
}

# acks_reach NAME N BASE: wait until writer NAME has N answers more than BASE
acks_reach() {
	n=0
	while [ "$(cat "$TMP/ack.$1" 2>/dev/null | wc -l)" -lt $(($2 + $3)) ]; do
		n=$((n + 1))
		[ $n -gt 600 ] && die "writer $1 got fewer than $2 answers in 30 s"
		sleep 0.05
	done
}

start_daemon
for after in 1 3 6 10; do
	base_A=$(cat "$TMP/ack.A" 2>/dev/null | wc -l)
	base_B=$(cat "$TMP/ack.B" 2>/dev/null | wc -l)
	writer A POST /v1/tickets '{"category":"A"}' &
	WA=$!
	writer B POST /v1/tickets '{"category":"B"}' &
	WB=$!
	writer C POST /v1/windows/2/call '{}' &
	WC=$!
	acks_reach A "$after" "$base_A"
	acks_reach B "$after" "$base_B"
	kill -9 "$PID"
	wait "$PID" 2>/dev/null || true
	PID=
	sleep 0.3
	kill "$WA" "$WB" "$WC"
	wait "$WA" "$WB" "$WC" 2>/dev/null || true

	start_daemon
	grep -q 'skipped' "$TMP/log.$STARTS" && fail "round $after: replay skipped lines"
	for c in A B; do
		acked=$(acked_max $c)
		got=$(state_max $c)
		# everything acknowledged is there; at most the one request in flight more
		if [ "$got" -lt "$acked" ] || [ "$got" -gt $((acked + 1)) ]; then
			fail "round $after: category $c: acknowledged up to $acked, state has $got"
		fi
	done
	if [ -s "$TMP/ack.C" ]; then
		last_call=$(tail -n 1 "$TMP/ack.C" | jq -r .ticket)
		calls=$(curl -s "$URL/v1/status" | jq -r '[.calls[0:2][] | select(.window == "2") | .ticket] | join(" ")')
		case " $calls " in
		*" $last_call "*) ;;
		*) fail "round $after: last acknowledged call $last_call missing (recent calls: $calls)" ;;
		esac
	fi
	echo "round $after: A acknowledged $(acked_max A) / state $(state_max A), B $(acked_max B) / $(state_max B), $(wc -l <"$TMP/ack.C" 2>/dev/null || echo 0) calls"
done

# the same numbers continue
a=$(state_max A)
expect "numbering continues" "$(reqb POST /v1/tickets '{"category":"A"}' | jq -r .number)" $((a + 1))
# and the stream and the state agree after all this
expect "status seq equals events applied" \
	"$(curl -s "$URL/v1/status" | jq .seq)" "$(cat "$TMP"/state/journal-*.jsonl | wc -l)"

finish
