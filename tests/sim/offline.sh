#!/bin/sh
# SPDX-License-Identifier: MIT
# machiai-sim offline mode: scenario checks, errors that say where, a report that
# is well formed, and the same output for the same seed.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
SIM=$BUILD/machiai-sim
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() {
	echo "offline.sh: $*" >&2
	exit 1
}

for f in sim/scenarios/*.json; do
	"$SIM" --scenario "$f" --check || fail "$f does not check"
done

# A broken file: exit 2 and the place of each error.
sed 's/"cv": 0.7/"cv": -3/; s/"rule": "fifo"/"rule": "lifo"/' sim/scenarios/demo.json >"$tmp/bad.json"
rc=0
"$SIM" --scenario "$tmp/bad.json" --check 2>"$tmp/err" || rc=$?
[ $rc -eq 2 ] || fail "a bad scenario gave exit $rc, not 2"
grep -q "bad.json: \$.categories\[0\].service.cv: -3 is outside" "$tmp/err" || fail "no cv error: $(cat "$tmp/err")"
grep -q "bad.json: \$.windows\[0\].rule: must be" "$tmp/err" || fail "no rule error: $(cat "$tmp/err")"
printf '{ "name": "x",\n  "hours": }\n' >"$tmp/syntax.json"
rc=0
"$SIM" --scenario "$tmp/syntax.json" --check 2>"$tmp/err" || rc=$?
[ $rc -eq 2 ] && grep -q "syntax.json:2:" "$tmp/err" || fail "no line for a syntax error: $(cat "$tmp/err")"
rc=0
"$SIM" --scenario sim/scenarios/normal.json --days 0 2>/dev/null || rc=$?
[ $rc -eq 2 ] || fail "--days 0 was accepted"

# Two days of the demo office; the report has every part.
"$SIM" --scenario sim/scenarios/demo.json --days 2 --seed 9 --report "$tmp/a.json" >"$tmp/a.md"
jq -e '.scenario == "demo" and .days == 2 and .seed == 9 and
	.realised.tickets > 100 and .realised.measured > 50 and
	.realised.mean_wait >= 0 and (.realised.by_hour | length) > 5 and
	(.methods | keys == ["hol", "les", "machiai", "oracle", "ql"]) and
	([.methods[] | .issue.n > 0 and .issue.rmse >= 0 and .update.n > 0 and
	  (.by_category | length) == 4 and (.by_hour | length) > 5] | all) and
	.band80.n > 0 and .band80.coverage >= 0 and .band80.coverage <= 1 and
	.band90.n == .band80.n and .band90.coverage >= .band80.coverage and
	.band90.coverage <= 1 and .band90.mean_width >= .band80.mean_width and .theory == null' "$tmp/a.json" >/dev/null ||
	fail "the report is not complete: $(head -c 600 "$tmp/a.json")"
grep -q '^| machiai |' "$tmp/a.md" || fail "no table on stdout"

# The same seed: the same output; another seed: another day.
"$SIM" --scenario sim/scenarios/demo.json --days 2 --seed 9 --report "$tmp/b.json" >"$tmp/b.md"
cmp -s "$tmp/a.json" "$tmp/b.json" && cmp -s "$tmp/a.md" "$tmp/b.md" ||
	fail "seed 9 twice gave different output"
"$SIM" --scenario sim/scenarios/demo.json --days 2 --seed 10 --report "$tmp/c.json" >/dev/null
cmp -s "$tmp/a.json" "$tmp/c.json" && fail "seeds 9 and 10 gave the same report"
echo "offline.sh: scenarios check, errors say where, report complete, seeds repeat"
