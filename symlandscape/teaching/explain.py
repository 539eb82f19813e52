"""Why a point is what it is: the reasoning of a textbook, with exact numbers.

:func:`explain_point` runs the exact point analysis (:func:`symlandscape.pointcheck.analyse_point`)
and writes out each step: the loss, the gradient at the point, the Hessian and its exact
inertia, and -- when the second-order test is silent -- the Taylor expansion on the
Hessian's kernel and the curve of the certificate along which the loss decreases, as an
exact polynomial in t. It ends with the theorem of the literature the point illustrates
(only theorems whose statements were read in the papers, see ``shared/literature.md``).

Examples
--------
>>> from symlandscape.spec import parse_problem
>>> chain3 = parse_problem({"name": "chain3", "network": {"widths": [1, 1, 1, 1]},
...                         "data": {"inputs": [[1]], "targets": [[1]]}})
>>> text = explain_point(chain3, "0,0,0").text()
>>> print(text.splitlines()[0])
Why (W1[1,1], W2[1,1], W3[1,1]) = (0, 0, 0) is a non-strict saddle of chain3
>>> "L(gamma(t)) - L(p) = t**6/2 - t**3" in text
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import sympy

from ..exact import format_rational
from ..pointcheck import analyse_point, parse_point
from .latex import KIND_TEXT

__all__ = ["Explanation", "explain_point", "theorem_for"]


@dataclass
class Explanation:
    """Numbered steps, each a title and lines of text; ``kind`` is the verdict (or None)."""

    title: str
    steps: list = field(default_factory=list)  # (title, [lines])
    kind: str | None = None
    result: object = None  # PointResult

    def text(self) -> str:
        out = [self.title, "=" * len(self.title), ""]
        for i, (head, lines) in enumerate(self.steps, start=1):
            out.append(f"Step {i}. {head}")
            out.extend("  " + ln if ln else "" for ln in lines)
            out.append("")
        return "\n".join(out).rstrip() + "\n"

    def __str__(self) -> str:
        return self.text()


def _q(x) -> sympy.Rational:
    x = Fraction(x)
    return sympy.Rational(x.numerator, x.denominator)


def _names(model):
    return {s: sympy.Symbol(n) for s, n in zip(model.R.symbols, model.names)}


def _expr(p, model):
    return p.as_expr().xreplace(_names(model)) if hasattr(p, "as_expr") else p


def _vec(v) -> str:
    return "(" + ", ".join(str(x) for x in v) + ")"


def _matrix_lines(M) -> list[str]:
    rows = [[str(x) for x in M.row(i)] for i in range(M.rows)]
    w = max((len(c) for r in rows for c in r), default=1)
    return ["[ " + "  ".join(c.rjust(w) for c in r) + " ]" for r in rows]


def theorem_for(problem, kind: str, hidden_layers: int | None = None) -> list[str]:
    """Sentences naming the theorem of the literature that a verdict illustrates (may be empty)."""
    net = problem.network
    H = len(net.widths) - 2 if hidden_layers is None else hidden_layers
    l2 = any(Fraction(x) != 0 for x in problem.l2_per_parameter())
    out = []
    if net.activation == "linear" and not problem.loss.is_squared:
        filling = min(net.widths) >= min(net.widths[0], net.widths[-1])
        out.append(f"Kawaguchi (2016), Theorem 2.3 is about the squared loss; this problem uses a {problem.loss.kind} "
                   "loss, so it does not apply. "
                   + ("The network is filling (no bottleneck): every local minimum of a convex loss of the product "
                      "is global (Lu & Kawaguchi 2017, Sec. 4; Trager, Kohn & Bruna 2020)."
                      if filling and not l2 else
                      "With a bottleneck, a non-isotropic or non-quadratic convex loss can have non-global local "
                      "minima on the rank-constrained matrices (Trager, Kohn & Bruna 2020)." if not l2 else ""))
        return out
    if net.activation == "linear" and not l2:
        ok, why = _kawaguchi_assumptions(problem)
        hyp = ("its assumptions hold here: " + why) if ok else ("its assumptions do NOT all hold here: " + why +
                                                                 "; the verdict above does not rely on the theorem")
        out.append(f"Kawaguchi (2016), Theorem 2.3, deep linear networks (here H = {H} hidden layer(s)): every local "
                   "minimum is global, and every critical point that is not a global minimum is a saddle point; "
                   + hyp + ".")
        if kind == "nonstrict_saddle":
            out.append("This point illustrates Kawaguchi (2016), Corollary 2.4 (effect of deepness): for H >= 2 there "
                       "exist saddle points at which the Hessian has no negative eigenvalue. Second-order information "
                       "cannot see that this point is a saddle; the third- (or higher-) order term does.")
        elif kind == "strict_saddle" and H == 1:
            out.append("For H = 1, Kawaguchi (2016), Corollary 2.4: the Hessian at every saddle point has a strictly "
                       "negative eigenvalue, as here.")
    elif net.activation == "linear" and l2:
        out.append("With L2 regularisation the conclusions of Kawaguchi (2016), Theorem 2.3 need not hold: Mehta, Chen, "
                   "Tang and Hauenstein (arXiv 1810.07716) observe that regularised deep linear networks do have "
                   "local minima that are not global.")
        if kind == "local_min":
            out.append("This point is such a local minimum, proven exactly.")
    return out


def _kawaguchi_assumptions(problem) -> tuple[bool, str]:
    """Exact check of Kawaguchi's assumptions: X X^T and X Y^T full rank, d_y <= d_x, Sigma with
    distinct eigenvalues (X, Y with samples as columns)."""
    X = sympy.Matrix([[_q(v) for v in row] for row in problem.inputs]).T
    Y = sympy.Matrix([[_q(v) for v in row] for row in problem.targets]).T
    dx, dy = X.rows, Y.rows
    XX, XY = X * X.T, X * Y.T
    parts, ok = [], True
    r1, r2 = XX.rank(), XY.rank()
    parts.append(f"rank(X X^T) = {r1} of {dx}")
    parts.append(f"rank(X Y^T) = {r2} of {min(dx, dy)}")
    ok &= r1 == dx and r2 == min(dx, dy)
    parts.append(f"d_y = {dy} {'<=' if dy <= dx else '>'} d_x = {dx}")
    ok &= dy <= dx
    if r1 == dx:
        S = Y * X.T * XX.inv() * X * Y.T
        lam = sympy.Symbol("lambda")
        cp = S.charpoly(lam).as_expr()
        distinct = sympy.degree(sympy.gcd(cp, sympy.diff(cp, lam)), lam) == 0 if dy > 1 else True
        parts.append("Sigma = Y X^T (X X^T)^-1 X Y^T has " + ("distinct" if distinct else "repeated") + " eigenvalues")
        ok &= distinct
    return bool(ok), ", ".join(parts)


def explain_point(problem, at) -> Explanation:
    """Explain, step by step, what kind of point ``at`` is and why.

    Parameters
    ----------
    problem : Problem
    at : str or list
        ``"0,1/2,1"`` (as ``symlandscape point --at``) or a list of rationals.

    Returns
    -------
    Explanation
    """
    q = parse_point(at, problem.n_params, problem.parameters) if isinstance(at, str) else [Fraction(x) for x in at]
    res = analyse_point(problem, q)
    model = res.model
    names = model.names
    pt = "(" + ", ".join(format_rational(x) for x in q) + ")"
    where = f"({', '.join(names)}) = {pt}"
    sub = {s: _q(x) for s, x in zip(model.R.symbols, q)}
    exp_steps = []

    # 1. the loss
    L = _expr(model.L, model)
    lines = [f"L = {sympy.factor(L)}" if model.n <= 6 else f"L has {len(model.L.terms())} terms",
             f"(expanded: {L})" if model.n <= 4 else "",
             f"At p = {pt}: L(p) = {res.value.text()}."]
    if problem.description:
        lines.insert(0, problem.description)
    exp_steps.append(("The loss and its value at p", [ln for ln in lines if ln]))

    # 2. the gradient
    lines = []
    for n, g, gv in zip(names, model.grad, res.gradient):
        lines.append(f"dL/d{n} = {_expr(g, model)}  =  {format_rational(gv)} at p")
    if not res.critical:
        lines.append("The gradient does not vanish, so p is not a critical point: the loss decreases along "
                     "-grad L(p) at first order. Nothing more to explain.")
        e = Explanation(f"Why {where} is not a critical point of {problem.name}", exp_steps, None, res)
        e.steps.append(("The gradient at p", lines))
        return e
    lines.append("Every partial derivative vanishes: p is a critical point (first-order condition).")
    exp_steps.append(("The gradient at p", lines))

    v = res.verdict
    kind = v.kind
    Hm = sympy.Matrix([[h.as_expr().subs(sub) for h in row] for row in model.hess])
    # 3. Hessian and inertia
    I = v.inertia
    lines = ["H(p) ="] + ["  " + ln for ln in _matrix_lines(Hm)]
    lines.append(f"Exact inertia (symmetric elimination, Sylvester's law of inertia): {I.pos} positive, "
                 f"{I.neg} negative, {I.zero} zero eigenvalue(s).")
    if model.n <= 4:
        ev = Hm.eigenvals()
        lines.append("Eigenvalues (exact): " + ", ".join(
            f"{sympy.nsimplify(k)}" + (f" (x{m})" if m > 1 else "") for k, m in ev.items()))
    exp_steps.append(("The Hessian at p and its exact inertia", lines))

    # 4. the argument, by kind
    h = v.hints
    if kind == "strict_saddle" and "negative_direction" in h:
        vn = [_q(x) for x in h["negative_direction"]]
        lines = [f"v = {_vec(vn)}: v^T H(p) v = {(sympy.Matrix(vn).T * Hm * sympy.Matrix(vn))[0]} < 0, so L(p + t v) = "
                 f"L(p) + (t^2/2) v^T H v + O(t^3) < L(p) for small t != 0: p is not a local minimum "
                 "(second-order necessary condition)."]
        if "positive_direction" in h:
            w = [_q(x) for x in h["positive_direction"]]
            lines.append(f"w = {_vec(w)}: w^T H(p) w = {(sympy.Matrix(w).T * Hm * sympy.Matrix(w))[0]} > 0: "
                         "p is not a local maximum either.")
        if "ascent_curve" in h:
            lines += _curve_lines(model, v, h["ascent_curve"], "ascent")
        exp_steps.append(("A direction of negative curvature", lines))
    elif kind == "global_min":
        lb = h.get("lower_bound") or {}
        exp_steps.append(("A lower bound that is attained", [
            f"The loss is bounded below by {res.value.text()} on all of parameter space "
            f"(method: {lb.get('method', '?')}); {v.reason}.",
            "A point whose value equals a global lower bound is a global minimum: no Hessian needed."]))
    elif kind in ("local_min", "undecided") and h.get("hessian", {}).get("method") == "positive_definite":
        lines = ["The Hessian is positive definite, so p is a strict local minimum (second-order sufficient "
                 "condition)."]
        if "better_point" in h:
            b = [_q(x) for x in h["better_point"]]
            bv = model.L.as_expr().subs({s: x for s, x in zip(model.R.symbols, b)})
            lines.append(f"But the point {_vec(b)} has L = {bv} < L(p) = {res.value.text()}: p is not a global "
                         "minimum.")
        exp_steps.append(("Second-order sufficient condition", lines))
    elif kind == "local_max":
        exp_steps.append(("Second-order sufficient condition", [
            "The Hessian is negative definite, so p is a strict local maximum."]))
    if kind in ("nonstrict_saddle",) or (kind == "undecided" and I.zero and I.neg == 0):
        exp_steps.append(("The second-order test is silent; look at higher order on ker H(p)",
                          _kernel_lines(model, Hm, q)))
        if "descent_curve" in h:
            lines = _curve_lines(model, v, h["descent_curve"], "descent")
            if "positive_direction" in h:
                w = [_q(x) for x in h["positive_direction"]]
                lines.append(f"And w = {_vec(w)} has w^T H(p) w = {(sympy.Matrix(w).T * Hm * sympy.Matrix(w))[0]} "
                             "> 0: p is not a local maximum.")
            if "ascent_curve" in h:
                lines += _curve_lines(model, v, h["ascent_curve"], "ascent")
            exp_steps.append(("A curve along which the loss decreases", lines))
    if h.get("hessian", {}).get("method") == "morse_bott":
        mb = h["hessian"]
        exp_steps.append(("Morse-Bott: a manifold of critical points", [
            f"The critical set contains a manifold of dimension {mb.get('rank')} through p whose tangent space is the "
            "kernel of H(p), and H(p) is positive on a complement: by the Morse-Bott lemma p is a local minimum "
            "(the certificate holds the parametrisation)."]))

    # 5. conclusion and theorem
    lines = [f"p is a {KIND_TEXT.get(kind, kind)} (kind {kind}): {v.reason}."]
    if kind == "nonstrict_saddle":
        lines.append("A saddle whose Hessian has no negative eigenvalue is called non-strict (a 'bad saddle'): "
                     "gradient methods may slow down near it, and no second-order test can detect it.")
    lines += theorem_for(problem, kind)
    lines.append(f"Certificate: symlandscape point PROBLEM --at \"{','.join(format_rational(x) for x in q)}\" "
                 "--certificate FILE, then symlandscape check FILE.")
    exp_steps.append(("Conclusion", lines))
    title = f"Why {where} is a {KIND_TEXT.get(kind, kind)} of {problem.name}"
    if kind == "undecided":
        title = f"What is known about {where} in {problem.name} (undecided)"
    return Explanation(title, exp_steps, kind, res)


def _kernel_lines(model, Hm, q) -> list[str]:
    ker = Hm.nullspace()
    lines = [f"ker H(p) has dimension {len(ker)}, basis: " + ", ".join(_vec(list(k)) for k in ker) + "."]
    s = sympy.symbols(f"s1:{len(ker) + 1}")
    pt = sympy.Matrix([_q(x) for x in q]) + sum((si * k for si, k in zip(s, ker)), sympy.zeros(model.n, 1))
    sub = {sym: pt[i] for i, sym in enumerate(model.R.symbols)}
    L0 = model.L.as_expr().subs({sym: _q(x) for sym, x in zip(model.R.symbols, q)})
    P = sympy.Poly(sympy.expand(model.L.as_expr().subs(sub, simultaneous=True) - L0), *s)
    by_deg: dict = {}
    for mon, c in P.terms():
        by_deg.setdefault(sum(mon), []).append((mon, c))
    if not by_deg:
        lines.append("L is constant on p + ker H(p): every point of this affine space is critical with the same value.")
        return lines
    d = min(by_deg)
    low = sum(c * sympy.prod([si ** e for si, e in zip(s, mon)]) for mon, c in by_deg[d])
    lines.append(f"Taylor expansion of L(p + s1 k1 + ...) - L(p) on the kernel: lowest-order part (degree {d}): "
                 f"{low}.")
    if d % 2 == 1:
        lines.append(f"An odd-degree form takes both signs, so along a suitable kernel direction the loss drops at "
                     f"order {d}.")
    else:
        lines.append("(Terms off the kernel interact with it at this order: the curve below may need a quadratic "
                     "correction t^2 u off the kernel.)")
    return lines


def _curve_lines(model, verdict, coeffs, what: str) -> list[str]:
    from .plot import curve_series
    t = sympy.Symbol("t")
    coeffs = coeffs if coeffs and isinstance(coeffs[0], list) else [coeffs]
    vecs = [[_q(x) if isinstance(x, str) else x for x in c] for c in coeffs]
    gamma = " + ".join(f"t{'' if k == 1 else '^' + str(k)} {_vec(c)}" for k, c in enumerate(vecs, start=1))
    a = curve_series(model, verdict, coeffs)
    m = next(k for k, c in enumerate(a) if c != 0)
    poly = sum(c * t ** k for k, c in enumerate(a))
    sign = "negative" if a[m] < 0 else "positive"
    lines = [f"{what.capitalize()} curve of the certificate: gamma(t) = p + {gamma}.",
             f"L(gamma(t)) - L(p) = {poly}  (exact).",
             f"The lowest-order coefficient is {a[m]} (order {m}), {sign}: for small t > 0, "
             f"L(gamma(t)) {'<' if a[m] < 0 else '>'} L(p), so p is not a local "
             f"{'minimum' if a[m] < 0 else 'maximum'}."]
    return lines
