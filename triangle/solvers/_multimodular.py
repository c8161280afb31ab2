"""Exact integer arithmetic on numpy arrays by residues modulo several primes.

An integer ``v`` with ``|v| <= bound`` is held as its residues modulo primes
``p_1, ..., p_k`` (all below ``2**31``, so that a product of two residues fits an
``int64``) whose product exceeds ``2 * bound``. Sums, products and exact divisions are
then elementwise ``int64`` operations, one array per prime. Signs, zero tests and
floating-point approximations come from the symmetric mixed-radix digits of Garner's
algorithm (``v = a_1 + a_2 p_1 + a_3 p_1 p_2 + ...`` with ``|a_l| <= (p_l - 1) / 2``):
the sign of ``v`` is the sign of its highest non-zero digit, and the Python integer is
rebuilt from the digits when an exact value is needed. Used by the lexicographic
pivoting of :mod:`triangle.solvers.lexicographic_search`, whose tableau entries are
determinants: exact, but far beyond 64 bits for games of ten or more strategies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

__all__ = ["Moduli", "moduli_for", "reduce_in_place"]

#: Largest prime of a residue: products of two residues stay below 2**62.
_TOP = 2**31


def reduce_in_place(x: np.ndarray, p: int) -> None:
    """``x %= p`` for an int64 array and a Python-int modulus, about twice as fast.

    NumPy divides by a scalar with libdivide (a multiply and a shift), and
    ``x - (x // p) * p`` is the floor remainder ``%`` computes, in ``[0, p)``.

    >>> import numpy as np
    >>> x = np.array([-7, 7, 2**62])
    >>> reduce_in_place(x, 5)
    >>> x.tolist() == [-7 % 5, 7 % 5, 2**62 % 5]
    True
    """
    q = x // p
    q *= p
    x -= q


def _is_prime(n: int) -> bool:
    """Deterministic Miller-Rabin for n < 3,215,031,751 (bases 2, 3, 5, 7)."""
    if n < 2:
        return False
    for p in (2, 3, 5, 7):
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for a in (2, 3, 5, 7):
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


#: The largest primes below 2**31, descending; extended on demand by ``_primes``.
_FOUND: list[int] = []


def _primes(k: int) -> tuple[int, ...]:
    found = _FOUND
    candidate = found[-1] - 2 if found else _TOP - 1
    while len(found) < k:
        if _is_prime(candidate):
            found.append(candidate)
        candidate -= 2
    return tuple(found[:k])


@dataclass(frozen=True)
class Moduli:
    """``k`` primes with the constants of Garner's algorithm and of float rebuilding.

    ``primes`` is a ``(k,)`` int64 array; ``garner[j, l]`` is the inverse of ``p_j``
    modulo ``p_l`` (``j < l``); ``radix`` holds the Python integers ``p_1 ... p_l``;
    ``scaled`` holds ``radix[l] / 2**shift`` as floats (``shift`` keeps them finite).

    >>> import numpy as np
    >>> mod = moduli_for(100)
    >>> res = mod.reduce(np.array([-(10**29), 7, 0], dtype=object))
    >>> digits = mod.digits(res, axis=0)
    >>> mod.sign(digits, axis=0).tolist(), mod.value(digits[:, 0])
    ([-1, 1, 0], -100000000000000000000000000000)
    """

    primes: np.ndarray
    garner: np.ndarray
    radix: tuple[int, ...]
    scaled: np.ndarray
    shift: int

    @property
    def k(self) -> int:
        """The number of primes."""
        return len(self.primes)

    def reduce(self, values: np.ndarray) -> np.ndarray:
        """Residues of an array of Python integers: shape ``(k,) + values.shape``."""
        flat = [int(v) for v in np.asarray(values, dtype=object).ravel()]
        out = np.array([[v % p for v in flat] for p in self.radix_primes], dtype=np.int64)
        return out.reshape((self.k, *np.shape(values)))

    @property
    def radix_primes(self) -> tuple[int, ...]:
        """The primes as Python integers."""
        return tuple(int(p) for p in self.primes)

    def digits(self, res: np.ndarray, axis: int) -> np.ndarray:
        """Symmetric mixed-radix digits (Garner) of residues held along ``axis``."""
        res = np.moveaxis(res, axis, 0)
        p = self.primes
        out = np.empty(res.shape, dtype=np.int64)
        for lvl in range(self.k):
            pl = int(p[lvl])
            v = res[lvl].copy()
            for j in range(lvl):
                # |v - a_j| < 1.5 * 2**31 and the inverse < 2**31: the product fits int64.
                v -= out[j]
                v *= int(self.garner[j, lvl])
                reduce_in_place(v, pl)
            v[v > pl // 2] -= pl
            out[lvl] = v
        return np.moveaxis(out, 0, axis)

    def sign(self, digits: np.ndarray, axis: int) -> np.ndarray:
        """The sign (-1, 0, 1) of each value: that of its highest non-zero digit."""
        d = np.moveaxis(digits, axis, 0)
        out = np.sign(d[-1])
        for lvl in range(self.k - 2, -1, -1):
            out = np.where(out == 0, np.sign(d[lvl]), out)
        return out.astype(np.int8)

    def approx(self, digits: np.ndarray, axis: int) -> np.ndarray:
        """Each value divided by ``2**shift``, as a float (relative error ~ 4k eps)."""
        d = np.moveaxis(digits, axis, 0)
        out = d[-1] * self.scaled[self.k - 1]
        for lvl in range(self.k - 2, -1, -1):
            out = out + d[lvl] * self.scaled[lvl]
        return out

    def log2abs(self, digits: np.ndarray, axis: int) -> np.ndarray:
        """``log2 |v|`` of each value (``-inf`` for zero), for values beyond float range.

        From the top non-zero digit ``a_L`` and the two below it:
        ``|v| = p_1 ... p_L |a_L + a_(L-1) / p_L + a_(L-2) / (p_L p_(L-1))|`` up to a
        relative ``2**-60``.
        """
        d = np.moveaxis(digits, axis, 0)
        k = self.k
        nz = d != 0
        top = k - 1 - np.argmax(nz[::-1], axis=0)
        lead = np.take_along_axis(d, top[None], axis=0)[0].astype(float)
        for below in (1, 2):
            idx = np.maximum(top - below, 0)
            digit = np.take_along_axis(d, idx[None], axis=0)[0].astype(float)
            scale = self.inv_radix_gap[below][top]
            lead = lead + np.where(top >= below, digit * scale, 0.0)
        with np.errstate(divide="ignore"):
            out = self.log2_radix[top] + np.log2(np.abs(lead))
        return np.where(nz.any(axis=0), out, -np.inf)

    @cached_property
    def log2_radix(self) -> np.ndarray:
        """``log2(p_1 ... p_l)`` for each digit position ``l``."""
        out = []
        for r in self.radix:
            drop = max(0, r.bit_length() - 60)
            out.append(math.log2(r >> drop) + drop)
        return np.array(out)

    @cached_property
    def inv_radix_gap(self) -> dict[int, np.ndarray]:
        """``1 / (p_L ... p_(L-below+1))`` at each top position ``L`` (0 where undefined)."""
        p = [float(v) for v in self.primes]
        one = np.array([1.0 / p[lvl - 1] if lvl >= 1 else 0.0 for lvl in range(self.k)])
        two = np.array(
            [1.0 / (p[lvl - 1] * p[lvl - 2]) if lvl >= 2 else 0.0 for lvl in range(self.k)]
        )
        return {1: one, 2: two}

    def value(self, digits: np.ndarray) -> int:
        """The Python integer whose ``(k,)`` digits are given."""
        return sum(int(a) * r for a, r in zip(digits.tolist(), self.radix))

    def inverse(self, res: np.ndarray, axis: int) -> np.ndarray:
        """Modular inverses (Fermat) of residues along ``axis``; 0 where not invertible."""
        res = np.moveaxis(res, axis, -1)
        p = self.primes
        result = np.ones_like(res)
        base = res % p
        exponent = p - 2
        for bit in range(31):
            use = (exponent >> bit) & 1
            result = np.where(use == 1, result * base % p, result)
            base = base * base % p
        return np.moveaxis(result, -1, axis)


@lru_cache(maxsize=16)
def moduli_for(bits: int) -> Moduli:
    """Primes whose product exceeds ``2**(bits + 1)``: room for any ``|v| < 2**bits``.

    >>> mod = moduli_for(120)
    >>> mod.k, mod.radix_primes[0]
    (4, 2147483647)
    """
    primes: list[int] = []
    product = 1
    while product <= 2 ** (bits + 1):
        primes = list(_primes(len(primes) + 1))
        product = math.prod(primes)
    k = len(primes)
    garner = np.zeros((k, k), dtype=np.int64)
    for j in range(k):
        for lvl in range(j + 1, k):
            garner[j, lvl] = pow(primes[j], -1, primes[lvl])
    radix = [1]
    for p in primes[:-1]:
        radix.append(radix[-1] * p)
    shift = max(0, max(r.bit_length() for r in radix) + 31 - 1000)
    scaled = np.array([r / 2**shift for r in radix])  # correctly rounded; may underflow
    return Moduli(np.array(primes, dtype=np.int64), garner, tuple(radix), scaled, shift)
