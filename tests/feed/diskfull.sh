#!/bin/sh
# SPDX-License-Identifier: MIT
# A full spool disk (a 64 KiB tmpfs): the error is clear in the health
# document and logged once, the status keeps being published, samples are
# held in memory, and when space returns they are written and uploaded:
# every sample reaches the server once, in order. Needs root (mount).
. tests/feed/lib.sh
if [ "$(id -u)" != 0 ]; then
	echo "diskfull.sh: needs root to mount a tmpfs" >&2
	exit 1
fi
mkdir -p "$T/spool"
mount -t tmpfs -o size=64k tmpfs "$T/spool"
unmount_spool() { umount "$T/spool"; }
FEED_CLEANUP_EXTRA=unmount_spool

# The disk is full from the start.
dd if=/dev/zero of="$T/spool/filler" bs=1k count=100 2>/dev/null || true
df -k "$T/spool" | tail -n 1

feed_nginx_start
feed_pubtest_bg "$T/pub.log" --duration 60 --drain 20 --history 1 --interval 1 --min-gap 1 --timeout 2 \
	--backoff-cap 2 --stop "$T/stop" --health "$T/health.json"
sleep 5

python3 - "$T/health.json" <<'PY' || fail "full disk not surfaced"
import json, sys
h = json.load(open(sys.argv[1]))
assert not h["ok"], h
assert "No space left on device" in h["spool_error"], h
assert "No space left on device" in h["error"] and h["held_samples"] >= 2, h
PY
grep -c "No space left on device" "$T/pub.log" | grep -qx 1 || fail "disk full not logged exactly once"
before=$(grep -c "|PUT|/offices/$OFFICE/status.json|20[0-9]|" "$T/access.log")
sleep 2
after=$(grep -c "|PUT|/offices/$OFFICE/status.json|20[0-9]|" "$T/access.log")
[ "$after" -gt "$before" ] || fail "status not published while the disk is full"

# Space returns.
rm -f "$T/spool/filler"
sleep 3
python3 - "$T/health.json" <<'PY' || fail "not recovered"
import json, sys
h = json.load(open(sys.argv[1]))
assert h["spool_error"] is None and h["held_samples"] == 0, h
PY
grep -q "spool writable again" "$T/pub.log" || fail "recovery not logged"
touch "$T/stop"
wait "$PUB_PID" || fail "publisher did not drain"
PUB_PID=
n=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["last_seq"])' "$T/health.json")
rows=$(feed_history_check 1 "$n") || fail "history"
echo "history: $rows samples, all on the server once and in order"
echo "diskfull.sh: ok"
