#!/bin/sh
# SPDX-License-Identifier: MIT
# The demo: the whole appliance on this machine. machiaid with the example
# config on a fast simulated clock, machiai-sim driving a day of the example
# office through the API and the simulated door, and machiai-display: in a
# window when there is a display, otherwise a screenshot every few seconds.
# Ctrl-C stops everything.
#
# Environment: MACHIAI_DEMO_PORT (8080), MACHIAI_DEMO_SPEED (20),
# MACHIAI_DEMO_DIR (a new folder under /tmp), MACHIAI_DEMO_SECONDS (run this
# long, then stop; default: until Ctrl-C).
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
url=http://127.0.0.1:$port

# A weekday morning just before opening: today if it is a weekday in Japan,
# otherwise the next Monday.
day=$(TZ=Asia/Tokyo date +%F)
case $(TZ=Asia/Tokyo date +%u) in
6) day=$(TZ=Asia/Tokyo date -d '+2 days' +%F) ;;
7) day=$(TZ=Asia/Tokyo date -d '+1 day' +%F) ;;
esac

pids=""
stop() {
	trap - INT TERM EXIT
	echo
	echo "machiai demo: stopping"
	# shellcheck disable=SC2086
	[ -n "$pids" ] && kill $pids 2>/dev/null
	wait 2>/dev/null
	echo "machiai demo: stopped; journal and screenshots are in $dir"
	exit 0
}
trap stop INT TERM EXIT

"$B/machiaid" --config "$conf" --listen "127.0.0.1:$port" --state-dir "$dir/state" \
	--clock-start "${day}T08:25:00+09:00" --clock-speed "$speed" 2>"$dir/machiaid.log" &
pids="$pids $!"
i=0
until curl -fs "$url/healthz" >/dev/null 2>&1; do
	i=$((i + 1))
	if [ $i -gt 50 ]; then
		echo "machiai demo: machiaid did not start; see $dir/machiaid.log:" >&2
		tail -n 5 "$dir/machiaid.log" >&2
		exit 1
	fi
	sleep 0.2
done

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
	where="the sign is in a window on your display"
else
	(
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
			sleep 5
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
	stop
fi
wait
