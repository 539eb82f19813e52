"""Exact inertia of symmetric matrices over a real number field Q(alpha).

Symmetric Gaussian elimination with 1x1 pivots (a non-zero diagonal entry) and 2x2
pivots ``[[0, b], [b, 0]]`` (one positive and one negative eigenvalue) computes a
congruent block-diagonal matrix; by Sylvester's law of inertia its signs are those of
the eigenvalues. Every zero test and sign is exact (see :mod:`symlandscape.algebraic`).

Directions with ``v^T H v < 0`` (or ``> 0``) are found by numerical eigenvectors rounded
to rationals and then *checked exactly*: the numbers only search, they never decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import mpmath

from .algebraic import AlgebraicField, to_fraction

__all__ = ["Inertia", "inertia", "evaluate_matrix", "quadratic_form", "find_direction"]


@dataclass(frozen=True)
class Inertia:
    """Numbers of positive, negative and zero eigenvalues."""

    pos: int
    neg: int
    zero: int

    @property
    def psd(self) -> bool:
        return self.neg == 0

    @property
    def definite(self) -> bool:
        return self.zero == 0 and (self.neg == 0 or self.pos == 0)

    def as_dict(self) -> dict:
        return {"positive": self.pos, "negative": self.neg, "zero": self.zero}


def evaluate_matrix(point, H) -> list[list]:
    """Evaluate a symmetric matrix of polynomials at an :class:`AlgebraicPoint`."""
    n = len(H)
    M = [[None] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            M[i][j] = M[j][i] = point.evaluate(H[i][j])
    return M


def inertia(K: AlgebraicField, A: list[list]) -> Inertia:
    """Exact inertia of a symmetric matrix with entries in ``K``.

    Examples
    --------
    >>> K = AlgebraicField.rational(0)
    >>> r = lambda *v: [[K.from_rational(x) for x in row] for row in v]
    >>> inertia(K, r([0, -1], [-1, 0]))
    Inertia(pos=1, neg=1, zero=0)
    >>> inertia(K, r([1, 1, 0], [1, 1, 0], [0, 0, 0]))
    Inertia(pos=1, neg=0, zero=2)
    """
    A = [list(row) for row in A]
    pos = neg = 0
    while A:
        n = len(A)
        k = next((i for i in range(n) if not K.is_zero(A[i][i])), None)
        if k is not None:
            d = A[k][k]
            if K.sign(d) > 0:
                pos += 1
            else:
                neg += 1
            inv = K.inv(d)
            rest = [i for i in range(n) if i != k]
            col = {i: K.mul(A[i][k], inv) for i in rest}
            A = [[K.sub(A[i][j], K.mul(col[i], A[k][j])) for j in rest] for i in rest]
            continue
        pair = next(((i, j) for i in range(n) for j in range(i + 1, n) if not K.is_zero(A[i][j])), None)
        if pair is None:
            return Inertia(pos, neg, n)
        i, j = pair
        pos += 1
        neg += 1
        binv = K.inv(A[i][j])
        rest = [r for r in range(n) if r not in (i, j)]
        A = [[K.sub(A[r][s], K.mul(K.add(K.mul(A[r][i], A[j][s]), K.mul(A[r][j], A[i][s])), binv))
              for s in rest] for r in rest]
    return Inertia(pos, neg, 0)


def quadratic_form(K: AlgebraicField, A: list[list], v: list[Fraction]):
    """``v^T A v`` for a rational vector ``v``; a field element."""
    acc = []
    n = len(v)
    for i in range(n):
        if not v[i]:
            continue
        for j in range(n):
            if v[j]:
                acc = K.add(acc, K.scale(A[i][j], _qq(v[i] * v[j])))
    return K.reduce(acc)


def _qq(q):
    from sympy import QQ
    q = to_fraction(q)
    return QQ(q.numerator, q.denominator)


def find_direction(K: AlgebraicField, A: list[list], sign: int, dps_list=(30, 60, 120)) -> list[Fraction] | None:
    """A rational vector ``v`` with ``sign * v^T A v > 0``, checked exactly; None if none is found.

    Callers ask only after :func:`inertia` proved that such a vector exists.
    """
    n = len(A)
    for dps in dps_list:
        with mpmath.workdps(dps):
            M = mpmath.matrix(n, n)
            for i in range(n):
                for j in range(n):
                    M[i, j] = K.approx(A[i][j], dps)
            E, Q = mpmath.eigsy(M)
            order = sorted(range(n), key=lambda k: -sign * E[k])
            for k in order[:3]:
                if sign * E[k] <= 0:
                    break
                for digits in (4, 8, 16, dps - 5):
                    scale = 10 ** digits
                    col = [Q[i, k] for i in range(n)]
                    big = max(abs(c) for c in col)
                    v = [Fraction(int(mpmath.nint(c / big * scale)), scale) for c in col]
                    if not any(v):
                        continue
                    # clear denominators for a tidy certificate
                    from math import lcm
                    den = 1
                    for c in v:
                        den = lcm(den, c.denominator)
                    v = [c * den for c in v]
                    if K.sign(quadratic_form(K, A, v)) == sign:
                        return v
    return None
