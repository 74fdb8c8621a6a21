#!/bin/sh
# SPDX-License-Identifier: MIT
# The feed lands on a real nginx over TLS: status.json validates against
# docs/feed-schema.json, the signature verifies with openssl, the history CSV,
# forecast.json, feed.json and the NGSI entities are there and valid, CORS
# headers are sent; without the CA the publisher refuses the server.
. tests/feed/lib.sh
# The Smart Data Models schemas (shared data, beside the checkout).
SDM=
for d in "$ROOT/../shared" "$ROOT/../../shared" /work/shared; do
	[ -f "$d/data/smart-data-models/QueueMonitor.schema.json" ] && SDM=$d/data/smart-data-models && break
done
[ -n "$SDM" ] || fail "smart-data-models schemas not found (../shared/data/smart-data-models)"

feed_nginx_start
# Driven as the daemon's epoll loop drives it (watch callback, fd_ready).
feed_pubtest --epoll --duration 4 --drain 10 --history 1 --interval 60 --min-gap 1 --ngsi \
	--seed-weeks 2 2>"$T/pub.log" || fail "publisher did not finish idle"

D=$WWW/offices/$OFFICE
for f in status.json feed.json forecast.json ngsi.json; do
	[ -s "$D/$f" ] || fail "$f did not land"
done
feed_validate docs/feed-schema.json "$D/status.json" || fail "status.json invalid"
feed_validate docs/forecast-schema.json "$D/forecast.json" || fail "forecast.json invalid"
feed_validate docs/feed-discovery-schema.json "$D/feed.json" || fail "feed.json invalid"
python3 - "$D/ngsi.json" "$T" <<'PY' || fail "ngsi.json: wrong entities"
import json, sys
ents = json.load(open(sys.argv[1]))
qm = [e for e in ents if e["type"] == "QueueMonitor"]
cf = [e for e in ents if e["type"] == "CrowdFlowObserved"]
assert len(qm) == 6 and len(cf) == 1, (len(qm), len(cf))
a = [e for e in qm if e["serviceId"] == "A"][0]
assert a["ticketsToServe"] == 12 and a["serviceStatus"] == "Open" and a["lastTicketIssued"] == 42, a
assert cf[0]["peopleCount"] == 23 and abs(cf[0]["occupancy"] - 0.29) < 1e-9, cf[0]
json.dump(qm, open(sys.argv[2] + "/qm.json", "w"))
json.dump(cf, open(sys.argv[2] + "/cf.json", "w"))
PY
feed_validate --each "$SDM/QueueMonitor.schema.json" "$T/qm.json" "$SDM/common-schema.json" ||
	fail "QueueMonitor entities invalid"
feed_validate --each "$SDM/CrowdFlowObserved.schema.json" "$T/cf.json" "$SDM/common-schema.json" ||
	fail "CrowdFlowObserved entity invalid"

# The figures of the fixture made it through, and nothing personal did.
python3 - "$D/status.json" <<'PY' || fail "status.json content"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["office"]["id"] == "131016-0001" and d["seq"] == 42, d["office"]
assert d["service"] == {"status": "Open", "note": {"ja": "本日は混み合っています", "en": "Busy today"},
                        "today": {"kind": "weekly", "holiday": None,
                                  "hours": [{"open": "08:30", "close": "17:15"}]},
                        "next_opening": {"date": "2026-11-24", "open": "08:30", "close": "17:15",
                                         "closed_before": 0}}, d["service"]
assert [c["waiting"] for c in d["categories"]] == [12, 5, 0, 8, 21, 3]
assert d["categories"][0]["wait"]["median"] == 15 and d["level"]["code"] == "high"
assert len(d["windows"]) == 10 and d["occupancy"]["count"] == 23
assert "calls" not in d and "queues" not in d and "last_issued" not in json.dumps(d)
a = d["categories"][0]
assert [q["ticket"] for q in a["queue"]][:2] == ["A-031", "A-032"] and a["calls"][0]["window"] == "2"
assert a["reservations"] == [{"start": "2026-11-23T11:00:00+09:00", "end": "2026-11-23T11:30:00+09:00",
                              "booked": 2}]
assert a["name"]["vi"] == "Giấy chứng nhận"
PY
# The size budget of docs/feed.md: 8,192 bytes plus 64 per waiting ticket listed.
size=$(wc -c <"$D/status.json")
listed=$(python3 -c 'import json, sys; print(sum(len(c["queue"]) for c in json.load(open(sys.argv[1]))["categories"]))' "$D/status.json")
budget=$((8192 + 64 * listed))
echo "status.json: $size bytes for 6 categories, 10 windows, $listed waiting listed (budget $budget)"
[ "$size" -le "$budget" ] || fail "status.json is $size bytes (> $budget)"

# The signature: HMAC-SHA256 over "TIMESTAMP\nMETHOD PATH\n" + body.
verify() { # $1 = request path
	line=$(grep "|PUT|$1|20[0-9]|" "$T/access.log" | tail -n 1)
	[ -n "$line" ] || fail "no PUT of $1 in the access log"
	ts=$(echo "$line" | cut -d'|' -f5)
	sig=$(echo "$line" | cut -d'|' -f6)
	want=$({
		printf '%s\nPUT %s\n' "$ts" "$1"
		cat "$WWW$1"
	} | openssl dgst -sha256 -hmac "$KEY" -r | cut -d' ' -f1)
	[ "$sig" = "sha256=$want" ] || fail "signature of $1: got '$sig', expected sha256=$want"
	now=$(date +%s)
	[ $((now - ts)) -lt 60 ] || fail "timestamp $ts is not recent"
	# A changed body must not verify.
	bad=$({
		printf '%s\nPUT %s\n' "$ts" "$1"
		cat "$WWW$1"
		printf x
	} | openssl dgst -sha256 -hmac "$KEY" -r | cut -d' ' -f1)
	[ "$sig" != "sha256=$bad" ] || fail "signature does not depend on the body"
}
verify "/offices/$OFFICE/status.json"
day=$(ls "$D/history" | tail -n 1)
verify "/offices/$OFFICE/history/$day"
echo "signatures verify"

rows=$(feed_history_check any -1) || fail "history"
[ "$rows" -ge 3 ] || fail "only $rows history rows for 4 s at 1 s"
head -n 1 "$D/history/$day" | grep -q '^連番,施設ID,日時,曜日,営業状態,待ち人数' || fail "CSV header"

# The forecast comes from the seeded weeks: a weekday morning is busier than
# a weekday afternoon, and Monday's peak scores 100.
python3 - "$D/forecast.json" <<'PY' || fail "forecast content"
import json, sys
f = json.load(open(sys.argv[1]))
mon = {s["start"]: s for s in f["days"]["mon"]}
assert f["basis"]["samples"] > 100, f["basis"]
assert max(s["score"] for d in f["days"].values() for s in d) == 100
assert mon["11:30"]["score"] > mon["16:30"]["score"], (mon["11:30"], mon["16:30"])
assert f["days"]["sun"] == []
PY

# CORS for third parties, and the bearer token is required for PUT.
curl -s -D - -o /dev/null --cacert "$T/ca.pem" "$FEED/offices/$OFFICE/status.json" |
	grep -qi '^access-control-allow-origin: \*' || fail "no CORS header"
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$T/ca.pem" -X PUT --data x \
	"$FEED/offices/$OFFICE/status.json")
[ "$code" = 401 ] || fail "PUT without token gave $code"

# The day after a long closure: on Thursday 2026-09-24, after Saturday 9/19 to
# 秋分の日 9/23 (5 days, a Thursday usually follows none), the forecast's
# date scales Thursday's slots by 1 + 5 * (671 / 325 - 1) / 5 = 2.0646; the
# seeded weeks have no such day, so that is the default.
feed_pubtest --duration 2 --drain 10 --calendar --spool "$T/spool-cal" --seed-weeks 2 \
	--start 2026-09-24T09:00:00+09:00 2>"$T/pub-cal.log" || fail "publisher with a calendar did not finish idle"
feed_validate docs/forecast-schema.json "$D/forecast.json" || fail "forecast.json with dates invalid"
python3 - "$D/forecast.json" <<'PY' || fail "forecast after a closure"
import json, sys
f = json.load(open(sys.argv[1]))
assert f["basis"]["after_closure"] == {"days": 0, "per_day": 0.213}, f["basis"]
dates = {x["date"]: x for x in f["dates"]}
assert list(dates) == ["2026-09-24", "2026-09-25", "2026-09-26", "2026-09-27", "2026-09-28",
                       "2026-09-29", "2026-09-30"], list(dates)
thu, fri, mon = dates["2026-09-24"], dates["2026-09-25"], dates["2026-09-28"]
assert thu["weekday"] == "thu" and thu["open"], thu
assert thu["after_closure"] == {"closed_days": 5, "extra_days": 5, "factor": 2.06, "basis": "default"}
assert fri["after_closure"] is None and fri["slots"] == f["days"]["fri"]
assert mon["after_closure"] is None and mon["slots"] == f["days"]["mon"]  # an ordinary weekend
assert not dates["2026-09-26"]["open"] and dates["2026-09-26"]["slots"] == []
usual = {s["start"]: s for s in f["days"]["thu"]}
peak = max(s["waiting"] for d in f["days"].values() for s in d)
assert len(thu["slots"]) == len(usual) > 10
for s in thu["slots"]:
    u = usual[s["start"]]
    assert abs(s["waiting"] - u["waiting"] * 671 / 325) <= 0.16, (s, u)
    assert abs(s["score"] - 100 * u["waiting"] * 671 / 325 / peak) <= 1.5, (s, u, peak)
    assert abs(s["wait_minutes"] - u["wait_minutes"] * 671 / 325) <= 2, (s, u)
assert max(s["score"] for s in thu["slots"]) > 100
PY

# A week later the history holds that Thursday: it is left out of Thursday's
# profile (one week left of two, where Friday has both) and k is learned from
# it; the seeded history made it an ordinary Thursday, so k is about 0.
feed_pubtest --duration 2 --drain 10 --calendar --spool "$T/spool-cal2" --seed-weeks 2 \
	--start 2026-10-01T09:00:00+09:00 2>"$T/pub-cal2.log" || fail "publisher with a calendar did not finish idle"
feed_validate docs/forecast-schema.json "$D/forecast.json" || fail "forecast.json with history invalid"
python3 - "$D/forecast.json" <<'PY' || fail "forecast learned after a closure"
import json, sys
f = json.load(open(sys.argv[1]))
a = f["basis"]["after_closure"]
assert a["days"] == 1 and abs(a["per_day"]) < 0.05, a
# (09:00 of the first seeded day is two weeks old to the minute: a week of its own.)
assert {s["weeks"] for s in f["days"]["thu"] if s["start"] > "09:00"} == {1}, f["days"]["thu"]
assert {s["weeks"] for s in f["days"]["fri"] if s["start"] > "09:00"} == {2}, f["days"]["fri"]
assert all(x["after_closure"] is None for x in f["dates"]), f["dates"]
PY

# To a context broker (last: it publishes its own forecast): POST /v2/op/update?options=keyValues, a batch append.
feed_pubtest --duration 2 --drain 10 --ngsi --ngsi-url "$FEED/ngsi" --spool "$T/spool5" \
	2>"$T/pub-ngsi.log" || fail "publisher with a broker did not finish idle"
grep -q "|POST|/ngsi/v2/op/update?options=keyValues|20[0-9]|" "$T/access.log" ||
	fail "no batch update POSTed"
python3 - "$WWW/broker/batch.json" "$T" <<'PY' || fail "batch body"
import json, sys
b = json.load(open(sys.argv[1]))
assert b["actionType"] == "append" and len(b["entities"]) == 7, b.keys()
json.dump([e for e in b["entities"] if e["type"] == "QueueMonitor"], open(sys.argv[2] + "/bqm.json", "w"))
PY
feed_validate --each "$SDM/QueueMonitor.schema.json" "$T/bqm.json" "$SDM/common-schema.json" ||
	fail "QueueMonitor entities in the batch invalid"

# TLS verification is on: without the test CA nothing is sent.
rm -f "$D/status.json"
"$BUILD/feed-pubtest" --url "$FEED" --spool "$T/spool2" --status "$T/status.json" \
	--token "$TOKEN" --duration 2 --timeout 2 2>"$T/pub-noca.log" && fail "publisher idle without the CA"
grep -qi 'certificate' "$T/pub-noca.log" || fail "TLS failure not logged"
[ ! -e "$D/status.json" ] || fail "status.json sent without verifying the server"
[ "$(grep -ci 'certificate' "$T/pub-noca.log")" -le 5 ] || fail "TLS error logged at every retry"
# A name that does not resolve: logged once per file, nothing lost locally.
"$BUILD/feed-pubtest" --url "https://feed.invalid" --spool "$T/spool4" --status "$T/status.json" \
	--duration 3 --history 1 --backoff-cap 1 2>"$T/pub-dns.log" && fail "idle without a server"
grep -q "status: Couldn't resolve host name" "$T/pub-dns.log" || fail "DNS failure not logged"
[ "$(grep -c "feed: status: Couldn't resolve" "$T/pub-dns.log")" -eq 1 ] || fail "DNS failure logged repeatedly"
ls "$T"/spool4/history-*.csv >/dev/null || fail "no history spooled while the name did not resolve"

# Coalescing does not spin: changes every 0.2 s with min_gap 2 s for 4 s
# cost little CPU, and reach the server at most once per 2 s.
python3 - "$BUILD/feed-pubtest" "$FEED" "$T" "$TOKEN" <<'PY' || fail "coalescing"
import os, resource, subprocess, sys, time
exe, feed, t, token = sys.argv[1:]
before = sum(1 for l in open(t + "/access.log") if "/status.json|" in l and "|PUT|" in l)
p = subprocess.Popen([exe, "--url", feed, "--spool", t + "/spool3", "--status", t + "/status.json",
                      "--token", token, "--ca", t + "/ca.pem", "--min-gap", "2", "--interval", "60",
                      "--duration", "4"], stderr=subprocess.DEVNULL)
while p.poll() is None:
    os.utime(t + "/status.json")
    time.sleep(0.2)
cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
used = cpu.ru_utime + cpu.ru_stime
puts = sum(1 for l in open(t + "/access.log") if "/status.json|" in l and "|PUT|" in l) - before
print(f"coalescing: {puts} status PUTs for ~20 changes in 4 s, {used:.2f} s CPU")
assert 2 <= puts <= 3, puts
assert used < 0.8, used
PY
echo "publish.sh: ok"
