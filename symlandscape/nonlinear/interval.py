"""Rigorous local minima of smooth transcendental losses (sigmoid, tanh, bent identity).

No exact critical point is available in general (exp is transcendental), so a local
minimum is proved on a small box ``X = center +- radius`` (Krawczyk 1969; Moore, Kearfott,
Cloud, *Introduction to Interval Analysis*, 2009, Sec. 8.4):

* Krawczyk: ``K(X) = c - Y g(c) + (I - Y H(X)) (X - c)`` strictly inside ``X`` proves a
  unique zero of the gradient g in X (Y: any matrix, here an approximate inverse).
* Interval symmetric elimination of the Hessian enclosure ``H(X)`` with positive pivots
  proves every Hessian on X positive definite: the critical point is a strict local
  minimum (the only one in X).
* The loss on X is enclosed in ``[lo, hi]``; a rational ``better_point`` with a certified
  upper bound below ``lo`` proves that the minimum is not global.

Derivatives are computed by second-order forward jets over ``mpmath.iv`` intervals (any
depth). The independent checker redoes everything with its own Fraction intervals.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
from mpmath import iv

from ..exact import format_rational as fr
from .activations import mp_act
from .numeric import NumericLoss

__all__ = ["Jet", "jet_loss", "to_fraction", "BoxProof", "prove_box", "upper_bound", "polish"]


class Jet:
    """Value, gradient and Hessian (second-order forward mode) over any number type."""

    __slots__ = ("v", "g", "H")

    def __init__(self, v, g, H):
        self.v, self.g, self.H = v, g, H

    def __add__(self, o):
        if isinstance(o, Jet):
            return Jet(self.v + o.v, [a + b for a, b in zip(self.g, o.g)],
                       [[a + b for a, b in zip(r, s)] for r, s in zip(self.H, o.H)])
        return Jet(self.v + o, self.g, self.H)

    __radd__ = __add__

    def __sub__(self, o):
        return self + (-1) * o if isinstance(o, Jet) else self + (-o)

    def __mul__(self, o):
        if isinstance(o, Jet):
            n = len(self.g)
            H = [[self.v * o.H[i][j] + o.v * self.H[i][j] + self.g[i] * o.g[j] + o.g[i] * self.g[j]
                  for j in range(n)] for i in range(n)]
            return Jet(self.v * o.v, [self.v * b + o.v * a for a, b in zip(self.g, o.g)], H)
        return Jet(self.v * o, [a * o for a in self.g], [[a * o for a in r] for r in self.H])

    __rmul__ = __mul__

    def apply(self, f, df, ddf):
        """``phi(self)`` for phi with derivatives df, ddf."""
        d1, d2, n = df(self.v), ddf(self.v), len(self.g)
        return Jet(f(self.v), [d1 * a for a in self.g],
                   [[d1 * self.H[i][j] + d2 * self.g[i] * self.g[j] for j in range(n)] for i in range(n)])


def jet_loss(problem, point, ctx=iv):
    """The loss as a Jet at ``point`` (numbers or intervals of ``ctx``: value, gradient, Hessian).

    >>> from symlandscape.spec import parse_problem
    >>> p = parse_problem({"network": {"widths": [1, 1, 1], "activation": "tanh"},
    ...                    "data": {"inputs": [[1]], "targets": [[0]]}})
    >>> J = jet_loss(p, [mpmath.mpf(0), mpmath.mpf(1)], mpmath.mp)
    >>> float(J.v), [float(x) for x in J.g]
    (0.0, [0.0, 0.0])
    """
    n = len(point)
    zero = ctx.mpf(0)
    var = [Jet(point[i], [ctx.mpf(1) if k == i else zero for k in range(n)], [[zero] * n for _ in range(n)])
           for i in range(n)]
    h = mp_act(problem.network.activation, ctx)
    w, bias, pos, layers = problem.network.widths, problem.network.bias, 0, []
    for l in range(1, len(w)):
        W = [var[pos + i * w[l - 1]: pos + (i + 1) * w[l - 1]] for i in range(w[l])]
        pos += w[l] * w[l - 1]
        b = var[pos: pos + w[l]] if bias else [None] * w[l]
        pos += w[l] if bias else 0
        layers.append((W, b))
    total = None
    for x, y in zip(problem.inputs, problem.targets):
        a = [ctx.mpf(_q(v, ctx)) for v in x]
        for k, (W, b) in enumerate(layers):
            z = []
            for row, bi in zip(W, b):
                s = bi
                for wij, aj in zip(row, a):
                    if isinstance(aj, Jet) or aj != 0:
                        t = wij * aj
                        s = t if s is None else s + t
                if s is None:
                    s = Jet(zero, [zero] * n, [[zero] * n for _ in range(n)])
                z.append(s)
            a = [zi.apply(*h) for zi in z] if k < len(layers) - 1 else z
        for ai, yi in zip(a, y):
            r = ai - ctx.mpf(_q(yi, ctx))
            total = r * r if total is None else total + r * r
    total = total * ctx.mpf(_q(problem.loss.scale, ctx))
    for t, lam in zip(var, problem.l2_per_parameter()):
        if lam:
            total = total + (t * t) * (ctx.mpf(_q(lam, ctx)) / 2)
    return total


def _q(q: Fraction, ctx):
    """A rational as an exact interval / high-precision number."""
    return ctx.mpf(q.numerator) / q.denominator


def to_fraction(x) -> Fraction:
    """The exact value of an mpmath mpf (or a degenerate endpoint of an interval)."""
    raw = x._mpi_[0] if hasattr(x, "_mpi_") else x._mpf_
    sign, man, exp, _ = raw
    if not man and exp:
        raise ValueError("infinite or nan bound")
    q = Fraction(man) * (Fraction(2) ** exp)
    return -q if sign else q


def _ends(x):
    return to_fraction(x.a), to_fraction(x.b)


def polish(problem, x, dps: int = 50, steps: int = 30):
    """Newton's method on the gradient in mpmath at ``dps`` digits (evidence; proofs come later)."""
    with mpmath.workdps(dps):
        p = [mpmath.mpf(float(v)) for v in x]
        for _ in range(steps):
            J = jet_loss(problem, p, mpmath.mp)
            try:
                d = mpmath.lu_solve(mpmath.matrix(J.H), mpmath.matrix(J.g))
            except ZeroDivisionError:
                break
            p = [a - b for a, b in zip(p, d)]
            if mpmath.norm(d) < mpmath.mpf(10) ** (-dps + 5):
                break
        J = jet_loss(problem, p, mpmath.mp)
        return p, J


class BoxProof:
    """A verified box: claim and hints for the certificate."""

    def __init__(self, center, radius, lo, hi, Y):
        self.center, self.radius, self.lo, self.hi, self.Y = center, radius, lo, hi, Y

    def claim(self) -> dict:
        return {"type": "box", "center": [fr(c) for c in self.center], "radius": fr(self.radius),
                "value": {"lower": fr(self.lo), "upper": fr(self.hi)}, "kind": "local_min"}

    def hints(self) -> dict:
        return {"krawczyk": {"preconditioner": [[fr(y) for y in row] for row in self.Y]},
                "hessian": {"method": "interval_positive_definite"}}


def _interval_pd(H) -> bool:
    """Interval symmetric elimination: every symmetric matrix in H is positive definite."""
    A = [list(r) for r in H]
    n = len(A)
    for k in range(n):
        if not A[k][k].a > 0:
            return False
        for i in range(k + 1, n):
            f = A[i][k] / A[k][k]
            for j in range(k + 1, n):
                A[i][j] = A[i][j] - f * A[k][j]
    return True


def _round(q: float | mpmath.mpf, digits: int) -> Fraction:
    with mpmath.workdps(digits + 30):
        return Fraction(int(mpmath.nint(mpmath.mpf(q) * 10 ** digits))) / 10 ** digits


def prove_box(problem, x, prec: int = 200):
    """Try to prove a strict local minimum near the float point ``x``; a BoxProof or None.

    The center is the mpmath-polished point rounded to rationals; radii from 1e-25 to 1e-8
    are tried. None proves nothing (for example a singular Hessian: a non-isolated minimum).
    """
    p, J = polish(problem, x)
    n = len(p)
    with mpmath.workdps(50):
        try:
            Yf = mpmath.inverse(mpmath.matrix(J.H))
        except ZeroDivisionError:
            return None
    Y = [[_round(Yf[i, j], 20) for j in range(n)] for i in range(n)]
    center = [_round(v, 40) for v in p]
    old = iv.prec
    iv.prec = prec
    try:
        c_iv = [iv.mpf(_q(c, iv)) for c in center]
        Jc = jet_loss(problem, c_iv, iv)
        Yiv = [[iv.mpf(_q(y, iv)) for y in row] for row in Y]
        Yg = [sum((Yiv[i][k] * Jc.g[k] for k in range(n)), iv.mpf(0)) for i in range(n)]
        for e in range(25, 7, -1):
            r = Fraction(1, 10 ** e)
            box = [iv.mpf([_q(c - r, iv), _q(c + r, iv)]) for c in center]
            JX = jet_loss(problem, box, iv)
            if not _interval_pd(JX.H):
                continue
            ok = True
            for i in range(n):
                acc = c_iv[i] - Yg[i]
                for k in range(n):
                    m = (1 if i == k else 0) - sum((Yiv[i][l] * JX.H[l][k] for l in range(n)), iv.mpf(0))
                    acc = acc + m * (box[k] - c_iv[k])
                lo, hi = _ends(acc)
                if not (center[i] - r < lo and hi < center[i] + r):
                    ok = False
                    break
            if ok:
                lo, hi = _ends(JX.v)
                return BoxProof(center, r, _floor(lo), _ceil(hi), Y)
        return None
    finally:
        iv.prec = old


def _floor(q: Fraction, bits: int = 100) -> Fraction:
    return Fraction((q * 2 ** bits).__floor__(), 2 ** bits)


def _ceil(q: Fraction, bits: int = 100) -> Fraction:
    return Fraction((q * 2 ** bits).__ceil__(), 2 ** bits)


def upper_bound(problem, point, prec: int = 120) -> Fraction:
    """A rigorous upper bound of L at a rational point (mpmath.iv, value only)."""
    old = iv.prec
    iv.prec = prec
    try:
        from .numeric import NumericLoss  # noqa: F401  (kept local: numeric search lives there)
        h = mp_act(problem.network.activation, iv)[0]
        w, bias = problem.network.widths, problem.network.bias
        th = [iv.mpf(_q(Fraction(v), iv)) for v in point]
        total = iv.mpf(0)
        for x, y in zip(problem.inputs, problem.targets):
            a, pos = [iv.mpf(_q(v, iv)) for v in x], 0
            for l in range(1, len(w)):
                z = []
                for i in range(w[l]):
                    s = sum((th[pos + i * w[l - 1] + j] * a[j] for j in range(w[l - 1])), iv.mpf(0))
                    z.append(s)
                pos += w[l] * w[l - 1]
                if bias:
                    z = [zi + th[pos + i] for i, zi in enumerate(z)]
                    pos += w[l]
                a = [h(zi) for zi in z] if l < len(w) - 1 else z
            for ai, yi in zip(a, y):
                total += (ai - _q(yi, iv)) ** 2
        total *= _q(problem.loss.scale, iv)
        for t, lam in zip(th, problem.l2_per_parameter()):
            total += _q(lam, iv) / 2 * t * t
        return _ceil(to_fraction(total.b))
    finally:
        iv.prec = old


def find_better_point(problem, value_lower: Fraction, nl: NumericLoss | None = None, restarts: int = 40,
                      seed: int = 0):
    """A rational point with a certified loss upper bound below ``value_lower`` (or None)."""
    from .numeric import local_opt
    nl = nl or NumericLoss(problem)
    rng = np.random.default_rng(seed)
    for _ in range(restarts):
        x, L, _ = local_opt(nl, rng.normal(0, 2, nl.n), gtol=1e-9, maxiter=500)
        if not np.isfinite(L) or L >= float(value_lower):
            continue
        for digits in (3, 6, 10):
            cand = [Fraction(round(v * 10 ** digits), 10 ** digits) for v in x]
            ub = upper_bound(problem, cand)
            if ub < value_lower:
                return cand, ub
    return None
