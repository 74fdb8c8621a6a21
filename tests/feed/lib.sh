#!/bin/sh
# SPDX-License-Identifier: MIT
# Shared by the feed tests: a real nginx on loopback with TLS (a CA and a
# server certificate made here with openssl), WebDAV PUT, a bearer-token
# check, a switchable failure mode, and the residents' page.
#
#   . tests/feed/lib.sh         (from the repo root; sets T, PORT, FEED, ...)
#   feed_nginx_start            start nginx (again)
#   feed_nginx_stop             stop it
#   feed_mode normal|500|slow   what PUTs to /offices/ get
#   feed_token TOKEN            the token nginx accepts
#   feed_pubtest ARGS...        run build/feed-pubtest against this nginx
#   feed_pubtest_bg LOG ARGS... the same in the background (PUB_PID)
set -eu

ROOT=$(pwd)
BUILD=${BUILD:-build}
T=$(mktemp -d /tmp/machiai-feed.XXXXXX)
chmod 755 "$T"
OFFICE=131016-0001
TOKEN=test-token-$$
KEY=test-hmac-key-$$
NGINX_PID=
HOLD_PID=
PUB_PID=

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

feed_cleanup() {
	if [ -n "${FEED_CLEANUP_EXTRA:-}" ]; then
		$FEED_CLEANUP_EXTRA || true
	fi
	[ -n "$PUB_PID" ] && kill "$PUB_PID" 2>/dev/null || true
	[ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
	[ -n "$HOLD_PID" ] && kill "$HOLD_PID" 2>/dev/null || true
	wait 2>/dev/null || true
	if [ -n "${KEEP:-}" ]; then
		echo "kept $T"
	else
		rm -rf "$T"
	fi
}
trap feed_cleanup EXIT INT TERM

fail() {
	echo "FAIL: $*" >&2
	for f in "$T"/pub*.log "$T"/error.log; do
		[ -f "$f" ] && { echo "--- $f (tail)" >&2; tail -n 20 "$f" >&2; }
	done
	exit 1
}

PORT=$(free_port)
HOLD_PORT=$(free_port)
BROKER_PORT=$(free_port)
FEED=https://127.0.0.1:$PORT
WWW=$T/www
mkdir -p "$WWW" "$T/tmp" "$T/logs"
chmod 777 "$WWW" "$T/tmp"

# A test CA and a server certificate for 127.0.0.1 / localhost.
tests/testca.sh "$T" IP:127.0.0.1,DNS:localhost

# A server that accepts connections and never answers (the slow mode).
python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(64); held = []
while True: held.append(s.accept())
' "$HOLD_PORT" &
HOLD_PID=$!

user_line=
[ "$(id -u)" = 0 ] && user_line="user root root;"
cat >"$T/nginx.conf" <<CONF
$user_line
worker_processes 1;
error_log $T/error.log warn;
pid $T/nginx.pid;
events { worker_connections 256; }
http {
	types { text/html html; text/css css; application/javascript js;
		application/json json; text/csv csv; image/svg+xml svg; }
	default_type application/octet-stream;
	client_body_temp_path $T/tmp/body;
	proxy_temp_path $T/tmp/proxy;
	fastcgi_temp_path $T/tmp/fastcgi;
	uwsgi_temp_path $T/tmp/uwsgi;
	scgi_temp_path $T/tmp/scgi;
	log_format feed '\$msec|\$request_method|\$request_uri|\$status|\$http_x_machiai_timestamp|\$http_x_machiai_signature|\$request_length';
	access_log $T/access.log feed;
	include $T/auth.conf;
	server {
		listen 127.0.0.1:$PORT ssl;
		ssl_certificate $T/server.pem;
		ssl_certificate_key $T/server.key;
		root $WWW;
		add_header Access-Control-Allow-Origin * always;
		add_header Cache-Control "no-cache" always;
		location /offices/ {
			if (\$feed_denied) { return 401; }
			include $T/mode.conf;
			dav_methods PUT;
			create_full_put_path on;
			dav_access user:rw group:r all:r;
			client_max_body_size 8m;
		}
		location /status/ {
			alias $ROOT/web/status/;
		}
		# A stand-in for a context broker's NGSI-v2 batch update: the
		# POSTed body is kept as www/broker/batch.json.
		location = /ngsi/v2/op/update {
			if (\$feed_denied) { return 401; }
			proxy_method PUT;
			proxy_pass http://127.0.0.1:$BROKER_PORT/broker/batch.json;
		}
	}
	server {
		listen 127.0.0.1:$BROKER_PORT;
		root $WWW;
		location /broker/ {
			dav_methods PUT;
			create_full_put_path on;
			dav_access user:rw group:r all:r;
		}
	}
}
CONF

feed_token() {
	cat >"$T/auth.conf" <<CONF
map "\$request_method:\$http_authorization" \$feed_denied {
	default 1;
	"~^(GET|HEAD|OPTIONS):" 0;
	"PUT:Bearer $1" 0;
	"POST:Bearer $1" 0;
}
CONF
}

feed_mode_write() {
	case "$1" in
	normal) : >"$T/mode.conf" ;;
	500) echo 'if ($request_method = PUT) { return 500; }' >"$T/mode.conf" ;;
	slow)
		printf 'proxy_pass http://127.0.0.1:%s;\nproxy_read_timeout 120s;\n' "$HOLD_PORT" \
			>"$T/mode.conf"
		;;
	esac
}

feed_reload() {
	kill -HUP "$NGINX_PID"
	# Wait until the new configuration answers (the old workers finish).
	sleep 0.7
}

feed_mode() {
	feed_mode_write "$1"
	feed_reload
}

feed_nginx_start() {
	nginx -p "$T" -c "$T/nginx.conf" -e "$T/error.log" -g 'daemon off;' 2>>"$T/error.log" &
	NGINX_PID=$!
	i=0
	while ! curl -s -o /dev/null --cacert "$T/ca.pem" "$FEED/"; do
		i=$((i + 1))
		[ $i -gt 50 ] && fail "nginx did not start"
		sleep 0.1
	done
}

feed_nginx_stop() {
	kill -QUIT "$NGINX_PID"
	wait "$NGINX_PID" 2>/dev/null || true
	NGINX_PID=
}

# Run the publisher against this nginx; extra arguments are passed on.
feed_pubtest() {
	"$BUILD/feed-pubtest" --url "$FEED" --spool "$T/spool" --status "$T/status.json" \
		--token "$TOKEN" --key "$KEY" --ca "$T/ca.pem" "$@"
}

# The same in the background, PUB_PID its process id; LOG the stderr file.
feed_pubtest_bg() { # LOG ARGS...
	log=$1
	shift
	"$BUILD/feed-pubtest" --url "$FEED" --spool "$T/spool" --status "$T/status.json" \
		--token "$TOKEN" --key "$KEY" --ca "$T/ca.pem" "$@" 2>"$log" &
	PUB_PID=$!
}

# Validate JSON $2 against schema $1 (more schemas to reference follow).
feed_validate() {
	"$ROOT/tests/browser/setup.sh"
	NODE_PATH="$ROOT/tests/browser/node_modules" node "$ROOT/tests/feed/validate.js" "$@"
}

# Check the server's history: rows numbered FIRST, FIRST+1, ... each once, in
# order, over the day files in date order, COUNT of them (-1: any). FIRST may
# be "any". Prints the number of rows.
feed_history_check() {
	python3 - "$WWW/offices/$OFFICE/history" "$1" "$2" <<'PY'
import csv, glob, os, sys
d, first, expect = sys.argv[1], sys.argv[2], int(sys.argv[3])
seqs = []
for f in sorted(glob.glob(os.path.join(d, "*.csv"))):
    with open(f, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    if rows[0][0] != "連番" or len(rows[0]) != 12:
        sys.exit(f"{f}: bad header {rows[0]}")
    for r in rows[1:]:
        if len(r) != 12:
            sys.exit(f"{f}: bad row {r}")
        seqs.append(int(r[0]))
start = seqs[0] if seqs and first == "any" else int(first) if first != "any" else 1
if seqs != list(range(start, start + len(seqs))):
    dup = len(seqs) - len(set(seqs))
    sys.exit(f"history rows not {start}.. in order: {len(seqs)} rows, {dup} duplicates, first gaps "
             f"{[b for a, b in zip(seqs, seqs[1:]) if b != a + 1][:5]}")
if expect >= 0 and len(seqs) != expect:
    sys.exit(f"history: {len(seqs)} rows on the server, {expect} samples taken")
print(len(seqs))
PY
}

cp "$ROOT/tests/feed/status.json" "$T/status.json"
feed_token "$TOKEN"
feed_mode_write normal
