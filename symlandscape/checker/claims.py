"""Verification of point and stratum claims from their hints (docs/certificates.md).

Every check is an exact evaluation, an exact polynomial identity, an exact symmetric
elimination or a Sturm count on data the certificate gives: the checker never
searches. Each function raises :class:`~.base.CheckError` with the reason, or returns
a short summary.
"""

from __future__ import annotations

from fractions import Fraction

from .base import (MAX_FIELD_DEGREE, MAX_ORDER, CheckError, fmt, need_int, need_list, need_obj, parse_rational,
                   short, show)
from .field import NumberField
from .linalg import charpoly, psd_nullity, rank, solve
from .parse import parse_num, parse_nums, parse_poly, parse_polys, parse_rationals
from .polys import Poly, ueval, umul, utrim
from .problem import (LossModel, Problem, feature_least_squares_min, least_squares_min, loss_at, stationarity_at,
                      weighted_least_squares_min)

__all__ = ["KINDS", "COMPLETENESS", "Context", "point_claim", "stratum_claim", "lower_bound", "verify_morse_bott",
           "verify_morse_bott_implicit"]

KINDS = ("global_min", "local_min", "strict_saddle", "nonstrict_saddle", "local_max")
COMPLETENESS = "the producer's enumeration of real critical values is complete"


class Context:
    """A parsed problem with its loss model, number field (or None) and Hessian cache."""

    def __init__(self, problem: Problem, field):
        self.problem, self.field, self.model = problem, field, LossModel(problem)
        self.n, self.names, self._H = problem.n_params, problem.names, None
        self.positive: list = []  # a stratum claim's polynomials that are > 0 on it

    def hessian(self, point):
        if self._H is None:
            self._H = self.model.hessian_at(point)
        return self._H


def text(x) -> str:
    """A number (rational or field element) as text."""
    return fmt(x) if isinstance(x, (int, Fraction)) else short(str(x))


def _need(hints: dict, key: str, kind: str):
    if key not in hints:
        raise CheckError(f"hints.{key}: missing (required for kind {kind})")
    return hints[key]


def _method(hint, where: str, allowed: tuple, only_method: bool = False) -> str:
    if not isinstance(hint, dict):
        raise CheckError(f"{where}: expected an object, got {show(hint)}")
    method = hint.get("method")
    if only_method:
        need_obj(hint, where, ("method",))
    if method not in allowed:
        raise CheckError(f"{where}.method: {show(method)} does not fit; expected one of {', '.join(allowed)}")
    return method


def _kind(claim: dict) -> str:
    if claim["kind"] not in KINDS:
        raise CheckError(f"claim.kind: {show(claim['kind'])} is not one of {', '.join(KINDS)}")
    return claim["kind"]


# --- point claims -----------------------------------------------------------------------------

def point_claim(ctx: Context, claim: dict, hints: dict) -> tuple[str, str | None]:
    """Verify a point claim; return ``(summary, assumption or None)``."""
    kind = _kind(claim)
    point = parse_nums(claim["point"], ctx.field, "claim.point", ctx.n)
    value = parse_num(claim["value"], ctx.field, "claim.value")
    for i, g in enumerate(ctx.model.gradient):
        d = g.evaluate(point)
        if d != 0:
            raise CheckError(f"claim.point: not a critical point: dL/d{ctx.names[i]} = {text(d)} there")
    actual = loss_at(ctx.problem, point)
    if actual != value:
        raise CheckError(f"claim.value: L(point) = {text(actual)}, not {text(value)}")
    assumption = None
    if kind == "global_min":
        detail, assumption = lower_bound(ctx, value, _need(hints, "lower_bound", kind), point=point)
    elif kind == "local_min":
        better = _better_point(ctx, value, _need(hints, "better_point", kind))
        hint = _need(hints, "hessian", kind)
        method = _method(hint, "hints.hessian", ("positive_definite", "morse_bott", "morse_bott_implicit"))
        if method == "positive_definite":
            need_obj(hint, "hints.hessian", ("method",))
            _definite(ctx.hessian(point), negate=False)
            detail = f"Hessian positive definite; {better}"
        elif method == "morse_bott_implicit":
            detail = verify_morse_bott_implicit(ctx.problem, point, hint, ctx.model) + "; " + better
        else:
            detail = verify_morse_bott(ctx.problem, point, hint, ctx.model) + "; " + better
    elif kind == "strict_saddle":
        neg = _direction(ctx, point, _need(hints, "negative_direction", kind), "hints.negative_direction", -1)
        detail = f"v^T H v = {neg} < 0, " + _not_max(ctx, point, value, hints, kind)
    elif kind == "nonstrict_saddle":
        _method(_need(hints, "hessian", kind), "hints.hessian", ("positive_semidefinite",), True)
        nullity, reason = psd_nullity(ctx.hessian(point))
        if nullity is None:
            raise CheckError(f"hints.hessian: Hessian not positive semidefinite: {reason}")
        if nullity == 0:
            raise CheckError("hints.hessian: Hessian is positive definite (a strict local minimum)")
        down = _point_curve(ctx, point, value, _need(hints, "descent_curve", kind), "hints.descent_curve", -1)
        detail = f"Hessian PSD with nullity {nullity}; descent {down}; " + _not_max(ctx, point, value, hints, kind)
    else:
        _method(_need(hints, "hessian", kind), "hints.hessian", ("negative_definite",), True)
        _definite(ctx.hessian(point), negate=True)
        detail = "Hessian negative definite"
    where = short("(" + ", ".join(text(x) for x in point) + ")", 80)
    return f"{kind} at {where} with L = {text(value)} ({detail})", assumption


def _not_max(ctx: Context, point, value, hints: dict, kind: str) -> str:
    """``positive_direction`` (w^T H w > 0) or ``ascent_curve``: not a local maximum."""
    if "positive_direction" in hints:
        w = _direction(ctx, point, hints["positive_direction"], "hints.positive_direction", 1)
        return f"w^T H w = {w} > 0"
    if "ascent_curve" in hints:
        return "ascent " + _point_curve(ctx, point, value, hints["ascent_curve"], "hints.ascent_curve", 1)
    raise CheckError(f"hints: positive_direction or ascent_curve missing (required for kind {kind})")


def _definite(H, negate: bool) -> None:
    word = "negative" if negate else "positive"
    nullity, reason = psd_nullity([[-x for x in row] for row in H] if negate else H)
    if nullity is None:
        raise CheckError(f"hints.hessian: Hessian not {word} definite: {reason}" + (" (of -H)" if negate else ""))
    if nullity:
        raise CheckError(f"hints.hessian: Hessian is singular (nullity {nullity}), not {word} definite")


def _better_point(ctx: Context, value, hint) -> str:
    lb = loss_at(ctx.problem, parse_rationals(hint, "hints.better_point", ctx.n))
    if not lb < value:
        raise CheckError(f"hints.better_point: L there is {fmt(lb)}, not below the claimed value {text(value)}")
    return f"better point has L = {fmt(lb)}"


def _direction(ctx: Context, point, hint, where: str, sign: int) -> str:
    v, H = parse_nums(hint, ctx.field, where, ctx.n), ctx.hessian(point)
    nz = [i for i in range(ctx.n) if v[i]]
    q = sum((v[i] * H[i][j] * v[j] for i in nz for j in nz), Fraction(0))
    if not (q < 0 if sign < 0 else q > 0):
        name = "v^T H v" if sign < 0 else "w^T H w"
        raise CheckError(f"{where}: {name} = {text(q)}, not {'negative' if sign < 0 else 'positive'}")
    return text(q)


def _point_curve(ctx: Context, point, value, hint, where: str, sign: int) -> str:
    cs = [parse_nums(c, ctx.field, f"{where}[{k}]", ctx.n)
          for k, c in enumerate(need_list(hint, where, nonempty=True, limit=MAX_ORDER))]
    gamma = [Poly(1, {(0,): point[i], **{(k,): c[i] for k, c in enumerate(cs, start=1)}}) for i in range(ctx.n)]
    diff = Poly(1) + loss_at(ctx.problem, gamma, Poly(1)) - value
    if diff.is_zero():
        raise CheckError(f"{where}: L is constant along the curve")
    k = min(e[0] for e in diff.terms)
    c = diff.terms[(k,)]
    if not (c < 0 if sign < 0 else c > 0):
        raise CheckError(f"{where}: L(gamma(t)) - L(point) starts with {text(c)} t^{k}, which is not "
                         + ("negative" if sign < 0 else "positive"))
    return f"L(gamma(t)) - L = {text(c)} t^{k} + ..."


# --- global minimum: lower bounds -----------------------------------------------------------

def lower_bound(ctx: Context, value, hint, point=None, ideal=None) -> tuple[str, str | None]:
    """Verify ``L >= value`` everywhere; return ``(summary, assumption or None)``.

    ``convex_stationary`` proves it at the claim itself: ``point`` (a point claim) or
    ``ideal`` (a stratum claim) is where the end-to-end map must be stationary for the loss.
    """
    where, p = "hints.lower_bound", ctx.problem
    method = _method(hint, where, ("nonnegative", "least_squares", "eckart_young", "least_critical_value",
                                   "weighted_least_squares", "convex_stationary", "feature_least_squares"))
    if method == "convex_stationary":
        return _convex_stationary(ctx, hint, point, ideal, where), None
    extra = {"eckart_young": ("eigenvalues",), "least_critical_value": ("critical_values",)}.get(method, ())
    need_obj(hint, where, ("method",) + extra, extra if method == "eckart_young" else ())
    # every loss kind is a positive combination of even powers, convex and coercive in the outputs
    linear = p.activation == "linear" and not any(p.weight_l2())
    if method in ("least_squares", "eckart_young") and p.kind != "squared":
        raise CheckError(f"{where}: {method} holds for the squared loss only, not {show(p.kind)} "
                         "(its minimiser is not the least-squares map)")
    if method == "nonnegative":  # scale > 0, positive weights, even powers and l2 >= 0: every parsed problem
        if value != 0:
            raise CheckError(f"{where}: method nonnegative proves L >= 0, but the claimed value is {text(value)}")
        return "lower bound: L >= 0", None
    if method == "least_squares":
        # L >= scale * data term (l2 >= 0) >= scale * the least-squares minimum over affine maps
        if p.activation != "linear":
            raise CheckError(f"{where}: least_squares needs a linear activation")
        bound = p.scale * least_squares_min(p)
        if value != bound:
            raise CheckError(f"{where}: the least squares bound is {fmt(bound)}, not the claimed value {text(value)}")
        return f"lower bound: least squares value {fmt(bound)}", None
    if method == "feature_least_squares":
        # L >= scale * data term (l2 >= 0) >= the least-squares minimum over the monomials each output can contain
        if p.kind != "squared":
            raise CheckError(f"{where}: feature_least_squares holds for the squared loss only, not {show(p.kind)}")
        bound = p.scale * feature_least_squares_min(p)
        if value != bound:
            raise CheckError(f"{where}: the feature least squares bound is {fmt(bound)}, not the claimed value "
                             f"{text(value)}")
        return f"lower bound: least squares over the output's monomials in the input, {fmt(bound)}", None
    if method == "weighted_least_squares":
        if not linear or p.kind not in ("squared", "weighted_squared"):
            raise CheckError(f"{where}: weighted_least_squares needs a linear activation, every l2 = 0 and a "
                             "squared or weighted_squared loss")
        bound = p.scale * weighted_least_squares_min(p)
        if value != bound:
            raise CheckError(f"{where}: the weighted least squares bound is {fmt(bound)}, not the claimed value "
                             f"{text(value)}")
        return f"lower bound: weighted least squares value {fmt(bound)}", None
    if method == "eckart_young":
        if not linear or p.bias:
            raise CheckError(f"{where}: eckart_young needs a linear activation, no bias and every l2 = 0")
        bound = _eckart_young(p, parse_rationals(hint["eigenvalues"], f"{where}.eigenvalues", p.widths[-1]), where)
        if value != bound:
            raise CheckError(f"{where}: the Eckart-Young bound is {fmt(bound)}, not the claimed value {text(value)}")
        return f"lower bound: Eckart-Young value {fmt(bound)} for rank {min(p.widths)}", None
    # least_critical_value: the infimum is a critical value when L is coercive or the network is linear
    regularised = all(x > 0 for x in p.weight_l2())
    coercive = not p.bias and regularised
    # linear with biases: f = A(W) x + c with c free through the output bias; min over c is
    # attained for fixed W, and the penalty makes the rest coercive
    absorbed = p.activation == "linear" and p.bias and regularised
    if not (coercive or linear or absorbed):
        raise CheckError(f"{where}: least_critical_value needs (every l2 > 0 and no bias: L coercive) or "
                         "(a linear activation and every l2 = 0) or (a linear activation, biases and every l2 > 0)")
    return ("L coercive" if coercive else "linear network, biases, every l2 > 0" if absorbed else
            "linear network, no regularisation") + "; the value is the least real critical value", COMPLETENESS


def _convex_stationary(ctx: Context, hint, point, ideal, where: str) -> str:
    """The end-to-end affine map is a stationary point of the convex data loss: a global minimum."""
    p = ctx.problem
    if p.activation != "linear" or any(p.weight_l2()):
        raise CheckError(f"{where}: convex_stationary needs a linear activation and every l2 = 0")
    if point is not None:
        need_obj(hint, where, ("method",))
        for idx, g in enumerate(stationarity_at(p, point)):
            if g != 0:
                raise CheckError(f"{where}: the loss gradient with respect to the end-to-end map has entry "
                                 f"{idx} = {text(g)} != 0 at the point")
        return "lower bound: the end-to-end map is a stationary point of the convex loss of the map"
    if ideal is None:
        raise CheckError(f"{where}: convex_stationary needs a point or a stratum")
    h = need_obj(hint, where, ("method", "cofactors"), ("cofactors",))
    gs = stationarity_at(p, [Poly.var(ctx.n, i) for i in range(ctx.n)], Poly(ctx.n))
    rows = need_list(h["cofactors"], f"{where}.cofactors", len(gs))
    for idx, (g, cof) in enumerate(zip(gs, rows)):
        ideal.check(g, cof, f"{where}.cofactors[{idx}]", f"entry {idx} of the loss gradient in the end-to-end map")
    return "lower bound: on the stratum the end-to-end map is a stationary point of the convex loss of the map"


def _eckart_young(p: Problem, eigenvalues: list, where: str) -> Fraction:
    xs, ys, d, m = p.inputs, p.targets, p.widths[0], p.widths[-1]
    M = [[sum((x[i] * x[j] for x in xs), Fraction(0)) for j in range(d)] for i in range(d)]
    XY = [[sum((x[i] * y[k] for x, y in zip(xs, ys)), Fraction(0)) for k in range(m)] for i in range(d)]
    Z, r = solve(M, XY)
    if r < d:
        raise CheckError(f"{where}: X X^T is singular, the Eckart-Young bound does not apply")
    sigma = [[sum((XY[i][a] * Z[i][b] for i in range(d)), Fraction(0)) for b in range(m)] for a in range(m)]
    expected = [Fraction(1)]
    for lam in eigenvalues:
        expected = umul(expected, [-lam, Fraction(1)])
    if charpoly(sigma) != expected:
        raise CheckError(f"{where}.eigenvalues: not the eigenvalues of Sigma = Y X^T (X X^T)^-1 X Y^T "
                         "(characteristic polynomials differ)")
    top = sorted(eigenvalues, reverse=True)[:min(p.widths)]
    return p.scale * (sum((y * y for row in ys for y in row), Fraction(0)) - sum(top, Fraction(0)))


# --- Morse-Bott ---------------------------------------------------------------------------------

def verify_morse_bott(problem: Problem, point: list, hint: dict, model: LossModel | None = None) -> str:
    """Check a Morse-Bott hint at a critical ``point``; return a summary or raise CheckError.

    Verifies ``phi(s0) = point`` with non-zero denominators, ``grad L(phi(s)) = 0``
    identically (denominators cleared), ``rank D phi(s0) = k`` and that the Hessian at
    the point is PSD with nullity exactly ``k``. Parametrization entries are
    ``{"num": poly, "den": poly}`` (``den`` optional), a polynomial, or a rational.
    """
    where, model, n = "hints.hessian", model or LossModel(problem), problem.n_params
    hint = need_obj(hint, where, ("method", "parametrization", "at", "rank"), ("parametrization", "at", "rank"))
    k = need_int(hint["rank"], f"{where}.rank", 1, n)
    s0 = parse_rationals(hint["at"], f"{where}.at", k)
    one = Poly.const(k, Fraction(1))
    nums, dens, jac = [], [], []
    for i, entry in enumerate(need_list(hint["parametrization"], f"{where}.parametrization", n)):
        w = f"{where}.parametrization[{i}]"
        if isinstance(entry, dict):
            entry = need_obj(entry, w, ("num", "den"), ("num",))
            num = parse_poly(entry["num"], k, f"{w}.num")
            den = parse_poly(entry["den"], k, f"{w}.den") if "den" in entry else one
        else:
            num, den = (parse_poly(entry, k, w) if isinstance(entry, list) else one * parse_rational(entry, w)), one
        n0, d0 = num.evaluate(s0), den.evaluate(s0)
        if d0 == 0:
            raise CheckError(f"{w}: denominator vanishes at s0")
        if n0 / d0 != point[i]:
            raise CheckError(f"{w}: phi(s0) = {fmt(n0 / d0)} differs from point coordinate {text(point[i])}")
        jac.append([(num.deriv(j).evaluate(s0) * d0 - n0 * den.deriv(j).evaluate(s0)) / (d0 * d0) for j in range(k)])
        nums.append(num)
        dens.append(den)
    if rank(jac) != k:
        raise CheckError(f"{where}: the Jacobian of phi at s0 has rank {rank(jac)}, not {k}")
    distinct: list[Poly] = []
    for den in dens:
        if not any(den == e for e in distinct):
            distinct.append(den)
    D = one
    for e in distinct:
        D = D * e
    # phi_i = P_i / D with P_i = num_i * (product of the other distinct denominators)
    P = []
    for num, den in zip(nums, dens):
        pos = next(j for j, e in enumerate(distinct) if e == den)
        for j, e in enumerate(distinct):
            num = num * e if j != pos else num
        P.append(num)
    for i, g in enumerate(model.gradient):
        deg = g.degree()
        homog = Poly(n + 1, {e + (deg - sum(e),): c for e, c in g.terms.items()})
        if not homog.compose(P + [D], k).is_zero():
            raise CheckError(f"{where}: dL/d{problem.names[i]} does not vanish identically along phi")
    nullity, reason = psd_nullity(model.hessian_at(point))
    if nullity is None:
        raise CheckError(f"{where}: Hessian not positive semidefinite: {reason}")
    if nullity != k:
        raise CheckError(f"{where}: Hessian nullity is {nullity}, not the manifold dimension {k}")
    return f"Morse-Bott: critical manifold of dimension {k}, Hessian PSD with nullity {k}"


def verify_morse_bott_implicit(problem: Problem, point: list, hint: dict, model: LossModel | None = None) -> str:
    """Check an implicit Morse-Bott hint: r equations g with grad L = sum a_ij g_j identically,
    g(point) = 0, rank Dg(point) = r, and the Hessian PSD with nullity exactly n - r.

    Then V(g) is a manifold of critical points of dimension n - r near the point (implicit
    function theorem), its tangent space lies in the Hessian's kernel and has the same
    dimension, and the Morse-Bott lemma gives a local minimum.
    """
    where, model, n = "hints.hessian", model or LossModel(problem), problem.n_params
    hint = need_obj(hint, where, ("method", "equations", "gradient_cofactors", "rank"),
                    ("equations", "gradient_cofactors", "rank"))
    r = need_int(hint["rank"], f"{where}.rank", 1, n)
    eqs = [parse_poly(e, n, f"{where}.equations[{j}]") for j, e in
           enumerate(need_list(hint["equations"], f"{where}.equations", r))]
    if len(eqs) != r:
        raise CheckError(f"{where}.equations: {len(eqs)} equations for rank {r}")
    cofs = need_list(hint["gradient_cofactors"], f"{where}.gradient_cofactors", n)
    if len(cofs) != n:
        raise CheckError(f"{where}.gradient_cofactors: expected {n} rows")
    for i, g in enumerate(model.gradient):
        row = [parse_poly(c, n, f"{where}.gradient_cofactors[{i}][{j}]") for j, c in
               enumerate(need_list(cofs[i], f"{where}.gradient_cofactors[{i}]", r))]
        if len(row) != r:
            raise CheckError(f"{where}.gradient_cofactors[{i}]: expected {r} cofactors")
        combo = Poly.const(n, Fraction(0))
        for a, e in zip(row, eqs):
            combo = combo + a * e
        if not (combo - g).is_zero():
            raise CheckError(f"{where}: dL/d{problem.names[i]} is not the stated combination of the equations")
    for j, e in enumerate(eqs):
        if e.evaluate(point) != 0:
            raise CheckError(f"{where}.equations[{j}] does not vanish at the point")
    jac = [[e.deriv(i).evaluate(point) for i in range(n)] for e in eqs]
    if rank(jac) != r:
        raise CheckError(f"{where}: the Jacobian of the equations at the point has rank {rank(jac)}, not {r}")
    nullity, reason = psd_nullity(model.hessian_at(point))
    if nullity is None:
        raise CheckError(f"{where}: Hessian not positive semidefinite: {reason}")
    if nullity != n - r:
        raise CheckError(f"{where}: Hessian nullity is {nullity}, not the manifold dimension {n - r}")
    return f"Morse-Bott: critical manifold of dimension {n - r} (implicit), Hessian PSD with nullity {n - r}"


# --- stratum claims ------------------------------------------------------------------------------

def _poly_text(p: Poly, names: list[str]) -> str:
    parts = []
    for e, c in sorted(p.terms.items(), reverse=True):
        mono = "*".join(names[i] + (f"^{k}" if k > 1 else "") for i, k in enumerate(e) if k)
        parts.append(fmt(c) if not mono else mono if c == 1 else f"-{mono}" if c == -1 else f"{fmt(c)}*{mono}")
    return " + ".join(parts).replace("+ -", "- ") if parts else "0"


class _Ideal:
    """Combinations ``sum_k q_k e_k`` of the stratum's equations."""

    def __init__(self, eqs: list[Poly], n: int):
        self.eqs, self.n = eqs, n

    def check(self, lhs: Poly, cofactors, where: str, what: str) -> None:
        total = Poly(self.n)
        for q, e in zip(parse_polys(cofactors, self.n, where, len(self.eqs)), self.eqs):
            total = total + q * e if q else total
        if lhs != total:
            raise CheckError(f"{where}: {what} is not the stated combination of the equations")


def _stratum_value(value) -> tuple:
    """``(rational or None, root_of polynomial or None, text)`` of a stratum claim's value."""
    if value is None:
        return None, None, None
    if isinstance(value, dict):
        value = need_obj(value, "claim.value", ("root_of", "interval"), ("root_of", "interval"))
        q = utrim(parse_rationals(need_list(value["root_of"], "claim.value.root_of", limit=MAX_FIELD_DEGREE + 1),
                                  "claim.value.root_of"))
        lo, hi = parse_rationals(value["interval"], "claim.value.interval", 2)
        if len(q) < 2:
            raise CheckError("claim.value.root_of: must have degree >= 1")
        return None, q, f"a root of {_upoly_text(q)} (stated: in ({fmt(lo)}, {fmt(hi)}))"
    v = parse_rational(value, "claim.value")
    return v, None, fmt(v)


def _upoly_text(q: list) -> str:
    return _poly_text(Poly(1, {(i,): c for i, c in enumerate(q)}), ["L"])


def _membership(ctx: Context, ideal: "_Ideal", claim: dict, hints: dict, kind: str) -> tuple:
    """Check the membership hints; return ``(value proven on the stratum or None, text)``."""
    v, root_of, value_text = _stratum_value(claim["value"])
    mem = need_obj(_need(hints, "membership", kind), "hints.membership", ("gradient", "value"), ("gradient", "value"))
    grad = need_list(mem["gradient"], "hints.membership.gradient", ctx.n)
    for i, g in enumerate(ctx.model.gradient):
        ideal.check(g, grad[i], f"hints.membership.gradient[{i}]", f"dL/d{ctx.names[i]}")
    vh = need_obj(mem["value"], "hints.membership.value", ("power", "cofactors", "minpoly"), ("power", "cofactors"))
    e = need_int(vh["power"], "hints.membership.value.power", 1, MAX_ORDER)
    if "minpoly" not in vh:
        if v is None:
            raise CheckError("hints.membership.value.minpoly: missing (needed for a value that is not rational)")
        ideal.check((ctx.model.loss - v) ** e, vh["cofactors"], "hints.membership.value.cofactors",
                    f"(L - {fmt(v)})^{e}")
        return v, value_text
    q = utrim(parse_rationals(need_list(vh["minpoly"], "hints.membership.value.minpoly", limit=MAX_FIELD_DEGREE + 1),
                              "hints.membership.value.minpoly"))
    if len(q) < 2:
        raise CheckError("hints.membership.value.minpoly: must have degree >= 1")
    if root_of is not None and root_of != q:
        raise CheckError("hints.membership.value.minpoly: differs from claim.value.root_of")
    if v is not None and ueval(q, v) != 0:
        raise CheckError(f"claim.value: {fmt(v)} is not a root of hints.membership.value.minpoly")
    rel = Poly(ctx.n)
    for c in reversed(q):
        rel = rel * ctx.model.loss + c
    ideal.check(rel ** e, vh["cofactors"], "hints.membership.value.cofactors", f"q(L)^{e}")
    if v is not None and len(q) == 2:
        return v, value_text  # q = c (T - v): L = v on the stratum
    return None, f"a root of {_upoly_text(q)}" + (f" (stated: {value_text})" if v is not None else "")


def stratum_claim(ctx: Context, claim: dict, hints: dict) -> tuple[str, str | None]:
    """Verify a stratum claim; return ``(summary, assumption or None)``."""
    kind, n, names = _kind(claim), ctx.n, ctx.names
    eqs = parse_polys(claim["equations"], n, "claim.equations")
    ineqs = parse_polys(claim.get("inequations", []), n, "claim.inequations")
    ideal = _Ideal(eqs, n)
    positive = parse_polys(claim.get("positive", []), n, "claim.positive")
    ctx.positive = positive  # polynomials > 0 on the stratum (read by the signed hints)
    value, value_text = _membership(ctx, ideal, claim, hints, kind)
    on_value = claim.get("on_value", False)
    if on_value is not False:
        # the stratum is only the part of V(equations) where L equals the stated root
        if on_value is not True:
            raise CheckError(f"claim.on_value: expected true or false, got {show(on_value)}")
        if not isinstance(claim["value"], dict):
            raise CheckError("claim.on_value: needs a value given as root_of with an isolating interval")
        q = utrim(parse_rationals(claim["value"]["root_of"], "claim.value.root_of"))
        lo, hi = parse_rationals(claim["value"]["interval"], "claim.value.interval", 2)
        value = NumberField(q, lo, hi).alpha
        value_text = f"the root of {_upoly_text(q)} in ({fmt(lo)}, {fmt(hi)})"
    assumption = None
    if kind == "global_min":
        lb = hints.get("lower_bound")
        # convex_stationary: every point of the stratum is a global minimum whatever its (algebraic) value
        stationary = isinstance(lb, dict) and lb.get("method") == "convex_stationary"
        if value is None and not stationary:
            raise CheckError("claim.value: a global_min stratum needs a rational value with the identity "
                             "(L - value)^e in hints.membership.value (or a convex_stationary lower bound)")
        detail, assumption = lower_bound(ctx, value, _need(hints, "lower_bound", kind), ideal=ideal)
    elif kind == "strict_saddle":
        detail = _stratum_strict(ctx, ideal, ineqs, hints, value if on_value else None)
    elif kind == "local_min":
        detail = _stratum_morse_bott(ctx, ideal, eqs, value, hints)
    elif kind == "nonstrict_saddle":
        alpha = value if on_value else None
        psd = _stratum_psd(ctx, ideal, _need(hints, "hessian", kind), ineqs, alpha)
        orders = [_stratum_curve(ctx, ideal, ineqs, _need(hints, key, kind), f"hints.{key}", sign, alpha)
                  for key, sign in (("descent_curve", -1), ("ascent_curve", 1))]
        detail = f"{psd}; descent curve of order {orders[0]}; ascent curve of order {orders[1]}"
    else:
        raise CheckError(f"claim.kind: {kind} for a stratum is not supported in certificate version 1")
    desc = ", ".join([_poly_text(q, names) + " = 0" for q in eqs] + [_poly_text(q, names) + " != 0" for q in ineqs]
                     + (["L = the stated root"] if on_value else [])
                     + [_poly_text(q, names) + " > 0" for q in positive])
    return (f"stratum {{{short(desc or 'all of R^n', 160)}}}: every point is critical with L = {value_text} and is "
            f"a {kind} ({detail})"), assumption


def _gram_terms(value, n: int, where: str, nonempty: bool) -> list:
    """``[[c, [poly per parameter]], ...]`` with every rational c > 0, as ``[(c, l), ...]``."""
    terms = []
    for k, entry in enumerate(need_list(value, where, nonempty=nonempty, limit=n)):
        w = f"{where}[{k}]"
        if not isinstance(entry, list) or len(entry) != 2:
            raise CheckError(f"{w}: expected [c, [polynomial per parameter]], got {show(entry)}")
        c = parse_rational(entry[0], f"{w}[0]")
        if not c > 0:
            raise CheckError(f"{w}[0]: coefficient {fmt(c)} is not positive")
        terms.append((c, parse_polys(entry[1], n, f"{w}[1]", n)))
    return terms


def _value_coefficient(value, n: int, where: str, alpha, loss, strict: bool, nonzero: bool = False) -> Poly:
    """The polynomial ``c(L) = c0 + c1 L + ...`` of ``[c0, c1, ...]``, with ``c(alpha) > 0``
    (``>= 0`` unless ``strict``; ``!= 0`` with ``nonzero``); only on an ``on_value`` stratum,
    whose value is alpha."""
    if alpha is None or loss is None:
        raise CheckError(f"{where}: a polynomial in L is only allowed on a stratum with on_value (L is a known root)")
    cs = parse_rationals(need_list(value, where, nonempty=True, limit=MAX_FIELD_DEGREE + 1), where)
    at = alpha.field.element(cs)
    ok, what = ((at != 0, "non-zero") if nonzero else (at > 0, "positive") if strict else (at >= 0, "non-negative"))
    if not ok:
        raise CheckError(f"{where}: c(L) is not {what} where L = {alpha}")
    c, power = Poly(n), Poly(n, {(0,) * n: Fraction(1)})
    for q in cs:
        c = c + q * power
        power = power * loss
    return c


def _check_gram(ctx: Context, ideal: "_Ideal", cofactors, terms, where: str) -> None:
    """``H[i][j] - sum_k c_k l_k[i] l_k[j]`` is the stated combination of the equations (i <= j);
    ``c_k`` rationals or polynomials."""
    n = ctx.n
    rows = need_list(cofactors, f"{where}.cofactors", n)
    for i in range(n):
        row = need_list(rows[i], f"{where}.cofactors[{i}]", n)
        for j in range(i, n):
            target = ctx.model.hessian_entry(i, j)
            for c, lk in terms:
                target = target - c * (lk[i] * lk[j])
            ideal.check(target, row[j], f"{where}.cofactors[{i}][{j}]",
                        f"H[{ctx.names[i]},{ctx.names[j]}]" + (" - sum_k c_k l_k l_k^T" if terms else ""))


def _stratum_psd(ctx: Context, ideal: "_Ideal", h, ineqs=(), alpha=None) -> str:
    """The Hessian is positive semidefinite on the stratum: ``zero`` (H = 0 there), ``gram`` or ``schur``.

    ``gram``: ``terms`` ``[[c_k, l_k], ...]`` with rationals c_k > 0 and polynomial vectors
    l_k, and ``H[i][j] - sum_k c_k l_k[i] l_k[j]`` in the ideal (upper-triangle cofactors):
    then ``v^T H v = sum_k c_k (l_k . v)^2 >= 0`` at every real point of the stratum.
    ``schur`` (addition 16): see :func:`_stratum_schur`.
    """
    n = ctx.n
    method = _method(h, "hints.hessian", ("zero", "gram", "schur"))
    if method == "schur":
        return _stratum_schur(ctx, ideal, h, ineqs, alpha)
    if method == "zero":
        h = need_obj(h, "hints.hessian", ("method", "cofactors"), ("cofactors",))
        terms = []
    else:
        h = need_obj(h, "hints.hessian", ("method", "terms", "cofactors"), ("terms", "cofactors"))
        terms = _gram_terms(h["terms"], n, "hints.hessian.terms", nonempty=True)
    _check_gram(ctx, ideal, h["cofactors"], terms, "hints.hessian")
    if not terms:
        return "Hessian zero on the stratum"
    return f"Hessian = sum of {len(terms)} positive multiple(s) of l l^T on the stratum (positive semidefinite)"


def _stratum_schur(ctx: Context, ideal: "_Ideal", h, ineqs, alpha) -> str:
    """Positive semidefinite of rank r = |I| by a positive definite block and n - r kernel vectors.

    * ``indices`` I = (i_1, ..., i_r): for each k, ``minors[k]`` proves
      ``det H[I_k, I_k] - sum c_j m_j^2`` in the ideal (c_j > 0, possibly c_j(L) on an
      ``on_value`` stratum; m_1 a power of an inequation), so the leading principal minors of
      ``A = H[I, I]`` are positive and A is positive definite (Sylvester's criterion).
    * ``kernel``: for every j outside I (increasing), a vector v with ``v[k] = 0`` outside
      ``I + {j}``, every entry of ``H v`` in the ideal, and ``v[j] - c prod g_k^{e_k}`` in the
      ideal (``pivot``: c a non-zero rational, or c(L) with c(alpha) != 0; g_k the claim's
      inequations): v[j] != 0 on the stratum. These n - r vectors are independent, so
      rank H <= r = rank A; then the Schur complement of A vanishes (rank additivity) and
      ``H = B^T A^{-1} B`` (B = H[I, :]) is positive semidefinite, and not zero.
    """
    n, where = ctx.n, "hints.hessian"
    h = need_obj(h, where, ("method", "indices", "minors", "kernel"), ("indices", "minors", "kernel"))
    idx = [need_int(i, f"{where}.indices[{k}]", 0, n - 1)
           for k, i in enumerate(need_list(h["indices"], f"{where}.indices", nonempty=True, limit=n - 1))]
    r = len(idx)
    if len(set(idx)) != r:
        raise CheckError(f"{where}.indices: need distinct parameter indices")
    minors = need_list(h["minors"], f"{where}.minors", r)
    for k in range(r):
        w = f"{where}.minors[{k}]"
        m = need_obj(minors[k], w, ("squares", "cofactors"), ("squares", "cofactors"))
        S = idx[:k + 1]
        det = _det([[ctx.model.hessian_entry(a, b) for b in S] for a in S], n)
        squares = _squares(m["squares"], ineqs, n, f"{w}.squares", alpha=alpha, loss=ctx.model.loss)
        ideal.check(det - squares, m["cofactors"], f"{w}.cofactors", f"det H[I_{k + 1}, I_{k + 1}] - sum c_j m_j^2")
    rest = [j for j in range(n) if j not in idx]
    kernel = need_list(h["kernel"], f"{where}.kernel", len(rest))
    for a, j in enumerate(rest):
        w = f"{where}.kernel[{a}]"
        e = need_obj(kernel[a], w, ("index", "vector", "cofactors", "pivot"), ("index", "vector", "cofactors", "pivot"))
        if need_int(e["index"], f"{w}.index", 0, n - 1) != j:
            raise CheckError(f"{w}.index: expected {j} (the parameters outside indices, in increasing order)")
        v = parse_polys(e["vector"], n, f"{w}.vector", n)
        for k in range(n):
            if k != j and k not in idx and v[k]:
                raise CheckError(f"{w}.vector[{k}]: must be 0 (only the entries on indices and on {j} may be non-zero)")
        rows = need_list(e["cofactors"], f"{w}.cofactors", n)
        for i in range(n):
            hv = Poly(n)
            for k in range(n):
                if v[k]:
                    hv = hv + ctx.model.hessian_entry(i, k) * v[k]
            ideal.check(hv, rows[i], f"{w}.cofactors[{i}]", f"(H v)[{ctx.names[i]}]")
        p = need_obj(e["pivot"], f"{w}.pivot", ("coefficient", "powers", "cofactors"), ("coefficient", "powers", "cofactors"))
        if isinstance(p["coefficient"], list):
            c = _value_coefficient(p["coefficient"], n, f"{w}.pivot.coefficient", alpha, ctx.model.loss, False, True)
        else:
            c0 = parse_rational(p["coefficient"], f"{w}.pivot.coefficient")
            if c0 == 0:
                raise CheckError(f"{w}.pivot.coefficient: must not be 0")
            c = Poly.const(n, c0)
        powers = need_list(p["powers"], f"{w}.pivot.powers", limit=len(ineqs))
        prod = c
        for k, ek in enumerate(powers):
            ek = need_int(ek, f"{w}.pivot.powers[{k}]", 0, MAX_ORDER)
            if ek:
                prod = prod * ineqs[k] ** ek
        ideal.check(v[j] - prod, p["cofactors"], f"{w}.pivot.cofactors", f"v[{ctx.names[j]}] - c prod g^e")
    names = ", ".join(ctx.names[i] for i in idx)
    return (f"H[I, I] positive definite for I = ({names}) and {n - r} independent kernel vectors: H is positive "
            f"semidefinite of rank {r} on the stratum")


def _stratum_morse_bott(ctx: Context, ideal: "_Ideal", eqs, value, hints: dict) -> str:
    """Every point of the stratum is a local minimum (Morse-Bott), and not a global one.

    ``hessian`` (method ``gram_morse_bott``): ``H = sum c_k l_k l_k^T + sum positive[j] l'_j l'_j^T``
    modulo the ideal (``c_k > 0``; ``positive[j] > 0`` on the stratum), so H is PSD there;
    the r = (number of terms) vectors have a constant non-zero r x r minor on
    ``independent_columns`` (rank H = r everywhere on the stratum); the stratum has exactly r
    equations whose Jacobian has a constant non-zero minor on ``jacobian_columns``, so V(eqs)
    is an (n - r)-manifold, and it consists of critical points (membership: the gradient is
    a combination of the equations, identically). The tangent space lies in ker H, both
    have dimension n - r, and the Morse-Bott lemma gives a local minimum. ``better_point``
    has a smaller loss: not global.
    """
    n = ctx.n
    where = "hints.hessian"
    h = need_obj(_need(hints, "hessian", "local_min"), where,
                 ("method", "terms", "positive_terms", "cofactors", "independent_columns", "jacobian_columns"),
                 ("terms", "cofactors", "independent_columns", "jacobian_columns"))
    _method(h, where, ("gram_morse_bott",))
    cond = ctx.positive
    terms = _gram_terms(h["terms"], n, f"{where}.terms", nonempty=False)
    for k, entry in enumerate(need_list(h.get("positive_terms", []), f"{where}.positive_terms", limit=n)):
        w = f"{where}.positive_terms[{k}]"
        if not isinstance(entry, list) or len(entry) != 2:
            raise CheckError(f"{w}: expected [index into claim.positive, [polynomial per parameter]], got {show(entry)}")
        if not cond:
            raise CheckError(f"{w}: the claim has no positive conditions")
        terms.append((cond[need_int(entry[0], f"{w}[0]", 0, len(cond) - 1)], parse_polys(entry[1], n, f"{w}[1]", n)))
    vectors = [l for _c, l in terms]
    r = len(vectors)
    if r == 0 or r != len(eqs):
        raise CheckError(f"{where}: {r} Hessian terms but {len(eqs)} equations; the Morse-Bott argument needs "
                         "as many of each (rank of H = codimension of the critical manifold)")
    _check_gram(ctx, ideal, h["cofactors"], terms, where)

    def constant_minor(cols_key, matrix, what):
        cols = [need_int(c, f"{where}.{cols_key}[{k}]", 0, n - 1)
                for k, c in enumerate(need_list(h[cols_key], f"{where}.{cols_key}", r))]
        if len(set(cols)) != r:
            raise CheckError(f"{where}.{cols_key}: need {r} distinct columns")
        d = _det([[matrix[k][c] for c in cols] for k in range(r)], n)
        if d.degree() > 0 or d.is_zero():
            raise CheckError(f"{where}.{cols_key}: the minor of the {what} is not a non-zero constant")
    constant_minor("independent_columns", vectors, "Hessian's term vectors")
    constant_minor("jacobian_columns", [[e.deriv(i) for i in range(n)] for e in eqs], "equations' Jacobian")
    bp = parse_rationals(_need(hints, "better_point", "local_min"), "hints.better_point", n)
    if value is None:
        raise CheckError("claim.value: a local_min stratum needs its value (rational or on_value root)")
    lb = loss_at(ctx.problem, bp)
    if not lb < value:
        raise CheckError(f"hints.better_point: its loss {fmt(lb)} is not below the stratum's value {text(value)}")
    return (f"Morse-Bott: H is PSD of rank {r} on a manifold of critical points of dimension {n - r}; "
            f"better point with L = {fmt(lb)}")


def _stratum_strict(ctx: Context, ideal: "_Ideal", ineqs, hints: dict, alpha=None) -> str:
    """A negative direction (or a negative principal minor), and a reason it is no local maximum.

    ``alpha``: the value of an ``on_value`` stratum; a ``negative_minor`` may then carry a
    ``multiplier`` w (coefficients of a polynomial in L, lowest degree first): the identity
    is ``det H_SS + w(L) sum c_j m_j^2`` in the ideal, with ``w(alpha) > 0`` checked exactly.
    """
    n, k = ctx.n, 0
    minor_key = "negative_bordered_minor" if "negative_bordered_minor" in hints else "negative_minor"
    if "negative_direction" in hints or minor_key not in hints:
        _parametric_direction(ctx, ideal, ineqs, _need(hints, "negative_direction", "strict_saddle"),
                              "hints.negative_direction", -1)
        neg = "v^T H v < 0"
    else:
        where = "hints." + minor_key
        bordered = minor_key == "negative_bordered_minor"
        if bordered and "negative_minor" in hints:
            raise CheckError("hints: give negative_minor or negative_bordered_minor, not both")
        h = need_obj(hints[minor_key], where, ("indices", "squares", "cofactors", "multiplier"),
                     ("indices", "squares", "cofactors"))
        idx = [need_int(i, f"{where}.indices[{j}]", 0, n - 1)
               for j, i in enumerate(need_list(h["indices"], f"{where}.indices"))]
        k = len(idx)
        if not 2 <= k <= 6 or len(set(idx)) != k:
            raise CheckError(f"{where}.indices: need 2 to 6 distinct parameter indices")
        det = _det([[ctx.model.hessian_entry(i, j) for j in idx] for i in idx], n)
        if bordered:  # v = (-adj(H_SS) H_Si, det H_SS) has v^T H v = det H_SS * det H_S'S' (S' = S + {i})
            det = det * _det([[ctx.model.hessian_entry(i, j) for j in idx[:-1]] for i in idx[:-1]], n)
        squares = _squares(h["squares"], ineqs, n, f"{where}.squares", alpha=alpha, loss=ctx.model.loss)
        if "multiplier" in h:
            squares = _value_coefficient(h["multiplier"], n, f"{where}.multiplier", alpha, ctx.model.loss,
                                         True) * squares
        what = "det H[S,S] det H[S',S']" if bordered else "det H[S,S]"
        ideal.check(det + squares, h["cofactors"], f"{where}.cofactors",
                    what + " + " + ("w(L) " if "multiplier" in h else "") + "sum c_j m_j^2")
        if bordered:
            neg = (f"det H[S,S] det H[S',S'] < 0 for S' = {{{', '.join(ctx.names[i] for i in idx)}}}, S without "
                   f"{ctx.names[idx[-1]]}: v = (-adj(H_SS) H_Si, det H_SS) has v^T H v < 0")
        else:
            neg = f"det H[S,S] < 0 for S = {{{', '.join(ctx.names[i] for i in idx)}}}"
    if k == 2 and minor_key == "negative_minor":  # k stays 0 on the negative_direction path
        return neg + " (a 2x2 block with eigenvalues of both signs)"
    if "positive_direction" in hints or "nonnegative_trace" not in hints:
        _parametric_direction(ctx, ideal, ineqs, _need(hints, "positive_direction", "strict_saddle"),
                              "hints.positive_direction", 1)
        return neg + " and w^T H w > 0 on the stratum"
    where = "hints.nonnegative_trace"
    h = need_obj(hints["nonnegative_trace"], where, ("squares", "cofactors"), ("squares", "cofactors"))
    trace = Poly(n)
    for i in range(n):
        trace = trace + ctx.model.hessian_entry(i, i)
    ideal.check(trace - _squares(h["squares"], ineqs, n, f"{where}.squares", strict=False), h["cofactors"],
                f"{where}.cofactors", "trace H - sum c_j m_j^2")
    return neg + " and trace H >= 0 on the stratum"


def _det(M: list[list[Poly]], n: int) -> Poly:
    """Determinant (Laplace expansion along rows, minors memoised by their columns)."""
    k, memo = len(M), {}

    def minor(row: int, cols: tuple) -> Poly:
        if row == k:
            return Poly.const(n, Fraction(1))
        if cols not in memo:
            total = Poly(n)
            for pos, c in enumerate(cols):
                if M[row][c]:
                    term = M[row][c] * minor(row + 1, cols[:pos] + cols[pos + 1:])
                    total = total + term if pos % 2 == 0 else total - term
            memo[cols] = total
        return memo[cols]

    return minor(0, tuple(range(k)))


def _squares(value, ineqs: list[Poly], n: int, where: str, strict: bool = True, alpha=None,
             loss: Poly | None = None) -> Poly:
    """``sum c m^2`` of ``[[c, m], ...]``. ``strict``: non-empty, every c > 0, and m_1 an
    inequation or a power g^k (1 <= k <= 8) of one; otherwise only every c >= 0.

    With ``alpha`` (the value of an ``on_value`` stratum) and ``loss``, a coefficient may be a
    list ``[c0, c1, ...]``: the polynomial ``c(L) = c0 + c1 L + ...``, whose sign is that of
    ``c(alpha)`` on the stratum (addition 15)."""
    total = Poly(n)
    for j, entry in enumerate(need_list(value, where, nonempty=strict)):
        w = f"{where}[{j}]"
        if not isinstance(entry, list) or len(entry) != 2:
            raise CheckError(f"{w}: expected [c, polynomial], got {show(entry)}")
        m = parse_poly(entry[1], n, f"{w}[1]")
        if isinstance(entry[0], list):
            c = _value_coefficient(entry[0], n, f"{w}[0]", alpha, loss, strict)
        else:
            c = parse_rational(entry[0], f"{w}[0]")
            if not (c > 0 if strict else c >= 0):
                raise CheckError(f"{w}[0]: coefficient {fmt(c)} is not {'positive' if strict else 'non-negative'}")
        if strict and j == 0 and not any(_is_power(m, g) for g in ineqs):
            raise CheckError(f"{w}[1]: the first square must be one of the inequations (or a power of one)")
        total = total + c * (m * m)
    return total


def _is_power(m: Poly, g: Poly) -> bool:
    """``m == g^k`` for some 1 <= k <= 8 (term for term)."""
    dm, dg = m.degree(), g.degree()
    ks = range(1, 9) if dg <= 0 else ([dm // dg] if dm % dg == 0 and 1 <= dm // dg <= 8 else [])
    return any(m.terms == (g ** k).terms for k in ks)


def _parametric_direction(ctx: Context, ideal: _Ideal, ineqs, hint, where: str, sign: int) -> None:
    """``v^T H v -+ (sum c_j m_j^2 + sum c_k positive[k] + constant)`` in the ideal.

    Without ``positive``/``constant`` the first square must be an inequation (strict sign);
    with them, each ``c_k > 0`` (``positive[k] > 0`` on the stratum) or ``constant > 0``
    makes the sign strict and the squares need only ``c >= 0``.
    """
    n = ctx.n
    hint = need_obj(hint, where, ("vector", "squares", "cofactors", "positive", "constant"),
                    ("vector", "squares", "cofactors"))
    v = parse_polys(hint["vector"], n, f"{where}.vector", n)
    signed = Poly(n)
    if "positive" in hint or "constant" in hint:
        sq = _squares(hint["squares"], ineqs, n, f"{where}.squares", strict=False)
        cond = ctx.positive
        for j, entry in enumerate(need_list(hint.get("positive", []), f"{where}.positive", limit=len(cond))):
            w = f"{where}.positive[{j}]"
            if not isinstance(entry, list) or len(entry) != 2:
                raise CheckError(f"{w}: expected [c, index into claim.positive], got {show(entry)}")
            c = parse_rational(entry[0], f"{w}[0]")
            k = need_int(entry[1], f"{w}[1]", 0, len(cond) - 1) if cond else None
            if k is None:
                raise CheckError(f"{w}: the claim has no positive conditions")
            if not c > 0:
                raise CheckError(f"{w}[0]: coefficient {fmt(c)} is not positive")
            signed = signed + c * cond[k]
        if "constant" in hint:
            c0 = parse_rational(hint["constant"], f"{where}.constant")
            if not c0 > 0:
                raise CheckError(f"{where}.constant: {fmt(c0)} is not positive")
            signed = signed + Poly(n, {(0,) * n: c0})
        if signed.is_zero():
            raise CheckError(f"{where}: positive and constant give no strictly positive term")
        sq = sq + signed
    else:
        sq = _squares(hint["squares"], ineqs, n, f"{where}.squares")
    nz = [i for i in range(n) if v[i]]
    q = Poly(n)
    for i in nz:
        for j in (j for j in nz if j >= i):
            q = q + v[i] * v[j] * ctx.model.hessian_entry(i, j) * (1 if i == j else 2)
    ideal.check(q + sq if sign < 0 else q - sq, hint["cofactors"], f"{where}.cofactors",
                f"v^T H v {'+' if sign < 0 else '-'} sum c_j m_j^2")


def _stratum_curve(ctx: Context, ideal: _Ideal, ineqs, hint, where: str, sign: int, alpha=None) -> int:
    n, N = ctx.n, ctx.n + 1
    hint = need_obj(hint, where, ("coefficients", "order", "lower", "squares", "cofactors"),
                    ("coefficients", "order", "lower", "squares", "cofactors"))
    cs = [parse_polys(c, n, f"{where}.coefficients[{k}]", n)
          for k, c in enumerate(need_list(hint["coefficients"], f"{where}.coefficients", nonempty=True,
                                          limit=MAX_ORDER))]
    m = need_int(hint["order"], f"{where}.order", 1, MAX_ORDER)
    lower = need_list(hint["lower"], f"{where}.lower", m - 1)
    sq = _squares(hint["squares"], ineqs, n, f"{where}.squares", alpha=alpha, loss=ctx.model.loss)
    t = Poly.var(N, n)
    gamma = []
    for i in range(n):
        g = Poly.var(N, i)
        for k, c in enumerate(cs, start=1):
            g = g + c[i].extend(N) * t ** k if c[i] else g
        gamma.append(g)
    a = (Poly(N) + loss_at(ctx.problem, gamma, Poly(N)) - ctx.model.loss.extend(N)).split(n)
    for j in range(1, m):
        ideal.check(a.get(j, Poly(n)), lower[j - 1], f"{where}.lower[{j - 1}]", f"the coefficient a_{j} of t^{j}")
    am = a.get(m, Poly(n))
    ideal.check(am + sq if sign < 0 else am - sq, hint["cofactors"], f"{where}.cofactors",
                f"a_{m} {'+' if sign < 0 else '-'} sum c_i m_i^2")
    return m
