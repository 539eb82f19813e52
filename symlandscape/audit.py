"""Soundness audit: random small problems, classified exactly, cross-checked independently.

For each problem (:func:`random_problem`, seeded) :func:`audit_problem`

1. classifies it with the exact engine (:func:`symlandscape.classify.classify`) under a
   time budget (problems over budget are *skipped* and counted, never failed);
2. checks every certificate with the independent checker (:mod:`symlandscape.checker`);
   rejections of certificates that use the hint types listed under "Additions to
   version 1" in docs/certificates.md are counted as ``checker_gap``, every other
   rejection is a disagreement;
3. confirms numerically, with mpmath at 50+ digits and a loss rebuilt here from the
   problem dictionary with SymPy expressions (not :mod:`symlandscape.loss`), at every
   certified point: gradient ~ 0, value, Hessian eigenvalue signs = the exact inertia,
   the descent (ascent) curve descends (ascends), random points in small balls never
   go below a certified minimum, and numerical minimisation of the loss never goes
   below the proven global minimum value;
4. searches for critical points independently of the engine's solver
   (Levenberg-Marquardt on ``grad L = 0`` from many random starts in numpy, then
   Newton steps with a truncated eigen-decomposition in mpmath at 60 digits): every
   polished critical point must lie on a reported stratum or be a reported point (or
   the report said ``complete: false``), and where it lies in a certified stratum its
   Hessian and value must agree with the stratum's kind.

With ``route="balls"`` the report audited is the ball route's
(:mod:`symlandscape.ballroute`: finite critical sets only, others are skipped): its points
are known by Arb balls, so the numerical checks start from a Newton iteration at the
working precision from the balls' midpoints, whose limit must lie in the balls and in the
box of the point's certificate; and the report is compared with the exact route's
(:func:`compare_routes`): the same complex and real points, inertia, values, decided kinds
and global minimum value. The ``finite`` family of :func:`random_problem` regularises every
weight, so that the critical set is finite.

Every failure is a :class:`Disagreement`; the problem dictionary travels with it so
that it can be written out and replayed (``symlandscape classify FILE``). Floating point
here is only a second opinion: it never produces a verdict, only a question.
"""

from __future__ import annotations

import json
import math
import random
import time
from dataclasses import dataclass, field
from fractions import Fraction

import mpmath
import numpy as np
import sympy

from .errors import SymlandscapeError

__all__ = ["random_problem", "NumericLoss", "critical_search", "audit_problem", "compare_routes", "AuditResult",
           "Disagreement", "ADDITION_HINTS", "FAMILIES"]

#: Hint keys / value forms from "Additions to version 1" (docs/certificates.md) that the
#: checker may not implement yet: a rejection of a certificate using one is a known gap.
ADDITION_HINTS = ("negative_minor", "nonnegative_trace", "root_of")

_SMALL = ["0", "1", "-1", "2", "-2", "1/2", "-1/2", "3", "1/3", "-3/2", "2/3"]


# --------------------------------------------------------------------------------------
# random problems
# --------------------------------------------------------------------------------------
_LINEAR_SHAPES = [  # (widths, bias): at most 6 parameters, a few 7-8
    ([1, 1, 1], False), ([1, 1, 1, 1], False), ([1, 1, 1, 1, 1], False), ([2, 1, 1], False),
    ([1, 2, 1], False), ([1, 1, 2], False), ([2, 1, 2], False), ([3, 1, 1], False), ([1, 1, 3], False),
    ([2, 2, 1], False), ([1, 2, 2], False), ([2, 1, 1, 2], False), ([1, 3, 1], False), ([2, 1, 1, 1], False),
    ([1, 1, 1], True), ([1, 1, 1, 1], True), ([2, 1, 1], True), ([1, 2, 1], True),
    ([2, 2, 2], False), ([3, 1, 3], False), ([1, 2, 1, 1], False),
]
_POLY_SHAPES = [([1, 1, 1], False), ([1, 2, 1], False), ([2, 1, 1], False), ([1, 1, 2], False),
                ([1, 1, 1, 1], False), ([1, 1, 1], True), ([2, 1, 2], False)]
_COEFFS = [["0", "1", "1"], ["0", "0", "1"], ["0", "1", "-1/2"], ["1", "0", "1"], ["0", "1", "0", "1"],
           ["0", "2", "1"], ["0", "1", "0", "-1/3"]]


def _rat(rng: random.Random) -> str:
    return rng.choice(_SMALL)


#: Shapes of the ``finite`` family (no biases: an unregularised bias shift is a flat direction).
_FINITE_LINEAR_SHAPES = [[1, 1, 1], [2, 1, 1], [1, 1, 2], [1, 3, 1], [2, 1, 1, 1]] + 2 * [
    [1, 2, 1], [2, 2, 1], [1, 2, 2], [1, 1, 1, 1], [2, 1, 2], [1, 2, 1, 1], [2, 2, 2]]
_FINITE_POLY_SHAPES = [[1, 1, 1], [1, 2, 1], [2, 1, 1], [1, 1, 2], [1, 1, 1, 1], [2, 1, 2]]
#: Per-weight l2 rates of the ``finite`` family (positive, mostly distinct: no rotation symmetry).
_RATES = ["1/10", "1/5", "1/4", "1/3", "2/5", "1/2", "3/5", "2/3", "3/4", "1", "5/4", "3/2", "2", "3"]

FAMILIES = ("default", "finite")


def random_problem(seed: int, family: str = "default") -> dict:
    """A small random problem dictionary (a valid problem file), determined by ``seed``.

    Families (``family="default"``): deep linear networks and polynomial activations;
    random rational data; with and without l2 regularisation (scalar, per layer, per
    weight); and degenerate data: repeated samples, rank-deficient inputs, zero targets.

    ``family="finite"``: networks without biases whose every weight is l2-regularised
    with its own random positive rational rate (random data, occasionally zero targets or
    a repeated sample): the loss is coercive and, the symmetries of the hidden units being
    broken by the rates, the critical set is finite for generic data (the ball route of
    ``classify`` applies). Its own seed stream: ``random_problem(s)`` is unchanged.

    Examples
    --------
    >>> random_problem(3) == random_problem(3)
    True
    >>> from symlandscape.spec import parse_problem
    >>> all(parse_problem(random_problem(s)).n_params <= 8 for s in range(50))
    True
    >>> all(parse_problem(random_problem(s, "finite")).n_params <= 8 for s in range(50))
    True
    """
    if family == "finite":
        return _finite_problem(seed)
    if family != "default":
        raise ValueError(f"family must be one of {FAMILIES}, not {family!r}")
    rng = random.Random(f"symlandscape-audit-{seed}")
    poly = rng.random() < 0.3
    if poly:
        widths, bias = rng.choice(_POLY_SHAPES)
        coeffs = _trim(rng.choice(_COEFFS), widths, bias)
    else:
        widths, bias = rng.choice(_LINEAR_SHAPES)
        coeffs = None
    dx, dy = widths[0], widths[-1]
    X, Y = _data(rng, dx, dy, rng.choice([1, 1, 2, 2, 3]))
    m = len(X)
    tags = []
    r = rng.random()
    if r < 0.12 and m >= 2:  # repeated samples
        X[1], Y[1] = list(X[0]), list(Y[0])
        tags.append("repeated-samples")
    elif r < 0.24 and dx >= 2:  # rank-deficient X: a zero or duplicated input coordinate
        j = rng.randrange(dx)
        for row in X:
            row[j] = "0" if rng.random() < 0.5 else row[(j + 1) % dx]
        tags.append("rank-deficient-X")
    elif r < 0.34:  # zero targets
        Y = [["0"] * dy for _ in range(m)]
        tags.append("zero-targets")
    elif r < 0.40:  # all-zero inputs
        X = [["0"] * dx for _ in range(m)]
        tags.append("zero-inputs")
    if all(x == "0" for row in X for x in row) and "zero-inputs" not in tags and rng.random() < 0.7:
        X[0][0] = "1"
    l2: object = "0"
    r = rng.random()
    if r < 0.25:
        l2 = rng.choice(["1/10", "1/4", "1", "1/2"])
        tags.append("l2")
    elif r < 0.32:
        l2 = [rng.choice(["0", "1/4", "1"]) for _ in range(len(widths) - 1)]
        tags.append("l2-per-layer")
    elif r < 0.36:
        l2 = [[[rng.choice(["0", "1/2", "1"]) for _ in range(widths[l - 1])] for _ in range(widths[l])]
              for l in range(1, len(widths))]
        tags.append("l2-per-weight")
    return _assemble(rng, f"audit-{seed}", ", ".join(tags) or "generic", widths, coeffs, bias, l2, X, Y)


def _data(rng: random.Random, dx: int, dy: int, m: int) -> tuple[list, list]:
    """``m`` random inputs and targets (rationals from :data:`_SMALL`)."""
    X = [[_rat(rng) for _ in range(dx)] for _ in range(m)]
    Y = [[_rat(rng) for _ in range(dy)] for _ in range(m)]
    return X, Y


def _trim(coeffs: list, widths, bias: bool) -> list:
    """Cubic activations only on the smallest nets (keeps the loss degree moderate)."""
    if len(coeffs) > 3 and (len(widths) > 3 or sum(widths) > 3 or bias):
        return coeffs[:3]
    return coeffs


def _assemble(rng: random.Random, name: str, tags: str, widths, coeffs, bias: bool, l2, X, Y) -> dict:
    """The problem dictionary (the loss scale is drawn last, from ``rng``)."""
    net: dict = {"widths": list(widths), "activation": "linear" if coeffs is None else "polynomial", "bias": bias}
    if coeffs is not None:
        net["coefficients"] = list(coeffs)
    return {
        "name": name,
        "description": f"random audit problem ({tags})",
        "network": net,
        "loss": {"kind": "squared", "scale": rng.choice(["1/2", "1/2", "1"])},
        "l2": l2,
        "data": {"inputs": X, "targets": Y},
    }


def _finite_problem(seed: int) -> dict:
    """``random_problem(seed, "finite")``: every weight l2-regularised at its own rate."""
    rng = random.Random(f"symlandscape-audit-finite-{seed}")
    if rng.random() < 0.3:
        widths = list(rng.choice(_FINITE_POLY_SHAPES))
        coeffs = _trim(list(rng.choice(_COEFFS)), widths, False)
    else:
        widths = list(rng.choice(_FINITE_LINEAR_SHAPES))
        coeffs = None
    dx, dy = widths[0], widths[-1]
    X, Y = _data(rng, dx, dy, rng.choice([1, 2, 2, 3]))
    m = len(X)
    tags = ["finite"]
    r = rng.random()
    if r < 0.1:
        Y = [["0"] * dy for _ in range(m)]
        tags.append("zero-targets")
    elif r < 0.2 and m >= 2:
        X[1], Y[1] = list(X[0]), list(Y[0])
        tags.append("repeated-samples")
    if all(x == "0" for row in X for x in row):
        X[0][0] = "1"
    l2 = [[[rng.choice(_RATES) for _ in range(widths[l - 1])] for _ in range(widths[l])]
          for l in range(1, len(widths))]
    return _assemble(rng, f"audit-finite-{seed}", ", ".join(tags) + ", l2 per weight", widths, coeffs, False, l2, X, Y)


# --------------------------------------------------------------------------------------
# an independent numerical model of the loss
# --------------------------------------------------------------------------------------
def _q(x) -> sympy.Rational:
    f = Fraction(str(x))
    return sympy.Rational(f.numerator, f.denominator)


class NumericLoss:
    """The loss of a problem dictionary (every loss kind: squared, power, weighted_squared),
    rebuilt with SymPy expressions (independent of :mod:`symlandscape.loss`), with float
    (numpy) and mpmath evaluators of the loss, the gradient and the Hessian."""

    def __init__(self, problem: dict):
        net = problem["network"]
        w = list(net["widths"])
        bias = bool(net.get("bias", False))
        act = net.get("activation", "linear")
        coeffs = [_q(c) for c in net.get("coefficients", [])] if act == "polynomial" else None
        loss = problem.get("loss", {})
        scale = _q(loss.get("scale", "1/2"))
        power = int(loss.get("p", 2)) if loss.get("kind") == "power" else 2
        lw = loss.get("weights") if loss.get("kind") == "weighted_squared" else None
        L_layers = len(w) - 1
        l2raw = problem.get("l2", "0")
        syms = []
        Ws, bs = [], []
        for l in range(1, len(w)):
            W = [[sympy.Symbol(f"W{l}_{i}_{j}") for j in range(w[l - 1])] for i in range(w[l])]
            syms.extend(s for row in W for s in row)
            b = [sympy.Symbol(f"b{l}_{i}") for i in range(w[l])] if bias else None
            if b:
                syms.extend(b)
            Ws.append(W)
            bs.append(b)
        self.symbols = syms
        self.n = len(syms)

        def h(z):
            if coeffs is None:
                return z
            return sum((c * z ** k for k, c in enumerate(coeffs)), sympy.Integer(0))

        total = sympy.Integer(0)
        for si, (x, y) in enumerate(zip(problem["data"]["inputs"], problem["data"]["targets"])):
            a = [_q(v) for v in x]
            for l in range(L_layers):
                W, b = Ws[l], bs[l]
                z = [sum((W[i][j] * a[j] for j in range(len(a))), sympy.Integer(0)) + (b[i] if b else 0)
                     for i in range(len(W))]
                a = z if l == L_layers - 1 else [h(zi) for zi in z]
            total += sum(((_q(lw[si][k]) if lw else 1) * (ai - _q(yi)) ** power
                          for k, (ai, yi) in enumerate(zip(a, y))), sympy.Integer(0))
        L = scale * total
        for l in range(L_layers):
            if isinstance(l2raw, list):
                entry = l2raw[l]
                lam = ([[_q(v) for v in row] for row in entry] if isinstance(entry, list)
                       else [[_q(entry)] * w[l] for _ in range(w[l + 1])])
            else:
                lam = [[_q(l2raw)] * w[l] for _ in range(w[l + 1])]
            for i in range(w[l + 1]):
                for j in range(w[l]):
                    L += lam[i][j] / 2 * Ws[l][i][j] ** 2
        self.expr = sympy.expand(L)
        P = sympy.Poly(self.expr, *syms) if syms else None
        G = [P.diff(s) for s in syms]
        Hs = [[g.diff(s) for s in syms] for g in G]
        self._L = _Terms(P, self.n)
        self._G = [_Terms(g, self.n) for g in G]
        self._H = [[_Terms(h, self.n) for h in row] for row in Hs]

    # float
    def f(self, x):
        return self._L.f(np.asarray(x, dtype=float))

    def g(self, x):
        x = np.asarray(x, dtype=float)
        return np.array([t.f(x) for t in self._G])

    def h(self, x):
        x = np.asarray(x, dtype=float)
        return np.array([[t.f(x) for t in row] for row in self._H])

    # mpmath (current precision)
    def mf(self, x):
        return self._L.mp(x)

    def mg(self, x):
        return [t.mp(x) for t in self._G]

    def mh(self, x):
        n = self.n
        M = mpmath.matrix(n, n)
        for i in range(n):
            for j in range(i, n):
                M[i, j] = M[j, i] = self._H[i][j].mp(x)
        return M


class _Terms:
    """A polynomial as exponent and coefficient arrays (float and mpmath evaluation)."""

    def __init__(self, poly, n):
        terms = poly.terms() if poly is not None and not poly.is_zero else []
        self.exps = np.array([m for m, _ in terms], dtype=float).reshape(len(terms), n)
        self.coefs = np.array([float(c) for _, c in terms])
        self.terms = [(m, Fraction(int(c.p), int(c.q))) for m, c in terms]

    def f(self, x):
        if not self.terms:
            return 0.0
        with np.errstate(all="ignore"):
            return float(self.coefs @ np.prod(np.power(x[None, :], self.exps), axis=1))

    def mp(self, x):
        acc = mpmath.mpf(0)
        for m, c in self.terms:
            t = mpmath.mpf(c.numerator) / c.denominator
            for xi, e in zip(x, m):
                if e:
                    t *= xi ** e
            acc += t
        return acc


# --------------------------------------------------------------------------------------
# independent critical-point search
# --------------------------------------------------------------------------------------
def _lm(num: NumericLoss, x, iters: int = 150):
    """Levenberg-Marquardt on grad L = 0 (float). Returns (x, |grad|)."""
    n = num.n
    with np.errstate(all="ignore"):
        g = num.g(x)
        r = float(g @ g)
        mu = 1e-3
        for _ in range(iters):
            if not np.isfinite(r) or r < 1e-28:
                break
            H = num.h(x)
            A = H @ H + mu * np.eye(n)
            try:
                step = np.linalg.solve(A, H @ g)
            except np.linalg.LinAlgError:
                break
            xn = x - step
            gn = num.g(xn)
            rn = float(gn @ gn)
            if np.isfinite(rn) and rn < r:
                x, g, r = xn, gn, rn
                mu = max(mu / 3, 1e-14)
            else:
                mu *= 5
                if mu > 1e12:
                    break
            if np.max(np.abs(x)) > 1e4:
                break
    return x, math.sqrt(r) if np.isfinite(r) else float("inf")


def _mp_polish(num: NumericLoss, x, dps: int = 60, iters: int = 40):
    """Newton steps with a truncated eigen-decomposition of the Hessian, at ``dps`` digits.

    Converges quadratically to a nearby point of a smooth piece of the critical set.
    Returns (x, |grad|) as mpmath numbers.
    """
    with mpmath.workdps(dps):
        x = [mpmath.mpf(float(v)) for v in x]
        for _ in range(iters):
            g = num.mg(x)
            gn = mpmath.norm(mpmath.matrix(g))
            if gn < mpmath.mpf(10) ** (-(dps - 8)):
                break
            H = num.mh(x)
            E, Q = mpmath.eigsy(H)
            big = max(abs(e) for e in E) if len(E) else mpmath.mpf(0)
            if big == 0:
                break
            tol = big * max(mpmath.sqrt(gn), mpmath.mpf(10) ** (-(dps // 2)))
            gv = mpmath.matrix(g)
            coef = Q.T * gv
            dx = mpmath.matrix(num.n, 1)
            for k in range(num.n):
                if abs(E[k]) > tol:
                    dx += Q[:, k] * (coef[k] / E[k])
            x = [x[i] - dx[i] for i in range(num.n)]
        g = num.mg(x)
        return x, mpmath.norm(mpmath.matrix(g)), _newton_step(num, x, g)


def _newton_step(num, x, g):
    """Size of the (truncated) Newton step at x: an estimate of the distance to the critical
    set. A small gradient alone is not: near a flat piece of the critical set |grad L| is
    tiny far from it (e.g. L = w1^8 w2^4 w3^2)."""
    gn = mpmath.norm(mpmath.matrix(g))
    if gn == 0:
        return mpmath.mpf(0)
    E, Q = mpmath.eigsy(num.mh(x))
    big = max(abs(e) for e in E) if len(E) else mpmath.mpf(0)
    if big == 0:
        return mpmath.inf
    tol = big * mpmath.mpf(10) ** -20
    coef = Q.T * mpmath.matrix(g)
    step = mpmath.mpf(0)
    for k in range(num.n):
        if abs(E[k]) > tol:
            step += (coef[k] / E[k]) ** 2
    return mpmath.sqrt(step)


def critical_search(num: NumericLoss, rng: random.Random, starts: int = 40, keep: int = 12, dps: int = 60):
    """Critical points found numerically (many LM runs from random starts, polished).

    Returns a list of ``(x, grad_norm, newton_step)`` with ``x`` mpmath numbers at ``dps``
    digits; at most ``keep`` distinct points are polished.
    """
    n = num.n
    found = []
    for s in range(starts):
        scale = (0.3, 1.0, 2.0)[s % 3]
        x0 = np.array([rng.gauss(0, scale) for _ in range(n)])
        if s % 5 == 4:  # some starts on coordinate subspaces, where saddles live
            for i in range(n):
                if rng.random() < 0.4:
                    x0[i] = 0.0
        x, gn = _lm(num, x0)
        if gn < 1e-9 and np.all(np.isfinite(x)):
            if all(np.max(np.abs(x - y)) > 1e-5 for y in found):
                found.append(x)
    rng.shuffle(found)
    # polish points of every critical value first (round-robin over value clusters), so that
    # isolated points with their own value are not crowded out by big components
    groups: dict = {}
    for x in found:
        v = num.f(x)
        groups.setdefault(round(v, 6) if np.isfinite(v) else None, []).append(x)
    order = []
    while any(groups.values()):
        for key in sorted(groups, key=lambda k: (k is None, k or 0)):
            if groups[key]:
                order.append(groups[key].pop())
    return [_mp_polish(num, x, dps) for x in order[:keep]]


# --------------------------------------------------------------------------------------
# audit of one problem
# --------------------------------------------------------------------------------------
@dataclass
class Disagreement:
    """One cross-check that failed."""

    check: str
    detail: str

    def json(self) -> dict:
        return {"check": self.check, "detail": self.detail}


@dataclass
class AuditResult:
    """Outcome of :func:`audit_problem`.

    ``status``: ``"ok"``, ``"disagreement"``, ``"skipped"`` (over the time budget or
    beyond the limits) or ``"refused"`` (the engine raised a SymlandscapeError: an
    honest refusal, counted).
    """

    problem: dict
    status: str
    disagreements: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    seconds: float = 0.0

    def json(self) -> dict:
        return {"problem": self.problem, "status": self.status,
                "disagreements": [d.json() for d in self.disagreements], "counts": self.counts,
                "notes": self.notes, "seconds": round(self.seconds, 3)}


def _poly_eval(poly, x):
    """Evaluate a sympy PolyElement at mpmath numbers; returns (value, magnitude)."""
    acc = mpmath.mpf(0)
    mag = mpmath.mpf(0)
    for monom, c in poly.terms():
        t = mpmath.mpf(int(c.numerator)) / int(c.denominator)
        for xi, e in zip(x, monom):
            if e:
                t *= xi ** e
        acc += t
        mag += abs(t)
    return acc, mag


def _residual(polys, x):
    """Largest relative residual of polynomial equations at x."""
    worst = mpmath.mpf(0)
    for p in polys:
        v, m = _poly_eval(p, x)
        worst = max(worst, abs(v) / (1 + m))
    return worst


def _elem_approx(K, e, alpha):
    """A field element from certificate JSON ("p/q" or ["a0", "a1", ...]) as mpmath."""
    if isinstance(e, str):
        f = Fraction(e)
        return mpmath.mpf(f.numerator) / f.denominator
    acc = mpmath.mpf(0)
    for k, c in enumerate(e):
        f = Fraction(c)
        acc += mpmath.mpf(f.numerator) / f.denominator * alpha ** k
    return acc


def _eig_signs(E, tol):
    pos = sum(1 for e in E if e > tol)
    neg = sum(1 for e in E if e < -tol)
    return pos, neg, len(E) - pos - neg


def _unsupported(reason: str) -> bool:
    """A rejection because the checker does not know a hint form (not a failed identity)."""
    return any(w in reason for w in ("unknown key", "not supported", "does not fit", "unsupported"))


def _uses_additions(cert) -> bool:
    text = json.dumps(cert.get("hints", {})) + json.dumps(cert.get("claim", {}).get("value"))
    if any(k in text for k in ADDITION_HINTS):
        return True
    lb = cert.get("hints", {}).get("lower_bound") or {}
    if lb.get("method") == "least_critical_value" and (
            "critical_values" not in lb or not all(isinstance(v, (str, int)) for v in lb["critical_values"])):
        return True  # Addition 5: the list is informational (algebraic entries are not v1 rationals)
    if cert.get("claim", {}).get("kind") == "strict_saddle" and "ascent_curve" in cert.get("hints", {}):
        return True
    return False


def audit_problem(problem: dict, budget: float = 20.0, seed: int = 0, starts: int = 40, keep: int = 12,
                  minimise: int = 6, route: str = "exact") -> AuditResult:
    """Classify ``problem`` exactly and cross-check the result (module docstring).

    Parameters
    ----------
    problem : dict
        A problem dictionary (the JSON of a problem file).
    budget : float
        Seconds allowed for each classification (over budget: ``skipped``).
    seed : int
        Seed of the numerical search.
    starts, keep : int
        Random starts of the critical-point search, and how many distinct points to polish.
    minimise : int
        Local minimisations of the loss (to test the global minimum value).
    route : str
        ``"exact"`` (default): audit the exact route's report. ``"balls"``: audit the ball
        route's report (``classify(problem, route="balls")``; a critical set that is not
        finite is ``skipped``) with the same checks, and compare it with the exact route's
        report (:func:`compare_routes`) when that finishes within the budget too.
    """
    from .checker.verify import CONDITIONAL, NOT_VERIFIED, check_certificate
    from .errors import SolverError
    from .limits import check_limits
    from .spec import parse_problem

    if route not in ("exact", "balls"):
        raise ValueError(f"route must be 'exact' or 'balls', not {route!r}")
    t0 = time.perf_counter()
    res = AuditResult(problem, "ok")
    c = res.counts
    bad = res.disagreements

    def fail(check, detail):
        bad.append(Disagreement(check, detail))

    def stop(status, note):
        res.status = status
        res.notes.append(note)
        res.seconds = time.perf_counter() - t0
        return res

    prob = parse_problem(problem)
    try:
        check_limits(prob)
    except SymlandscapeError as exc:
        return stop("skipped", str(exc))
    outcome, got = _run_route(prob, route, budget)
    if outcome == "timeout":
        return stop("skipped", ("ball route: " if route == "balls" else "") + f"classify took longer than {budget} s"
                    + (" (child process killed)" if got == "child" else ""))
    if outcome == "error":
        if route == "balls" and isinstance(got, SolverError) and _ball_route_not_applicable(str(got)):
            c["finite"] = False
            return stop("skipped", f"ball route: not a finite critical set ({got})"
                        if "finite" in str(got) else f"ball route: unavailable ({got})")
        return stop("refused", f"{type(got).__name__}: {got}")
    if outcome == "crash":
        fail("crash", got)
        return stop("disagreement", "classify crashed")
    rep, rj = got
    c["complete"] = bool(rep.complete)
    c["strata"] = len(rep.strata)
    c["points"] = len(rep.points)
    c["undecided_strata"] = sum(1 for s in rep.strata if s.kind == "undecided")
    c["sample_scope_strata"] = sum(1 for s in rep.strata if s.scope != "stratum")
    c["undecided_points"] = sum(1 for v in rep.points if v.kind == "undecided")
    c["global_min_known"] = rep.gmin is not None
    if route == "balls":
        c["finite"] = True
        c["ball_complex"] = rep.n_complex or 0
        c["ball_points"] = len(rep.points)
        c["ball_undecided"] = c["undecided_points"]
        c["ball_uncertified"] = sum(1 for v in rep.points if v.kind != "undecided" and
                                    getattr(v, "box_certificate", None) is None)
        c["ball_certificates"] = c["ball_conditional"] = 0
        if rep.strata or not rep.complete:
            fail("ball-report", f"the ball route reports {len(rep.strata)} strata, complete: {rep.complete}")

    # 1. every certificate through the independent checker
    c["certificates"] = c["checker_gap"] = 0
    for e in rj["strata"]:
        certs = list(e["certificates"]) + [sv["certificate"] for sv in e.get("sample_verdicts", [])
                                           if sv.get("certificate")]
        for cert in certs:
            c["certificates"] += 1
            box = cert.get("claim", {}).get("type") == "box_point"
            r = check_certificate(json.loads(json.dumps(cert)))
            if box and route == "balls":
                c["ball_certificates"] += 1
                c["ball_conditional"] += r.status == CONDITIONAL
            if r.status == NOT_VERIFIED:
                if not box and _uses_additions(cert) and _unsupported(r.message):
                    c["checker_gap"] += 1
                    res.notes.append(f"checker gap ({e['kind']}, dim {e['dimension']}): {r.message[:200]}")
                else:
                    fail("checker", f"certificate for a {e['kind']} (dimension {e['dimension']}) rejected: "
                         f"{r.message}")

    # 1b. the ball route against the exact route
    if route == "balls":
        c["route_compared"] = False
        outcome, got = _run_route(prob, "exact", budget)
        if outcome == "timeout":
            c["exact_over_budget"] = True
            res.notes.append(f"exact route took longer than {budget} s: no comparison of the routes")
        elif outcome == "error":
            c["exact_refused"] = True
            res.notes.append(f"exact route refused ({type(got).__name__}: {got}): no comparison of the routes")
        elif outcome == "crash":
            fail("crash", "exact route: " + got)
        else:
            compare_routes(rep, got[0], fail, c)

    num = NumericLoss(problem)
    rng = random.Random(f"audit-search-{seed}")
    dps = 60
    with mpmath.workdps(dps):
        tiny = mpmath.mpf(10) ** -35
        gmin = rep.gmin.approx(dps) if rep.gmin is not None else None
        gtol = _radius(rep.gmin)

        # 2. numerical confirmation at every certified (and every undecided) point
        for v in rep.points:
            _check_point(num, v, gmin, rng, fail, tiny, gtol)
        for s in rep.strata:
            for p in s.sample_points:
                x = p.approx(dps)
                gn = mpmath.norm(mpmath.matrix(num.mg(x)))
                if gn > tiny:
                    fail("sample-gradient", f"sample point of a {s.kind} stratum: |grad L| = {mpmath.nstr(gn, 5)}")
                if s.value is not None and abs(num.mf(x) - s.value.approx(dps)) > tiny * (1 + abs(num.mf(x))):
                    fail("sample-value", f"stratum value {s.value.text()} but L(sample) = {mpmath.nstr(num.mf(x), 20)}")
            for v in s.sample_verdicts:
                _check_point(num, v, gmin, rng, fail, tiny)

        # 3. the global minimum value is a lower bound (numerical minimisation of L)
        if gmin is not None:
            low = _minimise(num, rng, minimise)
            c["numerical_min"] = None if low is None else float(low)
            if low is not None and low < gmin - gtol - mpmath.mpf(10) ** -9 * (1 + abs(gmin)):
                fail("global-min", f"proven global minimum {rep.gmin.text()} (~{mpmath.nstr(gmin, 12)}) but a "
                     f"point with loss ~{mpmath.nstr(low, 12)} was found")

        # 4. independent critical-point search
        found = critical_search(num, rng, starts=starts, keep=keep, dps=dps)
        c["search_points"] = len(found)
        c["unpolished"] = c["ambiguous"] = 0
        for x, gn, step in found:
            size = 1 + max(abs(xi) for xi in x)
            if gn > tiny * (1 + abs(num.mf(x))) or step > mpmath.mpf(10) ** -25 * size:
                c["unpolished"] += 1
                continue
            _check_found(num, rep, x, gmin, fail, res, tiny)
    res.status = "disagreement" if bad else "ok"
    res.seconds = time.perf_counter() - t0
    return res


def _ball_route_not_applicable(message: str) -> bool:
    """A SolverError of ``route="balls"`` that says the route does not apply (not a refusal)."""
    return "needs a finite" in message or "needs python-flint" in message


def _run_route(prob, route: str, budget: float):
    """Classify ``prob`` by ``route`` under the budget: ``(outcome, value)``.

    ``("ok", (report, report_json))``, ``("timeout", "child" or None)``, ``("error",
    SymlandscapeError)`` (an honest refusal) or ``("crash", description)``.
    """
    from .classify import classify
    from .limits import TimeLimitExceeded, time_limit
    from .report import report_json

    if budget and not _finishes_in_child(prob, budget, route):
        # the engine may sit in native code (FLINT, a solver process) where SIGALRM cannot
        # stop it: a forked child tries first and is killed at the budget
        return "timeout", "child"
    budget_token = None
    try:
        with time_limit(budget * 2 + 5, "classify") as budget_token:
            rep = classify(prob) if route == "exact" else classify(prob, route=route)
            rj = report_json(rep, timestamp=False, evidence=False)
    except TimeLimitExceeded as exc:
        if exc.token is not budget_token:
            raise  # an enclosing limit (e.g. --timeout of the whole audit)
        return "timeout", None
    except SymlandscapeError as exc:
        return "error", exc
    except (KeyboardInterrupt, MemoryError):
        raise
    except Exception as exc:  # a crash of the engine is a bug
        import traceback
        return "crash", (f"classify (route {route}) raised {type(exc).__name__}: {exc}\n"
                         + traceback.format_exc(limit=8))
    return "ok", (rep, rj)


def _finishes_in_child(prob, budget: float, route: str = "exact") -> bool:
    """Whether ``classify(prob)`` finishes within ``budget`` seconds, tried in a forked child
    that is killed at the budget (:func:`symlandscape.limits.run_in_child`; True where fork
    is unavailable: the SIGALRM limit applies)."""
    import os
    from .limits import run_in_child
    if not hasattr(os, "fork"):
        return True

    def work():
        from .classify import classify
        # the report stays in the child: only the time matters here
        classify(prob) if route == "exact" else classify(prob, route=route)

    return run_in_child(work, seconds=budget).status != "timeout"


def _radius(value):
    """Radius of the enclosing ball of a ball-route value (0 for an exact value or None)."""
    ball = getattr(value, "ball", None)
    if ball is None:
        return mpmath.mpf(0)
    return mpmath.mpf(ball.rad().str(20, radius=False))


def _dist(x, y):
    return max((abs(a - b) for a, b in zip(x, y)), default=mpmath.mpf(0))


def compare_routes(brep, erep, fail, counts: dict) -> None:
    """Compare a ball-route report ``brep`` with the exact route's report ``erep`` of one problem.

    Disagreements: the exact route finds positive-dimensional strata; different numbers
    of complex or real points; real points that do not match one to one (nearest
    coordinates, ``approx(30)``, within 1e-12); different inertia, or different values
    (1e-20); different *decided* kinds; different global minimum values (1e-20). A point
    decided by one route and undecided by the other is counted
    (``route_undecided_ball_only``, ``route_undecided_exact_only``), as is a global minimum
    decided by one route only (``route_gmin_ball_only``, ``route_gmin_exact_only``).
    """
    c = counts
    c["route_compared"] = True
    for key in ("route_kind_mismatch", "route_undecided_ball_only", "route_undecided_exact_only",
                "route_gmin_ball_only", "route_gmin_exact_only", "route_matched"):
        c[key] = 0
    c["exact_points"] = len(erep.points)
    c["exact_undecided"] = sum(1 for v in erep.points if v.kind == "undecided")
    if erep.strata:
        fail("route-finite", f"the ball route proved a finite critical set ({brep.n_complex} complex points) but "
             f"the exact route reports {len(erep.strata)} positive-dimensional strata")
    if erep.n_complex != brep.n_complex:
        fail("route-complex", f"{brep.n_complex} complex critical points by the ball route, {erep.n_complex} by "
             "the exact route")
    if len(erep.points) != len(brep.points):
        fail("route-real", f"{len(brep.points)} real critical points by the ball route, {len(erep.points)} by the "
             "exact route")
    with mpmath.workdps(30):
        B = [v.point.approx(30) for v in brep.points]
        E = [v.point.approx(30) for v in erep.points]
        pairs = sorted((_dist(b, e), i, j) for i, b in enumerate(B) for j, e in enumerate(E))
        used_b, used_e, matched = set(), set(), []
        for d, i, j in pairs:
            if i in used_b or j in used_e:
                continue
            if d > mpmath.mpf(10) ** -12 * (1 + max((abs(t) for t in E[j]), default=0)):
                break
            used_b.add(i)
            used_e.add(j)
            matched.append((i, j))

        def show(x):
            return "(" + ", ".join(mpmath.nstr(t, 10) for t in x) + ")"
        lost_b = [i for i in range(len(B)) if i not in used_b]
        lost_e = [j for j in range(len(E)) if j not in used_e]
        if lost_b or lost_e:
            fail("route-points", "real points without a counterpart: ball route "
                 + "; ".join(f"{brep.points[i].kind} {show(B[i])}" for i in lost_b)
                 + " | exact route " + "; ".join(f"{erep.points[j].kind} {show(E[j])}" for j in lost_e))
        c["route_matched"] = len(matched)
        for i, j in matched:
            vb, ve = brep.points[i], erep.points[j]
            where = f"point ~{show(E[j])}"
            if vb.inertia is not None and ve.inertia is not None and (
                    vb.inertia.pos, vb.inertia.neg, vb.inertia.zero) != (ve.inertia.pos, ve.inertia.neg,
                                                                        ve.inertia.zero):
                fail("route-inertia", f"{where}: inertia {vb.inertia.as_dict()} by the ball route, "
                     f"{ve.inertia.as_dict()} by the exact route")
            if abs(vb.value.approx(30) - ve.value.approx(30)) > mpmath.mpf(10) ** -20 * (1 + abs(ve.value.approx(30))):
                fail("route-value", f"{where}: value ~{vb.value.text()} by the ball route, {ve.value.text()} by the "
                     "exact route")
            if vb.kind == ve.kind:
                continue
            if vb.kind == "undecided":
                c["route_undecided_ball_only"] += 1
            elif ve.kind == "undecided":
                c["route_undecided_exact_only"] += 1
            else:
                c["route_kind_mismatch"] += 1
                fail("route-kind", f"{where}: {vb.kind} by the ball route ({vb.reason}), {ve.kind} by the exact "
                     f"route ({ve.reason})")
        if brep.gmin is not None and erep.gmin is not None:
            gb, ge = brep.gmin.approx(30), erep.gmin.approx(30)
            if abs(gb - ge) > mpmath.mpf(10) ** -20 * (1 + abs(ge)):
                fail("route-gmin", f"global minimum ~{mpmath.nstr(gb, 25)} by the ball route, {erep.gmin.text()} "
                     f"(~{mpmath.nstr(ge, 25)}) by the exact route")
        elif brep.gmin is not None:
            c["route_gmin_ball_only"] += 1
        elif erep.gmin is not None:
            c["route_gmin_exact_only"] += 1


def _ball_point(num, v, fail):
    """Coordinates of a ball-route point (known by Arb balls, see :mod:`symlandscape.ballkind`)
    at the working precision: Newton steps in mpmath from the balls' midpoints; the
    critical point they converge to must lie in the balls (and in the box of the point's
    certificate). Returns None after a failed check."""
    dps = mpmath.mp.dps
    pt = v.point
    where = f"{v.kind} point ~({', '.join(mpmath.nstr(xi, 8) for xi in pt.approx(20))})"
    with mpmath.workdps(dps + 20):
        x = pt.approx(dps + 20)
        for _ in range(30):
            g = mpmath.matrix(num.mg(x))
            if mpmath.norm(g) < mpmath.mpf(10) ** -(dps + 12):
                break
            try:
                dx = mpmath.lu_solve(num.mh(x), g)
            except ZeroDivisionError:
                break
            x = [x[i] - dx[i] for i in range(num.n)]
        mids = pt.approx(dps + 20)
        for i, (b, xi, mi) in enumerate(zip(pt.balls, x, mids)):
            rad = mpmath.mpf(b.rad().str(20, radius=False))
            if abs(xi - mi) > rad * (1 + mpmath.mpf(10) ** -10) + mpmath.mpf(10) ** -(dps + 5) * (1 + abs(mi)):
                fail("ball-coordinates", f"{where}: Newton's iteration from the ball midpoints converges to "
                     f"x_{i + 1} ~ {mpmath.nstr(xi, 30)}, outside the ball {b.str(30)}")
                return None
        cert = getattr(v, "box_certificate", None)
        if cert is not None:
            box = cert["claim"]["box"]
            for i, (lo, hi) in enumerate(box):
                if not _mpq(lo) <= x[i] <= _mpq(hi):
                    fail("box-certificate", f"{where}: the critical point near the certificate's box has "
                         f"x_{i + 1} ~ {mpmath.nstr(x[i], 30)}, outside [{lo}, {hi}]")
                    return None
            lo, hi = cert["claim"]["value"]
            L0 = num.mf(x)
            if not _mpq(lo) <= L0 <= _mpq(hi):
                fail("box-certificate", f"{where}: L ~ {mpmath.nstr(L0, 30)} outside the certificate's value "
                     f"interval [{lo}, {hi}]")
                return None
    return [+xi for xi in x]


def _mpq(text: str):
    f = Fraction(text)
    return mpmath.mpf(f.numerator) / f.denominator


def _check_point(num, v, gmin, rng, fail, tiny, gtol=0):
    """Numerical confirmation of one exact (or ball-route) point verdict."""
    dps = mpmath.mp.dps
    if getattr(v.point, "balls", None) is not None:
        x = _ball_point(num, v, fail)
        if x is None:
            return
    else:
        x = v.point.approx(dps + 10)
    vtol = _radius(v.value)
    where = f"{v.kind} point ~({', '.join(mpmath.nstr(xi, 8) for xi in x)})"
    L0 = num.mf(x)
    gn = mpmath.norm(mpmath.matrix(num.mg(x)))
    if gn > tiny * (1 + abs(L0)):
        fail("point-gradient", f"{where}: |grad L| = {mpmath.nstr(gn, 5)}")
        return
    if abs(L0 - v.value.approx(dps)) > vtol + tiny * (1 + abs(L0)):
        fail("point-value", f"{where}: exact value {v.value.text()} but L ~ {mpmath.nstr(L0, 20)}")
    H = num.mh(x)
    E = mpmath.eigsy(H, eigvals_only=True) if num.n else []
    big = max([abs(e) for e in E] + [mpmath.mpf(1)])
    pos, neg, zero = _eig_signs(E, big * mpmath.mpf(10) ** -30)
    if v.inertia is not None and (pos, neg, zero) != (v.inertia.pos, v.inertia.neg, v.inertia.zero):
        fail("inertia", f"{where}: exact inertia {v.inertia.as_dict()} but numerical eigenvalues "
             f"{[mpmath.nstr(e, 6) for e in E]}")
    kind = v.kind
    if kind in ("global_min", "local_min", "nonstrict_saddle") and neg:
        fail("kind-hessian", f"{where}: Hessian has a negative eigenvalue")
    if kind == "local_max" and pos:
        fail("kind-hessian", f"{where}: Hessian has a positive eigenvalue")
    if kind == "global_min" and gmin is not None and abs(L0 - gmin) > gtol + tiny * (1 + abs(L0)):
        fail("kind-value", f"{where}: global_min but L ~ {mpmath.nstr(L0, 15)} != {mpmath.nstr(gmin, 15)}")
    K = v.point.field
    for key, want in (("descent_curve", -1), ("ascent_curve", +1)):
        curve = v.hints.get(key)
        if not curve or kind == "undecided":
            continue
        alpha = K.approx(K.gen, dps + 10) if not K.is_rational else mpmath.mpf(0)
        coeffs = [[_elem_approx(K, e, alpha) for e in ck] for ck in curve]
        with mpmath.workdps(dps + 60):
            ok = False
            for t in (mpmath.mpf(10) ** -6, mpmath.mpf(10) ** -7):
                y = [x[i] + sum(t ** (k + 1) * coeffs[k][i] for k in range(len(coeffs))) for i in range(num.n)]
                d = num.mf(y) - num.mf(x)
                ok = ok or (d * want > 0)
            if not ok:
                fail(key, f"{where}: L(gamma(t)) - L(p) = {mpmath.nstr(d, 5)} at t = 1e-7, expected sign {want}")
    if kind in ("global_min", "local_min"):
        radii = ("1e-3", "1e-5") if kind == "local_min" else ("1e-1", "1e-3", "1e-5", "1")
        for rad in radii:
            for _ in range(25):
                u = [mpmath.mpf(rng.gauss(0, 1)) for _ in range(num.n)]
                nu = mpmath.norm(mpmath.matrix(u)) or 1
                y = [x[i] + mpmath.mpf(rad) * u[i] / nu for i in range(num.n)]
                if num.mf(y) < L0 - tiny * (1 + abs(L0)):
                    fail("ball", f"{where}: a point at distance {rad} has loss {mpmath.nstr(num.mf(y), 15)} "
                         f"< {mpmath.nstr(L0, 15)}")
                    return


def _minimise(num, rng, runs):
    """Smallest loss found by local minimisation (scipy L-BFGS then mpmath Newton polish)."""
    from scipy.optimize import minimize
    best = None
    for s in range(runs):
        x0 = np.array([rng.gauss(0, (0.5, 1.5, 3.0)[s % 3]) for _ in range(num.n)])
        with np.errstate(all="ignore"):
            try:
                r = minimize(num.f, x0, jac=num.g, method="L-BFGS-B", options={"maxiter": 200})
            except (ValueError, OverflowError, FloatingPointError):
                continue
        if not np.all(np.isfinite(r.x)):
            continue
        val = num.mf([mpmath.mpf(float(v)) for v in r.x])
        if best is None or val < best:
            best = val
    return best


def _check_found(num, rep, x, gmin, fail, res, tiny):
    """A polished numerical critical point must be on a reported stratum or be a reported point."""
    c = res.counts
    where = "(" + ", ".join(mpmath.nstr(xi, 10) for xi in x) + ")"
    on_tol = mpmath.mpf(10) ** -15
    hits = []
    worst = mpmath.mpf(0)
    Lx = num.mf(x)
    for s in rep.strata:
        r = _residual(s.equations, x)
        if s.on_value and abs(Lx - s.value.approx(mpmath.mp.dps)) > tiny * (1 + abs(Lx)):
            continue  # a piece of a split component: only its points with L = its value belong to it
        if any(v < -mpmath.mpf(10) ** -20 * (1 + m) for v, m in (_poly_eval(g, x) for g in s.positive)):
            continue  # outside the stratum's sign conditions
        if r < on_tol:
            hits.append(s)
            worst = max(worst, r)
    near_point = None
    for v in rep.points:
        p = v.point.approx(mpmath.mp.dps)
        if max(abs(a - b) for a, b in zip(x, p)) < on_tol * (1 + max(abs(b) for b in p)):
            near_point = v
            break
    if not hits and near_point is None:
        best = min([_residual(s.equations, x) for s in rep.strata] +
                   [max(abs(a - b) for a, b in zip(x, v.point.approx(mpmath.mp.dps))) for v in rep.points] +
                   [mpmath.inf])
        if best < mpmath.mpf(10) ** -6:
            c["ambiguous"] += 1
            res.notes.append(f"critical point {where} within {mpmath.nstr(best, 3)} of a reported component "
                             "(not polished close enough to decide)")
            return
        if not rep.complete:
            res.notes.append(f"critical point {where} not on a reported component (report says complete: false)")
            return
        fail("missing", f"numerical critical point {where} with L ~ {mpmath.nstr(num.mf(x), 15)} lies on no "
             f"reported stratum or point (nearest residual {mpmath.nstr(best, 3)})")
        return
    # consistency with the kind of a certified stratum containing x
    L0 = num.mf(x)
    H = num.mh(x)
    E = mpmath.eigsy(H, eigvals_only=True)
    big = max([abs(e) for e in E] + [mpmath.mpf(1)])
    # x is within about ``worst`` of the stratum: Hessian entries are off by as much
    pos, neg, zero = _eig_signs(E, big * mpmath.mpf(10) ** -28 + 10 ** 4 * worst)
    for s in hits:
        if s.value is not None and abs(L0 - s.value.approx(mpmath.mp.dps)) > tiny * (1 + abs(L0)):
            q = s.value.field.minpoly_integer()
            qv = sum(mpmath.mpf(ck) * L0 ** k for k, ck in enumerate(q))
            qm = sum(abs(mpmath.mpf(ck) * L0 ** k) for k, ck in enumerate(q))
            conj = not s.value.is_rational and abs(qv) < tiny * (1 + qm)
            fail("stratum-value-conjugate" if conj else "stratum-value",
                 f"critical point {where} on a {s.kind} stratum (scope {s.scope}): L ~ {mpmath.nstr(L0, 15)} but the "
                 f"stratum value is {mpmath.nstr(s.value.approx(20), 15)}" +
                 (" (L is another real root of the same minimal polynomial: the stratum holds real points with "
                  "different values)" if conj else ""))
        if s.scope != "stratum" or s.kind == "undecided":
            continue
        if s.excluded:
            vals = [abs(_poly_eval(g, x)[0]) / (1 + _poly_eval(g, x)[1]) for g in s.excluded]
            if max(vals) < mpmath.mpf(10) ** -10:
                continue  # x is in the excluded set: the claim says nothing here
        if any(v < mpmath.mpf(10) ** -10 * (1 + m) for v, m in (_poly_eval(g, x) for g in s.positive)):
            continue  # on (or numerically at) the boundary of a sign condition: the claim says nothing here
        if s.kind == "strict_saddle" and not (neg and pos):
            fail("stratum-kind", f"critical point {where} in a strict_saddle stratum but Hessian eigenvalues "
                 f"{[mpmath.nstr(e, 6) for e in E]}")
        if s.kind in ("nonstrict_saddle", "global_min", "local_min") and neg:
            fail("stratum-kind", f"critical point {where} in a {s.kind} stratum but the Hessian has a negative "
                 f"eigenvalue {[mpmath.nstr(e, 6) for e in E]}")
        if s.kind == "global_min" and gmin is not None and abs(L0 - gmin) > tiny * (1 + abs(L0)):
            fail("stratum-kind", f"critical point {where} in a global_min stratum with L ~ {mpmath.nstr(L0, 15)}")
