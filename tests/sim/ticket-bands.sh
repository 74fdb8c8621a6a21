#!/bin/sh
# SPDX-License-Identifier: MIT
# Each waiting ticket's own band (estimator_waiting(), the residents' page),
# scored at every update: on a short seeded run of three scenarios the
# simulator prints the per-ticket line, and the 80% band holds 70-98% of the
# remaining waits averaged per ticket, the 90% band at least 85% and no less
# than the 80% band. (The benchmark's target is 75-85%; two days are too few
# to hold a run to it, so this is a floor that a band scored against the
# wrong ticket or the wrong wait falls through.)
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
SIM=$BUILD/machiai-sim
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() {
	echo "ticket-bands.sh: $*" >&2
	exit 1
}
[ -x "$SIM" ] || fail "$SIM is not built"

run() {
	"$SIM" --scenario "sim/scenarios/$1.json" --seed 1 --days 2 --waiting-every 1 \
		--update-every 1000 --band-every 1000 --report "$tmp/$1.json" >"$tmp/$1.md" \
		2>"$tmp/$1.err" || { cat "$tmp/$1.err" >&2; return 1; }
}
run normal & a=$!
run branch & b=$!
wait $a || fail "normal did not run"
wait $b || fail "branch did not run"
run mms || fail "mms did not run"

# Without --waiting-every there is no per-ticket scoring.
"$SIM" --scenario sim/scenarios/branch.json --seed 1 --days 1 --report "$tmp/off.json" >"$tmp/off.md"
jq -e '.per_ticket == null' "$tmp/off.json" >/dev/null || fail "per_ticket present without --waiting-every"
! grep -q '^Per ticket' "$tmp/off.md" || fail "per-ticket line printed without --waiting-every"

bad=0
for s in normal branch mms; do
	grep -q '^Per ticket, every update (after events that change the queue, at most once every 1 simulated minute;' "$tmp/$s.md" ||
		{ echo "ticket-bands.sh: $s: no per-ticket line in the report" >&2; bad=1; }
	line=$(jq -r '.per_ticket | "\(.tickets.n) \(.bands.n) \(.tickets.coverage80) \(.tickets.coverage90) \(.updates)"' "$tmp/$s.json")
	# shellcheck disable=SC2086
	set -- $line
	echo "ticket-bands.sh: $s: $1 tickets, $2 bands at $5 updates; per ticket, 80% band holds $3, 90% band $4"
	awk -v n="$1" -v nb="$2" -v c80="$3" -v c90="$4" 'BEGIN { exit !(n >= 100 && nb > n && c80 >= 0.70 && c80 <= 0.98 && c90 >= 0.85 && c90 >= c80) }' ||
		{ echo "ticket-bands.sh: $s: per-ticket coverage outside its floor" >&2; bad=1; }
done
[ $bad -eq 0 ] || exit 1
echo "ticket-bands.sh: every waiting ticket's band is scored at its updates and holds its floor"
