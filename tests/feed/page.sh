#!/bin/sh
# SPDX-License-Identifier: MIT
# The residents' page (web/status/) in headless Chromium from the test nginx,
# next to the feed the publisher put there: it shows the published figures;
# when the document is older than its ttl, the stale mark. Screenshots go to
# $BUILD/screenshots/.
. tests/feed/lib.sh
tests/browser/setup.sh
SHOTS=$ROOT/$BUILD/screenshots
mkdir -p "$SHOTS"

feed_nginx_start
feed_pubtest --duration 2 --drain 10 --history 1 --interval 60 --seed-weeks 3 2>"$T/pub.log" ||
	fail "publisher did not finish idle"
D=$WWW/offices/$OFFICE
[ -s "$D/status.json" ] && [ -s "$D/forecast.json" ] || fail "feed not published"

NODE_PATH="$ROOT/tests/browser/node_modules" node tests/feed/page.js "$FEED" "$D/status.json" \
	"$SHOTS" fresh || fail "page with a fresh document"

# The same document, an hour old: last_updated + ttl has passed.
python3 - "$D/status.json" <<'PY'
import datetime, json, sys
p = sys.argv[1]
d = json.load(open(p))
t = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=9))) - datetime.timedelta(hours=1)
d["last_updated"] = t.replace(microsecond=0).isoformat()
json.dump(d, open(p, "w"), ensure_ascii=False)
PY
NODE_PATH="$ROOT/tests/browser/node_modules" node tests/feed/page.js "$FEED" "$D/status.json" \
	"$SHOTS" stale || fail "page with an old document"
ls "$SHOTS"/status-*.png
echo "page.sh: ok"
