#!/usr/bin/env python3
"""A DZX1 test program: answers every step with the state it got (the identity), except that with
argument MODE:K it misbehaves on the step request whose step index is K:
  crash:K   raises an exception (exit code 1, a traceback on stderr)
  hang:K    sleeps for an hour
  error:K   answers with status 1 and a message (and goes on serving)
  wrong:K   answers with one value too few
and with 'garbage' it answers the start message with bytes that are not DZX1, with 'silent' not at all."""
import struct
import sys
import time

mode, _, at = (sys.argv[1] if len(sys.argv) > 1 else "identity").partition(":")
stdin, stdout = sys.stdin.buffer, sys.stdout.buffer


def read(count):
    data = stdin.read(count)
    if len(data) != count:
        raise EOFError
    return data


assert read(4) == b"DZX1"
read(struct.unpack("<i", read(4))[0])
if mode == "silent":
    time.sleep(3600)
stdout.write(b"OOPS" if mode == "garbage" else b"DZX1" + struct.pack("<i", 0))
stdout.flush()
while True:
    try:
        (op,) = struct.unpack("<i", read(4))
    except EOFError:
        sys.exit(0)
    step, _time, count = struct.unpack("<qdi", read(20))
    read(8 * count)
    (size,) = struct.unpack("<i", read(4))
    state = read(8 * size)
    if at and step == int(at):
        if mode == "crash":
            raise RuntimeError("deliberate crash at step index %d" % step)
        if mode == "hang":
            time.sleep(3600)
        if mode == "error":
            text = b"deliberate failure"
            stdout.write(struct.pack("<ii", 1, len(text)) + text)
            stdout.flush()
            continue
        if mode == "wrong":
            size -= 1
            state = state[:8 * size]
    stdout.write(struct.pack("<ii", 0, size) + state)
    stdout.flush()
