#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes chime.wav: a two-tone "pin-pon" call chime (E5 then C5), each tone a
# sine with a soft third harmonic and an exponential decay; 22050 Hz mono
# 16-bit, 1.5 s. Run: python3 display/sounds/make-chime.py display/sounds/chime.wav
import math
import struct
import sys
import wave

RATE = 22050


def tone(freq, start, length, out):
    for i in range(int(length * RATE)):
        t = i / RATE
        env = math.exp(-3.2 * t) * min(1.0, t / 0.004)
        v = math.sin(2 * math.pi * freq * t) + 0.18 * math.sin(2 * math.pi * 3 * freq * t)
        j = int(start * RATE) + i
        out[j] += 0.42 * env * v


def main():
    samples = [0.0] * int(1.5 * RATE)
    tone(659.26, 0.0, 1.5, samples)
    tone(523.25, 0.55, 0.95, samples)
    with wave.open(sys.argv[1], "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<h", int(max(-1.0, min(1.0, s)) * 32000))
                               for s in samples))


main()
