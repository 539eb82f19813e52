"""``symlandscape point`` for nonlinear problems: decide and certify one point.

ReLU-type: the exact loss at the rational point, then a dead layer or the convex
reparametrisation over every adjacent activation region (:mod:`.piecewise`); global when
the value is 0; "not global" from a searched rational point with smaller exact loss.
Smooth (sigmoid, tanh, bent identity): the point is a starting guess; a Krawczyk box
around the nearby critical point proves a strict local minimum (:mod:`.interval`).
Anything not proved is ``undecided`` with the reason.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..certificates import FORMAT, VERSION, provenance
from ..exact import format_rational as fr
from ..spec import problem_to_dict
from .activations import is_piecewise
from .numeric import NumericLoss, local_opt
from .piecewise import convex_certificate, dead_layer, exact_loss, path_certificate
from .saddle import (descent_ray, exact_gradient, exact_hessian, is_differentiable, lowest_change,
                     ray_polynomial, saddle_directions)

__all__ = ["NonlinearPointResult", "analyse_nonlinear_point", "better_rational_point", "certificate"]


class NonlinearPointResult:
    """Outcome of :func:`analyse_nonlinear_point`, with the JSON/text of ``symlandscape point``."""

    def __init__(self, problem, point, kind, reason, value=None, claim=None, hints=None, evidence=None):
        self.problem, self.point, self.kind, self.reason = problem, point, kind, reason
        self.value, self.claim, self.hints, self.evidence = value, claim, hints, evidence or {}

    @property
    def critical(self):
        return self.kind not in ("not_critical",)

    def certificate(self, timestamp: bool = True, reference: str | None = None) -> dict | None:
        if self.claim is None:
            return None
        return certificate(self.problem, self.claim, self.hints, reference, timestamp, self.evidence)

    def to_json(self, timestamp: bool = True, evidence: bool = True) -> dict:
        v = self.value
        val = None if v is None else ({"exact": fr(v), "approx": f"{float(v):.15g}"} if isinstance(v, Fraction)
                                      else {"lower": fr(v[0]), "upper": fr(v[1]), "approx": f"{float(v[0]):.15g}"})
        kind = None if self.kind == "not_critical" else self.kind
        return {"parameters": self.problem.parameters, "point": [fr(x) for x in self.point],
                "critical": self.critical, "value": val, "kind": kind, "reason": self.reason,
                "inertia": None, "certificate": self.certificate(timestamp)}

    def text(self, pj: dict) -> str:
        lines = [f"point: {', '.join(f'{n} = {c}' for n, c in zip(pj['parameters'], pj['point']))}",
                 f"activation: {self.problem.network.activation}"]
        if pj["value"]:
            lines.append("value: " + (pj["value"]["exact"] if "exact" in pj["value"] else
                                      f"in [{pj['value']['lower']}, {pj['value']['upper']}]")
                         + f" (~{pj['value']['approx']})")
        lines += [f"kind: {pj['kind']}", f"reason: {pj['reason']}"]
        return "\n".join(lines)


def certificate(problem, claim, hints, reference=None, timestamp=True, evidence=None) -> dict:
    """A certificate (docs/certificates.md, "Nonlinear certificates")."""
    cert = {"format": FORMAT, "version": VERSION, "problem": problem_to_dict(problem),
            "parameters": problem.parameters, "field": None, "claim": claim, "hints": hints,
            "provenance": provenance(reference, timestamp)}
    if evidence:
        cert["evidence"] = evidence
    return cert


def better_rational_point(problem, value: Fraction, restarts: int = 30, seed: int = 0, x0=None):
    """A rational point with exact loss < value (ReLU-type; a search: None proves nothing)."""
    nl = NumericLoss(problem)
    rng = np.random.default_rng(seed)
    for k in range(restarts):
        start = rng.normal(0, 2, nl.n) if x0 is None or k % 2 else np.asarray(x0, float) + rng.normal(0, .5, nl.n)
        x, L, _ = local_opt(nl, start, gtol=1e-10, maxiter=1000)
        if not np.isfinite(L) or L >= float(value):
            continue
        for digits in (2, 4, 8):
            cand = [Fraction(round(v * 10 ** digits), 10 ** digits) for v in x]
            if exact_loss(problem, cand) < value:
                return cand
    return None


def piecewise_verdict(problem, q: list[Fraction], better=None, search: bool = True) -> NonlinearPointResult:
    """Decide a rational point of a ReLU-type problem."""
    value = exact_loss(problem, q)
    if value == 0 and all(x >= 0 for x in problem.l2_per_parameter()):
        claim = {"type": "point", "point": [fr(x) for x in q], "value": "0", "kind": "global_min"}
        return NonlinearPointResult(problem, q, "global_min", "L = 0 and L >= 0", value, claim,
                                    {"lower_bound": {"method": "nonnegative"}})
    saddle = _relu_saddle(problem, q, value)
    if saddle is not None:
        return saddle
    v = dead_layer(problem, q)
    if v.local_min is not True:
        v2 = convex_certificate(problem, q)
        if v2.local_min is not None or v.local_min is None:
            v = v2
    if v.local_min is None and len(problem.network.widths) == 4:
        v3 = path_certificate(problem, q)
        if v3.local_min:
            v = v3
    if v.local_min is not True:
        d = descent_ray(problem, q)
        if d is None:
            if v.local_min is None:
                return NonlinearPointResult(problem, q, "undecided", v.reason, value)
            return NonlinearPointResult(problem, q, "not_local_min", "not a local minimum: " + v.reason, value)
        k, c = lowest_change(ray_polynomial(problem, q, d))
        claim = {"type": "point", "point": [fr(x) for x in q], "value": fr(value), "kind": "not_local_min"}
        why = "not a local minimum" + (": " + v.reason if v.local_min is False else "")
        return NonlinearPointResult(problem, q, "not_local_min", why +
                                    f"; along a descent ray L changes by {fr(c)} t^{k} + O(t^{k + 1})", value,
                                    claim, {"descent_ray": [fr(x) for x in d]})
    if better is None and search:
        better = better_rational_point(problem, value, x0=[float(x) for x in q])
    if better is None:
        return NonlinearPointResult(problem, q, "undecided", v.reason + "; whether it is global is not decided "
                                    "(no better point found)", value)
    claim = {"type": "point", "point": [fr(x) for x in q], "value": fr(value), "kind": "local_min"}
    hints = {"piecewise": v.hint, "better_point": [fr(x) for x in better]}
    return NonlinearPointResult(problem, q, "local_min", v.reason + f"; not global: L = "
                                f"{fr(exact_loss(problem, better))} at a better point", value, claim, hints)


def _relu_saddle(problem, q, value):
    """At a differentiable point: not critical, or a strict saddle with exact directions (:mod:`.saddle`)."""
    if not is_differentiable(problem, q):
        return None
    g = exact_gradient(problem, q)
    if any(g):
        k = next(i for i, x in enumerate(g) if x)
        return NonlinearPointResult(problem, q, "not_critical", f"not critical: dL/d{problem.parameters[k]} = "
                                    f"{fr(g[k])} (no pre-activation is 0: L is a polynomial near the point)", value)
    neg, pos = saddle_directions(exact_hessian(problem, q))
    if neg is None:
        return None
    if pos is None:
        return NonlinearPointResult(problem, q, "undecided", "a negative-curvature direction exists but no "
                                    "positive one was found (a local maximum is impossible with a linear output "
                                    "layer unless the hidden outputs vanish)", value)
    claim = {"type": "point", "point": [fr(x) for x in q], "value": fr(value), "kind": "strict_saddle"}
    hints = {"negative_direction": [fr(x) for x in neg], "positive_direction": [fr(x) for x in pos]}
    return NonlinearPointResult(problem, q, "strict_saddle", "differentiable critical point (no pre-activation is "
                                "0); the exact Hessian has a negative direction and a positive one", value,
                                claim, hints)


def smooth_verdict(problem, x, better=None, search: bool = True) -> NonlinearPointResult:
    """Prove a strict local minimum in a small box near the float point ``x`` (smooth activations)."""
    from .interval import find_better_point, prove_box, upper_bound
    q = [Fraction(v) if not isinstance(v, Fraction) else v for v in x]
    degenerate = _degenerate_verdict(problem, q, better, search)
    if degenerate is not None:
        return degenerate
    bp = prove_box(problem, [float(v) for v in q])
    if bp is None:
        return NonlinearPointResult(problem, q, "undecided", "no Krawczyk box with a positive definite Hessian "
                                    "near this point (not near a strict local minimum, or a degenerate one)")
    why = (f"a unique critical point lies within {fr(bp.radius)} of the box center; the Hessian is positive "
           "definite on the box: a strict local minimum")
    found = None
    if better is not None:
        ub = upper_bound(problem, better)
        found = (better, ub) if ub < bp.lo else None
    elif search:
        found = find_better_point(problem, bp.lo)
    if found is None:
        return NonlinearPointResult(problem, bp.center, "undecided", why + "; whether it is global is not decided",
                                    (bp.lo, bp.hi))
    hints = bp.hints()
    hints["better_point"] = [fr(v) for v in found[0]]
    return NonlinearPointResult(problem, bp.center, "local_min", why + f"; not global: L <= {float(found[1]):.10g} "
                                "at a better point", (bp.lo, bp.hi), bp.claim(), hints)


def _degenerate_verdict(problem, q, better, search):
    """Zero loss by output interpolation, or a midpoint-curvature minimum (:mod:`.degenerate`); else None."""
    from .degenerate import prove_interpolation, prove_midpoint_min
    from .interval import find_better_point, upper_bound
    nl = NumericLoss(problem)
    pr = prove_interpolation(problem, q)
    if pr is not None and all(abs(a - b) <= Fraction(1, 1000) * (1 + abs(b)) for a, b in zip(pr.center, q)):
        return NonlinearPointResult(problem, pr.center, "global_min", "the output layer interpolating the data "
                                    f"with this first layer lies within {fr(pr.radius)} of the box center (interval "
                                    "elimination): L = 0 there, and L >= 0", Fraction(0), pr.claim(), pr.hints())
    pr = prove_midpoint_min(problem, q)
    if pr is None:
        return None
    why = (f"hidden units constant on the data; L >= {fr(pr.value)} on the box of radius {fr(pr.radius)} "
           "(midpoint curvature) and attained inside it: a local minimum (non-isolated)")
    found = None
    if better is not None:
        ub = upper_bound(problem, better)
        found = (better, ub) if ub < pr.value else None
    elif search:
        found = find_better_point(problem, pr.value, nl)
    if found is None:
        return NonlinearPointResult(problem, pr.center, "undecided", why + "; whether it is global is not decided",
                                    pr.value)
    hints = pr.hints()
    hints["better_point"] = [fr(v) for v in found[0]]
    return NonlinearPointResult(problem, pr.center, "local_min", why + f"; not global: L <= {float(found[1]):.10g} "
                                "at a better point", pr.value, pr.claim(), hints)


def analyse_nonlinear_point(problem, q: list[Fraction]) -> NonlinearPointResult:
    """Decide the point ``q`` of a nonlinear problem (the ``symlandscape point`` entry).

    >>> from symlandscape.spec import load_problem
    >>> r = analyse_nonlinear_point(load_problem("examples/swirszcz_prop1.json"),
    ...                             [Fraction(v) for v in (1, -3, 1, 0)])   # Swirszcz et al., Prop. 1
    >>> r.kind, r.value
    ('local_min', Fraction(18, 1))
    """
    if is_piecewise(problem):
        return piecewise_verdict(problem, q)
    return smooth_verdict(problem, q)
