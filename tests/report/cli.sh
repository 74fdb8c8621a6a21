#!/bin/sh
# SPDX-License-Identifier: MIT
# machiai-report: simulated days reported as the simulator knows them, a day
# with a torn and a bad line reported with what could be read, CSV for Excel,
# and errors that say what is wrong.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
SIM=$BUILD/machiai-sim
REP=$BUILD/machiai-report
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() {
	echo "cli.sh: $*" >&2
	exit 1
}

# Two simulated days of the demo office (machiai.conf.example's), fixed seed.
mkdir "$tmp/state"
"$SIM" --scenario sim/scenarios/demo.json --days 2 --seed 9 --journal "$tmp/state" \
	--truth "$tmp/truth.json" --report "$tmp/sim.json" >/dev/null
ls "$tmp/state"/journal-2026-11-2[45].jsonl >/dev/null || fail "no journal files: $(ls "$tmp/state")"
"$REP" --state-dir "$tmp/state" --config machiai.conf.example --from 2026-11-24 --to 2026-11-25 \
	--json >"$tmp/r.json" 2>"$tmp/err"
[ ! -s "$tmp/err" ] || fail "a clean journal gave messages: $(cat "$tmp/err")"

# Per category: mean and 90th percentile of the waits as the simulator measured them
# (within the report's rounding to 0.1 min); every ticket counted.
jq -e --slurpfile t "$tmp/truth.json" '
	[.categories[] as $c | $t[0].categories[] | select(.id == $c.id) |
	 ($c.wait.n == .n) and (($c.wait.mean - .mean) | fabs) <= 0.05 and
	 (($c.wait.p90 - .p90) | fabs) <= 0.05 and (($c.wait.max - .max) | fabs) <= 0.05] |
	length == 4 and all' "$tmp/r.json" >/dev/null ||
	fail "waits differ from the simulator's: $(jq -c '[.categories[] | {id, wait}]' "$tmp/r.json") vs $(jq -c . "$tmp/truth.json")"
# The sign's honesty: the coverage of the band shown, as the estimator benchmark scores it.
jq -e --slurpfile s "$tmp/sim.json" '
	.total.band.n == $s[0].band80.n and .total.band.n > 100 and
	.total.band.coverage == $s[0].band80.shown_coverage and
	.total.band.soon == $s[0].band80.soon_n' "$tmp/r.json" >/dev/null ||
	fail "coverage differs: $(jq -c .total.band "$tmp/r.json") vs $(jq -c '.band80 | {n, shown_coverage, soon_n}' "$tmp/sim.json")"
# Counts and the door's daily peaks as the simulator counted them.
jq -e --slurpfile s "$tmp/sim.json" '
	.total.issued == $s[0].realised.tickets and .total.no_show == $s[0].realised.no_shows and
	(([.days[].peak_occupancy] | add / length) - $s[0].realised.peak_occupancy_mean | fabs) < 0.01' \
	"$tmp/r.json" >/dev/null ||
	fail "counts differ: $(jq -c '.total | {issued, no_show}, [.days[].peak_occupancy]' "$tmp/r.json") vs $(jq -c .realised "$tmp/sim.json")"
jq -e '.days_reported == 2 and (.days | length) == 2 and .skipped == [] and
	.total.issued == ([.categories[].issued] | add) and
	.total.called == ([.windows[].called] | add) and
	([.windows[].utilisation | select(. != null) | . >= 0 and . <= 1] | all) and
	.total.peak_occupancy > 0 and (.half_hours | length) > 10 and (.week | length) > 10 and
	.total.reservations.booked > 0 and
	.total.reservations.booked >= .total.reservations.kept + .total.reservations.missed' \
	"$tmp/r.json" >/dev/null || fail "the report is not complete: $(jq -c .total "$tmp/r.json")"

# A torn last line and a bad line in the middle: reported with the rest of the day.
cp -r "$tmp/state" "$tmp/torn"
f1=$tmp/torn/journal-2026-11-24.jsonl
f2=$tmp/torn/journal-2026-11-25.jsonl
sed -i '10s/.*/{"type":"ticket.call","at":oops}/' "$f1"
printf '{"type":"ticket.issue","at":17954' >>"$f2"
n2=$(($(wc -l <"$f2") + 1))
"$REP" --state-dir "$tmp/torn" --config machiai.conf.example --from 2026-11-24 --to 2026-11-25 \
	--json >"$tmp/t.json" 2>"$tmp/err"
grep -q "torn/journal-2026-11-24.jsonl:10: skipped: not a valid event" "$tmp/err" ||
	fail "the bad line is not named: $(cat "$tmp/err")"
grep -q "torn/journal-2026-11-25.jsonl:$n2: skipped: torn last line" "$tmp/err" ||
	fail "the torn line is not named: $(cat "$tmp/err")"
jq -e --arg n2 "$n2" '.days_reported == 2 and .skipped_total >= 2 and
	.skipped[0].file == "journal-2026-11-24.jsonl" and .skipped[0].line == 10 and
	([.skipped[] | select(.file == "journal-2026-11-25.jsonl" and .line == ($n2 | tonumber))] | length) == 1 and
	.total.issued > 400' "$tmp/t.json" >/dev/null || fail "torn day: $(jq -c '{days_reported, skipped, skipped_total}' "$tmp/t.json")"

# CSV: a BOM, Japanese headers, CRLF, the JSON's figures.
"$REP" --state-dir "$tmp/state" --config machiai.conf.example --from 2026-11-24 --to 2026-11-25 \
	--csv categories >"$tmp/c.csv"
[ "$(head -c 3 "$tmp/c.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "no BOM"
head -1 "$tmp/c.csv" | grep -q '^.*区分,名称,発券,呼出,対応済,不在,取消' || fail "headers: $(head -1 "$tmp/c.csv")"
[ "$(grep -c "$(printf '\r')\$" "$tmp/c.csv")" -eq 5 ] || fail "not 5 CRLF lines"
a=$(sed -n 2p "$tmp/c.csv" | cut -d, -f1,3,4)
b=$(jq -r '.categories[0] | "\(.id),\(.issued),\(.called)"' "$tmp/r.json")
[ "$(printf '%s' "$a" | tr -d '\r')" = "$b" ] || fail "CSV $a, JSON $b"
for t in summary windows half_hours days week skipped; do
	"$REP" --state-dir "$tmp/torn" --config machiai.conf.example --from 2026-11-24 \
		--to 2026-11-25 --csv $t >"$tmp/$t.csv" 2>/dev/null || fail "--csv $t failed"
done
head -1 "$tmp/skipped.csv" | tr -d '\r' | grep -q 'ファイル,行,理由$' &&
	grep -q '^journal-2026-11-24.jsonl,10,' "$tmp/skipped.csv" ||
	fail "skipped.csv: $(cat "$tmp/skipped.csv")"

# The plain text overview.
"$REP" --state-dir "$tmp/state" --config machiai.conf.example --from 2026-11-24 --to 2026-11-25 \
	>"$tmp/text"
grep -q '^total ' "$tmp/text" || fail "no overview: $(cat "$tmp/text")"

# Errors say what is wrong, exit 2.
for args in "--from 2026-11-31 --to 2026-12-01" "--from 2026-11-25 --to 2026-11-24" \
	"--from 2026-11-24 --to 2026-11-25 --csv people" "--from 2016-01-01 --to 2026-11-25"; do
	rc=0
	# shellcheck disable=SC2086
	"$REP" --state-dir "$tmp/state" --config machiai.conf.example $args >/dev/null 2>"$tmp/err" || rc=$?
	[ $rc -eq 2 ] && [ -s "$tmp/err" ] || fail "$args: exit $rc, $(cat "$tmp/err")"
done
grep -q "longer than 3660 days" "$tmp/err" || fail "range: $(cat "$tmp/err")"
rc=0
"$REP" --state-dir "$tmp/nowhere" --config machiai.conf.example --from 2026-11-24 --to 2026-11-24 \
	2>"$tmp/err" || rc=$?
[ $rc -eq 2 ] && grep -q "nowhere: No such file" "$tmp/err" || fail "missing folder: $rc $(cat "$tmp/err")"
rc=0
"$REP" --state-dir "$tmp/state" --config "$tmp/none.conf" --from 2026-11-24 --to 2026-11-24 \
	2>"$tmp/err" || rc=$?
[ $rc -eq 2 ] && grep -q "none.conf" "$tmp/err" || fail "missing config: $rc $(cat "$tmp/err")"
echo "cli.sh: simulated days match the simulator, torn and bad lines named, CSV for Excel"
