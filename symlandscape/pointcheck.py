"""One point given by the user: is it critical, what is its value, what is its kind.

Used by ``symlandscape point``. The kind is decided as in
:func:`symlandscape.pointkind.classify_point`; the global minimum is taken from a
proven lower bound when the value equals it, and "not global" from an explicit
rational point with smaller exact loss, found by a numerical search (the search only
proposes; the exact loss decides). When neither settles a minimum, the whole problem
is classified to learn the global minimum value.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .algebraic import AlgebraicPoint
from .errors import PointError, ProblemError
from .exact import parse_rational
from .globalmin import CONVEX_STATIONARY_REASON, lower_bounds, stationarity_polys
from .loss import build_loss
from .pointkind import PointVerdict, classify_point
from .values import RealAlgebraic

__all__ = ["PointResult", "parse_point", "analyse_point", "search_better_point"]


@dataclass
class PointResult:
    """Outcome of :func:`analyse_point`."""

    model: object
    point: AlgebraicPoint
    critical: bool
    value: RealAlgebraic
    gradient: list
    verdict: PointVerdict | None


def parse_point(text: str, n: int, names: list[str]) -> list[Fraction]:
    """Read ``"0,1/2,-3"`` as exact rationals; the length must be the number of parameters.

    Examples
    --------
    >>> parse_point("0, 1/2", 2, ["a", "b"])
    [Fraction(0, 1), Fraction(1, 2)]
    """
    parts = [s.strip() for s in str(text).split(",")]
    if len(parts) != n:
        raise PointError("--at", f"has {len(parts)} coordinates but the problem has {n} parameters",
                         text, "give one number per parameter in the order " + ", ".join(names))
    out = []
    for i, s in enumerate(parts):
        try:
            out.append(parse_rational(s, f"--at[{i}] ({names[i]})"))
        except ProblemError as exc:
            raise PointError(exc.field, exc.message, exc.value, exc.hint) from exc
    return out


def _numeric(model):
    """Float loss and gradient functions (search only)."""
    terms = [(np.array(m, dtype=float), float(c)) for m, c in model.L.terms()]
    exps = np.array([t[0] for t in terms])
    coefs = np.array([t[1] for t in terms])

    def f(x):
        with np.errstate(all="ignore"):
            return float(np.sum(coefs * np.prod(np.power(x[None, :], exps), axis=1)))

    def g(x, h=1e-7):
        out = np.zeros_like(x)
        for i in range(len(x)):
            e = np.zeros_like(x)
            e[i] = h
            out[i] = (f(x + e) - f(x - e)) / (2 * h)
        return out

    return f, g


def search_better_point(model, q: list[Fraction], value: Fraction, restarts: int = 20, seed: int = 0):
    """A rational point with exact loss < value, or None (a search: None proves nothing)."""
    f, g = _numeric(model)
    rng = random.Random(seed)
    n = model.n
    x0 = np.array([float(v) for v in q])
    starts = [x0 + np.array([rng.gauss(0, 0.1) for _ in range(n)]) for _ in range(restarts // 2)]
    starts += [np.array([rng.gauss(0, 1) for _ in range(n)]) for _ in range(restarts - len(starts))]
    for x in starts:
        step = 0.1
        fx = f(x)
        for _ in range(300):
            d = g(x)
            while step > 1e-12:
                y = x - step * d
                fy = f(y)
                if fy < fx:
                    x, fx = y, fy
                    step *= 1.5
                    break
                step /= 2
            else:
                break
        if not np.isfinite(fx) or fx >= float(value):
            continue
        for digits in (2, 4, 8, 12):
            cand = [Fraction(round(v * 10 ** digits), 10 ** digits) for v in x]
            P = AlgebraicPoint.rational(cand)
            if P.field.element_rational(P.evaluate(model.L)) < value:
                return cand
    return None


def analyse_point(problem, q: list[Fraction], full_fallback: bool = True, progress=None) -> PointResult:
    """Decide whether ``q`` is critical and classify it exactly.

    Examples
    --------
    >>> from symlandscape.spec import parse_problem
    >>> p = parse_problem({"network": {"widths": [1, 1, 1, 1]}, "data": {"inputs": [[1]], "targets": [[1]]}})
    >>> r = analyse_point(p, [Fraction(0)] * 3)
    >>> r.critical, r.value.text(), r.verdict.kind
    (True, '1/2', 'nonstrict_saddle')
    """
    from .loss import refuse_exp_neuron
    from .nonlinear import is_nonlinear  # ReLU-type, sigmoid, tanh: symlandscape.nonlinear decides
    refuse_exp_neuron(problem, "point")
    if is_nonlinear(problem):
        from .nonlinear.point import analyse_nonlinear_point
        return analyse_nonlinear_point(problem, q)
    model = build_loss(problem)
    P = AlgebraicPoint.rational(q)
    K = P.field
    grad = [K.element_rational(P.evaluate(g)) for g in model.grad]
    value_q = K.element_rational(P.evaluate(model.L))
    value = RealAlgebraic.from_fraction(value_q)
    if any(grad):
        return PointResult(model, P, False, value, grad, None)
    gmin = hint = None
    reason = ""
    for b in lower_bounds(problem):
        if value.compare(b.value) == 0:
            gmin, hint, reason = b.value, b.hint, b.reason
            break
    if gmin is None and not problem.loss.is_squared:
        # beyond the squared loss: the map the network computes may be stationary for the convex loss of the map
        polys = stationarity_polys(model)
        if polys is not None and all(K.is_zero(P.evaluate(g)) for g in polys):
            gmin, hint, reason = value, {"method": "convex_stationary"}, CONVEX_STATIONARY_REASON
    better = None
    if gmin is None:
        better = search_better_point(model, q, value_q)
    verdict = classify_point(model, P, value, gmin, hint, [], reason, better=better)
    if verdict.kind == "undecided" and better is None and gmin is None and full_fallback:
        from .classify import classify
        rep = classify(problem, progress)
        if rep.gmin is not None:
            verdict = classify_point(model, P, value, rep.gmin, rep.gmin_hint, _global_points(rep), rep.gmin_reason)
    return PointResult(model, P, True, value, grad, verdict)


def _global_points(rep):
    pts = [v.point for v in rep.points if v.kind == "global_min"]
    for s in rep.strata:
        if s.kind == "global_min":
            pts.extend(s.sample_points)
    return pts
