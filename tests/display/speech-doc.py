#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes a status document (docs/status.md) for the speech tests, from
# fixtures/busy.json with other windows and calls.
# Usage: speech-doc.py OUT.json DOC-SEQ FIRST-CALL-SEQ CALL...
#   CALL is TICKET@WINDOW, with a trailing ! for a recall: A-035@1 A-035@1!
# Calls are given oldest first; all are at 2026-11-23T10:14:41+09:00.
# Windows: 1..20 ("1番窓口" / "Window 1"), K3 ("こども家庭課の3番" /
# "Children's desk 3") and B9, a booth ("相談ブース" / "Booth").
import json
import os
import sys


def label(ja, en):
    return {"ja": ja, "en": en, "zh-Hans": ja, "ko": en, "vi": en, "ja-easy": ja}


def main():
    out, doc_seq, seq = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "fixtures", "busy.json"), encoding="utf-8") as f:
        doc = json.load(f)
    doc["seq"] = doc_seq
    windows = [(str(i), label("%d番窓口" % i, "Window %d" % i)) for i in range(1, 21)]
    windows.append(("K3", label("こども家庭課の3番", "Children's desk 3")))
    windows.append(("B9", label("相談ブース", "Booth")))
    doc["windows"] = [{"id": i, "label": l, "open": True, "categories": ["A"], "ticket": None,
                       "state": None, "recalls": 0} for i, l in windows]
    calls = []
    for c in sys.argv[4:]:
        recall = c.endswith("!")
        ticket, window = c.rstrip("!").split("@")
        calls.append({"seq": seq, "ticket": ticket, "window": window,
                      "at": "2026-11-23T10:14:41+09:00", "recall": recall})
        seq += 1
    doc["calls"] = list(reversed(calls))[:8]
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    os.replace(tmp, out)


main()
