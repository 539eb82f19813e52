"""``symlandscape hunt``: multi-start search for bad local minima, with certificates.

Local optimisation from random starts (numpy/scipy L-BFGS), clustering of the limits by
loss value, then for every cluster above the best value found:

* ReLU-type: snap to an exact point (first-layer weights rounded to short rationals,
  output layer solved exactly by least squares in the fixed activation pattern) and
  prove local minimality on every adjacent region (:mod:`.piecewise`);
* smooth: a Krawczyk box around the mpmath-polished limit (:mod:`.interval`); on
  midpoint data (Yun et al. 2019, Theorem 2) a limit whose hidden units are nearly
  constant on the data is snapped to exact constancy first and proved by the
  midpoint-curvature bound (:mod:`.degenerate`).

The best point found is the certified "better point". Searching proves nothing by
itself; every verdict is in a certificate the independent checker re-verifies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import sympy

from .activations import is_piecewise
from .degenerate import midpoint_structure
from .numeric import NumericLoss, local_opt
from .piecewise import exact_loss, forward
from .point import NonlinearPointResult, piecewise_verdict, smooth_verdict

__all__ = ["Cluster", "hunt", "snap_relu", "snap_midpoint"]


@dataclass
class Cluster:
    """Restarts that reached (numerically) the same loss value."""

    value: float
    count: int
    x: np.ndarray
    result: NonlinearPointResult | None = None
    members: list = field(default_factory=list, repr=False)


def snap_relu(problem, x, digits: int) -> list[Fraction] | None:
    """An exact candidate near ``x``: hidden layers rounded, output layer by exact least squares.

    One hidden layer and one output only (else None).
    """
    w = problem.network.widths
    if len(w) != 3 or w[2] != 1:
        return None
    q = [Fraction(round(v * 10 ** digits), 10 ** digits) for v in x]
    n1 = w[1] * w[0] + (w[1] if problem.network.bias else 0)
    rows, ys = [], []
    for xi, yi in zip(problem.inputs, problem.targets):
        _, pre = forward(problem, q, xi)
        feats = [problem.network.slopes[0] * z if z > 0 else problem.network.slopes[1] * z for z in pre[0]]
        rows.append(feats + ([Fraction(1)] if problem.network.bias else []))
        ys.append(yi[0])
    A = sympy.Matrix(rows)
    b = sympy.Matrix(ys)
    try:
        sol, params = (A.T * A).gauss_jordan_solve(A.T * b)
    except ValueError:
        return None
    sol = sol.subs({p: 0 for p in params})
    out = q[:n1] + [Fraction(int(sympy.fraction(s)[0]), int(sympy.fraction(s)[1])) for s in sol]
    return out if len(out) == len(q) else None


def snap_midpoint(problem, x, digits: int) -> list[Fraction] | None:
    """A rational point near ``x`` whose hidden units are exactly constant on midpoint data (else None).

    Each first-layer row is rounded, then projected exactly onto ``w . (x1 - x2) = 0``; None when
    the limit's units are not nearly constant (relative gap above 1e-4) or the data have no
    midpoint structure.

    >>> from symlandscape.spec import load_problem
    >>> p = load_problem("examples/yun_thm2_sigmoid.json")
    >>> snap_midpoint(p, np.array([1.0001, 0.9999, 0, 0, -2, -2, 1, 2, 0]), 2)[:4]
    [Fraction(1, 1), Fraction(1, 1), Fraction(0, 1), Fraction(0, 1)]
    """
    st = midpoint_structure(problem)
    if st is None:
        return None
    i1, i2 = st[0], st[1]
    d0, d1 = problem.network.widths[:2]
    u = [a - b for a, b in zip(problem.inputs[i1], problem.inputs[i2])]
    uu = sum(c * c for c in u)
    q = [Fraction(round(v * 10 ** digits), 10 ** digits) for v in x]
    for j in range(d1):
        row = x[j * d0:(j + 1) * d0]
        gap = abs(sum(float(c) * r for c, r in zip(u, row)))
        if gap > 1e-4 * (1 + float(np.abs(row).max())):
            return None
        w = q[j * d0:(j + 1) * d0]
        t = sum(c * r for c, r in zip(u, w)) / uu
        q[j * d0:(j + 1) * d0] = [r - t * c for r, c in zip(w, u)]
    return q


def hunt(problem, restarts: int = 100, seed: int = 0, init_scale: float = 1.5, progress=None,
         max_certify: int = 6):
    """Multi-start search; returns (clusters sorted by value, best rational point, its value bound)."""
    from ..loss import refuse_exp_neuron
    refuse_exp_neuron(problem, "hunt")
    nl = NumericLoss(problem)
    rng = np.random.default_rng(seed)
    found = []
    for k in range(restarts):
        x, L, g = local_opt(nl, rng.normal(0, init_scale, nl.n))
        if np.isfinite(L):
            found.append((L, g, x))
        if progress and (k + 1) % max(1, restarts // 10) == 0:
            progress(f"{k + 1}/{restarts} restarts, {len(found)} limits, best L = {min(f[0] for f in found):.6g}")
    clusters: list[Cluster] = []
    for L, g, x in sorted(found, key=lambda t: t[0]):
        c = next((c for c in clusters if abs(c.value - L) <= 1e-6 * max(1.0, abs(L))), None)
        if c is None:
            clusters.append(Cluster(L, 1, x, members=[(g, x)]))
        else:
            c.count += 1
            c.members.append((g, x))
            if g < min(m[0] for m in c.members[:-1]):
                c.x = x
    if not clusters:
        return [], None
    best = _best_rational(problem, clusters[0].x)
    for c in clusters[1:1 + max_certify]:
        if progress:
            progress(f"certifying the cluster at L ~ {c.value:.8g} ({c.count} restarts)")
        c.result = _certify(problem, c, best)
    return clusters, best


def _best_rational(problem, x):
    for digits in (3, 6, 10):
        q = [Fraction(round(v * 10 ** digits), 10 ** digits) for v in x]
        if is_piecewise(problem):
            cand = snap_relu(problem, x, digits) or q
            return min((cand, q), key=lambda p: exact_loss(problem, p))
        return q
    return None


def _certify(problem, c: Cluster, best):
    if is_piecewise(problem):
        last = None
        for g, x in sorted(c.members, key=lambda m: m[0])[:3]:
            for digits in (0, 1, 2, 3, 4, 6):
                q = snap_relu(problem, x, digits)
                if q is None:
                    continue
                r = piecewise_verdict(problem, q, better=best, search=False)
                if r.kind == "local_min":
                    return r
                last = r
        return last
    last = None
    if midpoint_structure(problem) is not None:
        for g, x in sorted(c.members, key=lambda m: m[0])[:3]:
            for digits in (2, 3, 4, 6):
                q = snap_midpoint(problem, x, digits)
                if q is None:
                    break
                r = smooth_verdict(problem, q, better=best, search=False)
                if r.kind == "local_min":
                    return r
                last = r
    r = smooth_verdict(problem, [Fraction(float(v)) for v in c.x], better=best, search=False)
    return r if r.kind == "local_min" or last is None else last
