#!/bin/sh
# SPDX-License-Identifier: MIT
# The local API over HTTP: a morning of tickets and calls ends in the expected
# status; every bad input gets its 4xx and leaves /v1/status as it was;
# writes without the token are refused; the status survives a restart.
. "$(dirname "$0")/lib.sh"

start_daemon

expect "healthz" "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")" 200
expect "day opened" "$(curl -s "$URL/v1/status" | jq -r .service.status)" open

# --- a morning ---
labels=
for c in A A B A B A B A A; do
	r=$(req POST /v1/tickets "{\"category\":\"$c\"}")
	expect "issue $c" "${r%% *}" 201
	labels="$labels $(echo "${r#* }" | jq -r .ticket)"
done
expect "labels" "$labels" " A-001 A-002 B-001 A-003 B-002 A-004 B-003 A-005 A-006"
r=$(req POST /v1/tickets '{"category":"A"}')
expect "issue answer" "$(echo "${r#* }" | jq -c '{ticket,category,number,waiting_before,w:(.wait|has("median"))}')" \
	'{"ticket":"A-007","category":"A","number":7,"waiting_before":6,"w":true}'

expect "call 1" "$(req POST /v1/windows/1/call '{}')" \
	'200 {"window":"1","open":true,"categories":["A"],"ticket":"A-001","state":"called","recalls":0}'
expect "call 2 (longest waiting of A, B)" "$(reqb POST /v1/windows/2/call | jq -r .ticket)" A-002
expect "open 3" "$(req PUT /v1/windows/3 '{"open":true}')" \
	'200 {"window":"3","open":true,"categories":["B"],"ticket":null,"state":null,"recalls":0}'
expect "call 3" "$(reqb POST /v1/windows/3/call | jq -r .ticket)" B-001
expect "recall 1" "$(req POST /v1/windows/1/recall '{}')" \
	'200 {"window":"1","open":true,"categories":["A"],"ticket":"A-001","state":"called","recalls":1}'
expect "serve 1" "$(reqb POST /v1/windows/1/serve | jq -r .state)" serving
expect "done 1" "$(req POST /v1/windows/1/done)" \
	'200 {"window":"1","open":true,"categories":["A"],"ticket":null,"state":null,"recalls":0}'
expect "no-show 3" "$(reqb POST /v1/windows/3/no-show | jq -c '[.ticket,.state]')" '[null,null]'
expect "call a given number" "$(reqb POST /v1/windows/1/call '{"ticket":"A-005"}' | jq -r .ticket)" A-005
expect "call 2 finishes A-002, calls the longest waiting" \
	"$(reqb POST /v1/windows/2/call | jq -r .ticket)" A-003
expect "book" "$(req POST /v1/reservations '{"id":"R1","category":"B","slot_start":"2026-11-23T09:00:00+09:00","slot_end":"2026-11-23T09:30:00+09:00"}')" \
	'201 {"id":"R1","category":"B","slot_start":"2026-11-23T09:00:00+09:00","slot_end":"2026-11-23T09:30:00+09:00","state":"booked"}'
r=$(req POST /v1/tickets '{"reservation":"R1"}')
expect "check-in" "${r%% *} $(echo "${r#* }" | jq -c '{ticket,reservation}')" \
	'201 {"ticket":"B-004","reservation":"R1"}'
expect "notice" "$(req PUT /v1/notice '{"ja":"混雑しています","en":"Busy"}')" \
	'200 {"notice":{"ja":"混雑しています","en":"Busy"}}'
expect "suspend" "$(req PUT /v1/service '{"status":"suspended"}')" '200 {"status":"suspended"}'
expect "issue while suspended" "$(reqb POST /v1/tickets '{"category":"A"}' | jq -r .error)" suspended
expect "suspended status" "$(curl -s "$URL/v1/status" | jq -r .service.status)" suspended
expect "resume" "$(req PUT /v1/service '{"status":"open"}')" '200 {"status":"open"}'

summary='.service.status, .service.notice.ja,
	([.categories[] | [.id, .waiting, .last_issued, .last_called, .serving]]),
	([.windows[] | [.id, .open, .ticket, .state, .recalls]]),
	([.calls[] | [.ticket, .window, .recall]])'
want='"open"
"混雑しています"
[["A",3,"A-007","A-003",["A-005","A-003"]],["B",3,"B-004","B-001",[]]]
[["1",true,"A-005","called",0],["2",true,"A-003","called",0],["3",true,null,null,0]]
[["A-003","2",false],["A-005","1",false],["A-001","1",true],["B-001","3",false],["A-002","2",false],["A-001","1",false]]'
expect "morning status" "$(curl -s "$URL/v1/status" | jq -c "$summary")" "$want"
# a rise of the congestion level shows at once (hysteresis only delays
# easing): no level is below the level of its wait now (thresholds 20, 40, 60)
expect "levels not below their waits" "$(curl -s "$URL/v1/status" | jq '
	(.categories | map(.level.value >= (.wait.median as $m | [20, 40, 60] | map(select($m != null and . <= $m)) | length)) | all)
	and .level.value >= .level.by_wait')" true

# --- bad input: the right 4xx, an error body, and the state unchanged ---
# bad STATUS CODE METHOD PATH [BODY] (with the token)
bad() {
	want_status=$1
	want_code=$2
	shift 2
	r=$(req "$@")
	expect "$* status" "${r%% *}" "$want_status"
	expect "$* error" "$(echo "${r#* }" | jq -r .error)" "$want_code"
	if [ -z "$(echo "${r#* }" | jq -r '.message | select(length > 0)')" ]; then
		fail "$*: no message"
	fi
}
# noauth STATUS METHOD PATH BODY [HEADER]: without a valid token
noauth() {
	code=$(curl -s -o "$TMP/body" -w '%{http_code}' -X "$2" ${5:+-H "$5"} \
		--data-binary "$4" "$URL$3")
	expect "$2 $3 without token" "$code" "$1"
	expect "$2 $3 without token error" "$(jq -r .error "$TMP/body")" unauthorized
}

expect "close 3" "$(reqb PUT /v1/windows/3 '{"open":false}' | jq -r .open)" false
before=$(status_stable)
seq_before=$(curl -s "$URL/v1/status" | jq .seq)

noauth 401 POST /v1/tickets '{"category":"A"}'
noauth 401 POST /v1/tickets '{"category":"A"}' "Authorization: Bearer wrong-token-0123456789"
noauth 401 POST /v1/tickets '{"category":"A"}' "Authorization: Bearer "
noauth 401 POST /v1/tickets '{"category":"A"}' "Authorization: Basic dGVzdDp0ZXN0"
noauth 401 POST /v1/windows/1/call '{}'
noauth 401 PUT /v1/notice '{"ja":"x"}'
noauth 401 PUT /v1/windows/1 '{"open":false}'
noauth 401 POST /v1/reservations '{}'
noauth 401 PUT /v1/service '{"status":"suspended"}'

bad 400 bad_json POST /v1/tickets '{"category":'
bad 400 bad_json POST /v1/tickets 'category=A'
bad 400 bad_json POST /v1/tickets '{"category":"A","category":"B"}'
bad 400 bad_json POST /v1/tickets ''
bad 400 wrong_type POST /v1/tickets '["A"]'
bad 400 unknown_field POST /v1/tickets '{"category":"A","priority":1}'
bad 400 wrong_type POST /v1/tickets '{"category":1}'
bad 400 bad_request POST /v1/tickets '{}'
bad 400 bad_request POST /v1/tickets '{"category":"A","reservation":"R1"}'
bad 400 bad_value POST /v1/tickets '{"category":""}'
bad 422 unknown_category POST /v1/tickets '{"category":"Z"}'
bad 422 unknown_reservation POST /v1/tickets '{"reservation":"R404"}'
bad 409 bad_state POST /v1/tickets '{"reservation":"R1"}'
head -c 20000 /dev/zero | tr '\0' ' ' >"$TMP/big"
r=$(curl -s -o "$TMP/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
	--data-binary @"$TMP/big" "$URL/v1/tickets")
expect "body over 16 KiB" "$r $(jq -r .error "$TMP/body")" "413 too_large"
r=$(head -c 20000 /dev/zero | tr '\0' ' ' | curl -s -o "$TMP/body" -w '%{http_code}' -X POST \
	-H "Authorization: Bearer $TOKEN" -H 'Transfer-Encoding: chunked' --data-binary @- \
	"$URL/v1/tickets")
expect "chunked body over 16 KiB" "$r $(jq -r .error "$TMP/body")" "413 too_large"

r=$(curl -s -D "$TMP/headers" -o "$TMP/body" -w '%{http_code}' -X DELETE "$URL/v1/tickets")
expect "DELETE /v1/tickets" "$r $(jq -r .error "$TMP/body")" "405 method_not_allowed"
expect "Allow header" "$(grep -i '^Allow:' "$TMP/headers" | tr -d '\r')" "Allow: POST"
bad 405 method_not_allowed GET /v1/windows/1/call
bad 405 method_not_allowed POST /v1/status '{}'
bad 405 method_not_allowed PUT /v1/tickets '{"category":"A"}'
bad 404 not_found GET /v1/nothing
bad 404 not_found POST /v1/windows/1/explode '{}'
bad 404 unknown_window POST /v1/windows/9/call '{}'
bad 404 unknown_window PUT /v1/windows/9 '{"open":true}'

bad 422 unknown_ticket POST /v1/windows/1/call '{"ticket":"A-999"}'
bad 400 wrong_type POST /v1/windows/1/call '{"ticket":12}'
bad 400 unknown_field POST /v1/windows/1/call '{"next":true}'
bad 409 bad_state POST /v1/windows/2/call '{"ticket":"A-001"}'
bad 409 wrong_window POST /v1/windows/1/call '{"ticket":"B-002"}'
bad 409 window_closed POST /v1/windows/3/call '{}'
bad 409 no_ticket POST /v1/windows/3/recall '{}'
bad 409 no_ticket POST /v1/windows/3/done
bad 409 no_ticket POST /v1/windows/3/no-show
bad 400 unknown_field POST /v1/windows/1/done '{"ticket":"A-005"}'

bad 400 missing_field PUT /v1/windows/1 '{}'
bad 400 wrong_type PUT /v1/windows/1 '{"open":"yes"}'
bad 400 wrong_type PUT /v1/windows/1 '{"categories":"A"}'
bad 400 wrong_type PUT /v1/windows/1 '{"categories":[1]}'
bad 422 unknown_category PUT /v1/windows/1 '{"categories":["A","Z"]}'
bad 400 unknown_field PUT /v1/windows/1 '{"open":true,"label":"x"}'

bad 400 missing_field POST /v1/reservations '{"id":"R2","category":"A","slot_start":"2026-11-23T10:00:00+09:00"}'
bad 400 bad_value POST /v1/reservations '{"id":"R2","category":"A","slot_start":"10:00","slot_end":"2026-11-23T10:30:00+09:00"}'
bad 422 bad_value POST /v1/reservations '{"id":"R2","category":"A","slot_start":"2026-11-23T10:00:00+09:00","slot_end":"2026-11-23T09:30:00+09:00"}'
# the journal writes times at +09:00 with a four-digit year: 9999-12-31T23:00Z is 10000 there
bad 400 bad_value POST /v1/reservations '{"id":"R2","category":"A","slot_start":"9999-12-31T23:00:00Z","slot_end":"9999-12-31T23:30:00Z"}'
bad 400 bad_value POST /v1/reservations '{"id":"R2","category":"A","slot_start":"1969-12-31T23:00:00Z","slot_end":"2026-11-23T10:30:00+09:00"}'
bad 422 unknown_category POST /v1/reservations '{"id":"R2","category":"Z","slot_start":"2026-11-23T10:00:00+09:00","slot_end":"2026-11-23T10:30:00+09:00"}'
bad 409 duplicate_reservation POST /v1/reservations '{"id":"R1","category":"B","slot_start":"2026-11-23T10:00:00+09:00","slot_end":"2026-11-23T10:30:00+09:00"}'
bad 400 unknown_field POST /v1/reservations '{"id":"R2","category":"A","slot_start":"2026-11-23T10:00:00+09:00","slot_end":"2026-11-23T10:30:00+09:00","name":"x"}'

bad 400 unknown_field PUT /v1/notice '{"fr":"bonjour"}'
# Messages that quote the input are cut between characters and are UTF-8 even
# for a decoded %ff: still the 4xx, with its JSON.
long=$(printf 'あ%.0s' $(seq 120))
bad 400 unknown_field PUT /v1/notice "{\"$long\":\"x\"}"
bad 400 unknown_field POST /v1/tickets "{\"category\":\"A\",\"x$long\":1}"
bad 404 not_found GET '/v1/nope%ff'
bad 404 not_found GET "/v1/$(printf '%%E3%%81%%82%.0s' $(seq 100))"
bad 404 unknown_window POST '/v1/windows/%ff%fe/call' '{}'
bad 405 method_not_allowed DELETE '/v1/windows/%ff'
# Hundreds of query arguments: 414 at once (libmicrohttpd would run out of the
# connection's memory and hang); huge headers and URLs beyond the connection's
# memory get libmicrohttpd's own 431 and 414 (HTML), also at once.
q=$(python3 -c "print('&'.join('a%d=%d' % (i, i) for i in range(600)))")
bad 414 uri_too_long GET "/v1/status?$q"
bad 414 uri_too_long POST "/v1/tickets?$q" '{"category":"A"}'
bad 414 uri_too_long GET "/v1/$(python3 -c "print('x' * 3000)")"
expect "30 query arguments are fine" \
	"$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$URL/v1/status?$(python3 -c "print('&'.join('a%d=%d' % (i, i) for i in range(30)))")")" 200
expect "huge header" "$(curl -s -m 5 -o /dev/null -w '%{http_code}' \
	-H "X-Big: $(python3 -c "print('x' * 70000)")" "$URL/v1/status" || true)" 431
expect "huge URL" "$(curl -s -m 5 -o /dev/null -w '%{http_code}' \
	"$URL/v1/status?$(python3 -c "print('a' * 100000)")" || true)" 414
expect "message keeps whole characters" \
	"$(reqb PUT /v1/notice "{\"$long\":\"x\"}" | jq -r '.message | .[0:5]')" '$.あああ'
bad 400 wrong_type PUT /v1/notice '{"ja":42}'
bad 400 bad_json PUT /v1/notice '"text"'
bad 400 bad_value PUT /v1/service '{"status":"closed"}'
bad 400 missing_field PUT /v1/service '{}'

expect "status unchanged by bad input" "$(status_stable)" "$before"
expect "seq unchanged" "$(curl -s "$URL/v1/status" | jq .seq)" "$seq_before"

# --- the console's files ---
expect "console index" "$(curl -s -o /dev/null -w '%{http_code} %{content_type}' "$URL/console/")" \
	"200 text/html; charset=utf-8"
expect "root redirects" "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$URL/")" \
	"302 $URL/console/"
expect "no path escape" "$(curl -s -o /dev/null -w '%{http_code}' --path-as-is "$URL/console/../daemon/main.c")" 404
expect "no dot files" "$(curl -s -o /dev/null -w '%{http_code}' "$URL/console/.hidden")" 404

# --- a restart gives back the same state, and numbers continue ---
# Congestion levels are held in memory by their hysteresis and start afresh
# after a restart; everything else comes back from the journal.
no_levels='del(.level, .categories[].level, .occupancy.level?)'
before=$(echo "$before" | jq -cS "$no_levels")
stop_daemon TERM
start_daemon
expect "status after restart" "$(status_stable | jq -cS "$no_levels")" "$before"
expect "numbers continue" "$(reqb POST /v1/tickets '{"category":"A"}' | jq -r .ticket)" A-008
expect "clean replay" "$(grep -c 'skipped\|torn tail' "$TMP/log.2" || true)" 0

finish
