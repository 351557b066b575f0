#!/usr/bin/env python3
"""The coarse 2D forced Burgers solver of cases/burgers-2d as an external program for DeepZero-J.

Speaks the DZX1 protocol of solver/README.md ("External solvers") on stdin/stdout and needs
nothing beyond the Python 3 standard library. The numerics are those of
org.deepzero.solver.burgers.Burgers2d, with the same operations in the same order, so a rollout
matches the in-process solver to rounding (the only difference: Python's math.sin against Java's
Math.sin in the forcing, each within an ulp).
"""
import math
import struct
import sys

MAGIC = b"DZX1"
MASK64 = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15


def _mix64(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def _mix32(z):
    z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & MASK64
    return (((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & MASK64) >> 32


class SplittableRandom:
    """java.util.SplittableRandom (Java 17): the generator the Java side draws the forcing from."""

    def __init__(self, seed):
        self.seed = seed & MASK64

    def _next_seed(self):
        self.seed = (self.seed + GOLDEN_GAMMA) & MASK64
        return self.seed

    def next_double(self):
        return (_mix64(self._next_seed()) >> 11) * 2.0 ** -53

    def _next_int(self):
        r = _mix32(self._next_seed())
        return r - (1 << 32) if r >= 1 << 31 else r

    def next_int(self, bound):
        # RandomSupport.boundedNextInt: mask for powers of two, else rejection on the top 31 bits
        r = self._next_int()
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = (r & 0xFFFFFFFF) >> 1
        while True:
            r = u % bound
            if u + m - r < 1 << 31:  # no int overflow in Java: accept
                return r
            u = (self._next_int() & 0xFFFFFFFF) >> 1


def seeds_mix(seed, index):
    """org.deepzero.common.Seeds.mix."""
    z = _mix64((seed ^ 0x5851F42D4C957F2D) & MASK64)
    return _mix64((z + GOLDEN_GAMMA * (index + 1)) & MASK64)


def sinusoid_forcing(seed, terms, amplitude, max_frequency, length, n):
    """Forcing.sinusoids sampled at the cell centres: (f_u, f_v) as flat lists [j * n + i]."""
    r = SplittableRandom(seeds_mix(seeds_mix(seed, 0x464F524345), 0))
    k0 = 2 * math.pi / length
    m_max = int(math.floor(max_frequency / k0))
    waves = []
    for t in range(terms):
        a = amplitude * (2 * r.next_double() - 1)
        while True:
            mx = r.next_int(2 * m_max + 1) - m_max
            my = r.next_int(2 * m_max + 1) - m_max
            if mx != 0 or my != 0:
                break
        waves.append((a, k0 * mx, k0 * my, 2 * math.pi * r.next_double(), t % 2 == 0))
    dx = length / n
    fu, fv = [0.0] * (n * n), [0.0] * (n * n)
    for j in range(n):
        y = (j + 0.5) * dx
        for i in range(n):
            x = (i + 0.5) * dx
            su = sv = 0.0
            for a, kx, ky, phase, on_u in waves:
                s = a * math.sin(kx * x + ky * y + phase)
                if on_u:
                    su += s
                else:
                    sv += s
            fu[j * n + i] = su
            fv[j * n + i] = sv
    return fu, fv


class Burgers:
    """Third-order upwind-biased advection, fourth-order diffusion, Heun's method: Burgers2d.step."""

    def __init__(self, n, length, dt):
        self.n, self.dt = n, dt
        self.dx = length / n
        self.inv6dx = 1 / (6 * self.dx)
        self.inv12dx2 = 1 / (12 * self.dx * self.dx)
        # per cell: itself and its neighbours at -2, -1, +1, +2 along x and along y (periodic)
        self.stencil = []
        for j in range(n):
            for i in range(n):
                r = j * n
                self.stencil.append((r + i, r + (i + 1) % n, r + (i - 1) % n, r + (i - 2) % n, r + (i + 2) % n,
                                     ((j + 1) % n) * n + i, ((j - 1) % n) * n + i, ((j - 2) % n) * n + i,
                                     ((j + 2) % n) * n + i))

    def rhs(self, u, v, nu, fu, fv):
        inv6dx, inv12dx2 = self.inv6dx, self.inv12dx2
        ru, rv = [], []
        for c, ip, im, imm, ipp, jp, jm, jmm, jpp in self.stencil:
            a, b = u[c], v[c]
            for q, f, out in ((u, fu, ru), (v, fv, rv)):
                q0 = q[c]
                if a >= 0:
                    qx = (2 * q[ip] + 3 * q0 - 6 * q[im] + q[imm]) * inv6dx
                else:
                    qx = (-q[ipp] + 6 * q[ip] - 3 * q0 - 2 * q[im]) * inv6dx
                if b >= 0:
                    qy = (2 * q[jp] + 3 * q0 - 6 * q[jm] + q[jmm]) * inv6dx
                else:
                    qy = (-q[jpp] + 6 * q[jp] - 3 * q0 - 2 * q[jm]) * inv6dx
                lap = (-q[ipp] + 16 * q[ip] - 60 * q0 + 16 * q[im] - q[imm]
                       - q[jpp] + 16 * q[jp] + 16 * q[jm] - q[jmm])
                out.append(-a * qx - b * qy + nu * lap * inv12dx2 + f[c])
        return ru, rv

    def step(self, u, v, nu, forcing):
        dt, half = self.dt, 0.5 * self.dt
        fu, fv = forcing
        ku1, kv1 = self.rhs(u, v, nu, fu, fv)
        us = [x + dt * k for x, k in zip(u, ku1)]
        vs = [x + dt * k for x, k in zip(v, kv1)]
        ku2, kv2 = self.rhs(us, vs, nu, fu, fv)
        return ([x + half * (k1 + k2) for x, k1, k2 in zip(u, ku1, ku2)],
                [x + half * (k1 + k2) for x, k1, k2 in zip(v, kv1, kv2)])


def read_exactly(stream, count):
    data = stream.read(count)
    if len(data) != count:
        raise EOFError
    return data


def main():
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    if read_exactly(stdin, 4) != MAGIC:
        sys.exit("burgers_step.py: not a DZX1 start message")
    (length,) = struct.unpack("<i", read_exactly(stdin, 4))
    settings = {}
    for line in read_exactly(stdin, length).decode("utf-8").splitlines():
        key, _, value = line.partition("=")
        settings[key.strip()] = value.strip()
    n = int(settings["n"])
    solver = Burgers(n, float(settings["length"]), float(settings["dt"]))
    names = settings["parameters"].split(",")
    forcings = {}
    stdout.write(MAGIC + struct.pack("<i", 0))
    stdout.flush()
    while True:
        try:
            (op,) = struct.unpack("<i", read_exactly(stdin, 4))
        except EOFError:
            return  # DeepZero closed our input: done
        if op != 1:
            sys.exit("burgers_step.py: unknown operation %d" % op)
        _step, _time, count = struct.unpack("<qdi", read_exactly(stdin, 20))
        params = dict(zip(names, struct.unpack("<%dd" % count, read_exactly(stdin, 8 * count))))
        (size,) = struct.unpack("<i", read_exactly(stdin, 4))
        state = struct.unpack("<%dd" % size, read_exactly(stdin, 8 * size))
        seed = int(params["forcing_seed"])
        if seed not in forcings:
            forcings[seed] = sinusoid_forcing(seed, int(settings["forcing_terms"]),
                                              float(settings["forcing_amplitude"]),
                                              float(settings["forcing_frequency"]),
                                              float(settings["length"]), n)
        u, v = solver.step(state[:n * n], state[n * n:], params["viscosity"], forcings[seed])
        stdout.write(struct.pack("<ii", 0, size))
        stdout.write(struct.pack("<%dd" % size, *u, *v))
        stdout.flush()


if __name__ == "__main__":
    main()
