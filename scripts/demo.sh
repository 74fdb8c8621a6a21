#!/bin/sh
# SPDX-License-Identifier: MIT
# The demo: the whole appliance on this machine. machiaid with the example
# config on a fast simulated clock, machiai-sim driving a day of the example
# office through the API and the simulated door, and machiai-display: in a
# window when there is a display, otherwise a screenshot every few seconds.
# Ctrl-C stops everything.
#
# Environment: MACHIAI_DEMO_PORT (8080; 0 takes any free port),
# MACHIAI_DEMO_SPEED (20), MACHIAI_DEMO_DIR (a new folder under /tmp),
# MACHIAI_DEMO_SECONDS (run this long, then stop; default: until Ctrl-C).
# On the way out it says where the journal, the screenshots and the logs are,
# and exits 0 when stopped by Ctrl-C or SIGTERM.
set -eu
cd "$(dirname "$0")/.."

B=${BUILD:-build}
port=${MACHIAI_DEMO_PORT:-8080}
speed=${MACHIAI_DEMO_SPEED:-20}
example=machiai.conf.example
scenario=sim/scenarios/demo.json
dir=${MACHIAI_DEMO_DIR:-$(mktemp -d /tmp/machiai-demo.XXXXXX)}
mkdir -p "$dir/state" "$dir/screens"
# The example office, with its door beams on simulated GPIO lines.
conf=$dir/machiai.conf
sed 's/^chip = gpiochip0$/chip = sim\nbeam_outer = 1\nbeam_inner = 2/' "$example" >"$conf"
"$B/machiaid" --check-config "$conf"
token=$(sed -n 's/^[[:space:]]*token[[:space:]]*=[[:space:]]*//p' "$conf" | head -n 1 | tr -d '\r')
kiosk_token=$(sed -n '/^\[kiosk\]/,/^\[/s/^[[:space:]]*token[[:space:]]*=[[:space:]]*//p' "$conf" | tr -d '\r')

# A morning just before opening: today in Japan if the office opens today,
# otherwise its next opening day by its calendar (weekends, national
# holidays, 年末年始), as machiaid itself says at midnight.
day=$(TZ=Asia/Tokyo date +%F)
"$B/machiaid" --config "$conf" --listen 127.0.0.1:0 --state-dir "$dir/probe" \
	--clock-start "${day}T00:00:00+09:00" 2>"$dir/probe.log" &
probe=$!
i=0
until grep -q 'api on port' "$dir/probe.log" 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 "$probe" 2>/dev/null; then
		echo "machiai demo: machiaid did not start; see $dir/probe.log:" >&2
		tail -n 5 "$dir/probe.log" >&2
		exit 1
	fi
	sleep 0.1
done
pport=$(sed -n 's/.*api on port \([0-9]*\).*/\1/p' "$dir/probe.log" | head -n 1)
next=$(curl -s "http://127.0.0.1:$pport/v1/status" |
	sed -n 's/.*"next":{"date":"\([0-9-]*\)".*/\1/p')
kill "$probe"
wait "$probe" 2>/dev/null || true
rm -rf "$dir/probe"
[ -n "$next" ] && day=$next

pids=""
# stop STATUS: end every program of the demo, say where its files are, exit.
stop() {
	trap - INT TERM EXIT
	echo
	echo "machiai demo: stopping"
	# Some may have ended already (the simulator at the end of its day).
	for p in $pids; do
		kill "$p" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	echo "machiai demo: stopped. Its files are in $dir:"
	for j in "$dir"/state/journal-*.jsonl; do
		if [ -e "$j" ]; then
			echo "  journal      $j"
		fi
	done
	n=$(find "$dir/screens" -name 'screen-*.png' | wc -l)
	if [ "$n" -gt 0 ]; then
		echo "  screenshots  $dir/screens/ ($n; latest.png is the newest)"
	fi
	echo "  logs         $dir/machiaid.log $dir/sim.log${display_log:+ $display_log}"
	exit "$1"
}
trap 'stop 0' INT TERM
trap 'stop $?' EXIT
display_log=

"$B/machiaid" --config "$conf" --listen "127.0.0.1:$port" --state-dir "$dir/state" \
	--clock-start "${day}T08:25:00+09:00" --clock-speed "$speed" 2>"$dir/machiaid.log" &
daemon=$!
pids="$pids $daemon"
# The daemon says which port it took (the one asked for, or any free one for 0).
i=0
until grep -q 'api on port' "$dir/machiaid.log" 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 "$daemon" 2>/dev/null; then
		echo "machiai demo: machiaid did not start; see $dir/machiaid.log:" >&2
		tail -n 5 "$dir/machiaid.log" >&2
		exit 1
	fi
	sleep 0.1
done
port=$(sed -n 's/.*api on port \([0-9]*\).*/\1/p' "$dir/machiaid.log" | head -n 1)
url=http://127.0.0.1:$port

# People the simulator walks through the door cross the simulated beams.
mkfifo "$dir/door"
while read -r way _; do
	echo "walk $way 1"
done <"$dir/door" >"$dir/state/sensors.cmd" &
pids="$pids $!"
"$B/machiai-sim" --scenario "$scenario" --live "$url" --token "$token" --speed "$speed" \
	--door-fifo "$dir/door" 2>"$dir/sim.log" &
pids="$pids $!"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
	"$B/machiai-display" --source "$url/v1/stream" --config "$conf" --size 1280x720 \
		2>"$dir/display.log" &
	pids="$pids $!"
	display_log=$dir/display.log
	where="the sign is in a window on your display"
else
	display_log=$dir/display.log
	(
		# Stopped between two screenshots: do not leave the pause running.
		nap=
		trap '[ -z "$nap" ] || kill "$nap" 2>/dev/null; exit 0' TERM
		n=0
		while :; do
			n=$((n + 1))
			out=$(printf '%s/screens/screen-%04d.png' "$dir" "$n")
			# The sign's clock shows the daemon's (simulated) time.
			curl -fs "$url/v1/status" >"$dir/status.json" &&
				now=$(sed -n 's/.*"generated_at": *"\([^"]*\)".*/\1/p' "$dir/status.json") &&
				"$B/machiai-display" --source "$dir/status.json" --config "$conf" \
					--now "$now" --screenshot "$out" 2>>"$dir/display.log" &&
				cp "$out" "$dir/screens/latest.png"
			sleep 5 &
			nap=$!
			wait "$nap"
			nap=
		done
	) &
	pids="$pids $!"
	where="no display: a screenshot every 5 s in $dir/screens/ (latest.png is the newest)"
fi

cat <<EOF
machiai demo is running: a day at the example office, ${speed}x faster than real time.
  machiaid      $url   (log: $dir/machiaid.log)
  staff console $url/          token: $token
  kiosk         $url/kiosk/#token=$kiosk_token
  status        $url/v1/status   stream: $url/v1/stream
  simulator     drives tickets, calls and people through the door beams (log: $dir/sim.log)
  display       $where
Press Ctrl-C to stop.
EOF

if [ -n "${MACHIAI_DEMO_SECONDS:-}" ]; then
	sleep "$MACHIAI_DEMO_SECONDS"
	stop 0
fi
wait
