#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Hears the English announcements of a recording back with pocketsphinx.
# Usage: hear.py TRACE AUDIO.raw CHIME.wav WORKDIR MIN SEQ=TICKET@WINDOW...
# Cuts each call's English speech (by the sign's --trace) out of the
# recording made through SDL's disk driver, decodes all of them with
# pocketsphinx_batch, US English acoustic model, and a grammar of the
# sentence "ticket LETTER NUMBER please go to window NUMBER" with any letter
# and any number from 0 to 999, and checks that the ticket's number and the
# window's number are heard, for at least MIN calls. Prints ok/FAIL lines;
# exits 1 when fewer are.
import os
import struct
import subprocess
import sys
import wave

RATE = 22050
MODEL = "/usr/share/pocketsphinx/model/en-us"
ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
GRAMMAR = """#JSGF V1.0;
grammar call;
public <call> = ticket <letter> <number> please go to window <number>;
<letter> = %s;
<digit> = one | two | three | four | five | six | seven | eight | nine;
<teen> = ten | eleven | twelve | thirteen | fourteen | fifteen | sixteen | seventeen
       | eighteen | nineteen;
<tens> = twenty | thirty | forty | fifty | sixty | seventy | eighty | ninety;
<below100> = <digit> | <teen> | <tens> [<digit>];
<number> = zero | <below100> | <digit> hundred [[and] <below100>];
""" % " | ".join("abcdefghijklmnopqrstuvwxyz")


def words_to_number(words):
    n, cur = 0, 0
    for w in words:
        if w in ONES:
            cur += ONES.index(w)
        elif w in TEENS:
            cur += 10 + TEENS.index(w)
        elif w in TENS:
            cur += TENS.index(w) * 10
        elif w == "hundred":
            cur *= 100
        elif w != "and":
            return None
    return n + cur


def main():
    trace, audio, chime_wav, work, least = sys.argv[1:6]
    want = {}
    for a in sys.argv[6:]:
        seq, call = a.split("=")
        ticket, window = call.split("@")
        want[int(seq)] = (int(ticket.split("-")[1]), int(window))
    raw = open(audio, "rb").read()
    pcm = struct.unpack("<%dh" % (len(raw) // 2), raw[: len(raw) // 2 * 2])
    w = wave.open(chime_wav)
    chime = struct.unpack("<%dh" % w.getnframes(), w.readframes(w.getnframes()))
    spans, first_chime = {}, None
    for line in open(trace, encoding="utf-8"):
        f = line.split()
        if f[0] != "audio":
            continue
        if f[5] == "chime" and first_chime is None:
            first_chime = int(f[9])
        if f[5] == "speech" and f[7] == "en":
            s = spans.setdefault(int(f[3]), [None, None])
            if f[1] == "start" and s[0] is None:
                s[0] = int(f[9])
            if f[1] == "end":
                s[1] = int(f[9])
    # The recording may start whole silent buffers early (speech-check.py).
    first = next(i for i, v in enumerate(pcm) if v)
    shift = first - next(i for i, v in enumerate(chime) if v) - first_chime
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(work, "call.gram"), "w") as g:
        g.write(GRAMMAR)
    ctl = []
    for seq in sorted(want):
        if seq not in spans or None in spans[seq]:
            print("FAIL: call %d: no English speech recorded" % seq)
            continue
        a, b = spans[seq][0] + shift, spans[seq][1] + shift
        pad = [0] * (RATE // 4)
        with wave.open(os.path.join(work, "c%d.wav" % seq), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(struct.pack("<%dh" % (b - a + 2 * len(pad)), *pad, *pcm[a:b], *pad))
        ctl.append("c%d" % seq)
    with open(os.path.join(work, "ctl"), "w") as f:
        f.write("\n".join(ctl) + "\n")
    subprocess.run(["pocketsphinx_batch", "-hmm", MODEL + "/en-us",
                    "-dict", MODEL + "/cmudict-en-us.dict",
                    "-jsgf", os.path.join(work, "call.gram"), "-adcin", "yes", "-adchdr", "44",
                    "-cepdir", work, "-cepext", ".wav", "-ctl", os.path.join(work, "ctl"),
                    "-hyp", os.path.join(work, "hyp"), "-samprate", str(RATE), "-nfft", "1024"],
                   stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "log"), "w"),
                   check=False)
    heard = {}
    if os.path.exists(os.path.join(work, "hyp")):
        for line in open(os.path.join(work, "hyp")):
            words, utt = line.rsplit("(", 1)
            heard[int(utt.split()[0][1:])] = words.split()
    good = 0
    for seq in sorted(want):
        ws = heard.get(seq, [])
        got = None
        if len(ws) > 7 and ws[0] == "ticket" and "please" in ws:
            p = ws.index("please")
            got = (words_to_number(ws[2:p]), words_to_number(ws[p + 4:]))
        if got == want[seq]:
            good += 1
            print("ok: call %d: heard \"%s\"" % (seq, " ".join(ws)))
        else:
            print("missed: call %d: ticket %d, window %d; heard \"%s\""
                  % (seq, want[seq][0], want[seq][1], " ".join(ws)))
    print("hear: %d of %d calls heard right (at least %s wanted)" % (good, len(want), least))
    sys.exit(0 if good >= int(least) else 1)


main()
