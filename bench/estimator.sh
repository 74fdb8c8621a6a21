#!/bin/sh
# SPDX-License-Identifier: MIT
# Estimator accuracy benchmark (docs/sim.md): every scenario for DAYS simulated
# days, all predictors, written to $BUILD/bench/estimator.md and printed.
#
#   bench/estimator.sh            200 days per scenario; exit 1 when a target is missed
#   bench/estimator.sh --quick    a few days; checks only that it runs, that the
#                                 output is well formed and that a seed repeats
#
# A second pass scores every waiting ticket's own band at every update (the
# per-ticket bands of the residents' page, estimator_waiting()), sampled at most
# once a simulated minute, for PER_TICKET_DAYS days per scenario.
#
# Environment: BUILD (default build), DAYS, THEORY_DAYS, PER_TICKET_DAYS
# (default DAYS), SEED.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
SIM=$BUILD/machiai-sim
quick=0
[ "${1:-}" = "--quick" ] && quick=1
if [ $quick = 1 ]; then
	DAYS=${DAYS:-2}
	THEORY_DAYS=${THEORY_DAYS:-3}
	PER_TICKET_DAYS=${PER_TICKET_DAYS:-$DAYS}
	OUT=$(mktemp -d)
	trap 'rm -rf "$OUT"' EXIT INT TERM
	scenarios="normal branch mms"
	order=$scenarios
else
	DAYS=${DAYS:-200}
	THEORY_DAYS=${THEORY_DAYS:-1000}
	PER_TICKET_DAYS=${PER_TICKET_DAYS:-$DAYS}
	OUT=$BUILD/bench/estimator
	mkdir -p "$OUT"
	scenarios=${SCENARIOS:-"normal monday after_holiday march_peak branch mms surge_walkouts heavy_tail reservations closures"}
	# Run in pairs of about equal cost (the slowest first).
	order=${SCENARIOS:-"after_holiday mms march_peak monday closures normal surge_walkouts reservations heavy_tail branch"}
fi
SEED=${SEED:-1}
MD=$(dirname "$OUT")/estimator.md
[ $quick = 1 ] && MD=$OUT/estimator.md
[ -x "$SIM" ] || { echo "estimator.sh: $SIM is not built" >&2; exit 1; }
command -v jq >/dev/null || { echo "estimator.sh: needs jq (scripts/deps.sh test)" >&2; exit 1; }

# One run: scenario NAME with extra options; report in $OUT/NAME.json.
run() {
	name=$1
	shift
	"$SIM" --scenario "sim/scenarios/$name.json" --seed "$SEED" --update-every 4 \
		--report "$OUT/$name.json" "$@" >"$OUT/$name.md" 2>"$OUT/$name.err" ||
		{ echo "estimator.sh: $name failed:" >&2; cat "$OUT/$name.err" >&2; return 1; }
}

# The per-ticket pass: every waiting ticket's band after events that change the
# queue, at most once a simulated minute, as the daemon's status refresh; the
# bands at issue are left to the category band made just before, as there.
run_per_ticket() {
	name=$1
	"$SIM" --scenario "sim/scenarios/$name.json" --seed "$SEED" --days "$PER_TICKET_DAYS" \
		--waiting-every 1 --update-every 1000 --band-every 1000 \
		--report "$OUT/$name-per-ticket.json" >"$OUT/$name-per-ticket.md" \
		2>"$OUT/$name-per-ticket.err" ||
		{ echo "estimator.sh: $name (per ticket) failed:" >&2; cat "$OUT/$name-per-ticket.err" >&2; return 1; }
}

# Two at a time: the machine has two cores.
start=$(date +%s)
pids=""
n=0
for s in $order; do
	extra=""
	[ "$s" = mms ] && extra="--band-every 10"
	# shellcheck disable=SC2086
	run "$s" --days "$DAYS" $extra &
	pids="$pids $!"
	n=$((n + 1))
	if [ $n -ge 2 ]; then
		for p in $pids; do wait "$p" || exit 1; done
		pids=""
		n=0
	fi
done
for p in $pids; do wait "$p" || exit 1; done
pt_start=$(date +%s)
pids=""
n=0
for s in $order; do
	run_per_ticket "$s" &
	pids="$pids $!"
	n=$((n + 1))
	if [ $n -ge 2 ]; then
		for p in $pids; do wait "$p" || exit 1; done
		pids=""
		n=0
	fi
done
for p in $pids; do wait "$p" || exit 1; done
pt_elapsed=$(($(date +%s) - pt_start))
"$SIM" --scenario sim/scenarios/mms.json --seed "$SEED" --days "$THEORY_DAYS" --no-predictors \
	--report "$OUT/mms-theory.json" >/dev/null
elapsed=$(($(date +%s) - start))

# Behaviour: every report is well formed, with every predictor scored.
for s in $scenarios; do
	jq -e '.days > 0 and .realised.tickets > 0 and .band80.n >= 0 and .band90.n == .band80.n and
		.waited.n >= 0 and .cold_start.n >= 0 and
		(.methods | keys == ["hol", "les", "machiai", "oracle", "ql"]) and
		([.methods[].issue.n] | all(. > 0)) and
		(.methods.oracle.issue.efficiency == 1)' "$OUT/$s.json" >/dev/null ||
		{ echo "estimator.sh: $OUT/$s.json is not a complete report" >&2; exit 1; }
done
for s in $scenarios; do
	jq -e '.per_ticket.every_minutes == 1 and .per_ticket.updates > 0 and
		.per_ticket.bands.n >= .per_ticket.tickets.n and
		(.per_ticket.tickets.n == 0 or (.per_ticket.tickets.coverage80 >= 0 and
		 .per_ticket.tickets.coverage80 <= .per_ticket.tickets.coverage90 + 1e-9))' \
		"$OUT/$s-per-ticket.json" >/dev/null ||
		{ echo "estimator.sh: $OUT/$s-per-ticket.json has no per-ticket scores" >&2; exit 1; }
	grep -q '^Per ticket, every update' "$OUT/$s-per-ticket.md" ||
		{ echo "estimator.sh: $OUT/$s-per-ticket.md has no per-ticket line" >&2; exit 1; }
done
jq -e '.theory.erlang_c_wait > 0 and .theory.simulated_wait > 0' "$OUT/mms-theory.json" \
	>/dev/null || { echo "estimator.sh: no theory check in mms-theory.json" >&2; exit 1; }

if [ $quick = 1 ]; then
	# The same seed gives the same report, byte for byte.
	"$SIM" --scenario sim/scenarios/branch.json --seed "$SEED" --update-every 4 \
		--days "$DAYS" --report "$OUT/again.json" >"$OUT/again.md"
	cmp -s "$OUT/branch.json" "$OUT/again.json" && cmp -s "$OUT/branch.md" "$OUT/again.md" ||
		{ echo "estimator.sh: a second run with seed $SEED differs" >&2; exit 1; }
	echo "estimator.sh --quick: $scenarios ran ($DAYS days), reports complete, seed repeats"
	exit 0
fi

# The summary, with the targets.
missed=0
{
	echo "# Estimator benchmark"
	echo
	echo "$DAYS simulated days per scenario, seed $SEED; $THEORY_DAYS days without predictors"
	echo "for the Erlang C check; $elapsed s on this machine. Rerun: \`bench/estimator.sh\`"
	echo "(or \`DAYS=N SEED=S bench/estimator.sh\`). Errors are predicted minus realised wait"
	echo "(issue to first call), in minutes, for walk-in tickets at issue; docs/sim.md has the"
	echo "definitions."
	echo
	echo "Coverage \"waited\" is of the tickets called after a wait (not at once), with the mean width of"
	echo "their bands; \"first 30\" the 80% coverage of the first 30 bands of each day (the estimator"
	echo "knows nothing of the day yet)."
	echo
	echo "| scenario | tickets/day | mean wait | gave up | machiai RMSE | oracle | LES | ÷ oracle (≤ 1.15) | ÷ LES (≤ 0.75) | bias (±3) | 80% coverage, all | 90%, all | 80% coverage, waited (75–85%) | 90%, waited | 80% width, waited | 90% width, waited | first 30 |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
} >"$MD"
for s in $scenarios; do
	f=$OUT/$s.json
	line=$(jq -r --arg s "$s" '
		def r2: if . == null then "–" else (. * 100 | round / 100 | tostring) end;
		def r1: if . == null then "–" else (. * 10 | round / 10 | tostring) end;
		def pct: if . == null then "–" else (. * 1000 | round / 10 | tostring) + "%" end;
		.methods as $m |
		($m.machiai.issue.rmse / $m.oracle.issue.rmse) as $eo |
		($m.machiai.issue.rmse / $m.les.issue.rmse) as $el |
		($m.machiai.issue.bias) as $b |
		(.waited.coverage80) as $cov |
		"| \($s) | \(.realised.tickets_per_day | r1) | \(.realised.mean_wait | r1) | \(if .realised.walk_ins > 0 then .realised.gave_up / .realised.walk_ins else null end | pct) | \($m.machiai.issue.rmse | r2) | \($m.oracle.issue.rmse | r2) | \($m.les.issue.rmse | r2) | \($eo | r2) \(if $eo <= 1.15 then "met" else "MISSED" end) | \($el | r2) \(if $s == "mms" then "(stationary: no target)" elif $el <= 0.75 then "met" else "MISSED" end) | \($b | r2) \(if ($b | fabs) <= 3 then "met" else "MISSED" end) | \(.band80.coverage | pct) | \(.band90.coverage | pct) | \($cov | pct) \(if $cov >= 0.75 and $cov <= 0.85 then "met" else "MISSED" end) | \(.waited.coverage90 | pct) | \(.waited.width80 | r1) | \(.waited.width90 | r1) | \(.cold_start.coverage80 | pct) |"' "$f")
	echo "$line" >>"$MD"
	case "$line" in *MISSED*) missed=$((missed + 1)) ;; esac
done
# Per ticket, every update: the target is on the per-ticket average.
{
	echo
	echo "## Per ticket, every update"
	echo
	echo "Each waiting ticket's own band (estimator_waiting(), the residents' page), after every"
	echo "event that changes the queue and at most once a simulated minute, scored at the ticket's"
	echo "call against the wait that remained; $PER_TICKET_DAYS days per scenario, seed $SEED,"
	echo "$pt_elapsed s of the run above. Scored tickets as above: walk-ins of the measured hours that"
	echo "were called (withdrawn tickets never are). \"per ticket\": each ticket's share of its bands"
	echo "that held, averaged over tickets (a long wait, with many bands, counts once); \"per band\":"
	echo "over every band shown. Median bias: band median − remaining wait, minutes."
	echo
	echo "| scenario | tickets | bands | 80% coverage, per ticket (75–85%) | 90%, per ticket | 80% width | 90% width | median bias | 80% coverage, per band | 90%, per band | median bias, per band |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
} >>"$MD"
for s in $scenarios; do
	line=$(jq -r --arg s "$s" '
		def r2: if . == null then "–" else (. * 100 | round / 100 | tostring) end;
		def r1: if . == null then "–" else (. * 10 | round / 10 | tostring) end;
		def pct: if . == null then "–" else (. * 1000 | round / 10 | tostring) + "%" end;
		.per_ticket.tickets as $t | .per_ticket.bands as $b |
		"| \($s) | \($t.n) | \($b.n) | \($t.coverage80 | pct) \(if $t.coverage80 != null and $t.coverage80 >= 0.75 and $t.coverage80 <= 0.85 then "met" else "MISSED" end) | \($t.coverage90 | pct) | \($t.width80 | r1) | \($t.width90 | r1) | \($t.median_bias | r2) | \($b.coverage80 | pct) | \($b.coverage90 | pct) | \($b.median_bias | r2) |"' \
		"$OUT/$s-per-ticket.json")
	echo "$line" >>"$MD"
	case "$line" in *MISSED*) missed=$((missed + 1)) ;; esac
done
# The theory section needs the mms run (SCENARIOS may leave it out).
if [ -f "$OUT/mms.json" ]; then
jq -r --slurpfile t "$OUT/mms-theory.json" '
	def r3: if . == null then "–" else (. * 1000 | round / 1000 | tostring) end;
	.theory as $p | $t[0].theory as $q |
	"",
	"## Theory check: stationary M/M/\($q.servers) at ρ = \($q.rho)",
	"",
	"| check | measured | expected |",
	"| --- | --- | --- |",
	"| mean wait, \($t[0].days) days | \($q.simulated_wait | r3) min ± \($q.simulated_wait_se | r3) (standard error over days) | Erlang C \($q.erlang_c_wait | r3) min; difference \(($q.wait_rel_diff * 100) | r3)% ± \(($q.wait_rel_se * 100) | r3)% (target within 2%: \(if ($q.wait_rel_diff | fabs) <= 0.02 then "met" else "MISSED" end)) |",
	"| MSE(LES) / MSE(oracle QL), \(.days) days | \($p.mse_les_over_oracle | r3) | ≈ 2 (Ibrahim & Whitt) |",
	"| MSE(HOL) / MSE(oracle QL) | \($p.mse_hol_over_oracle | r3) | ≈ 2 |",
	"| MSE(LES) / MSE(plain QL, learned m) | \($p.mse_les_over_ql | r3) | |",
	""' "$OUT/mms.json" >>"$MD"
jq -e '(.theory.wait_rel_diff | fabs) <= 0.02' "$OUT/mms-theory.json" >/dev/null ||
	missed=$((missed + 1))
fi
for s in $scenarios; do
	echo "## $s" >>"$MD"
	echo >>"$MD"
	tail -n +2 "$OUT/$s.md" >>"$MD"
done
cat "$MD"
echo "estimator.sh: results in $MD ($missed target(s) missed)"
[ $missed -eq 0 ]
