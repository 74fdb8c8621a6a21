#!/bin/sh
# SPDX-License-Identifier: MIT
# The demo: the whole appliance on this machine. machiaid with the example
# config on a fast simulated clock, machiai-sim driving a day of the example
# office through the API and the simulated door, and machiai-display: in a
# window when there is a display, otherwise a screenshot every few seconds.
# When nginx is installed, the city feed and the residents' page on loopback
# too (HTTPS with a CA made for the demo, as the feed tests run it).
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
office=$(sed -n 's/^id[[:space:]]*=[[:space:]]*//p' "$conf" | head -n 1 | tr -d '\r')

# The feed and the residents' page: nginx with WebDAV PUT under /offices/ and
# web/status/ under /status/; machiaid publishes to it ([feed] url).
web=
if command -v nginx >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then
	web=$dir/web
	mkdir -p "$web/www/offices" "$web/tmp"
	chmod 755 "$dir" "$web" "$web/www"
	chmod 777 "$web/www/offices" "$web/tmp"
	tests/testca.sh "$web" IP:127.0.0.1,DNS:localhost
	web_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	web_url=https://127.0.0.1:$web_port
	feed_token=demo-feed-$$
	mkdir -p "$web/www/status"
	cp web/status/* "$web/www/status/"
	printf '{"version":"1.0","offices":[{"id":"%s","feed":"../offices/%s/","name":{"ja":"%s"}}]}\n' \
		"$office" "$office" "$(sed -n 's/^name[[:space:]]*=[[:space:]]*//p' "$conf" | head -n 1 | tr -d '\r')" \
		>"$web/www/status/offices.json"
	user_line=
	[ "$(id -u)" = 0 ] && user_line="user root root;"
	cat >"$web/nginx.conf" <<NGINX
$user_line
worker_processes 1;
error_log $web/error.log warn;
pid $web/nginx.pid;
events { worker_connections 64; }
http {
	types { text/html html; text/css css; application/javascript js; application/json json; text/csv csv; }
	default_type application/octet-stream;
	client_body_temp_path $web/tmp/body;
	proxy_temp_path $web/tmp/proxy;
	fastcgi_temp_path $web/tmp/fastcgi;
	uwsgi_temp_path $web/tmp/uwsgi;
	scgi_temp_path $web/tmp/scgi;
	access_log off;
	map "\$request_method:\$http_authorization" \$feed_denied {
		default 1;
		"~^(GET|HEAD|OPTIONS):" 0;
		"PUT:Bearer $feed_token" 0;
	}
	server {
		listen 127.0.0.1:$web_port ssl;
		ssl_certificate $web/server.pem;
		ssl_certificate_key $web/server.key;
		root $web/www;
		add_header Cache-Control "no-cache" always;
		gzip on;
		gzip_types application/json;
		location /offices/ {
			if (\$feed_denied) { return 401; }
			dav_methods PUT;
			create_full_put_path on;
			dav_access user:rw group:r all:r;
			client_max_body_size 8m;
		}
	}
}
NGINX
	sed -i "s|^url =\$|url = $web_url\ntoken = $feed_token\nhmac_key = demo-hmac-key-0123456789-$$\nca_file = $web/ca.pem\nmin_gap = 1\ninterval = 30\nstatus_page_url = $web_url/status/#office=$office|" "$conf"
	"$B/machiaid" --check-config "$conf" >/dev/null
fi
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
	if [ -n "$web" ]; then
		echo "  feed         $web/www/offices/$office/"
	fi
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

if [ -n "$web" ]; then
	nginx -p "$web" -c "$web/nginx.conf" -e "$web/error.log" -g 'daemon off;' 2>>"$web/error.log" &
	pids="$pids $!"
fi

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
	browser=$(command -v chromium || true)
	page_shot=
	# page_shots N: the residents' page in headless Chromium at a phone's width.
	page_shots() {
		ticket=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
q = [x["ticket"] for c in d["categories"] for x in c["queue"]]
print(q[len(q) // 2] if q else "")' "$web/www/offices/$office/status.json")
		for view in list "office" ${ticket:+ticket}; do
			case $view in
			list) frag= ;;
			office) frag="#office=$office" ;;
			ticket) frag="#office=$office&ticket=$ticket" ;;
			esac
			"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
				--ignore-certificate-errors --no-first-run --disable-sync \
				--window-size=390,1400 --virtual-time-budget=5000 --lang=ja \
				--screenshot="$(printf '%s/screens/page-%s-%04d.png' "$dir" "$view" "$1")" \
				"$web_url/status/$frag" >/dev/null 2>&1
		done
	}
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
			# The residents' page beside the sign: list, office, a ticket;
			# once the feed is there, then every minute.
			if [ -n "$web" ] && [ -n "$browser" ] && [ -s "$web/www/offices/$office/status.json" ] &&
				{ [ -z "$page_shot" ] || [ $((n % 12)) -eq 0 ]; }; then
				page_shot=$n
				page_shots "$n" 2>>"$dir/display.log" || true
			fi
			sleep 5 &
			nap=$!
			wait "$nap"
			nap=
		done
	) &
	pids="$pids $!"
	where="no display: a screenshot every 5 s in $dir/screens/ (latest.png is the newest)"
	if [ -n "$web" ] && [ -n "$browser" ]; then
		where="$where;
                and the residents' page each minute (page-list-*.png, page-office-*.png, page-ticket-*.png)"
	fi
fi

cat <<EOF
machiai demo is running: a day at the example office, ${speed}x faster than real time.
  machiaid      $url   (log: $dir/machiaid.log)
  staff console $url/          token: $token
  kiosk         $url/kiosk/#token=$kiosk_token
  status        $url/v1/status   stream: $url/v1/stream
${web:+  residents     $web_url/status/   (its CA: $web/ca.pem; the times are the simulated clock's, so the page marks them out of date)
}  simulator     drives tickets, calls and people through the door beams (log: $dir/sim.log)
  display       $where
Press Ctrl-C to stop.
EOF

if [ -n "${MACHIAI_DEMO_SECONDS:-}" ]; then
	sleep "$MACHIAI_DEMO_SECONDS"
	stop 0
fi
wait
