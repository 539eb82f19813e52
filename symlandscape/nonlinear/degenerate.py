"""Degenerate minima of smooth networks: proofs that need no isolated critical point.

Yun, Sra & Jadbabaie (ICLR 2019), Theorem 2: on ``X = [[1,0,1/2],[0,1,1/2]]``,
``Y = [0,0,1]`` a 2-2-1 network with a sigmoid or tanh hidden layer has a local minimum
with risk 1/3 beside zero-risk points. The minima at risk 1/3 are not isolated (the
hidden units are constant on the data, which lies on the line x1 + x2 = 1; the output
bias absorbs any change of the constant output), so the Hessian is singular and a
Krawczyk box cannot apply. Two interval proofs replace it:

* ``midpoint_curvature`` (local minimum, exact value). Three samples with the third the
  midpoint of the other two, equal outer targets ``y1 = y2`` and ``e = y3 - y1``. With
  outputs ``f1, f2, f3``, ``A = (f1 + f2)/2 - f3`` and ``B = (f1 - f2)/2`` the loss is
  ``scale (2 (f3 + A - y1)^2 + 2 B^2 + (f3 - y3)^2) >= 2 scale ((e + A)^2 / 3 + B^2)``
  (minimum over f3). By linearity every hidden pre-activation on the midpoint is the midpoint ``m_j`` of
  those on the outer samples, ``m_j +- delta_j``, so
  ``A = sum_j v_j delta_j^2 h''(xi_j) / 2`` with ``xi_j`` between the outer
  pre-activations, and ``B = sum_j v_j delta_j h'(eta_j)``. Since ``L >= 2 scale ((e + A)^2
  / 3 + B^2)``, ``L >= 2 scale e^2 / 3`` follows from ``2 e A + 3 B^2 >= 0``: either every
  ``e v_j h''`` is ``>= 0`` on a box (interval arithmetic), or the interval matrix
  ``diag(e v_j h'') + 3 g g^T`` (``g_j = v_j h'``) is positive definite on it. Then
  ``L >= 2 scale e^2 / 3`` on the box; at the center's first layer every hidden unit is
  constant on the data (``delta_j = 0``), and the output bias giving the constant output
  ``y1 + e/3`` lies inside the box: that point attains the bound, a local minimum with the
  exact value ``2 scale e^2 / 3`` (1/3 for Theorem 2).
* ``output_interpolation`` (global minimum 0). One hidden layer, scalar output and as many
  samples as output-layer parameters: with the first layer at the (rational) center, the
  output layer solving ``[h(Z) 1] (v, b) = y`` (interval Gaussian elimination) lies in the
  box, a point with zero loss.

The independent checker redoes both with its own Fraction intervals.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
from mpmath import iv

from ..exact import format_rational as fr
from .activations import mp_act
from .interval import _interval_pd, to_fraction

__all__ = ["midpoint_structure", "prove_midpoint_min", "prove_interpolation", "DegenerateProof"]


class DegenerateProof:
    """A proved box: claim, hints (without ``better_point``) and the exact value."""

    def __init__(self, kind, center, radius, value, hint_name, hint):
        self.kind, self.center, self.radius, self.value = kind, center, radius, value
        self.hint_name, self.hint = hint_name, hint

    def claim(self) -> dict:
        return {"type": "box", "center": [fr(c) for c in self.center], "radius": fr(self.radius),
                "value": {"lower": fr(self.value), "upper": fr(self.value)}, "kind": self.kind}

    def hints(self) -> dict:
        return {self.hint_name: self.hint}


def _q(x: Fraction):
    return iv.mpf(x.numerator) / x.denominator


def _mid(x):
    """The midpoint of an interval as an mpmath number at the working precision."""
    return (mpmath.mpf(to_fraction(x.a).numerator) / to_fraction(x.a).denominator
            + mpmath.mpf(to_fraction(x.b).numerator) / to_fraction(x.b).denominator) / 2


def _shape_ok(problem) -> bool:
    w = problem.network.widths
    return len(w) == 3 and w[2] == 1 and all(x == 0 for x in problem.l2_per_parameter())


def midpoint_structure(problem):
    """``(i1, i2, k, e)`` when the data fit ``midpoint_curvature`` (0-based outer samples, midpoint k), else None.

    >>> from symlandscape.spec import load_problem
    >>> midpoint_structure(load_problem("examples/yun_thm2_sigmoid.json"))
    (0, 1, 2, Fraction(1, 1))
    """
    if not _shape_ok(problem) or not problem.network.bias or len(problem.inputs) != 3:
        return None
    for k in range(3):
        i1, i2 = [i for i in range(3) if i != k]
        x1, x2, x3 = problem.inputs[i1], problem.inputs[i2], problem.inputs[k]
        if all(2 * c == a + b for a, b, c in zip(x1, x2, x3)) and problem.targets[i1] == problem.targets[i2]:
            e = problem.targets[k][0] - problem.targets[i1][0]
            return (i1, i2, k, e) if e != 0 else None
    return None


def _pre(problem, theta, x):
    """Hidden pre-activations at one sample (rational theta: exact; interval theta: enclosures)."""
    d0, d1 = problem.network.widths[:2]
    if not isinstance(theta[0], Fraction):
        x = [_q(c) for c in x]
    W, b = theta[:d0 * d1], theta[d0 * d1: d0 * d1 + d1]
    return [sum((W[j * d0 + k] * x[k] for k in range(d0)), b[j]) for j in range(d1)]


def prove_midpoint_min(problem, q: list[Fraction], prec: int = 200):
    """A ``midpoint_curvature`` proof at the rational point ``q`` (its output bias is re-centred), or None.

    The hidden units must be exactly constant on the data at ``q``.

    >>> from symlandscape.spec import load_problem
    >>> p = load_problem("examples/yun_thm2_sigmoid.json")
    >>> q = [Fraction(v) for v in (1, 1, 0, 0, -2, -2, 1, 2, 0)]
    >>> pr = prove_midpoint_min(p, q)
    >>> pr.value, pr.radius
    (Fraction(1, 3), Fraction(1, 20))
    """
    st = midpoint_structure(problem)
    if st is None:
        return None
    i1, i2, k, e = st
    d1, n = problem.network.widths[1], len(q)
    z1, z2 = _pre(problem, q, problem.inputs[i1]), _pre(problem, q, problem.inputs[i2])
    if z1 != z2:
        return None
    h, dh, ddh = mp_act(problem.network.activation, iv)
    v = q[n - 1 - d1: n - 1]
    y1 = problem.targets[i1][0]
    value = problem.loss.scale * 2 * e * e / 3
    old = iv.prec
    iv.prec = prec
    try:
        b2 = _q(y1 + e / 3) - sum((h(_q(z)) * _q(vj) for z, vj in zip(z1, v)), iv.mpf(0))
        with mpmath.workdps(60):
            center_b2 = Fraction(int(mpmath.nint(_mid(b2) * 10 ** 40))) / 10 ** 40
        center = list(q[:-1]) + [center_b2]
        for r in (Fraction(1, 20), Fraction(1, 100), Fraction(1, 1000)):
            if not (center_b2 - r < to_fraction(b2.a) and to_fraction(b2.b) < center_b2 + r):
                continue
            box = [iv.mpf([_q(c - r), _q(c + r)]) for c in center]
            Z1, Z2 = _pre(problem, box, problem.inputs[i1]), _pre(problem, box, problem.inputs[i2])
            curv, slope = [], []
            for j in range(d1):
                lo = min(to_fraction(Z1[j].a), to_fraction(Z2[j].a))
                hi = max(to_fraction(Z1[j].b), to_fraction(Z2[j].b))
                hull = iv.mpf([_q(lo), _q(hi)])
                curv.append(ddh(hull) * box[n - 1 - d1 + j] * _q(e))
                slope.append(dh(hull) * box[n - 1 - d1 + j])
            ok = all(to_fraction(c.a) >= 0 for c in curv)
            if not ok:
                M = [[(curv[i] if i == j else iv.mpf(0)) + 3 * slope[i] * slope[j] for j in range(d1)]
                     for i in range(d1)]
                ok = _interval_pd(M)
            if ok:
                return DegenerateProof("local_min", center, r, value, "midpoint_curvature",
                                       {"midpoint_sample": k + 1})
        return None
    finally:
        iv.prec = old


def prove_interpolation(problem, q: list[Fraction], prec: int = 200):
    """An ``output_interpolation`` proof: zero loss with the first layer of ``q``, or None.

    >>> from symlandscape.spec import load_problem
    >>> p = load_problem("examples/yun_thm2_sigmoid.json")
    >>> q = [Fraction(v) for v in (2, -2, 1, -3, 0, -1, 0, 0, 0)]
    >>> pr = prove_interpolation(p, q)
    >>> pr.kind, pr.value, [round(float(c), 6) for c in pr.center[6:]]
    ('global_min', Fraction(0, 1), [4.527508, -7.153578, -0.411026])
    """
    if not _shape_ok(problem):
        return None
    w, bias = problem.network.widths, problem.network.bias
    d1, n = w[1], len(q)
    if len(problem.inputs) != d1 + bias:
        return None
    h = mp_act(problem.network.activation, iv)[0]
    old = iv.prec
    iv.prec = prec
    try:
        M = [[h(_q(z)) for z in _pre(problem, q, x)] + [iv.mpf(1)] * bias for x in problem.inputs]
        with mpmath.workdps(60):
            Mm = mpmath.matrix([[_mid(m) for m in row] for row in M])
            try:
                sol = mpmath.lu_solve(Mm, mpmath.matrix([mpmath.mpf(y[0].numerator) / y[0].denominator
                                                         for y in problem.targets]))
            except ZeroDivisionError:
                return None
            out = [Fraction(int(mpmath.nint(sol[i] * 10 ** 40))) / 10 ** 40 for i in range(d1 + bias)]
        center = list(q[:n - d1 - bias]) + out
        r = Fraction(1, 10 ** 30)
        # verify: the exact solution lies within r of ``out`` (interval residual correction)
        res = [_q(y[0]) - sum((M[i][j] * _q(out[j]) for j in range(d1 + bias)), iv.mpf(0))
               for i, y in enumerate(problem.targets)]
        corr = _solve_iv(M, res)
        if corr is None or not all(-r < to_fraction(c.a) and to_fraction(c.b) < r for c in corr):
            return None
        return DegenerateProof("global_min", center, r, Fraction(0), "output_interpolation", {})
    finally:
        iv.prec = old


def _solve_iv(M, y):
    """Interval Gaussian elimination (every matrix in M); None if a pivot may vanish."""
    n = len(M)
    A = [list(row) + [yi] for row, yi in zip(M, y)]
    for k in range(n):
        piv = next((i for i in range(k, n) if A[i][k].a > 0 or A[i][k].b < 0), None)
        if piv is None:
            return None
        A[k], A[piv] = A[piv], A[k]
        for i in range(k + 1, n):
            f = A[i][k] / A[k][k]
            for j in range(k, n + 1):
                A[i][j] = A[i][j] - f * A[k][j]
    x = [None] * n
    for i in range(n - 1, -1, -1):
        x[i] = (A[i][n] - sum((A[i][j] * x[j] for j in range(i + 1, n)), iv.mpf(0))) / A[i][i]
    return x
