"""The exponential neuron of Kawaguchi & Kaelbling (AISTATS 2020), decided exactly.

Kawaguchi & Kaelbling, "Elimination of all bad local minima in deep learning", PMLR
108:853-863 (arXiv 1901.00279), add per output ``k`` the neuron ``g_k(x) = a_k exp(w_k^T x +
b_k)`` and a penalty on ``a``. With the problem-file block ``"exp_neuron": {"l2": lam}`` the
augmented loss is ``L~ = scale sum_i ||f(x_i) + g(x_i) - y_i||^2 + l2 terms + (lam/2)||a||^2``.

**Exact route (the chart).** With rational inputs, let ``q`` be the common denominator of all
input coordinates, ``e_ij = q x_ij`` (integers) and ``m_j = min_i e_ij``. The map

    (w_k, b_k)  ->  (U_k, B_k),   U_kj = exp(w_kj / q),   B_k = exp(b_k + sum_j m_j w_kj / q)

is a diffeomorphism of R^(dx+1) onto the open orthant (a linear bijection followed by exp
coordinate-wise), and ``exp(w_k^T x_i + b_k) = B_k prod_j U_kj^(e_ij - m_j)`` with
non-negative integer exponents. For polynomial base networks ``L~`` becomes a polynomial
``F(theta, a, U, B)`` on ``R^n x R^K x (0, oo)^(K(dx+1))``. Critical points correspond
exactly (chain rule, invertible Jacobian); local minima correspond (homeomorphism); at a
critical point the Hessians are congruent (``H_wb = J^T H_UB J``, the first-derivative term
vanishes), so inertia and kinds are preserved (docs/expneuron.md, Lemma 1).

Everything here is exact; the certificates (docs/certificates.md, "Exponential neuron") are
identities between polynomials that the independent checker re-derives from the problem,
so checking never searches:

* ``a_k dF/da_k - B_k dF/dB_k = lam a_k^2`` (every critical point has ``a = 0``);
* ``sum_i h_i g_i = M`` or ``= M * (F - L*)`` with ``g_i`` the critical equations at ``a = 0`` (and
  Hessian entries), ``M`` a polynomial in ``U, B`` only with all coefficients of one sign
  (so ``M != 0`` on the orthant): a Nullstellensatz certificate restricted to the orthant.

Numerical trajectories (:func:`gradient_descent`) are labelled evidence, never a verdict.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

from sympy import QQ, Symbol
from sympy.polys.orderings import grevlex
from sympy.polys.rings import ring

from .errors import ProblemError
from .exact import format_rational as fr
from .numeric import evaluate_approx
from .spec import Problem, problem_to_dict

__all__ = ["Chart", "build_chart", "find_combination", "no_local_min_certificate", "no_local_min_residual_certificate",
           "residual_sums", "per_input_optimum", "critical_global_certificate",
           "slice_certificate", "slice_gradient", "gradient_descent", "base_outputs"]


def _qq(q: Fraction):
    return QQ(q.numerator, q.denominator)


def _frac(c) -> Fraction:
    return Fraction(int(c.numerator), int(c.denominator))


@dataclass
class Chart:
    """The polynomial chart of an exponential-neuron problem.

    Attributes
    ----------
    problem : Problem
    q : int
        Common denominator of the input coordinates.
    shifts : list of int
        ``m_j = min_i q x_ij``.
    exponents : list of tuple of int
        ``e_ij - m_j`` per sample (non-negative).
    names : list of str
        Chart variables: the network's parameters, then per output ``a[k]``, ``U[k,j]``, ``B[k]``.
    R : PolyRing
    gens : tuple
    a_idx, B_idx : list of int
        Indices of ``a_k`` and ``B_k``; ``U_idx[k]`` lists the ``U_kj``.
    F : PolyElement or None
        The augmented loss in the chart (None when the base network is not polynomial).
    """

    problem: Problem
    q: int
    shifts: list
    exponents: list
    names: list
    R: object
    gens: tuple
    n_theta: int
    a_idx: list
    U_idx: list
    B_idx: list
    F: object = None

    @property
    def positive_idx(self) -> list[int]:
        return [i for k in range(len(self.a_idx)) for i in self.U_idx[k] + [self.B_idx[k]]]

    def exp_term(self, k: int, i: int):
        """``exp(w_k^T x_i + b_k)`` in the chart: ``B_k prod_j U_kj^(e_ij - m_j)``."""
        t = self.gens[self.B_idx[k]]
        for j, e in enumerate(self.exponents[i]):
            t = t * self.gens[self.U_idx[k][j]] ** e
        return t

    def at_a_zero(self, p):
        """``p`` with every ``a_k`` set to 0 (terms containing some ``a_k`` dropped)."""
        return self.R.from_dict({m: c for m, c in p.terms() if all(m[i] == 0 for i in self.a_idx)})

    def to_wb(self, point_chart: list) -> list:
        """Chart coordinates (floats) back to the problem's parameters ``(theta, a, w, bexp)``:
        floating point, for evidence and plots only, never for a verdict."""
        out = list(point_chart[:self.n_theta])
        for k in range(len(self.a_idx)):
            U = [point_chart[i] for i in self.U_idx[k]]
            w = [self.q * math.log(u) for u in U]
            b = math.log(point_chart[self.B_idx[k]]) - sum(m * math.log(u) for m, u in zip(self.shifts, U))
            out += [point_chart[self.a_idx[k]]] + w + [b]
        return out


def _need_exp(problem: Problem) -> None:
    if problem.exp_neuron is None:
        raise ProblemError("exp_neuron", "missing", None, 'add "exp_neuron": {"l2": "1/10"} to the problem')


def base_outputs(problem: Problem, theta: list[Fraction]) -> list[list[Fraction]]:
    """Exact outputs of the base network at a rational point (polynomial or ReLU-type).

    Examples
    --------
    >>> from symlandscape.spec import parse_problem
    >>> p = parse_problem({"network": {"widths": [1, 1, 1], "activation": "relu", "bias": True},
    ...                    "data": {"inputs": [[5], [1]], "targets": [[2], [0]]}, "exp_neuron": {"l2": 1}})
    >>> base_outputs(p, [Fraction(v) for v in (1, -3, 1, 0)])
    [[Fraction(2, 1)], [Fraction(0, 1)]]
    """
    act = problem.network.activation
    if act in ("relu", "leaky_relu"):
        from .nonlinear.piecewise import forward
        return [forward(problem, theta, list(x))[0] for x in problem.inputs]
    if act not in ("linear", "polynomial"):
        raise ProblemError("network.activation", "exact base outputs need rational values", act,
                           "use a linear, polynomial, relu or leaky_relu network")
    from .loss import _forward
    R, *th = ring([Symbol(f"t{i}") for i in range(problem.network.n_params)] or [Symbol("t0")], QQ, grevlex)
    outs = _forward(problem, R, th)
    vals = [_qq(v) for v in theta] + [QQ(0)] * (len(th) - len(theta))
    return [[_frac(o(*vals)) if len(th) > 1 else _frac(o(vals[0])) for o in row] for row in outs]


def build_chart(problem: Problem, polynomial: bool = True) -> Chart:
    """The chart ``(theta, a, U, B)`` of an exponential-neuron problem, with ``F`` when polynomial.

    Examples
    --------
    >>> from symlandscape.spec import parse_problem
    >>> p = parse_problem({"network": {"widths": [1, 1], "bias": True},
    ...                    "data": {"inputs": [[0], ["1/2"]], "targets": [[0], [1]]}, "exp_neuron": {"l2": 1}})
    >>> c = build_chart(p)
    >>> c.names, c.q, c.exponents
    (['W1[1,1]', 'b1[1]', 'a[1]', 'U[1,1]', 'B[1]'], 2, [(0,), (1,)])
    """
    _need_exp(problem)
    net = problem.network
    dx, dy = net.widths[0], net.widths[-1]
    q = 1
    for x in problem.inputs:
        for v in x:
            q = q * v.denominator // math.gcd(q, v.denominator)
    e = [[int(v * q) for v in x] for x in problem.inputs]
    shifts = [min(row[j] for row in e) for j in range(dx)]
    exps = [tuple(row[j] - shifts[j] for j in range(dx)) for row in e]
    names = list(problem.parameters[:net.n_params])
    n_theta = len(names)
    a_idx, U_idx, B_idx = [], [], []
    for k in range(1, dy + 1):
        a_idx.append(len(names))
        names.append(f"a[{k}]")
        U_idx.append(list(range(len(names), len(names) + dx)))
        names += [f"U[{k},{j}]" for j in range(1, dx + 1)]
        B_idx.append(len(names))
        names.append(f"B[{k}]")
    R, *gens = ring([Symbol(s) for s in names], QQ, grevlex)
    chart = Chart(problem, q, shifts, exps, names, R, tuple(gens), n_theta, a_idx, U_idx, B_idx)
    if polynomial and net.activation in ("linear", "polynomial"):
        from .loss import _forward
        outs = _forward(problem, R, gens[:n_theta])
        scale = _qq(problem.loss.scale)
        F = R.zero
        for i, (out, y) in enumerate(zip(outs, problem.targets)):
            for k, (o, yk) in enumerate(zip(out, y)):
                r = o + gens[a_idx[k]] * chart.exp_term(k, i) - _qq(yk)
                F += scale * r * r
        for t, lam in zip(gens[:n_theta], problem.l2_per_parameter()):
            if lam:
                F += _qq(lam) / 2 * t * t
        lam = _qq(problem.exp_neuron.l2)
        for k in range(dy):
            F += lam / 2 * gens[a_idx[k]] ** 2
        chart.F = F
    return chart


# --- linear algebra: is M * T in the span of {monomial * g_i}? ---------------------------------

def _monomials(nvars: int, idx: list[int], degree: int):
    """Exponent tuples in the variables ``idx`` of total degree <= ``degree`` (increasing degree)."""
    for d in range(degree + 1):
        for combo in itertools.combinations_with_replacement(idx, d):
            m = [0] * nvars
            for i in combo:
                m[i] += 1
            yield tuple(m)


def _mul_mono(p: dict, m: tuple) -> dict:
    return {tuple(a + b for a, b in zip(e, m)): c for e, c in p.items()}


def _key(e):
    return (sum(e), e)


class _Span:
    """Row echelon form of the vectors ``monomial * g_i`` with the combinations that give them."""

    def __init__(self):
        self.pivots: dict = {}  # leading monomial -> (vector, combination)

    def _reduce(self, vec: dict, combo: dict):
        vec, combo = dict(vec), dict(combo)
        while vec:
            lead = max(vec, key=_key)
            if lead not in self.pivots:
                return vec, combo
            c = vec[lead]
            pv, pc = self.pivots[lead]
            for e, v in pv.items():
                nv = vec.get(e, 0) - c * v
                if nv:
                    vec[e] = nv
                else:
                    vec.pop(e, None)
            for e, v in pc.items():
                nv = combo.get(e, 0) - c * v
                if nv:
                    combo[e] = nv
                else:
                    combo.pop(e, None)
        return vec, combo

    def add(self, vec: dict, label) -> None:
        vec, combo = self._reduce(vec, {label: QQ(1)})
        if vec:
            lead = max(vec, key=_key)
            c = vec[lead]
            self.pivots[lead] = ({e: v / c for e, v in vec.items()}, {e: v / c for e, v in combo.items()})

    def express(self, vec: dict):
        """The combination giving ``vec``, or None when ``vec`` is not in the span."""
        rest, combo = self._reduce(vec, {})
        if rest:
            return None
        return {e: -v for e, v in combo.items()}


def find_combination(chart: Chart, gens: list, target=None, degree: int = 2, m_degree: int = 2,
                     multiplier_vars: list[int] | None = None):
    """Cofactors ``h_i`` with ``sum_i h_i gens_i = M * target`` (``target`` default 1), ``M`` a
    monomial in the positive chart variables of degree <= ``m_degree``; None when none is found
    with cofactors of degree <= ``degree`` ("not found", not "does not exist").

    Returns ``(cofactors, M)`` as sympy ring elements.

    Examples
    --------
    >>> from symlandscape.spec import parse_problem
    >>> p = parse_problem({"network": {"widths": [1, 1], "bias": False},
    ...                    "data": {"inputs": [[1]], "targets": [[1]]}, "exp_neuron": {"l2": 1}})
    >>> c = build_chart(p)
    >>> W, a, U, B = c.gens
    >>> find_combination(c, [B * W - B])   # no: B (W - 1) vanishes at W = 1
    >>> cof, M = find_combination(c, [B * W - B, B * W + B])
    >>> M, cof
    (B[1], [-1/2, 1/2])
    """
    R, n = chart.R, len(chart.gens)
    tgt = R.one if target is None else target
    mv = list(range(n)) if multiplier_vars is None else multiplier_vars
    span = _Span()
    gdicts = [dict(g.terms()) for g in gens]
    for m in _monomials(n, mv, degree):
        for i, g in enumerate(gdicts):
            if g:
                span.add(_mul_mono(g, m), (i, m))
    for M in _monomials(n, chart.positive_idx, m_degree):
        combo = span.express(_mul_mono(dict(tgt.terms()), M))
        if combo is not None:
            cof = [R.zero for _ in gens]
            for (i, m), c in combo.items():
                cof[i] += R({m: c})
            return cof, R({M: QQ(1)})
    return None


# --- certificates --------------------------------------------------------------------------------

def _poly_json(p, n: int) -> list:
    return [[fr(_frac(c)), list(m)] for m, c in sorted(p.terms(), key=lambda t: (sum(t[0]), t[0]), reverse=True)]


def _header(problem: Problem, chart: Chart) -> dict:
    from .certificates import FORMAT, VERSION
    return {"format": FORMAT, "version": VERSION, "problem": problem_to_dict(problem),
            "parameters": problem.parameters, "field": None}


def _critical_gens(chart: Chart) -> tuple[list, list]:
    """``[(label, polynomial)]`` of the gradient components at ``a = 0`` (non-zero ones) and the
    Hessian entries ``d2F/(da_k dU_kj)`` at ``a = 0``."""
    F = chart.F
    grads = [("grad", chart.names[i], chart.at_a_zero(F.diff(g))) for i, g in enumerate(chart.gens)
             if i not in chart.a_idx]
    grads += [("grad", chart.names[i], chart.at_a_zero(F.diff(chart.gens[i]))) for i in chart.a_idx]
    hess = []
    for k, ai in enumerate(chart.a_idx):
        dFa = F.diff(chart.gens[ai])
        for j, ui in enumerate(chart.U_idx[k]):
            hess.append(("hess_aU", [chart.names[ai], chart.names[ui]], chart.at_a_zero(dFa.diff(chart.gens[ui]))))
    return [g for g in grads if g[2]], [h for h in hess if h[2]]


def _entries(labels, cof, n) -> list:
    out = []
    for (kind, var, _), h in zip(labels, cof):
        if h:
            out.append({"of": kind, "at": var, "cofactor": _poly_json(h, n)})
    return out


def no_local_min_certificate(problem: Problem, reference: str = "", degree: int = 2, m_degree: int = 2):
    """A certificate that ``L~`` has **no local minimum** (Kawaguchi-Kaelbling failure mode), or None.

    The claim holds when every critical point has a negative 2x2 principal minor on
    ``(a_k, U_kj)``: ``d2F/dU_kj^2`` is a multiple of ``a_k`` (0 at ``a = 0``) and
    ``d2F/(da_k dU_kj) != 0``. The certificate is an identity
    ``sum h * (critical equations and all d2F/(da dU) at a = 0) = M`` with ``M`` a monomial in
    ``U, B`` (positive on the orthant), so no critical point has all those entries zero.

    Examples
    --------
    >>> from symlandscape.spec import parse_problem
    >>> p = parse_problem({"network": {"widths": [1, 1, 1], "activation": "polynomial", "coefficients": [1]},
    ...                    "data": {"inputs": [[0], [1]], "targets": [[0], [1]]}, "exp_neuron": {"l2": "1/10"}})
    >>> cert = no_local_min_certificate(p)
    >>> cert["claim"], cert["hints"]["positive"]
    ({'type': 'exp_neuron', 'statement': 'no_local_min'}, [['1', [0, 0, 0, 0, 1]]])
    """
    chart = build_chart(problem)
    if chart.F is None:
        return None
    grads, hess = _critical_gens(chart)
    labels = grads + hess
    found = find_combination(chart, [g[2] for g in labels], degree=degree, m_degree=m_degree,
                             multiplier_vars=[i for i in range(len(chart.gens)) if i not in chart.a_idx])
    if found is None:
        return None
    cof, M = found
    return _combination_certificate(problem, chart, "no_local_min", _entries(labels, cof, len(chart.gens)), M,
                                    reference)


def _combination_certificate(problem, chart, statement: str, combination: list, M, reference: str) -> dict:
    """An ``exp_neuron`` certificate: the claim ``statement`` and the hints ``sum h g = M`` (M of
    one sign on the orthant) in the chart's variables."""
    cert = _header(problem, chart)
    cert["claim"] = {"type": "exp_neuron", "statement": statement}
    cert["hints"] = {"chart": chart.names, "combination": combination, "positive": _poly_json(M, len(chart.gens))}
    cert["provenance"] = _prov(reference)
    return cert


def residual_sums(chart: Chart) -> list:
    """``[((k, exponents of U_k), R(theta))]``: ``dF/da_k`` at ``a = 0`` split by its ``(U_k, B_k)``
    monomials; the coefficients are ``2 scale`` times the residuals summed over each distinct input."""
    out = []
    for k, ai in enumerate(chart.a_idx):
        P = chart.at_a_zero(chart.F.diff(chart.gens[ai]))
        parts: dict = {}
        for m, c in P.terms():
            key = (k + 1,) + tuple(m[u] for u in chart.U_idx[k])
            theta_part = tuple(e if i < chart.n_theta else 0 for i, e in enumerate(m))
            parts.setdefault(key, {})[theta_part] = c
        out += [(key, chart.R.from_dict(d)) for key, d in sorted(parts.items())]
    return out


def no_local_min_residual_certificate(problem: Problem, reference: str = "", degree: int = 2):
    """A certificate that ``L~`` has **no local minimum** from the residual sums; or None.

    At a local minimum ``a = 0`` (identity) and, by Lemma 2 at its ``theta``, every residual sum
    ``R_(k, x)(theta)`` (residuals summed over the samples with input ``x``) vanishes. The
    certificate is ``sum_(k, x) h_(k, x)(theta) R_(k, x)(theta) = c != 0``: no ``theta`` makes them all
    vanish (the base network cannot fit the per-input means). Unlike
    :func:`no_local_min_certificate` this works when the second-order test is inconclusive.

    Examples
    --------
    >>> from symlandscape.spec import parse_problem
    >>> p = parse_problem({"network": {"widths": [1, 1], "bias": True}, "exp_neuron": {"l2": "1/10"},
    ...                    "data": {"inputs": [[0], [1], [2]], "targets": [[0], [1], [0]]}})
    >>> no_local_min_certificate(p) is None       # P and d2F/(da dU) vanish together at w = 0
    True
    >>> [e["cofactor"] for e in no_local_min_residual_certificate(p)["hints"]["combination"]]
    [[['1/2', [0, 0, 0, 0, 0]]], [['-1', [0, 0, 0, 0, 0]]], [['1/2', [0, 0, 0, 0, 0]]]]
    """
    chart = build_chart(problem)
    if chart.F is None:
        return None
    sums = residual_sums(chart)
    found = find_combination(chart, [r for _, r in sums], degree=degree, m_degree=0,
                             multiplier_vars=list(range(chart.n_theta)))
    if found is None:
        return None
    cof, M = found
    combination = [{"of": "residual", "at": list(key), "cofactor": _poly_json(h, len(chart.gens))}
                   for (key, _), h in zip(sums, cof) if h]
    return _combination_certificate(problem, chart, "no_local_min_residuals", combination, M, reference)


def per_input_optimum(problem: Problem) -> Fraction:
    """``L* = scale sum_k sum_(distinct x) sum_(i: x_i = x) (y_ik - mean_(i: x_i = x) y_ik)^2``: the least
    squared loss of any predictor (a lower bound of ``L~``; attained iff the network can output
    the mean target at every distinct input).

    Examples
    --------
    >>> from symlandscape.spec import parse_problem
    >>> per_input_optimum(parse_problem({"network": {"widths": [1, 1]}, "exp_neuron": {"l2": 1},
    ...                                  "data": {"inputs": [[1], [1], [2]], "targets": [[0], [2], [5]]}}))
    Fraction(1, 1)
    """
    groups: dict = {}
    for x, y in zip(problem.inputs, problem.targets):
        groups.setdefault(tuple(x), []).append(y)
    total = Fraction(0)
    for ys in groups.values():
        for k in range(len(ys[0])):
            mean = sum((y[k] for y in ys), Fraction(0)) / len(ys)
            total += sum(((y[k] - mean) ** 2 for y in ys), Fraction(0))
    return problem.loss.scale * total


def critical_global_certificate(problem: Problem, reference: str = "", degree: int = 2, m_degree: int = 2):
    """A certificate that every critical point of ``L~`` has ``a = 0`` and ``L~ = L*`` (the
    per-input optimum, :func:`per_input_optimum`, a lower bound of ``L~``): every critical point
    is a global minimum of ``L~`` and its ``theta`` a global minimum of ``L``; or None.

    The identity is ``sum h * (critical equations at a = 0) = M * (F|_{a=0} - L*)``.

    Examples
    --------
    >>> from symlandscape.spec import parse_problem
    >>> p = parse_problem({"network": {"widths": [1, 1, 1]}, "exp_neuron": {"l2": "1/10"},
    ...                    "data": {"inputs": [[1], [1]], "targets": [[0], [2]]}})
    >>> cert = critical_global_certificate(p)
    >>> cert["claim"], cert["hints"]["positive"]
    ({'type': 'exp_neuron', 'statement': 'critical_points_global'}, [['1', [0, 0, 0, 0, 1]]])
    """
    chart = build_chart(problem)
    if chart.F is None:
        return None
    grads, _ = _critical_gens(chart)
    target = chart.at_a_zero(chart.F) - _qq(per_input_optimum(problem))
    found = find_combination(chart, [g[2] for g in grads], target=target, degree=degree, m_degree=m_degree,
                             multiplier_vars=[i for i in range(len(chart.gens)) if i not in chart.a_idx])
    if found is None:
        return None
    cof, M = found
    return _combination_certificate(problem, chart, "critical_points_global", _entries(grads, cof, len(chart.gens)),
                                    M, reference)


def slice_certificate(problem: Problem, theta0: list[Fraction], reference: str = ""):
    """A certificate that **no** point ``(theta0, a = 0, w, b)`` is a local minimum of ``L~``; or None.

    ``theta0`` is fixed (any base network with rational outputs: linear, polynomial, ReLU-type),
    so the base network need not be differentiable there. In the chart,
    ``L~(theta0, a, U, B) = L0 + sum_k (a_k P_k(U, B) + a_k^2 Q_k(U, B))`` with
    ``Q_k >= lam/2 > 0``. If ``P_k`` is not the zero polynomial, no point with ``a = 0`` is a local
    minimum (docs/expneuron.md, Lemma 2: at a zero ``U0`` of ``P_k`` of order ``mu`` along a line
    ``U0 + t v``, the curve ``a_k = -s t^mu`` lowers ``L~`` at order ``t^(2 mu)``). The certificate
    names ``k`` and a monomial with a non-zero coefficient of ``P_k``; ``P_k = 0`` identically
    exactly when the residuals summed over each distinct input vanish (the paper's condition).

    Examples
    --------
    >>> from symlandscape.spec import parse_problem
    >>> p = parse_problem({"network": {"widths": [1, 1, 1], "activation": "relu", "bias": True}, "loss": {"scale": 1},
    ...                    "data": {"inputs": [[5], [4], [3], [1], [-1]], "targets": [[2], [1], [0], [-3], [3]]},
    ...                    "exp_neuron": {"l2": "1/10"}})
    >>> slice_certificate(p, [Fraction(v) for v in (1, -3, 1, 0)])["hints"]
    {'chart': ['W1[1,1]', 'b1[1]', 'W2[1,1]', 'b2[1]', 'a[1]', 'U[1,1]', 'B[1]'], 'output': 1, 'monomial': [0, 0, 0, 0, 0, 2, 1], 'coefficient': '6'}
    """
    chart = build_chart(problem, polynomial=False)
    outs = base_outputs(problem, theta0)
    for k in range(len(chart.a_idx)):
        P = slice_gradient(chart, outs, k)
        if P:
            m, c = max(P.terms(), key=lambda t: (sum(t[0]), t[0]))
            cert = _header(problem, chart)
            cert["claim"] = {"type": "exp_neuron", "statement": "slice_no_local_min",
                             "theta": [fr(t) for t in theta0]}
            cert["hints"] = {"chart": chart.names, "output": k + 1, "monomial": list(m), "coefficient": fr(_frac(c))}
            cert["provenance"] = _prov(reference)
            return cert
    return None


def slice_gradient(chart: Chart, outs: list, k: int):
    """``P_k = dL~/da_k`` at ``a = 0`` with ``theta`` fixed (base outputs ``outs``), in the chart."""
    scale = _qq(chart.problem.loss.scale)
    P = chart.R.zero
    for i, (o, y) in enumerate(zip(outs, chart.problem.targets)):
        P += 2 * scale * (_qq(o[k]) - _qq(y[k])) * chart.exp_term(k, i)
    return P


def _prov(reference: str) -> dict:
    from .certificates import provenance
    return provenance(reference or None, timestamp=False)


# --- numerical evidence ------------------------------------------------------------------------

def gradient_descent(problem: Problem, start: list, steps: int = 2000, lr: str = "1/10", dps: int = 30,
                     record: tuple = (0, 10, 100, 1000, 2000)) -> list[dict]:
    """Gradient descent with backtracking (Armijo) steps on ``L~`` in the original coordinates
    ``(theta, a, w, bexp)`` (mpmath, ``dps`` digits): **evidence**, never a verdict. Polynomial
    base networks only; the step starts at ``lr`` and is halved until the loss decreases enough.

    Returns one record per step in ``record``: the step, ``L~``, ``theta``, ``a``, ``w``, ``bexp``,
    ``|grad|``.

    Examples
    --------
    >>> from symlandscape.spec import parse_problem
    >>> p = parse_problem({"network": {"widths": [1, 1, 1], "activation": "polynomial", "coefficients": [1]},
    ...                    "data": {"inputs": [[0], [1]], "targets": [[0], [1]]}, "exp_neuron": {"l2": "1/10"}})
    >>> rec = gradient_descent(p, ["0", "1/2", "1/2", "0", "0"], steps=50, lr="1", record=(0, 50))
    >>> [r["loss"] for r in rec]        # evidence: the loss falls below L's minimum 1/4
    ['0.5125', '0.00739655837711']
    """
    import mpmath
    chart = build_chart(problem)
    if chart.F is None:
        raise ProblemError("network.activation", "gradient descent here needs a polynomial base network",
                           problem.network.activation)
    n_theta, K, dx = chart.n_theta, len(chart.a_idx), problem.network.widths[0]
    F = chart.F
    grad = [F.diff(x) for x in chart.gens]
    out = []
    with mpmath.workdps(dps):
        lr_m = mpmath.mpf(Fraction(lr).numerator) / Fraction(lr).denominator
        p = [mpmath.mpf(Fraction(v).numerator) / Fraction(v).denominator for v in start]

        def to_chart(p):
            c = list(p[:n_theta])
            pos = n_theta
            for k in range(K):
                a, w, b = p[pos], p[pos + 1: pos + 1 + dx], p[pos + 1 + dx]
                pos += dx + 2
                c += [a] + [mpmath.exp(wj / chart.q) for wj in w]
                c.append(mpmath.exp(b + sum(m * wj / chart.q for m, wj in zip(chart.shifts, w))))
            return c

        ev = evaluate_approx

        def grad_wb(p):
            c = to_chart(p)
            gc = [ev(gi, c) for gi in grad]
            # chain rule: d/dw_kj = (U_kj/q) d/dU_kj + (m_j/q) B_k d/dB_k ; d/db_k = B_k d/dB_k
            g = list(gc[:n_theta])
            for k in range(K):
                gB = c[chart.B_idx[k]] * gc[chart.B_idx[k]]
                g.append(gc[chart.a_idx[k]])
                g += [c[u] * gc[u] / chart.q + m * gB / chart.q for u, m in zip(chart.U_idx[k], chart.shifts)]
                g.append(gB)
            return c, g

        t = lr_m
        for step in range(steps + 1):
            c, g = grad_wb(p)
            value = ev(F, c)
            g2 = sum(x * x for x in g)
            if step in record:
                out.append({"step": step, "loss": mpmath.nstr(value, 12),
                            "theta": [mpmath.nstr(x, 8) for x in p[:n_theta]],
                            "a": [mpmath.nstr(c[i], 8) for i in chart.a_idx],
                            "w": [mpmath.nstr(p[n_theta + k * (dx + 2) + 1 + j], 8) for k in range(K)
                                  for j in range(dx)],
                            "bexp": [mpmath.nstr(p[n_theta + k * (dx + 2) + dx + 1], 8) for k in range(K)],
                            "grad_norm": mpmath.nstr(mpmath.sqrt(g2), 6)})
            t = min(2 * t, lr_m)  # backtracking (Armijo) step: monotone descent
            while t > mpmath.mpf(2) ** -60:
                new = [x - t * gx for x, gx in zip(p, g)]
                if ev(F, to_chart(new)) <= value - t * g2 / 2:
                    break
                t /= 2
            p = new
    return out
