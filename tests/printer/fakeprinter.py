#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A test ESC/POS printer: records every byte it is sent and answers the
real-time status queries (DLE EOT 1, 2, 3, 4) as a receipt printer does.

  fakeprinter.py DIR tcp    listen on 127.0.0.1, a free port, written to DIR/port
  fakeprinter.py DIR pty    a pseudo terminal standing in for /dev/usb/lp0;
                            the device path is written to DIR/device

What the printer is doing is read from DIR/mode whenever it matters:
  ok          prints and answers
  paper_out   out of paper (answers so; records what still comes)
  near_end    paper near its end
  cover_open  cover open
  hang        stops reading and answering: the sender's writes stall.
              Leaving it is a power cycle: the hung connection is dropped
              and whatever it had buffered is lost.
  hang_mid    prints, but stops in the middle of the next ticket's image:
              once a GS v 0 band has begun, the mode becomes hang.
Each connection (tcp) or each session after a hang (pty) is recorded in
DIR/conn-N.bin, N from 1. The status queries answered are counted in
DIR/queries.
"""
import os
import select
import socket
import sys
import time
import tty

# DLE EOT answers per mode: printer status (n=1), off-line cause (n=2),
# error cause (n=3), roll paper sensor (n=4). Bits 1 and 4 are always set.
ANSWERS = {
    "ok": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    "paper_out": {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x72},
    "near_end": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E},
    "cover_open": {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12},
}
ANSWERS["hang_mid"] = ANSWERS["ok"]


class Session:
    """One connection's byte stream: recorded, parsed for status queries."""

    def __init__(self, fd, path):
        self.fd = fd
        self.out = open(path, "wb")
        self.buf = b""

    def feed(self, data, mode, answer):
        """Record and parse @data; return whether a raster band began in it."""
        self.out.write(data)
        self.out.flush()
        self.buf += data
        raster = False
        while self.buf:
            raster = raster or self.buf[:2] == b"\x1dv"
            n = self.step(mode, answer)
            if n == 0:
                break  # a command not complete yet
            self.buf = self.buf[n:]
        return raster

    def step(self, mode, answer):
        """Length of the command at the start of buf (0: incomplete)."""
        b = self.buf
        if b[0] == 0x1D and len(b) >= 2 and b[1:2] == b"v":  # GS v 0 m xL xH yL yH data
            if len(b) < 8:
                return 0
            size = 8 + (b[4] | b[5] << 8) * (b[6] | b[7] << 8)
            return size if len(b) >= size else 0
        if b[0] == 0x10:  # DLE EOT n
            if len(b) < 3:
                return 0
            if b[1] == 0x04 and mode in ANSWERS and b[2] in ANSWERS[mode]:
                answer(self, bytes([ANSWERS[mode][b[2]]]))
            return 3
        if b[0] == 0x1D and b[1:2] == b"V":  # GS V m n
            return 4 if len(b) >= 4 else 0
        if b[0] == 0x1B and b[1:2] == b"d":  # ESC d n
            return 3 if len(b) >= 3 else 0
        if b[0] == 0x1B:  # ESC @ and other two-byte commands
            return 2 if len(b) >= 2 else 0
        return 1  # NUL, LF, anything else

    def close(self):
        self.out.close()


def main():
    folder, kind = sys.argv[1], sys.argv[2]
    count = [0, 0]  # sessions, queries

    def mode():
        try:
            with open(os.path.join(folder, "mode")) as f:
                return f.read().strip() or "ok"
        except OSError:
            return "ok"

    def new_session(fd):
        count[0] += 1
        return Session(fd, os.path.join(folder, "conn-%d.bin" % count[0]))

    def answer(session, data):
        count[1] += 1
        with open(os.path.join(folder, "queries"), "w") as f:
            f.write("%d\n" % count[1])
        if kind == "pty":
            os.write(session.fd, data)
        else:
            session.sock.sendall(data)

    sessions = []
    if kind == "tcp":
        lst = socket.socket()
        # Small buffers: a printer that stops reading stalls its sender soon.
        lst.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        lst.bind(("127.0.0.1", 0))
        lst.listen(4)
        with open(os.path.join(folder, "port.tmp"), "w") as f:
            f.write("%d\n" % lst.getsockname()[1])
        os.rename(os.path.join(folder, "port.tmp"), os.path.join(folder, "port"))
    else:
        master, slave = os.openpty()
        tty.setraw(slave)
        s = new_session(master)
        sessions.append(s)
        with open(os.path.join(folder, "device.tmp"), "w") as f:
            f.write(os.ttyname(slave) + "\n")
        os.rename(os.path.join(folder, "device.tmp"), os.path.join(folder, "device"))

    was_hung = False
    while True:
        m = mode()
        if m == "quit":
            return
        if was_hung and m != "hang":
            # Power cycled: what the hung printer held is lost.
            for s in sessions:
                if kind == "tcp":
                    s.sock.close()
                else:
                    while select.select([s.fd], [], [], 0)[0]:
                        os.read(s.fd, 65536)
                s.close()
            sessions = [] if kind == "tcp" else [new_session(master)]
        was_hung = m == "hang"
        watch = [] if m == "hang" else [s.fd for s in sessions]
        if kind == "tcp":
            watch.append(lst.fileno())
        ready = select.select(watch, [], [], 0.05)[0]
        if kind == "tcp" and lst.fileno() in ready:
            conn, _ = lst.accept()
            s = new_session(conn.fileno())
            s.sock = conn
            sessions.append(s)
        for s in list(sessions):
            if s.fd not in ready:
                continue
            try:
                data = os.read(s.fd, 65536)
            except OSError:
                data = b""
            if not data:
                if kind == "tcp":
                    s.sock.close()
                    s.close()
                    sessions.remove(s)
                else:
                    time.sleep(0.05)  # the device was closed; it may be opened again
                continue
            if s.feed(data, m, answer) and m == "hang_mid":
                with open(os.path.join(folder, "mode"), "w") as f:
                    f.write("hang\n")


if __name__ == "__main__":
    main()
