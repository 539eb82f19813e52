"""Certificates for real critical points known by proved isolating boxes (the ball route).

A point of the ball route is algebraic of degree up to the number of complex critical
points, far too large to write in Q(alpha). Its certificate instead names a rational box
and the data that let the independent checker re-prove, in exact rational interval
arithmetic (docs/certificates.md, addition 12):

* the box holds exactly one critical point (Krawczyk test: ``center``, ``preconditioner``);
* the Hessian there has the claimed inertia: ``C H(X) C^T`` is strictly diagonally
  dominant for a rational ``congruence`` matrix ``C`` (Sylvester, Gershgorin);
* the loss there lies in the claimed ``value`` interval;
* for a ``local_min`` that is not global, a rational ``better_point`` with a smaller loss.

Globality of a ``global_min`` rests on the completeness of the engine's critical set
(dim Q[x]/I boxes) and is not re-checked: the checker answers CONDITIONAL.

The data are floats turned into exact rationals (a float is a dyadic rational); the
producer checks them first in ball arithmetic, and gives no certificate when that check
fails, so nothing unverifiable is written.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .ballkind import _arf_fraction, _ball_interval, _coarse
from .exact import format_rational
from .krawczyk import _krawczyk_real, ball_terms, ball_value

try:
    import flint
except ImportError:  # pragma: no cover
    flint = None

__all__ = ["box_claim"]


def _arb(q: Fraction):
    return flint.arb(flint.fmpq(q.numerator, q.denominator))


def _dyadic_up(r: Fraction) -> Fraction:
    """The least power of two >= r (r > 0)."""
    k = r.numerator.bit_length() - r.denominator.bit_length()
    p = Fraction(2) ** k
    while p < r:
        p *= 2
    while p / 2 >= r:
        p /= 2
    return p


def _strict_dd(M) -> tuple[int, int] | None:
    """(positive, negative) diagonal counts when the ball matrix is strictly diagonally dominant."""
    n = len(M)
    pos = neg = 0
    for i in range(n):
        d = M[i][i]
        if d.contains(0):
            return None
        off = flint.arb(0)
        for j in range(n):
            if j != i:
                off += abs(M[i][j]).upper()
        if not abs(d).lower() > off:
            return None
        if d > 0:
            pos += 1
        else:
            neg += 1
    return pos, neg


def box_claim(model, system, balls, kind: str, better: list | None = None, prec: int = 256) -> dict | None:
    """``{"claim": ..., "hints": ...}`` of a box-point certificate, or None when it cannot be made.

    Parameters
    ----------
    model : LossModel
    system : symlandscape.krawczyk.PolySystem
        ``grad L`` and the Hessian.
    balls : list of flint.arb
        A proved real box around the critical point (from :mod:`symlandscape.krawczyk`).
    kind : str
        The verdict: global_min, local_min, strict_saddle or local_max.
    better : list of list of Fraction, optional
        Candidate rational points with smaller loss (for ``local_min``); the first whose
        exact loss lies below the value interval is used.

    Examples
    --------
    >>> from symlandscape.backends.instances import deep_linear
    >>> from symlandscape.krawczyk import PolySystem
    >>> m = deep_linear([1, 1, 1])
    >>> S = PolySystem(list(m.grad), [list(r) for r in m.hess])
    >>> box = [flint.arb(0, 1e-9), flint.arb(0, 1e-9)]          # the origin: a strict saddle here
    >>> c = box_claim(m, S, box, "strict_saddle")
    >>> c["claim"]["type"], c["claim"]["kind"], len(c["hints"]["congruence"])
    ('box_point', 'strict_saddle', 2)
    """
    if flint is None:  # pragma: no cover
        return None
    n = system.n
    with flint.ctx.workprec(prec):
        center = [_arf_fraction(b.mid()) for b in balls]
        rad = max((_ball_interval(b)[1] - _ball_interval(b)[0]) / 2 for b in balls)
        r = _dyadic_up(max(rad, Fraction(1, 2 ** (prec - 8))))
        c_arb = [_arb(q) for q in center]
        box = [(q - r, q + r) for q in center]
        Jc = np.array([[float(v.mid()) for v in row] for row in system.jac_ball(c_arb, flint.arb)])
        try:
            Yf = np.linalg.inv(Jc)
            w, Q = np.linalg.eigh((Jc + Jc.T) / 2)
        except np.linalg.LinAlgError:
            return None
        if not (np.all(np.isfinite(Yf)) and np.all(np.isfinite(Q))):
            return None
        Y = [[Fraction(float(v)) for v in row] for row in Yf]
        C = [[Fraction(float(v)) for v in row] for row in Q.T]
        # Krawczyk, as the checker will do it (with balls, which enclose its exact intervals)
        X = _krawczyk_real(system, c_arb, float(r), Yf)
        if X is None:
            return None
        JX = system.jac_ball(X, flint.arb)
        Ca = flint.arb_mat([[_arb(v) for v in row] for row in C])
        M = Ca * flint.arb_mat(JX) * Ca.transpose()
        inertia = _strict_dd([[M[i, j] for j in range(n)] for i in range(n)])
        if inertia is None:
            return None
        pos, neg = inertia
        if {"strict_saddle": pos > 0 and neg > 0, "local_max": neg == n,
                "local_min": pos == n, "global_min": pos == n}.get(kind) is not True:
            return None
        # the loss over the box, widened outward to dyadic end points
        lo, hi = _ball_interval(ball_value(ball_terms(model.L), X))
        width = max(hi - lo, Fraction(1, 2 ** 200))
        vlo, vhi = _coarse(lo - width, hi + width, 80)
    hints = {"center": [format_rational(q) for q in center],
             "preconditioner": [[format_rational(v) for v in row] for row in Y],
             "congruence": [[format_rational(v) for v in row] for row in C]}
    if kind == "local_min":
        pick = None
        for p in better or []:
            if _loss(model, p) < vlo:
                pick = p
                break
        if pick is None:
            return None
        hints["better_point"] = [format_rational(q) for q in pick]
    claim = {"type": "box_point",
             "box": [[format_rational(a), format_rational(b)] for a, b in box],
             "value": [format_rational(vlo), format_rational(vhi)],
             "kind": kind}
    return {"claim": claim, "hints": hints}


def _loss(model, p: list[Fraction]) -> Fraction:
    from sympy import QQ
    v = model.L(*[QQ(q.numerator, q.denominator) for q in p]) if model.n else model.L
    return Fraction(int(v.numerator), int(v.denominator))
