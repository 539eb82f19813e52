"""The kind of one critical point, decided exactly, with the hints of its certificate.

Decision table (design.md 3.3; algorithms.md):

==========================  ============================================================
Hessian (exact inertia)     verdict
==========================  ============================================================
negative and positive       ``strict_saddle`` (directions v, w checked exactly)
positive definite           ``global_min`` if the value is the proven global minimum,
                            else ``local_min`` (with a better point), or ``undecided``
                            when the global minimum is not known
negative definite           ``local_max``
PSD, singular               value = global min: ``global_min``; else a descent curve
                            proves ``nonstrict_saddle`` (with a positive direction or an
                            ascent curve); a Morse-Bott test may prove ``local_min``;
                            otherwise ``undecided``
NSD, singular               an ascent curve proves ``strict_saddle``; else ``undecided``
==========================  ============================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction


from .algebraic import AlgebraicPoint
from .betterpoint import better_point, search_better_point
from .descent import find_curve
from .exact import format_rational
from .inertia import Inertia, evaluate_matrix, find_direction, inertia
from .values import RealAlgebraic

__all__ = ["PointVerdict", "classify_point", "KINDS"]

KINDS = ("global_min", "local_min", "strict_saddle", "nonstrict_saddle", "local_max", "undecided")


@dataclass
class PointVerdict:
    """The exact verdict at one real critical point.

    ``hints`` holds the certificate hints (JSON-ready, design.md principle 5);
    ``evidence`` numerical confirmation (mpmath), never used to decide.
    """

    point: AlgebraicPoint
    value: RealAlgebraic
    kind: str
    reason: str
    inertia: Inertia | None
    hints: dict = field(default_factory=dict)
    evidence: dict = field(default_factory=dict)


def _vec_json(K, v):
    return [K.element_json(x) if isinstance(x, list) else format_rational(Fraction(x)) for x in v]


def _rational_json(v):
    return [format_rational(Fraction(x)) for x in v]


def classify_point(model, point: AlgebraicPoint, value: RealAlgebraic, gmin: RealAlgebraic | None,
                   gmin_hint: dict | None, global_points: list[AlgebraicPoint], gmin_reason: str = "",
                   better: list[Fraction] | None = None, manifold: tuple | None = None) -> PointVerdict:
    """Classify one real critical point exactly.

    Parameters
    ----------
    model : LossModel
    point : AlgebraicPoint
        A point where the gradient vanishes (checked by the caller).
    value : RealAlgebraic
        The exact loss at the point.
    gmin : RealAlgebraic or None
        The proven global minimum value, if known.
    gmin_hint : dict
        The certificate hint proving the global minimum (a lower bound).
    global_points : list of AlgebraicPoint
        Known global minimisers (to build a better point for non-global minima).
    better : list of Fraction, optional
        A rational point already known (checked exactly) to have a smaller loss.
    manifold : (list of PolyElement, int), optional
        The Groebner basis and dimension of a critical component through the point, for
        the Morse-Bott test.
    """
    K = point.field
    Hp = evaluate_matrix(point, model.hess)
    I = inertia(K, Hp)
    is_global = gmin is not None and value.compare(gmin) == 0
    above = gmin is not None and value.compare(gmin) > 0
    hints: dict = {}

    if better is not None:
        bval = AlgebraicPoint.rational(better)
        bval = RealAlgebraic.from_fraction(bval.field.element_rational(bval.evaluate(model.L)))
        if bval.compare(value) >= 0:
            raise ValueError("the 'better' point does not have a smaller loss")
        above = True

    if better is None and gmin is None and global_points:
        # no proven global minimum, but a known critical point may have a smaller loss
        better = better_point(model, value, global_points)
        if better is not None:
            above = True

    def search_better():
        """No global minimum known: look for any rational point with a smaller loss (exact check)."""
        nonlocal better, above
        if better is None and gmin is None:
            better = search_better_point(model, value, start=point.approx(20))
            above = better is not None
        return above

    def not_global_hint():
        bp = better if better is not None else better_point(model, value, global_points)
        if bp is None:
            return False
        hints["better_point"] = _rational_json(bp)
        return True

    if I.neg and I.pos:
        v = find_direction(K, Hp, -1)
        w = find_direction(K, Hp, +1)
        if v is None or w is None:  # pragma: no cover - inertia proved both exist
            return PointVerdict(point, value, "undecided", "directions not found numerically", I)
        hints["negative_direction"] = _rational_json(v)
        hints["positive_direction"] = _rational_json(w)
        return PointVerdict(point, value, "strict_saddle",
                            f"the Hessian has {I.neg} negative and {I.pos} positive eigenvalues", I, hints)
    if is_global:
        hints["lower_bound"] = gmin_hint
        return PointVerdict(point, value, "global_min", "the value equals the proven global minimum" +
                            (f" ({gmin_reason})" if gmin_reason else ""), I, hints)
    if I.neg == 0 and I.zero == 0:
        hints["hessian"] = {"method": "positive_definite"}
        if (above or search_better()) and not_global_hint():
            return PointVerdict(point, value, "local_min",
                                "the Hessian is positive definite and a point with smaller loss exists", I, hints)
        return PointVerdict(point, value, "undecided",
                            "strict local minimum (positive definite Hessian), but whether it is global is "
                            "not decided: the global minimum value is not known", I, hints)
    if I.pos == 0 and I.zero == 0:
        hints["hessian"] = {"method": "negative_definite"}
        return PointVerdict(point, value, "local_max", "the Hessian is negative definite", I, hints)
    if I.neg == 0 and manifold is not None and manifold[1] == I.zero:
        from .morse import morse_bott_hint
        mb = morse_bott_hint(model, point, manifold[0], manifold[1])
        if mb is not None:
            hints["hessian"] = mb
            if (above or search_better()) and not_global_hint():
                return PointVerdict(point, value, "local_min",
                                    f"Morse-Bott: the point lies on a {manifold[1]}-dimensional manifold of critical "
                                    "points whose tangent space is the Hessian's kernel, the Hessian is positive "
                                    "on a complement, and a point with smaller loss exists", I, hints)
            return PointVerdict(point, value, "undecided",
                                "local minimum (Morse-Bott), but whether it is global is not decided", I, hints)
    if I.neg == 0:  # PSD singular, not global
        curve, why = find_curve(model, point, Hp, -1)
        if curve is None:
            return PointVerdict(point, value, "undecided",
                                f"positive semidefinite singular Hessian; {why}", I, hints)
        hints["hessian"] = {"method": "positive_semidefinite"}
        hints["descent_curve"] = [_vec_json(K, c) for c in curve.coeffs]
        if I.pos:
            w = find_direction(K, Hp, +1)
            hints["positive_direction"] = _rational_json(w)
        else:
            up, why_up = find_curve(model, point, Hp, +1)
            if up is None:
                return PointVerdict(point, value, "undecided",
                                    f"zero Hessian; descends at order {curve.order} but {why_up}", I, hints)
            hints["ascent_curve"] = [_vec_json(K, c) for c in up.coeffs]
        return PointVerdict(point, value, "nonstrict_saddle",
                            f"the Hessian is positive semidefinite with {I.zero} zero eigenvalue(s), and the loss "
                            f"decreases at order {curve.order} along a curve", I, hints)
    # NSD singular: not a local min (negative direction); need ascent
    up, why = find_curve(model, point, Hp, +1)
    if up is None:
        return PointVerdict(point, value, "undecided", f"negative semidefinite singular Hessian; {why}", I, hints)
    v = find_direction(K, Hp, -1)
    hints["negative_direction"] = _rational_json(v)
    hints["ascent_curve"] = [_vec_json(K, c) for c in up.coeffs]
    return PointVerdict(point, value, "strict_saddle",
                        f"the Hessian has {I.neg} negative eigenvalue(s) and the loss increases at order "
                        f"{up.order} along a curve", I, hints)
