"""LaTeX for teaching: the loss, its gradient and Hessian, and the verdict table.

Everything is typeset from the exact objects (sympy polynomials over QQ, exact
algebraic numbers) with :func:`sympy.latex`; decimals appear only as ``\\approx``
beside an exact value that is not rational.

Parameter names follow design.md 3.2 and are typeset as in the papers:
``W1[1,2]`` becomes ``W^{(1)}_{1,2}`` and ``b2[1]`` becomes ``b^{(2)}_{1}``.

Examples
--------
>>> from symlandscape.spec import parse_problem
>>> from symlandscape.loss import build_loss
>>> m = build_loss(parse_problem({"network": {"widths": [1, 1, 1]},
...                               "data": {"inputs": [[1]], "targets": [[1]]}}))
>>> param_latex("W1[1,2]"), param_latex("b2[1]")
('W^{(1)}_{1,2}', 'b^{(2)}_{1}')
>>> loss_latex(m, factor=True)
'\\\\frac{\\\\left(W^{(1)}_{1,1} W^{(2)}_{1,1} - 1\\\\right)^{2}}{2}'
>>> hessian_latex(m, at=[0, 0])
'\\\\left[\\\\begin{matrix}0 & -1\\\\\\\\-1 & 0\\\\end{matrix}\\\\right]'
"""

from __future__ import annotations

import re
from fractions import Fraction

import sympy

__all__ = ["param_latex", "symbol_names", "poly_latex", "loss_latex", "gradient_latex", "hessian_latex",
           "value_latex", "point_latex", "kind_latex", "verdict_table_latex", "report_latex"]

_W = re.compile(r"^([A-Za-z]+)(\d+)\[(\d+(?:,\d+)*)\]$")

KIND_TEXT = {
    "global_min": "global minimum",
    "local_min": "local minimum (not global)",
    "strict_saddle": "strict saddle",
    "nonstrict_saddle": "non-strict saddle",
    "local_max": "local maximum",
    "undecided": "undecided",
}


def param_latex(name: str) -> str:
    """LaTeX for one parameter name (``W1[1,2]`` -> ``W^{(1)}_{1,2}``); other names pass through."""
    m = _W.match(name)
    if not m:
        return sympy.latex(sympy.Symbol(name))
    return f"{m.group(1)}^{{({m.group(2)})}}_{{{m.group(3)}}}"


def symbol_names(model) -> dict:
    """The ``symbol_names`` mapping for :func:`sympy.latex` (ring symbols -> paper notation)."""
    return {s: param_latex(str(s)) for s in model.R.symbols}


def _latex(expr, model) -> str:
    return sympy.latex(expr, symbol_names=symbol_names(model))


def poly_latex(p, model, factor: bool = False) -> str:
    """A polynomial of the model's ring (a sympy ``PolyElement``) in LaTeX."""
    e = p.as_expr()
    if factor:
        e = sympy.factor(e)
    return _latex(e, model)


def loss_latex(model, factor: bool = False) -> str:
    """The loss L(theta); ``factor=True`` shows sympy's factored form (same polynomial)."""
    return poly_latex(model.L, model, factor)


def _subs(model, at):
    return {s: sympy.Rational(Fraction(v).numerator, Fraction(v).denominator)
            for s, v in zip(model.R.symbols, at)}


def gradient_latex(model, at=None) -> str:
    """The gradient as a column vector; at a rational point ``at`` (list) its exact value there."""
    if at is None:
        col = [g.as_expr() for g in model.grad]
    else:
        sub = _subs(model, at)
        col = [g.as_expr().subs(sub) for g in model.grad]
    return _latex(sympy.Matrix(col), model)


def hessian_latex(model, at=None) -> str:
    """The Hessian matrix; at a rational point ``at`` its exact value there."""
    H = sympy.Matrix([[h.as_expr() for h in row] for row in model.hess])
    if at is not None:
        H = H.subs(_subs(model, at))
    return _latex(H, model)


def value_latex(v) -> str:
    """An exact value (:class:`~symlandscape.values.RealAlgebraic`): a fraction, or a root of its
    minimal polynomial in its isolating interval, with a decimal beside it."""
    if v is None:
        return r"\text{?}"
    if v.is_rational:
        q = v.fraction
        return sympy.latex(sympy.Rational(q.numerator, q.denominator))
    T = sympy.Symbol("T")
    j = v.json()
    if "minpoly" not in j:  # a value of the ball route: known by a proved enclosure
        lo, hi = (float(Fraction(e)) for e in j["enclosure"])
        return rf"\approx {j['approx'][:12]}\ \text{{(in }} [{lo:.10g}, {hi:.10g}]\text{{)}}"
    P = sympy.Poly([int(c) for c in reversed(j["minpoly"])], T)
    lo = Fraction(j["interval"][0])
    k = P.count_roots(None, sympy.Rational(lo.numerator, lo.denominator)) + 1
    n = P.count_roots()
    which = "the real root" if n == 1 else f"real root {k} of {n}"
    return rf"\text{{({which} of }} {sympy.latex(P.as_expr())}\text{{)}} \approx {j['approx'][:12]}"


def point_latex(point) -> str:
    """A point (:class:`~symlandscape.algebraic.AlgebraicPoint`): exact if rational, else decimals."""
    if point.is_rational:
        cs = [sympy.latex(sympy.Rational(q.numerator, q.denominator)) for q in point.rational_coords()]
        return r"\left(" + ", ".join(cs) + r"\right)"
    return r"\approx\left(" + ", ".join(f"{float(x):.6g}" for x in point.approx(20)) + r"\right)"


def kind_latex(kind: str) -> str:
    """A kind as ``\\text{...}``."""
    return rf"\text{{{KIND_TEXT.get(kind, kind)}}}"


def _rows(report):
    """One row per stratum and point, in the order of the text report."""
    from ..report import _sortkey
    model = report.model
    rows = []
    for s in sorted(report.strata, key=lambda s: (-s.dimension, _sortkey(s.value), s.kind)):
        desc = ", ".join(_latex(g.as_expr(), model) + " = 0" for g in s.equations)
        if s.excluded:
            desc += r";\ " + r" \text{ or } ".join(_latex(g.as_expr(), model) + r" \neq 0" for g in s.excluded)
        rows.append((s.dimension, s.kind if s.scope == "stratum" else "undecided", value_latex(s.value), desc))
    for v in sorted(report.points, key=lambda v: (_sortkey(v.value), [str(c) for c in v.point.json()])):
        inert = ""
        if v.inertia is not None:
            inert = rf"\ [{v.inertia.pos}{{+}}, {v.inertia.neg}{{-}}, {v.inertia.zero}\,0]"
        rows.append((0, v.kind, value_latex(v.value), point_latex(v.point) + inert))
    return rows


def verdict_table_latex(report) -> str:
    """The verdict table as an ``array`` (valid both in LaTeX math mode and in MathJax)."""
    lines = [r"\begin{array}{rrlll}",
             r"\# & \dim & \text{kind} & L & \text{critical set} \\ \hline"]
    for i, (dim, kind, val, desc) in enumerate(_rows(report), start=1):
        lines.append(rf"{i} & {dim} & {kind_latex(kind)} & {val} & {desc} \\")
    lines.append(r"\end{array}")
    return "\n".join(lines)


def report_latex(report, display: str = "bracket", hessian: bool = True) -> str:
    """Loss, gradient, Hessian and verdict table as LaTeX display equations.

    Parameters
    ----------
    report : Report
        From :func:`symlandscape.classify.classify`.
    display : {"bracket", "dollar"}
        ``\\[ ... \\]`` (LaTeX documents) or ``$$ ... $$`` (Jupyter / MathJax).
    hessian : bool
        Include the symbolic Hessian (omitted automatically beyond 6 parameters).

    Returns
    -------
    str
        A fragment that needs only ``amsmath``.
    """
    o, c = (r"\[", r"\]") if display == "bracket" else ("$$", "$$")
    model = report.model
    theta = r"\theta = \left(" + ", ".join(param_latex(n) for n in model.names) + r"\right)"
    gmin = (r"\text{not decided}" if report.gmin is None else value_latex(report.gmin)
            + rf"\quad\text{{({report.gmin_method.replace('_', ' ')})}}")
    parts = [
        f"{o} {theta} {c}",
        f"{o} L(\\theta) = {loss_latex(model)} = {loss_latex(model, factor=True)} {c}",
        f"{o} \\nabla L(\\theta) = {gradient_latex(model)} {c}",
    ]
    if hessian and model.n <= 6:
        parts.append(f"{o} \\nabla^2 L(\\theta) = {hessian_latex(model)} {c}")
    parts.append(f"{o} \\min L = {gmin},\\qquad \\text{{complete: {'yes' if report.complete else 'no'}}} {c}")
    parts.append(f"{o} {verdict_table_latex(report)} {c}")
    return "\n".join(parts) + "\n"
