"""A rational point with a smaller loss, proposed by numerical minimisation, checked exactly.

A local minimum is *not global* as soon as one point has a strictly smaller loss. When the
global minimum value is unknown (the infimum need not be attained, e.g. partially
regularised or biased networks), :func:`search_better_point` runs a few seeded local
minimisations in floating point, rounds what they find to short rationals and evaluates
the loss there **exactly**; floats only propose, the exact comparison decides (design.md,
principle 3). The result is the ``better_point`` of a ``local_min`` certificate.
"""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np

__all__ = ["better_point", "search_better_point", "find_better_point", "exact_loss"]


def exact_loss(model, q: list[Fraction]) -> Fraction:
    """The loss at a rational point, exactly.

    Examples
    --------
    >>> from symlandscape.spec import parse_problem
    >>> from symlandscape.loss import build_loss
    >>> m = build_loss(parse_problem({"network": {"widths": [1, 1, 1]},
    ...                               "data": {"inputs": [[1]], "targets": [[1]]}}))
    >>> exact_loss(m, [Fraction(1), Fraction(1, 2)])
    Fraction(1, 8)
    """
    total = Fraction(0)
    for monom, c in model.L.terms():
        term = Fraction(int(c.numerator), int(c.denominator))
        for x, e in zip(q, monom):
            if e:
                term *= x ** e
        total += term
    return total


def better_point(model, target, points) -> list[Fraction] | None:
    """A rational point with loss strictly below ``target`` (exact check), rounded from one of
    ``points`` (known critical points of smaller loss, AlgebraicPoint) at 2 to 32 digits."""
    import mpmath

    from .values import RealAlgebraic
    for gp in points:
        for digits in (2, 4, 8, 16, 32):
            approx = gp.approx(digits + 5)
            q = [Fraction(int(mpmath.nint(x * 10 ** digits)), 10 ** digits) for x in approx]
            if RealAlgebraic.from_fraction(exact_loss(model, q)).compare(target) < 0:
                return q
    return None


def find_better_point(model, value, points, start=None) -> list[Fraction] | None:
    """:func:`better_point` near the known ``points``, else :func:`search_better_point` from ``start``."""
    return better_point(model, value, points) or search_better_point(model, value, start=start)


class _Numeric:
    """Vectorised float evaluation of a polynomial loss and its gradient."""

    def __init__(self, poly, n: int):
        terms = poly.terms()
        self.E = np.array([m for m, _ in terms], dtype=float).reshape(len(terms), n)
        self.c = np.array([float(c) for _, c in terms])
        self.n = n

    def f(self, x):
        with np.errstate(all="ignore"):
            return float(np.prod(np.power(x, self.E), axis=1) @ self.c)

    def g(self, x):
        out = np.zeros(self.n)
        with np.errstate(all="ignore"):
            for i in range(self.n):
                Ei = self.E.copy()
                coef = self.c * Ei[:, i]
                Ei[:, i] = np.maximum(Ei[:, i] - 1, 0)
                out[i] = np.prod(np.power(x, Ei), axis=1) @ coef
        return out


def _roundings(x):
    for digits in (0, 1, 2, 3, 4, 6, 8, 12, 16):
        yield [Fraction(round(float(v) * 10 ** digits)) / 10 ** digits for v in x]


def _descend(num, x, iters: int = 400):
    """Gradient descent with Armijo backtracking (deterministic, no threads); returns (x, f)."""
    fx = num.f(x)
    step = 1.0
    for _ in range(iters):
        g = num.g(x)
        gg = float(g @ g)
        if not np.isfinite(gg) or gg < 1e-24:
            break
        while step > 1e-14:
            y = x - step * g
            fy = num.f(y)
            if np.isfinite(fy) and fy <= fx - 1e-4 * step * gg:
                x, fx = y, fy
                step = min(step * 2.0, 1e6)
                break
            step *= 0.5
        else:
            break
    return x, fx


def search_better_point(model, value, start=None, seed: int = 0, starts: int = 8) -> list[Fraction] | None:
    """A rational point whose exact loss is strictly below ``value``, or None.

    Parameters
    ----------
    model : LossModel
    value : RealAlgebraic
        The loss at the point under test.
    start : list of float, optional
        The point under test: some searches start near it.
    seed : int
        Seeds the random starts (deterministic).

    Returns
    -------
    list of Fraction or None
        None means none was found, not that none exists.

    Examples
    --------
    The chain ``w2 w1`` fitting y = 1 with l2 = 1 on w2 only: the origin (value 1/2) is
    not a global minimum although no minimum is attained elsewhere.

    >>> from symlandscape.spec import parse_problem
    >>> from symlandscape.loss import build_loss
    >>> from symlandscape.values import RealAlgebraic
    >>> m = build_loss(parse_problem({"network": {"widths": [1, 1, 1]}, "l2": ["0", "1"],
    ...                               "data": {"inputs": [[1]], "targets": [[1]]}}))
    >>> q = search_better_point(m, RealAlgebraic.from_fraction(Fraction(1, 2)))
    >>> exact_loss(m, q) < Fraction(1, 2)
    True
    """
    from .values import RealAlgebraic
    n = model.n
    if n == 0 or not model.L:
        return None
    cache = model.__dict__.setdefault("_better_points", [])  # (exact loss, point) found before
    for val, q in sorted(cache):
        if RealAlgebraic.from_fraction(val).compare(value) < 0:
            return q
    num = model.__dict__.get("_numeric_loss") or model.__dict__.setdefault("_numeric_loss", _Numeric(model.L, n))
    target = float(value.approx(20))
    rng = random.Random(seed)
    x0s = []
    if start is not None:
        s = np.array([float(v) for v in start])
        for scale in (0.05, 0.3, 1.0):
            x0s.append(s + np.array([rng.gauss(0, scale) for _ in range(n)]))
    while len(x0s) < starts:
        scale = (0.5, 1.5, 3.0)[len(x0s) % 3]
        x0s.append(np.array([rng.gauss(0, scale) for _ in range(n)]))
    for x0 in x0s:
        x, fx = _descend(num, x0)
        if not np.all(np.isfinite(x)) or not np.isfinite(fx) or fx >= target:
            continue
        for q in _roundings(x):
            val = exact_loss(model, q)
            if RealAlgebraic.from_fraction(val).compare(value) < 0:
                cache.append((val, q))
                return q
    return None
