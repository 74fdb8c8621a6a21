#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Checks the sound of spoken calls recorded through SDL's disk audio driver
# (mono, signed 16-bit, 22050 Hz) against the sign's --trace.
# Usage: speech-check.py TRACE AUDIO.raw CHIME.wav VOLUME REPEAT EXPECT...
#   EXPECT is SEQ:LANGS (ja,en: chime then those languages in that order,
#   REPEAT times; - for the chime alone), with :recall-of=SEQ for a recall.
# Prints "ok: ..." and "FAIL: ..." lines; exits 1 on any failure.
import struct
import sys
import wave

RATE = 22050
CHIME_CUT = RATE * 1150 // 1000  # display/chime.h
CHIME_FADE = RATE * 150 // 1000
fails = 0


def ok(cond, what):
    global fails
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        fails += 1
    return cond


def cdiv(a, b):
    """C's integer division, toward zero."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def main():
    trace, audio, chime_wav, volume, repeat = sys.argv[1:6]
    volume, repeat = int(volume), int(repeat)
    expect = sys.argv[6:]
    raw = open(audio, "rb").read()
    pcm = struct.unpack("<%dh" % (len(raw) // 2), raw[: len(raw) // 2 * 2])
    w = wave.open(chime_wav)
    chime = struct.unpack("<%dh" % w.getnframes(), w.readframes(w.getnframes()))

    clips, started = [], {}
    for line in open(trace, encoding="utf-8"):
        f = line.split()
        if f[0] != "audio":
            continue
        key = (f[3], f[5], f[7])
        if f[1] == "start":
            started.setdefault(key, []).append(int(f[9]))
        else:
            clips.append({"seq": int(f[3]), "kind": f[5], "lang": f[7],
                          "start": started[key].pop(0), "end": int(f[9])})
    # A clip still playing when the recording stopped runs to its end.
    for (seq, kind, lang), starts in started.items():
        for st in starts:
            clips.append({"seq": int(seq), "kind": kind, "lang": lang, "start": st,
                          "end": len(pcm)})
    clips.sort(key=lambda c: c["start"])
    # SDL writes silent buffers until the device is unpaused, before the
    # first call of the callback that counts the samples: the recording may
    # start a whole number of buffers (1024 samples) early.
    first = next((i for i, v in enumerate(pcm) if v), None)
    chime_first = next((i for i, v in enumerate(chime) if v), 0)
    shift = first - chime_first - clips[0]["start"] if first is not None and clips else 0
    ok(shift in (0, 1024, 2048), "the recording starts %d samples before the trace's count"
       % shift)
    for c in clips:
        c["start"] += shift
        c["end"] = min(c["end"] + shift, len(pcm))
    ok(clips and clips[-1]["end"] <= len(pcm), "%d clips recorded, all within the %d samples"
       % (len(clips), len(pcm)))

    # Nothing overlaps: one clip after the other, and silence between them.
    overlap = [(a, b) for a, b in zip(clips, clips[1:]) if b["start"] < a["end"]]
    ok(not overlap, "no two clips overlap" + (": %s" % overlap[:1] if overlap else ""))
    covered = [False] * len(pcm)
    for c in clips:
        for i in range(c["start"], min(c["end"], len(pcm))):
            covered[i] = True
    stray = [i for i, v in enumerate(pcm) if v and not covered[i]]
    ok(not stray, "silence between the clips (%d stray samples%s)"
       % (len(stray), ", first at %d" % stray[0] if stray else ""))
    ok(first is not None and any(c["kind"] == "chime" and c["start"] <= first < c["end"]
                                 for c in clips), "the first sound is a chime")

    def chime_expected(cut):
        s = list(chime[:CHIME_CUT] if cut else chime)
        if cut:
            for i in range(CHIME_CUT - CHIME_FADE, CHIME_CUT):
                s[i] = cdiv(s[i] * (CHIME_CUT - i), CHIME_FADE)
        return [cdiv(v * volume, 100) if volume < 100 else v for v in s]

    seqs = {}
    for c in clips:
        seqs.setdefault(c["seq"], []).append(c)
    for e in expect:
        parts = e.split(":")
        seq, langs = int(parts[0]), [] if parts[1] == "-" else parts[1].split(",")
        mine = seqs.get(seq, [])
        if not ok(mine and mine[0]["kind"] == "chime", "call %d: the chime comes first" % seq):
            continue
        c = mine[0]
        got = list(pcm[c["start"]:c["end"]])
        ok(got == chime_expected(bool(langs)), "call %d: the chime's samples are the chime at "
           "%d%% volume%s" % (seq, volume, ", cut for speech" if langs else ", whole"))
        order = []
        for s in mine[1:]:
            if s["kind"] == "speech" and (not order or order[-1] != s["lang"]):
                order.append(s["lang"])
        ok(all(s["kind"] == "speech" for s in mine[1:]), "call %d: only speech after the chime"
           % seq)
        ok(order == langs * repeat, "call %d: speech in %s (heard %s)"
           % (seq, ",".join(langs * repeat) or "no language", ",".join(order) or "none"))
        quiet = 0
        for s in mine[1:]:
            run = longest = 0
            for v in pcm[s["start"]:s["end"]]:
                run = run + 1 if abs(v) < 100 else 0
                longest = max(longest, run)
            if longest > RATE * 35 // 100:
                quiet += 1
        ok(quiet == 0, "call %d: no silence longer than 0.35 s inside speech" % seq)
        for p in parts[2:]:
            if p.startswith("recall-of="):
                orig = [tuple(pcm[s["start"]:s["end"]]) for s in seqs.get(int(p[10:]), [])
                        if s["kind"] == "speech"]
                again = [tuple(pcm[s["start"]:s["end"]]) for s in mine if s["kind"] == "speech"]
                ok(orig and all(o in again for o in orig) and len(again) > len(orig),
                   "call %d repeats every clause of call %s, with more said first"
                   % (seq, p[10:]))
    sys.exit(1 if fails else 0)


main()
