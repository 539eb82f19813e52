"""Exponential-neuron certificates (docs/certificates.md, "Exponential neuron"): standard library only.

The problem carries ``"exp_neuron": {"l2": lam}`` (Kawaguchi & Kaelbling, AISTATS 2020): per
output ``k`` the output gains ``a_k exp(w_k^T x + bexp_k)`` and the loss ``(lam/2) a_k^2``. The
checker rebuilds the augmented loss in the chart ``U_kj = exp(w_kj/q)``,
``B_k = exp(bexp_k + sum_j m_j w_kj / q)`` (``q`` the common denominator of the inputs,
``m_j = min_i q x_ij``), where ``exp(w_k^T x_i + bexp_k) = B_k prod_j U_kj^(q x_ij - m_j)`` is
a monomial, and checks polynomial identities only:

* ``no_local_min``: ``a_k dF/da_k - B_k dF/dB_k = lam a_k^2`` (so ``a = 0`` at every critical
  point); ``d2F/dU_kj^2`` vanishes at ``a = 0``; and ``sum h * g = M`` where ``g`` ranges over
  the gradient components and the entries ``d2F/(da_k dU_kj)`` at ``a = 0`` and ``M`` is a
  polynomial in ``U, B`` with all coefficients of one sign (non-zero on the open orthant).
  Hence at every critical point some ``d2F/(da_k dU_kj) != 0`` and the 2x2 principal minor on
  ``(a_k, U_kj)`` is negative: every critical point is a strict saddle, no local minimum.
* ``no_local_min_residuals``: the ``a``-identity and ``sum h * R = M`` where ``R`` ranges over the
  coefficients of ``dF/da_k`` at ``a = 0`` as a polynomial in ``U_k`` (``2 scale`` times the
  residuals summed over each distinct input, polynomials in ``theta``). At a local minimum
  ``a = 0`` and (Lemma 2 at its ``theta``) all ``R`` vanish, which the identity excludes.
* ``critical_points_global``: the ``a``-identity and ``sum h * g = M * (F|_{a=0} - L*)`` with
  ``L*`` the per-input optimum (``scale`` times the squared deviations of the targets from their
  mean over each distinct input), a lower bound of ``F``: every critical point has ``a = 0`` and
  ``F = L*``, so it is a global minimum.
* ``slice_no_local_min`` (``theta`` fixed, base network linear, polynomial or ReLU-type):
  ``P_k = dF/da_k`` at ``a = 0`` has the stated non-zero coefficient, so ``P_k`` is not the zero
  polynomial and no point ``(theta, 0, w, bexp)`` is a local minimum (docs/expneuron.md, Lemma 2).
"""

from __future__ import annotations

from fractions import Fraction

from .base import MAX_EXPONENT, CheckError, LimitError, fmt, need_int, need_list, need_obj, parse_rational, show
from .nonlinear import PIECEWISE, parse_nl_problem, relu_forward
from .parse import parse_poly
from .polys import Poly
from .problem import parse_problem

__all__ = ["check_exp_neuron", "chart_names"]

STATEMENTS = ("no_local_min", "no_local_min_residuals", "critical_points_global", "slice_no_local_min")


def chart_names(base_names: list, dx: int, dy: int) -> list:
    """Chart variables: the network's parameters, then per output ``a[k]``, ``U[k,j]``, ``B[k]``."""
    out = list(base_names)
    for k in range(1, dy + 1):
        out += [f"a[{k}]"] + [f"U[{k},{j}]" for j in range(1, dx + 1)] + [f"B[{k}]"]
    return out


def _param_names(base_names: list, dx: int, dy: int) -> list:
    out = list(base_names)
    for k in range(1, dy + 1):
        out += [f"a[{k}]"] + [f"w[{k},{j}]" for j in range(1, dx + 1)] + [f"bexp[{k}]"]
    return out


def _lcm(a: int, b: int) -> int:
    x, y = a, b
    while y:
        x, y = y, x % y
    return a * b // x


class _Chart:
    def __init__(self, widths, inputs, n_theta):
        self.dx, self.dy, self.n_theta = widths[0], widths[-1], n_theta
        q = 1
        for x in inputs:
            for v in x:
                q = _lcm(q, v.denominator)
        e = [[int(v * q) for v in x] for x in inputs]
        shifts = [min(row[j] for row in e) for j in range(self.dx)]
        self.exps = [[row[j] - shifts[j] for j in range(self.dx)] for row in e]
        if any(x > MAX_EXPONENT for row in self.exps for x in row):
            raise LimitError(f"the chart needs exponents above {MAX_EXPONENT} (inputs spread over more than "
                             f"{MAX_EXPONENT} multiples of 1/{q})")
        self.n = n_theta + self.dy * (self.dx + 2)
        self.a = [n_theta + k * (self.dx + 2) for k in range(self.dy)]
        self.U = [[a + 1 + j for j in range(self.dx)] for a in self.a]
        self.B = [a + self.dx + 1 for a in self.a]
        self.positive = {i for k in range(self.dy) for i in self.U[k] + [self.B[k]]}

    def var(self, i: int) -> Poly:
        return Poly.var(self.n, i)

    def exp_term(self, k: int, i: int) -> Poly:
        e = [0] * self.n
        e[self.B[k]] = 1
        for j, x in enumerate(self.exps[i]):
            e[self.U[k][j]] = x
        return Poly(self.n, {tuple(e): Fraction(1)})

    def at_a_zero(self, p: Poly) -> Poly:
        return Poly(self.n, {e: c for e, c in p.terms.items() if all(e[i] == 0 for i in self.a)})


def _forward(problem, params: list, zero):
    """Outputs per sample of a linear/polynomial network (Fractions or Polys)."""
    w, pos, layers = problem.widths, 0, []
    for l in range(1, len(w)):
        W = [params[pos + i * w[l - 1]: pos + (i + 1) * w[l - 1]] for i in range(w[l])]
        pos += w[l] * w[l - 1]
        layers.append((W, params[pos: pos + w[l]] if problem.bias else [zero] * w[l]))
        pos += w[l] if problem.bias else 0
    outs = []
    for x in problem.inputs:
        a = list(x)
        for l, (W, b) in enumerate(layers):
            a = [sum((wij * aj for wij, aj in zip(row, a) if aj), bi) for row, bi in zip(W, b)]
            if l < len(layers) - 1 and problem.activation == "polynomial":
                out = []
                for z in a:
                    acc = zero + problem.coefficients[-1]
                    for c in reversed(problem.coefficients[:-1]):
                        acc = acc * z + c
                    out.append(acc)
                a = out
        outs.append(a)
    return outs


def _augmented(ch: _Chart, outs, targets, scale, lam, theta_l2, theta_vars) -> Poly:
    """``F = scale sum (f + a E - y)^2 + l2 terms + (lam/2) sum a_k^2`` in the chart."""
    F = Poly(ch.n)
    for i, (o, y) in enumerate(zip(outs, targets)):
        for k in range(ch.dy):
            r = ch.var(ch.a[k]) * ch.exp_term(k, i) + o[k] - y[k]
            F = F + r * r
    F = F * scale
    for t, l2 in zip(theta_vars, theta_l2):
        if l2:
            F = F + t * t * (l2 / 2)
    for k in range(ch.dy):
        F = F + ch.var(ch.a[k]) * ch.var(ch.a[k]) * (lam / 2)
    return F


def _positive(hints: dict, ch: _Chart, names: list) -> Poly:
    M = parse_poly(hints.get("positive"), ch.n, "hints.positive")
    if not M:
        raise CheckError("hints.positive: the zero polynomial")
    signs = {c > 0 for c in M.terms.values()}
    if len(signs) != 1:
        raise CheckError("hints.positive: coefficients of both signs (need one sign to be non-zero on the orthant)")
    for e in M.terms:
        bad = [names[i] for i, x in enumerate(e) if x and i not in ch.positive]
        if bad:
            raise CheckError(f"hints.positive: contains {bad[0]}, not a positive chart variable (U, B)")
    return M


def _combination(hints: dict, ch: _Chart, names: list, gens: dict) -> Poly:
    total = Poly(ch.n)
    seen = set()
    for i, entry in enumerate(need_list(hints.get("combination"), "hints.combination")):
        where = f"hints.combination[{i}]"
        entry = need_obj(entry, where, ("of", "at", "cofactor"), ("of", "at", "cofactor"))
        at = entry["at"]
        if isinstance(at, list) and all(isinstance(x, (str, int)) and not isinstance(x, bool) for x in at):
            at = tuple(at)
        elif not isinstance(at, str):
            raise CheckError(f"{where}.at: expected a variable name or a list of names/integers, got {show(at)}")
        key = (entry["of"], at)
        if not isinstance(entry["of"], str) or key not in gens:
            raise CheckError(f"{where}: {show(entry['of'])} at {show(entry['at'])} is not one of the polynomials "
                             "this certificate may combine")
        if key in seen:
            raise CheckError(f"{where}: {show(entry['at'])} appears twice")
        seen.add(key)
        total = total + parse_poly(entry["cofactor"], ch.n, f"{where}.cofactor") * gens[key]
    return total


def check_exp_neuron(top: dict) -> tuple[str, str | None]:
    """Check an exponential-neuron certificate; returns ``(summary, None)`` or raises CheckError."""
    prob = top["problem"]
    if not isinstance(prob, dict) or "exp_neuron" not in prob:
        raise CheckError('problem.exp_neuron: missing (an exponential-neuron claim needs "exp_neuron")')
    exp = need_obj(prob["exp_neuron"], "problem.exp_neuron", ("l2",), ("l2",))
    lam = parse_rational(exp["l2"], "problem.exp_neuron.l2")
    if lam <= 0:
        raise CheckError("problem.exp_neuron.l2: must be positive")
    base_obj = {k: v for k, v in prob.items() if k != "exp_neuron"}
    claim = need_obj(top["claim"], "claim", ("type", "statement", "theta"), ("type", "statement"))
    statement = claim["statement"]
    if statement not in STATEMENTS:
        raise CheckError(f"claim.statement: {show(statement)} is not one of {', '.join(STATEMENTS)}")
    act = base_obj.get("network", {}).get("activation") if isinstance(base_obj.get("network"), dict) else None
    base = parse_nl_problem(base_obj) if act in PIECEWISE else parse_problem(base_obj)
    if act in PIECEWISE and statement != "slice_no_local_min":
        raise CheckError(f"claim.statement: {statement} needs a linear or polynomial network, not {show(act)}")
    widths = base.widths
    base_names = base.names
    n_theta = len(base_names)
    ch = _Chart(widths, base.inputs, n_theta)
    names = chart_names(base_names, ch.dx, ch.dy)
    if top["parameters"] != _param_names(base_names, ch.dx, ch.dy):
        raise CheckError("parameters: do not match the network's parameters followed by a[k], w[k,j], bexp[k]")
    hints = top["hints"] if isinstance(top["hints"], dict) else need_obj(top["hints"], "hints", ())
    if hints.get("chart") != names:
        raise CheckError("hints.chart: expected " + ", ".join(names))
    if statement == "slice_no_local_min":
        return _slice(base, act, claim, hints, ch, names, lam), None
    if "theta" in claim:
        raise CheckError(f"claim.theta: not for {statement}")
    need_obj(hints, "hints", ("chart", "combination", "positive"), ("chart", "combination", "positive"))
    theta_vars = [ch.var(i) for i in range(n_theta)]
    F = _augmented(ch, _forward(base, theta_vars, Poly(ch.n)), base.targets, base.scale, lam,
                   base.l2_per_parameter(), theta_vars)
    grad = [F.deriv(i) for i in range(ch.n)]
    for k in range(ch.dy):
        a = ch.var(ch.a[k])
        if a * grad[ch.a[k]] - ch.var(ch.B[k]) * grad[ch.B[k]] != a * a * lam:
            raise CheckError(f"identity a dF/da - B dF/dB = lam a^2 fails for output {k + 1} (internal: the loss "
                             "is not of the exponential-neuron form)")
    gens = {("grad", names[i]): ch.at_a_zero(grad[i]) for i in range(ch.n)}
    M = _positive(hints, ch, names)
    lhs = None
    if statement == "no_local_min":
        for k in range(ch.dy):
            for u in ch.U[k]:
                if ch.at_a_zero(grad[u].deriv(u)):
                    raise CheckError(f"d2F/d{names[u]}^2 does not vanish at a = 0")
                gens[("hess_aU", (names[ch.a[k]], names[u]))] = ch.at_a_zero(grad[ch.a[k]].deriv(u))
        lhs = _combination(hints, ch, names, gens)
        if lhs != M:
            raise CheckError("hints.combination: sum of cofactor * polynomial is not hints.positive")
        return ("no local minimum: at every critical point a = 0 (a dF/da - B dF/dB = lam a^2), and the "
                "combination = M > 0 on the orthant shows some d2F/(da dU) != 0 while d2F/dU^2 = 0: a negative "
                "2x2 minor, every critical point is a strict saddle"), None
    if statement == "no_local_min_residuals":
        residual = {}
        for k in range(ch.dy):
            for e, c in ch.at_a_zero(grad[ch.a[k]]).terms.items():
                if e[ch.B[k]] != 1 or any(x for i, x in enumerate(e[n_theta:], n_theta)
                                         if i not in ch.U[k] and i != ch.B[k]):
                    raise CheckError(f"internal: dF/da[{k + 1}] is not linear in B[{k + 1}]")
                key = ("residual", (k + 1,) + tuple(e[u] for u in ch.U[k]))
                residual.setdefault(key, {})[e[:n_theta] + (0,) * (ch.n - n_theta)] = c
        gens = {key: Poly(ch.n, d) for key, d in residual.items()}
        lhs = _combination(hints, ch, names, gens)
        if lhs != M:
            raise CheckError("hints.combination: sum of cofactor * residual sum is not hints.positive")
        return ("no local minimum: at a local minimum a = 0 (a dF/da - B dF/dB = lam a^2) and, by Lemma 2, every "
                "residual sum over a distinct input vanishes; the combination = M != 0 shows they never vanish "
                "together"), None
    lstar = _per_input_optimum(base)
    lhs = _combination(hints, ch, names, gens)
    if lhs != M * (ch.at_a_zero(F) - lstar):
        raise CheckError("hints.combination: sum of cofactor * polynomial is not hints.positive * (F(a = 0) - L*)")
    return (f"every critical point has a = 0 and loss L* = {fmt(lstar)}, the per-input optimum and a lower bound "
            "of the loss: each is a global minimum of the augmented loss and its theta a global minimum of the "
            "network"), None


def _per_input_optimum(base) -> Fraction:
    """``scale * sum over outputs and distinct inputs of sum (y - mean y)^2``: no prediction does better."""
    groups: dict = {}
    for x, y in zip(base.inputs, base.targets):
        groups.setdefault(tuple(x), []).append(y)
    total = Fraction(0)
    for ys in groups.values():
        for k in range(len(ys[0])):
            mean = sum((y[k] for y in ys), Fraction(0)) / len(ys)
            total += sum(((y[k] - mean) ** 2 for y in ys), Fraction(0))
    return base.scale * total


def _slice(base, act, claim, hints, ch: _Chart, names, lam) -> str:
    need_obj(hints, "hints", ("chart", "output", "monomial", "coefficient"),
             ("chart", "output", "monomial", "coefficient"))
    theta = [parse_rational(v, f"claim.theta[{i}]") for i, v in
             enumerate(need_list(claim.get("theta"), "claim.theta", ch.n_theta))]
    if act in PIECEWISE:
        outs = [relu_forward(base, theta, x)[0] for x in base.inputs]
    else:
        outs = _forward(base, theta, Fraction(0))
    k = need_int(hints["output"], "hints.output", 1, ch.dy) - 1
    P = Poly(ch.n)
    for i, (o, y) in enumerate(zip(outs, base.targets)):
        P = P + ch.exp_term(k, i) * (2 * base.scale * (o[k] - y[k]))
    mono = tuple(need_int(x, f"hints.monomial[{i}]", 0, MAX_EXPONENT)
                 for i, x in enumerate(need_list(hints["monomial"], "hints.monomial", ch.n)))
    c = parse_rational(hints["coefficient"], "hints.coefficient")
    if c == 0 or P.terms.get(mono, Fraction(0)) != c:
        raise CheckError(f"hints.coefficient: dF/da[{k + 1}] at a = 0 has coefficient "
                         f"{fmt(P.terms.get(mono, Fraction(0)))} at the stated monomial, not a non-zero {fmt(c)}")
    return (f"no point (theta, a = 0, w, bexp) is a local minimum: dF/da[{k + 1}] at a = 0 is a non-zero polynomial "
            f"in U, B (coefficient {fmt(c)}), and lam = {fmt(lam)} > 0 (Lemma 2)")
