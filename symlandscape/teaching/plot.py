"""Pictures of a loss landscape: contours, the whole real critical set, descent curves.

Needs matplotlib (``pip install symlandscape[plot]``); the rest of the package does not.

* :func:`critical_set_2d` -- for a 2-parameter problem, the real critical set inside a
  window, as data: curves (zero sets of each stratum's equation, traced by
  ``contourpy``) and points (from the report, via ``.approx()``), each with its kind;
* :func:`plot_landscape` -- contours of L with that set drawn, coloured and labelled by
  kind, and from every saddle point the certificate's descent curve (the negative
  direction of a strict saddle, the polynomial curve of a non-strict one);
* :func:`plot_slice` -- for more parameters, contours of ``L(p + s d1 + t d2)`` on a
  2-D slice through a point p, with the descent curve projected into the slice;
* :func:`plot_point` -- slice and loss along the certificate's curve, side by side;
* :func:`curve_series` -- ``L(gamma(t)) - L(p)`` as an exact polynomial in t.

The pictures only *show* verdicts made exactly elsewhere; floating point is used here
for drawing and nothing else.

Examples
--------
>>> from symlandscape.spec import parse_problem
>>> from symlandscape.classify import classify
>>> chain2 = {"network": {"widths": [1, 1, 1]}, "data": {"inputs": [[1]], "targets": [[1]]}}
>>> rep = classify(parse_problem(chain2))
>>> cs = critical_set_2d(rep, window=(-2, 2, -2, 2))
>>> [(c.kind, c.dimension) for c in cs.curves], [(p.kind, p.xy) for p in cs.points]
([('global_min', 1)], [('strict_saddle', (0.0, 0.0))])
>>> bool(max(abs(x * y - 1) for seg in cs.curves[0].segments for x, y in seg) < 1e-9)
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import sympy

__all__ = ["KIND_STYLE", "CurvePiece", "MarkedPoint", "CriticalSet2D", "critical_set_2d", "default_window",
           "poly_function", "hint_vectors", "curve_series", "descent_curve_of", "plot_landscape",
           "slice_directions", "plot_slice", "plot_loss_along_curve", "plot_point", "save"]

#: colour, marker and legend label for every kind (design.md 3.3)
KIND_STYLE = {
    "global_min": {"color": "#1b9e77", "marker": "o", "label": "global minimum"},
    "local_min": {"color": "#e6ab02", "marker": "s", "label": "local minimum (not global)"},
    "strict_saddle": {"color": "#d95f02", "marker": "X", "label": "strict saddle"},
    "nonstrict_saddle": {"color": "#7570b3", "marker": "D", "label": "non-strict saddle"},
    "local_max": {"color": "#e7298a", "marker": "^", "label": "local maximum"},
    "undecided": {"color": "#666666", "marker": "P", "label": "undecided"},
}


@dataclass
class CurvePiece:
    """A positive-dimensional stratum inside the window: polylines (arrays of shape (k, 2))."""

    kind: str
    dimension: int
    equation: object  # PolyElement whose zero set is drawn
    segments: list = field(default_factory=list)
    stratum: object = None


@dataclass
class MarkedPoint:
    """An isolated critical point (or a point of a lower stratum) and its verdict."""

    kind: str
    xy: tuple
    verdict: object = None


@dataclass
class CriticalSet2D:
    """The real critical set of a 2-parameter loss inside ``window`` = (x0, x1, y0, y1)."""

    window: tuple
    curves: list
    points: list
    names: list


def _require_matplotlib():
    try:
        import matplotlib
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError("plots need matplotlib: pip install 'symlandscape[plot]'") from exc
    return matplotlib


def poly_function(p, n: int):
    """A numpy function ``f(X1, ..., Xn)`` evaluating the PolyElement ``p`` (drawing only).

    >>> from sympy import QQ
    >>> from sympy.polys.rings import ring
    >>> R, x, y = ring("x,y", QQ)
    >>> float(poly_function(x**2 * y - QQ(1, 2), 2)(2.0, 3.0))
    11.5
    """
    terms = [(m, float(Fraction(int(c.numerator), int(c.denominator)))) for m, c in p.terms()]

    def f(*X):
        out = 0.0
        for m, c in terms:
            t = c
            for xi, e in zip(X, m):
                if e:
                    t = t * xi ** e
            out = out + t
        return out + 0.0 * X[0]
    return f


def _kind(stratum) -> str:
    return stratum.kind if stratum.scope == "stratum" else "undecided"


def default_window(report, margin: float = 1.5, least: float = 2.0) -> tuple:
    """A square window around the origin holding every point and stratum sample (x margin)."""
    r = least
    for v in report.points:
        r = max(r, margin * max(abs(float(x)) for x in v.point.approx(15)))
    for s in report.strata:
        for p in s.sample_points:
            r = max(r, margin * max(abs(float(x)) for x in p.approx(15)))
    r = float(np.ceil(r * 2) / 2)
    return (-r, r, -r, r)


def _curve_equation(s):
    """A square-free polynomial whose zero set carries the 1-D stratum, and the equations
    that must also vanish there (none when the stratum's ideal has a non-trivial gcd)."""
    eqs = [e for e in s.equations if e]
    g = eqs[0]
    for e in eqs[1:]:
        g = g.gcd(e)
    if g.is_ground:  # not principal: trace the first equation, keep where the others vanish
        return eqs[0].sqf_part(), eqs[1:]
    return g.sqf_part(), []


def critical_set_2d(report, window=None, grid: int = 601) -> CriticalSet2D:
    """The real critical set of a 2-parameter problem inside a window, as drawable data.

    Parameters
    ----------
    report : Report
        From :func:`symlandscape.classify.classify` (``report.model.n`` must be 2).
    window : (x0, x1, y0, y1), optional
        Defaults to :func:`default_window`.
    grid : int
        Grid points per axis for tracing curves (``contourpy``, zero level).

    Returns
    -------
    CriticalSet2D
        ``curves``: 1-D strata with their polylines; ``points``: every point of
        ``report.points`` inside the window, at ``.approx()`` of its exact coordinates.
    """
    import contourpy
    if report.model.n != 2:
        raise ValueError(f"critical_set_2d needs 2 parameters, the problem has {report.model.n}; "
                         "use plot_slice for a 2-D slice")
    window = tuple(float(w) for w in (window or default_window(report)))
    x0, x1, y0, y1 = window
    xs = np.linspace(x0, x1, grid)
    ys = np.linspace(y0, y1, grid)
    X, Y = np.meshgrid(xs, ys)
    tol = 1e-6 * max(abs(x0), abs(x1), abs(y0), abs(y1), 1.0)
    curves = []
    for s in report.strata:
        if s.dimension == 2:
            curves.append(CurvePiece(_kind(s), 2, None, [np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])], s))
            continue
        if s.dimension != 1:
            continue
        g, rest = _curve_equation(s)
        Z = poly_function(g, 2)(X, Y)
        lines = contourpy.contour_generator(xs, ys, Z).lines(0.0)
        others = [poly_function(e, 2) for e in rest]
        segs = []
        for seg in lines:
            seg = np.asarray(seg, dtype=float)
            if others:  # keep only the part where the other equations vanish too
                ok = np.all([np.abs(f(seg[:, 0], seg[:, 1])) < 1e3 * tol for f in others], axis=0)
                seg = seg[ok]
            if len(seg) >= 2:
                segs.append(_polish(g, seg))
        curves.append(CurvePiece(_kind(s), 1, g, segs, s))
    points = []
    for v in report.points:
        x, y = (float(c) for c in v.point.approx(20))
        if x0 <= x <= x1 and y0 <= y <= y1:
            points.append(MarkedPoint(v.kind, (x, y), v))
    return CriticalSet2D(window, curves, points, list(report.model.names))


def _polish(g, seg, steps: int = 3):
    """Newton steps towards g = 0 along the gradient (the contour is linearly interpolated)."""
    f = poly_function(g, 2)
    R = g.ring
    fx = poly_function(g.diff(R.gens[0]), 2)
    fy = poly_function(g.diff(R.gens[1]), 2)
    x, y = seg[:, 0].copy(), seg[:, 1].copy()
    for _ in range(steps):
        v, gx, gy = f(x, y), fx(x, y), fy(x, y)
        n2 = gx * gx + gy * gy
        ok = n2 > 1e-12
        step = np.where(ok, v / np.where(ok, n2, 1.0), 0.0)
        x, y = x - step * gx, y - step * gy
    return np.column_stack([x, y])


# -- hints and curves ------------------------------------------------------------------

def _num(K, c) -> float:
    """A hint number (``"p/q"`` or a field element ``["a0", "a1", ...]``) as a float."""
    from sympy import QQ
    if isinstance(c, str):
        return float(Fraction(c))
    return float(K.approx(K.reduce([QQ(Fraction(a).numerator, Fraction(a).denominator) for a in reversed(c)]), 20))


def _elem(K, c):
    from sympy import QQ
    if isinstance(c, str):
        return K.from_rational(Fraction(c))
    return K.reduce([QQ(Fraction(a).numerator, Fraction(a).denominator) for a in reversed(c)])


def hint_vectors(verdict, key: str) -> list | None:
    """The vectors of a hint (``descent_curve``, ``negative_direction``, ...) as float arrays."""
    h = verdict.hints.get(key)
    if h is None:
        return None
    K = verdict.point.field
    vecs = h if h and isinstance(h[0], list) and key.endswith("curve") else [h]
    return [np.array([_num(K, c) for c in v]) for v in vecs]


def descent_curve_of(verdict):
    """``(kind_of_curve, coefficient vectors)`` showing that the point is not a minimum, or None.

    A non-strict saddle has ``hints["descent_curve"]`` (gamma(t) = p + sum t^k c_k); a strict
    saddle has ``hints["negative_direction"]`` v (the line p + t v, descending at order 2).
    """
    if verdict is None:
        return None
    for key, what in (("descent_curve", "curve"), ("negative_direction", "line")):
        if key in verdict.hints:
            return what, verdict.hints[key]
    return None


def curve_series(model, verdict_or_point, coeffs) -> list:
    """Exact coefficients a_0, a_1, ... of ``L(gamma(t)) - L(p)``, ``gamma(t) = p + sum_k t^k c_k``.

    ``coeffs`` are hint vectors (JSON numbers); the result is a list of sympy numbers
    (rationals, or floats of exact algebraic coefficients when the point is not rational,
    marked by the caller).

    >>> from symlandscape.spec import parse_problem
    >>> from symlandscape.loss import build_loss
    >>> from symlandscape.algebraic import AlgebraicPoint
    >>> chain3 = {"network": {"widths": [1, 1, 1, 1]}, "data": {"inputs": [[1]], "targets": [[1]]}}
    >>> m = build_loss(parse_problem(chain3))
    >>> curve_series(m, AlgebraicPoint.rational([0, 0, 0]), [["1", "1", "1"]])
    [0, 0, 0, -1, 0, 0, 1/2]
    """
    from ..descent import series_along
    point = getattr(verdict_or_point, "point", verdict_or_point)
    K = point.field
    if coeffs and not isinstance(coeffs[0], list):
        coeffs = [coeffs]
    dirs = [[_elem(K, c) for c in v] for v in coeffs]
    deg = max(sum(m) for m in model.L.monoms()) * len(dirs)
    ser = series_along(model.L, point, dirs, deg)
    out = []
    for k, a in enumerate(ser):
        if k == 0:
            out.append(sympy.Integer(0))
            continue
        q = K.element_rational(a)
        out.append(sympy.Rational(q.numerator, q.denominator) if q is not None else sympy.Float(K.approx(a, 20), 15))
    while len(out) > 1 and out[-1] == 0:
        out.pop()
    return out


def _gamma(p, vecs, t):
    t = np.asarray(t, dtype=float)
    out = np.tile(np.asarray(p, dtype=float)[:, None], (1, t.size))
    for k, c in enumerate(vecs, start=1):
        out = out + np.outer(c, t ** k)
    return out


def _t_max(p, vecs, radius):
    """The first t > 0 where |gamma(t) - p| reaches ``radius``."""
    ts = np.linspace(0, 50, 20001)[1:]
    d = np.linalg.norm(_gamma(np.zeros_like(p), vecs, ts), axis=0)
    i = np.argmax(d >= radius)
    return float(ts[i]) if d[i] >= radius else 50.0


# -- drawing ----------------------------------------------------------------------------

def _levels(Z, n=25):
    lo, hi = np.nanmin(Z), np.nanpercentile(Z, 95)
    if not np.isfinite(hi) or hi <= lo:
        hi = lo + 1.0
    # denser near the bottom, where the interesting points are
    return lo + (hi - lo) * np.linspace(0, 1, n) ** 2


def plot_landscape(report, ax=None, window=None, grid: int = 601, descent: bool = True, title: str | None = None):
    """Contours of a 2-parameter loss with its whole real critical set, marked by kind.

    Parameters
    ----------
    report : Report
    ax : matplotlib Axes, optional
        Drawn on a new figure when omitted.
    window : (x0, x1, y0, y1), optional
    descent : bool
        Draw the certificate's descent curve from every saddle point.

    Returns
    -------
    (Axes, CriticalSet2D)
        The axes and the data that was drawn (for tests: the markers are at ``cs.points``).
    """
    _require_matplotlib()
    import matplotlib.pyplot as plt
    cs = critical_set_2d(report, window, grid)
    x0, x1, y0, y1 = cs.window
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 5.6))
    xs, ys = np.linspace(x0, x1, 301), np.linspace(y0, y1, 301)
    X, Y = np.meshgrid(xs, ys)
    Z = poly_function(report.model.L, 2)(X, Y)
    cf = ax.contourf(X, Y, Z, levels=_levels(Z), cmap="Blues_r", alpha=0.55, extend="max")
    ax.contour(X, Y, Z, levels=cf.levels, colors="k", linewidths=0.3, alpha=0.4)
    ax.figure.colorbar(cf, ax=ax, label="L")
    seen = set()

    def label(kind, extra=""):
        key = kind + extra
        if key in seen:
            return None
        seen.add(key)
        return KIND_STYLE[kind]["label"] + extra

    for c in cs.curves:
        st = KIND_STYLE[c.kind]
        if c.dimension == 2:
            ax.fill(*c.segments[0].T, color=st["color"], alpha=0.2, label=label(c.kind, " (2-D)"))
            continue
        for seg in c.segments:
            ax.plot(seg[:, 0], seg[:, 1], "-", color=st["color"], lw=2.5, label=label(c.kind, " (curve)"),
                    gid=f"critical-curve:{c.kind}")
    for p in cs.points:
        st = KIND_STYLE[p.kind]
        ax.plot([p.xy[0]], [p.xy[1]], linestyle="none", marker=st["marker"], color=st["color"], markersize=11,
                markeredgecolor="k", zorder=5, label=label(p.kind), gid=f"critical-point:{p.kind}")
    if descent:
        radius = 0.3 * min(x1 - x0, y1 - y0)
        first = True
        for p in cs.points:
            dc = descent_curve_of(p.verdict)
            if dc is None:
                continue
            what, _ = dc
            key = "descent_curve" if what == "curve" else "negative_direction"
            vecs = hint_vectors(p.verdict, key)
            vecs = [v / np.linalg.norm(vecs[0]) ** (k + 1) for k, v in enumerate(vecs)]
            tm = _t_max(np.array(p.xy), vecs, radius)
            signs = (1, -1) if what == "line" else (1,)
            for sgn in signs:
                ts = np.linspace(0, sgn * tm, 100)
                G = _gamma(np.array(p.xy), vecs, ts)
                ax.plot(G[0], G[1], "--", color="crimson", lw=1.8, zorder=4,
                        label="descent (certificate)" if first else None, gid="descent-curve")
                first = False
                ax.annotate("", xy=(G[0, -1], G[1, -1]), xytext=(G[0, -8], G[1, -8]),
                            arrowprops=dict(arrowstyle="->", color="crimson", lw=1.8), zorder=4)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel(cs.names[0])
    ax.set_ylabel(cs.names[1])
    ax.set_aspect("equal")
    ax.set_title(title if title is not None else f"{report.problem.name}: loss and real critical set")
    ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
    return ax, cs


def slice_directions(model, verdict) -> tuple:
    """Two orthonormal directions for a slice through a critical point.

    The first is the certificate's descent direction (first curve coefficient, or the
    negative direction of a strict saddle), or the direction to its better point (a
    non-global minimum), else the Hessian eigenvector of the least eigenvalue; the second is the Hessian eigenvector of the largest eigenvalue orthogonal
    to it, else a coordinate direction made orthogonal (eigenvectors computed in floating
    point: they choose the picture, never a verdict).
    """
    p = np.array([float(x) for x in verdict.point.approx(20)])
    Hf = np.array([[poly_function(h, model.n)(*p) for h in row] for row in model.hess], dtype=float)
    w, V = np.linalg.eigh(Hf)
    d1 = None
    dc = descent_curve_of(verdict)
    if dc is not None:
        vecs = hint_vectors(verdict, "descent_curve" if dc[0] == "curve" else "negative_direction")
        d1 = next((v for v in vecs if np.linalg.norm(v) > 0), None)
    if d1 is None and "better_point" in verdict.hints:  # towards the point of smaller loss
        d1 = np.array([float(Fraction(x)) for x in verdict.hints["better_point"]]) - p
    if d1 is None:
        d1 = V[:, 0]
    d1 = d1 / np.linalg.norm(d1)
    cands = [V[:, k] for k in np.argsort(-w) if abs(w[k]) > 1e-9] + list(np.eye(model.n))
    for c in cands:
        d2 = c - (c @ d1) * d1
        if np.linalg.norm(d2) > 1e-6:
            return d1, d2 / np.linalg.norm(d2)
    raise ValueError("no second direction")  # pragma: no cover - n >= 2


def plot_slice(model, verdict, directions=None, ax=None, radius: float = 1.5, grid: int = 301,
               curve: bool = True):
    """Contours of ``L(p + s d1 + t d2)`` on a 2-D slice through the point of ``verdict``.

    The point sits at (0, 0); the certificate's descent curve is projected orthogonally onto
    the slice (drawn dashed, labelled "projected" when it leaves the plane).

    Returns
    -------
    (Axes, dict)
        The axes and ``{"d1", "d2", "curve_in_plane"}``.
    """
    _require_matplotlib()
    import matplotlib.pyplot as plt
    p = np.array([float(x) for x in verdict.point.approx(20)])
    d1, d2 = directions if directions is not None else slice_directions(model, verdict)
    d1, d2 = np.asarray(d1, dtype=float), np.asarray(d2, dtype=float)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 5))
    s = np.linspace(-radius, radius, grid)
    S, T = np.meshgrid(s, s)
    f = poly_function(model.L, model.n)
    Z = f(*[p[i] + S * d1[i] + T * d2[i] for i in range(model.n)])
    cf = ax.contourf(S, T, Z, levels=_levels(Z), cmap="Blues_r", alpha=0.6, extend="max")
    ax.contour(S, T, Z, levels=cf.levels, colors="k", linewidths=0.3, alpha=0.4)
    ax.figure.colorbar(cf, ax=ax, label="L")
    st = KIND_STYLE[verdict.kind]
    ax.plot([0], [0], linestyle="none", marker=st["marker"], color=st["color"], markersize=11,
            markeredgecolor="k", zorder=5, label=st["label"], gid=f"critical-point:{verdict.kind}")
    info = {"d1": d1, "d2": d2, "curve_in_plane": None}
    if "better_point" in verdict.hints:
        b = np.array([float(Fraction(x)) for x in verdict.hints["better_point"]]) - p
        c, *_ = np.linalg.lstsq(np.column_stack([d1, d2]), b, rcond=None)
        if np.allclose(c[0] * d1 + c[1] * d2, b, atol=1e-9) and np.all(np.abs(c) <= radius):
            ax.plot([c[0]], [c[1]], linestyle="none", marker="*", color="k", markersize=12, zorder=5,
                    label="point with smaller loss (certificate)", gid="better-point")
    dc = descent_curve_of(verdict) if curve else None
    if dc is not None:
        vecs = hint_vectors(verdict, "descent_curve" if dc[0] == "curve" else "negative_direction")
        tm = _t_max(np.zeros(model.n), vecs, 0.8 * radius)
        B = np.column_stack([d1, d2])
        for sgn in ((1, -1) if dc[0] == "line" else (1,)):
            G = _gamma(np.zeros(model.n), vecs, np.linspace(0, sgn * tm, 100))
            coords, *_ = np.linalg.lstsq(B, G, rcond=None)
            in_plane = bool(np.allclose(B @ coords, G, atol=1e-9))
            info["curve_in_plane"] = in_plane
            ax.plot(coords[0], coords[1], "--", color="crimson", lw=1.8, zorder=4, gid="descent-curve",
                    label=None if sgn < 0 else ("descent (certificate)" + ("" if in_plane else ", projected")))
            ax.annotate("", xy=coords[:, -1], xytext=coords[:, -8],
                        arrowprops=dict(arrowstyle="->", color="crimson", lw=1.8), zorder=4)
    ax.set_xlabel("s  (d1 = " + _vec_text(d1) + ")")
    ax.set_ylabel("t  (d2 = " + _vec_text(d2) + ")")
    ax.set_aspect("equal")
    ax.set_title("L(p + s d1 + t d2)")
    ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
    return ax, info


def _vec_text(v):
    return "(" + ", ".join(f"{x:.2g}" for x in v) + ")"


def plot_loss_along_curve(model, verdict, ax=None, t_max: float | None = None):
    """``L(gamma(t)) - L(p)`` along the certificate's curve, with its exact lowest-order term.

    Returns
    -------
    (Axes, list)
        The axes and the exact coefficients (:func:`curve_series`).
    """
    _require_matplotlib()
    import matplotlib.pyplot as plt
    dc = descent_curve_of(verdict)
    if dc is None:
        raise ValueError(f"the verdict ({verdict.kind}) has no descent curve or negative direction")
    coeffs = verdict.hints["descent_curve"] if dc[0] == "curve" else [verdict.hints["negative_direction"]]
    a = curve_series(model, verdict, coeffs)
    m = next(k for k, c in enumerate(a) if c != 0)
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4))
    vecs = hint_vectors(verdict, "descent_curve" if dc[0] == "curve" else "negative_direction")
    if t_max is None:
        t_max = _t_max(np.zeros(model.n), vecs, 1.0)
    ts = np.linspace(-t_max if dc[0] == "line" else 0, t_max, 400)
    poly = np.array([float(c) for c in a])
    vals = sum(c * ts ** k for k, c in enumerate(poly))
    ax.axhline(0, color="k", lw=0.6)
    ax.plot(ts, vals, color="crimson", lw=2, label="L(γ(t)) − L(p)")
    t = sympy.Symbol("t")
    ax.plot(ts, float(a[m]) * ts ** m, ":", color="k", lw=1.5, label=f"lowest-order term ${sympy.latex(a[m] * t ** m)}$")
    ax.set_xlabel("t")
    ax.set_title("$L(\\gamma(t)) - L(p) = " + sympy.latex(sum(c * t ** k for k, c in enumerate(a))) + "$",
                 fontsize=9)
    ax.legend(fontsize=8)
    return ax, a


def plot_point(model, verdict, out=None, directions=None, radius: float = 1.5):
    """A figure for one critical point: the slice (left) and the loss along its descent curve (right)."""
    _require_matplotlib()
    import matplotlib.pyplot as plt
    has_curve = descent_curve_of(verdict) is not None
    fig, axes = plt.subplots(1, 2 if has_curve else 1, figsize=(11.5 if has_curve else 7.5, 5.2), squeeze=False)
    _, info = plot_slice(model, verdict, directions, ax=axes[0][0], radius=radius)
    if has_curve:
        plot_loss_along_curve(model, verdict, ax=axes[0][1])
    pt = ", ".join(f"{n}={x}" for n, x in zip(model.names, verdict.point.json()) if isinstance(x, str))
    fig.suptitle(f"{model.problem.name}: {KIND_STYLE[verdict.kind]['label']} at ({pt})", fontsize=11)
    fig.tight_layout()
    if out is not None:
        save(fig, out)
    return fig, info


def save(fig, path, dpi: int = 110) -> None:
    """Write a figure (PNG/SVG/PDF by suffix) and close it."""
    import matplotlib.pyplot as plt
    fig.savefig(path, dpi=dpi, metadata={"Software": None} if str(path).endswith(".png") else None)
    plt.close(fig)
