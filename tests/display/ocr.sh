#!/bin/sh
# SPDX-License-Identifier: MIT
# Reads full-size screenshots with tesseract (jpn) and checks that the called
# number and its window are there, as a person would read them: during the
# flash of a new call (and a recall, with OCR_ALL=1).
. "$(dirname "$0")/ocr-lib.sh"

# ocr NAME FIXTURE NOW TEXT...: every TEXT must be read from the screen
# (Japanese with the second language $lang, ja alone by default).
ocr() {
	name=$1
	fixture=$2
	now=$3
	shift 3
	case $fixture in
	/*) src=$fixture ;;
	*) src=$root/tests/display/fixtures/$fixture.json ;;
	esac
	"$bin" --source "$src" --lang "${lang:-ja}" --now "$now" --layout "${layout:-landscape}" \
		--screenshot "$tmp/$name.png" || {
		bad "$name: render"
		return
	}
	read_screen "$name"
	want "$name" "$@"
}

# A new call, 3.5 s old: the flash (its dark phase) names number and window.
ocr new-call busy 2026-11-23T10:14:44.500+09:00 A-035 1番窓口へお越しください
# A recall of B-031 to window 3 (the full check costs a tesseract run more).
[ -n "${OCR_ALL:-}" ] &&
	ocr recall flash 2026-11-23T10:15:23.500+09:00 B-031 再呼び出し 3番窓口 お越しください
# Recalls in the list of recent calls are marked in the second language too
# (a layout with the list wide enough for tesseract to read the marks).
cat >"$tmp/recent-wide.json" <<'EOF'
{ "name": "recent-wide", "size": [1920, 1080],
  "widgets": [
    { "type": "windows", "x": 0, "y": 0, "w": 0.2, "h": 0.2 },
    { "type": "recent", "x": 0.2, "y": 0, "w": 0.8, "h": 0.6, "rows": 4 } ] }
EOF
lang=en layout=$tmp/recent-wide.json ocr recall-list flash 2026-11-23T10:16:00+09:00 \
	B-031 再呼び出し Window3Calledagain
# Closed: after hours the day is over; before today's opening it is still to come.
ocr after-hours closed 2026-11-23T17:20:00+09:00 受付は終了しました 11月24日
ocr before-opening closed 2026-11-24T08:00:00+09:00 受付開始前です 08:30
# A day without service says why, and when reception opens next.
jq '.service.day = "2026-11-28" | .service.hours.today = null |
	.service.today = {kind: "weekly", weekday: 6, holiday: null} |
	.service.hours.next = {date: "2026-11-30", open: "08:30", close: "17:15"}' \
	"$root/tests/display/fixtures/closed.json" >"$tmp/saturday.json"
ocr saturday "$tmp/saturday.json" 2026-11-28T10:00:00+09:00 土曜日のため お休みです 11月30日
jq '.service.hours.today = null |
	.service.today = {kind: "holiday", weekday: 1, holiday: {ja: "勤労感謝の日", en: "Labor Thanksgiving Day"}}' \
	"$root/tests/display/fixtures/closed.json" >"$tmp/holiday.json"
ocr holiday "$tmp/holiday.json" 2026-11-23T10:00:00+09:00 祝日 勤労感謝の日 お休みです 11月24日
jq '.service.day = "2026-12-31" | .service.hours.today = null |
	.service.today = {kind: "year_end", weekday: 4, holiday: null} |
	.service.hours.next = {date: "2027-01-04", open: "08:30", close: "17:15"}' \
	"$root/tests/display/fixtures/closed.json" >"$tmp/year-end.json"
ocr year-end "$tmp/year-end.json" 2026-12-31T23:59:00+09:00 年末年始のため 1月4日
# The system clock is not set: the header says so instead of a date.
jq '.clock_set = false' "$root/tests/display/fixtures/busy.json" >"$tmp/clock-unset.json"
ocr clock-unset "$tmp/clock-unset.json" 2026-11-23T10:20:00+09:00 時計が合っていません
echo "ocr.sh: $fail failed"
[ $fail -eq 0 ]
