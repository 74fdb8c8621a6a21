#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Turns recorded ESC/POS bytes back into pictures of the paper: one PNG per
ticket (a cut or a feed ends one), from the GS v 0 raster bands, as a
printer would put them on paper. Written apart from printer/escpos.c, from
the command descriptions, so that it checks what the printer program sends.

  escpos2png.py IN.bin OUT-PREFIX
prints one line per ticket: "OUT-PREFIX-N.png WIDTHxHEIGHT CUT", where CUT is
partial, full or feed; exits 1 on bytes it does not understand. Each ticket
is also written a third of the size as OUT-PREFIX-N-small.png: OCR reads the
number, which fills the paper's width, better there.
"""
import struct
import sys
import zlib

MARGIN = 24  # white around the paper, as the quiet zone a QR reader wants


# One byte of raster (8 dots, most significant bit leftmost, 1 = black) as 8 grey pixels.
PIXELS = [bytes(0 if byte >> (7 - k) & 1 else 255 for k in range(8)) for byte in range(256)]


def grey(width, rows):
    """rows: raster rows (width / 8 bytes) -> grey lines with a white margin."""
    w = width + 2 * MARGIN
    lines = [b"\xff" * w] * MARGIN
    for r in rows:
        lines.append(b"\xff" * MARGIN + b"".join(PIXELS[byte] for byte in r) + b"\xff" * MARGIN)
    return lines + [b"\xff" * w] * MARGIN


def shrink(lines, k):
    """Every k x k square of grey pixels as its mean."""
    out = []
    for y in range(0, len(lines) - k + 1, k):
        sums = [0] * (len(lines[0]) // k)
        for j in range(k):
            row = lines[y + j]
            for x in range(len(sums)):
                sums[x] += sum(row[x * k : x * k + k])
        out.append(bytes(v // (k * k) for v in sums))
    return out


def png(path, lines):
    """Grey lines -> 8-bit grey PNG."""
    w, h = len(lines[0]), len(lines)
    raw = [b"\x00" + line for line in lines]

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(b"".join(raw), 6)))
        f.write(chunk(b"IEND", b""))


def main():
    data = open(sys.argv[1], "rb").read()
    prefix = sys.argv[2]
    i, n, width, rows, tickets = 0, len(data), 0, [], 0

    def finish(cut):
        nonlocal rows, width, tickets
        if not rows:
            return
        tickets += 1
        path = "%s-%d.png" % (prefix, tickets)
        lines = grey(width, rows)
        png(path, lines)
        png("%s-%d-small.png" % (prefix, tickets), shrink(lines, 3))
        print("%s %dx%d %s" % (path, width, len(rows), cut))
        rows, width = [], 0

    while i < n:
        b = data[i]
        if b == 0x1D and data[i + 1 : i + 3] == b"v0":  # GS v 0 m xL xH yL yH
            m, xl, xh, yl, yh = data[i + 3 : i + 8]
            xb, h = xl | xh << 8, yl | yh << 8
            if m != 0:
                sys.exit("offset %d: GS v 0 mode %d (only normal size is used)" % (i, m))
            if width and width != xb * 8:
                sys.exit("offset %d: band %d dots wide after %d" % (i, xb * 8, width))
            width = xb * 8
            band = data[i + 8 : i + 8 + xb * h]
            if len(band) != xb * h:
                sys.exit("offset %d: band cut short" % i)
            for y in range(h):
                rows.append(band[y * xb : (y + 1) * xb])
            i += 8 + xb * h
        elif b == 0x1D and data[i + 1 : i + 2] == b"V":  # GS V m n: cut
            finish("full" if data[i + 2] in (0, 48, 65) else "partial")
            i += 4 if data[i + 2] in (65, 66) else 3
        elif b == 0x1B and data[i + 1 : i + 2] == b"d":  # ESC d n: feed
            finish("feed")
            i += 3
        elif b == 0x1B and data[i + 1 : i + 2] == b"@":  # ESC @
            i += 2
        elif b == 0x10 and data[i + 1 : i + 2] == b"\x04":  # DLE EOT n
            i += 3
        elif b == 0x00:  # NUL: nothing (the resync before a ticket)
            i += 1
        else:
            sys.exit("offset %d: unexpected byte 0x%02x" % (i, b))
    if rows:
        print("%s: %d rows after the last cut (a ticket cut off)" % (sys.argv[1], len(rows)))


if __name__ == "__main__":
    main()
