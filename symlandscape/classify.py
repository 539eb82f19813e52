"""Classify every real critical point of a problem: the whole pipeline in one call.

``classify(problem)`` builds the exact loss, decomposes the critical variety
completely (:mod:`symlandscape.solve`), proves the global minimum value
(:mod:`symlandscape.globalmin`), and classifies every zero-dimensional point
(:mod:`symlandscape.pointkind`) and every positive-dimensional component by
stratification (:mod:`symlandscape.strata`). The result is a :class:`Report`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import mpmath

from .algebraic import AlgebraicPoint
from .globalmin import infimum_attained, lower_bounds
from .loss import LossModel, build_loss
from .pointkind import PointVerdict, classify_point
from .points import solve_zero_dim
from .solve import decompose
from .spec import Problem
from .strata import GlobalContext, StrataAnalyser, Stratum, analyse_component, sample_points
from .values import RealAlgebraic

__all__ = ["Report", "classify"]


@dataclass
class Report:
    """Everything ``classify`` found, exactly.

    Attributes
    ----------
    problem : Problem
    model : LossModel
    complete : bool
        True when the strata and points cover every real critical point.
    completeness : str
        Why (or why not).
    gmin : RealAlgebraic or None
        The proven global minimum value.
    gmin_method, gmin_reason : str
    strata : list of Stratum
        Positive-dimensional pieces.
    points : list of PointVerdict
        Isolated points and points of lower strata.
    n_complex : int or None
        Distinct complex critical points when the critical set is finite.
    """

    problem: Problem
    model: LossModel
    complete: bool
    completeness: str
    gmin: RealAlgebraic | None
    gmin_method: str
    gmin_reason: str
    gmin_hint: dict | None
    gmin_conditional: bool
    strata: list = field(default_factory=list)
    points: list = field(default_factory=list)
    n_complex: int | None = None
    timings: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    @property
    def finite(self) -> bool:
        return not self.strata

    def _repr_latex_(self) -> str:  # Jupyter: loss, gradient, Hessian, verdict table
        from .teaching.display import report_mathjax
        return report_mathjax(self)

    def _repr_html_(self) -> str:  # Jupyter: table, and the plot for 2 parameters
        from .teaching.display import report_html
        return report_html(self)


def _dedupe_points(items):
    out, keys = [], set()
    for p, v, verdict in items:
        if p.key in keys:
            continue
        keys.add(p.key)
        out.append(verdict)
    return out


def classify(problem: Problem, progress=None, route: str = "exact") -> Report:
    """Classify every real critical point of ``problem`` exactly.

    ``route``: ``"exact"`` (default) always uses the exact Q(alpha) route (the
    reference; every verdict has a certificate); ``"balls"`` uses
    :mod:`symlandscape.ballroute` (proved RUR + certified ball arithmetic, no point
    certificates) whenever the critical set is finite; ``"auto"`` (the command line's
    default) takes the ball route for finite critical sets of at least
    ``ballroute.MIN_POINTS`` complex points when msolve and python-flint are installed.

    Examples
    --------
    >>> from symlandscape.spec import parse_problem
    >>> p = parse_problem({"network": {"widths": [1, 1, 1]}, "data": {"inputs": [[1]], "targets": [[1]]}})
    >>> r = classify(p)
    >>> r.complete, r.gmin.text()
    (True, '0')
    >>> [(s.dimension, s.kind) for s in r.strata], [(v.point.json(), v.kind) for v in r.points]
    ([(1, 'global_min')], [(['0', '0'], 'strict_saddle')])
    """
    t0 = time.perf_counter()
    say = progress or (lambda msg: None)
    if route not in ("auto", "exact", "balls"):
        raise ValueError(f"route must be 'auto', 'exact' or 'balls', not {route!r}")
    model = build_loss(problem)
    if route != "exact":
        from .ballroute import classify_by_balls
        from .errors import SolverError
        try:
            fast = classify_by_balls(problem, model, progress, force=route == "balls")
        except SolverError as exc:
            if route == "balls":
                raise
            say(f"ball route failed ({exc}); taking the exact route")
            fast = None
        if fast is not None:
            fast.timings["total"] = time.perf_counter() - t0
            return fast
    say(f"loss built: {model.n} parameters, degree {max((sum(m) for m in model.L.monoms()), default=0)}")
    D = decompose(model.grad, model.L, model.R, progress)
    timings = {"decompose": D.seconds}
    notes = list(D.notes)
    t1 = time.perf_counter()
    # zero-dimensional components: every point
    zero_points = []  # (point, value)
    n_complex = 0
    seen_orbits = set()
    for comp in D.components:
        if comp.dimension != 0:
            continue
        S = solve_zero_dim(comp.gb, model.R)
        for orb in S.orbits:
            key = (tuple(orb.minpoly), tuple(tuple(c) for c in orb.coords))
            if key in seen_orbits:
                continue
            seen_orbits.add(key)
            n_complex += orb.degree
            for p in orb.real_points:
                if comp.value_poly:
                    val = RealAlgebraic.identify(p.field, p.evaluate(model.L), comp.value_poly)
                else:
                    val = RealAlgebraic.of_element(p.field, p.evaluate(model.L))
                zero_points.append((p, val))
    bounds = lower_bounds(problem)
    floor = max(bounds, key=lambda b: _Key(b.value)).value if bounds else None
    positive, no_real = [], []
    for c in D.components:
        if c.dimension <= 0:
            continue
        if _below(c, floor):
            no_real.append(c)
        else:
            positive.append(c)
    if no_real:
        notes.append(f"{len(no_real)} positive-dimensional component(s) have no real point: their critical value "
                     f"lies below the proven lower bound {floor.text()} of the loss (or is not real)")
    # values of positive-dimensional components with a real point
    comp_samples = []
    unknown_real = []
    for comp in positive:
        pts = comp.samples = sample_points(comp.gb, model.R, comp.independent)
        comp_samples.append(pts)
        if not pts:
            unknown_real.append(comp)
    timings["points"] = time.perf_counter() - t1
    real_values = [v for _, v in zero_points]
    comp_values = []
    unconfirmed = []  # real roots of components' value polynomials not confirmed by a sample point
    for comp, pts in zip(positive, comp_samples):
        if pts:
            v = (RealAlgebraic.from_fraction(comp.value) if comp.value is not None else
                 RealAlgebraic.identify(pts[0].field, pts[0].evaluate(model.L), comp.value_poly))
            comp_values.append(v)
            real_values.append(v)
            if comp.value is None:
                # an irreducible component can hold real points on several real roots of its value
                # polynomial; only the sample's root is confirmed, the others may be attained too
                unconfirmed.extend(r for r in RealAlgebraic.roots(comp.value_poly) if r.compare(v) != 0)
        else:
            comp_values.append(None)
    # global minimum
    gmin = None
    gmin_method, gmin_reason, gmin_hint, conditional = "", "", None, False
    for b in bounds:
        if any(v.compare(b.value) == 0 for v in real_values):
            gmin, gmin_method, gmin_reason, gmin_hint = b.value, b.method, b.reason, b.hint
            break
    if gmin is None and real_values:
        why = infimum_attained(problem)
        low = min(real_values, key=_Key)
        below = [r for r in unconfirmed if r.compare(low) < 0]
        if why and below:
            notes.append("the global minimum is not decided: a positive-dimensional component's loss is a root of "
                         f"a polynomial with a real root ~{mpmath.nstr(below[0].approx(20), 12)} below the least "
                         "confirmed critical value, and whether real points attain it is not known")
        elif why and D.complete and not unknown_real:
            gmin = low
            gmin_method, gmin_reason = "least_critical_value", why + "; the critical set is complete"
            gmin_hint = {"method": "least_critical_value",
                         "critical_values": [v.json()["exact"] if v.is_rational else v.json() for v in real_values]}
            conditional = True
        elif why and unknown_real:
            notes.append("the global minimum is not decided: some positive-dimensional components have no real "
                         "sample point, so their real points are not known")
    global_points = [p for p, v in zero_points if gmin is not None and v.compare(gmin) == 0]
    for comp, pts, v in zip(positive, comp_samples, comp_values):
        if pts and v is not None and gmin is not None and v.compare(gmin) == 0:
            global_points.extend(pts)
    if gmin is None:
        # the global minimum is unknown: every known real critical point is a candidate for a
        # point of smaller loss (so a minimum above it is not global), lowest values first
        cands = [(p, v) for p, v in zero_points]
        cands += [(pt, v) for pts, v in zip(comp_samples, comp_values) if v is not None for pt in pts]
        global_points = [p for p, _ in sorted(cands, key=lambda pv: _Key(pv[1]))]
    ctx = GlobalContext(gmin, gmin_hint, gmin_reason, global_points)
    # classify
    t2 = time.perf_counter()
    an = StrataAnalyser(model, progress)
    strata: list[Stratum] = []
    point_items = []
    for p, v in zero_points:
        point_items.append((p, v, classify_point(model, p, v, gmin, gmin_hint, global_points, gmin_reason)))
    for comp in positive:
        for item in analyse_component(an, comp, ctx):
            if isinstance(item, Stratum):
                strata.append(item)
            else:
                point_items.append(item)
    timings["classify"] = time.perf_counter() - t2
    strata = _dedupe_strata(strata)
    points = _dedupe_points(point_items)
    complete = D.complete
    completeness = ("every complex critical point lies on one of the components of the decomposition, "
                    "and every component's real points are covered by the strata and points listed")
    if not D.complete:
        completeness = "the decomposition is incomplete: " + "; ".join(D.notes)
    if unknown_real:
        notes.append(f"{len(unknown_real)} positive-dimensional component(s) had no real sample point found; "
                     "their strata are still certified where a certificate exists")
    timings["total"] = time.perf_counter() - t0
    return Report(problem, model, complete, completeness, gmin, gmin_method, gmin_reason, gmin_hint, conditional,
                  strata, points, n_complex if not positive else None, timings, notes)


def _below(comp, floor) -> bool:
    """True when every real value the component can take is below the proven floor (or none is real)."""
    if not comp.value_poly:
        return False
    roots = RealAlgebraic.roots(comp.value_poly)
    if not roots:
        return True
    return floor is not None and all(r.compare(floor) < 0 for r in roots)


class _Key:
    """Sort key for RealAlgebraic values (exact comparison)."""

    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        return self.v.compare(other.v) < 0


def _dedupe_strata(strata):
    out, keys = [], set()
    for s in strata:
        key = (tuple(sorted(str(g) for g in s.equations)), tuple(sorted(str(g) for g in s.excluded)), s.kind)
        if key in keys:
            continue
        keys.add(key)
        out.append(s)
    return out
