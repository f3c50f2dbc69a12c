#!/usr/bin/env python3
"""Independent EGD client for interop tests: speaks each command to HOST PORT (or unix:PATH) and
prints one line per check, 'ok NAME detail' or 'FAIL NAME detail'; exit status 0 only if all pass."""
import socket
import struct
import sys


def connect(target, port):
    if target.startswith("unix:"):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(target[5:])
    else:
        s = socket.create_connection((target, int(port)), timeout=10)
    s.settimeout(10)
    return s


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise EOFError("closed after %d of %d bytes" % (len(buf), n))
        buf += chunk
    return buf


def main():
    target, port = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "0")
    results = []

    def check(name, cond, detail=""):
        results.append(bool(cond))
        print(("ok " if cond else "FAIL ") + name + " " + str(detail), flush=True)

    def check_closed(s, name):
        # the server must close without replying; a reset counts as closed too
        try:
            rest = s.recv(1)
            check(name, rest == b"", repr(rest))
        except ConnectionResetError:
            check(name, True, "reset")
        s.close()

    s = connect(target, port)
    # 0x00: U32 bits available
    s.sendall(b"\x00")
    (bits,) = struct.unpack(">I", recv_exact(s, 4))
    check("0x00-bits-available", 0 <= bits < 2**32, bits)

    # 0x01 N: length-prefixed, M <= N, never blocks
    s.sendall(b"\x01\x20")
    m = recv_exact(s, 1)[0]
    data = recv_exact(s, m)
    check("0x01-read-nonblocking", m <= 32 and len(data) == m, m)

    # 0x01 0: zero count
    s.sendall(b"\x01\x00")
    check("0x01-zero", recv_exact(s, 1)[0] == 0)

    # 0x02 N: exactly N bytes, no prefix
    s.sendall(b"\x02\xff")
    data = recv_exact(s, 255)
    check("0x02-read-blocking", len(data) == 255 and len(set(data)) > 16, len(data))

    # pipelined: 0x04, 0x02 16, 0x00 in one write; replies in order
    s.sendall(b"\x04\x02\x10\x00")
    n = recv_exact(s, 1)[0]
    pid = recv_exact(s, n).decode("ascii")
    blk = recv_exact(s, 16)
    (bits2,) = struct.unpack(">I", recv_exact(s, 4))
    check("0x04-pid-pipelined", pid.lstrip("-").isdigit() and len(blk) == 16, pid)

    # 0x03: refused -> connection closed, nothing sent back
    s.sendall(b"\x03\x00\x08\x01\x41")
    check_closed(s, "0x03-refused-closes")

    # unknown command closes the connection
    s = connect(target, port)
    s.sendall(b"\x7f")
    check_closed(s, "unknown-command-closes")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
