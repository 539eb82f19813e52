"""Builders of hand-made certificates for the checker tests.

Uses sympy only as a test tool (to expand polynomials and to re-evaluate claims
independently of the checker); the checker itself never imports it.
"""

from __future__ import annotations

import copy
from fractions import Fraction

import sympy as sp

__all__ = ["Q", "problem", "names_of", "symbols_of", "sym_loss", "poly", "polys", "cert",
           "point_cert", "stratum_cert", "VALID", "valid_certificates"]


def Q(x) -> str:
    """Canonical rational text."""
    f = Fraction(str(x)) if not isinstance(x, Fraction) else x
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def problem(widths, inputs, targets, scale="1/2", l2="0", bias=False, coefficients=None) -> dict:
    """Canonical problem dict (l2: scalar, one per layer, or matrices)."""
    layers = len(widths) - 1
    if not isinstance(l2, list):
        l2 = [l2] * layers
    mats = []
    for l, entry in enumerate(l2, start=1):
        if isinstance(entry, list):
            mats.append([[Q(x) for x in row] for row in entry])
        else:
            mats.append([[Q(entry)] * widths[l - 1] for _ in range(widths[l])])
    net = {"widths": list(widths), "activation": "polynomial" if coefficients else "linear", "bias": bias}
    if coefficients:
        net["coefficients"] = [Q(c) for c in coefficients]
    return {"name": "test", "network": net, "loss": {"kind": "squared", "scale": Q(scale)}, "l2": mats,
            "data": {"inputs": [[Q(v) for v in row] for row in inputs],
                     "targets": [[Q(v) for v in row] for row in targets]}}


def names_of(prob: dict) -> list[str]:
    w, bias = prob["network"]["widths"], prob["network"]["bias"]
    out = []
    for l in range(1, len(w)):
        out += [f"W{l}[{i + 1},{j + 1}]" for i in range(w[l]) for j in range(w[l - 1])]
        if bias:
            out += [f"b{l}[{i + 1}]" for i in range(w[l])]
    return out


def symbols_of(prob: dict) -> list[sp.Symbol]:
    return [sp.Symbol(n) for n in names_of(prob)]


def sym_loss(prob: dict) -> tuple[sp.Expr, list[sp.Symbol]]:
    """The loss as a sympy expression (independent re-implementation for the tests)."""
    syms = symbols_of(prob)
    net = prob["network"]
    w, bias = net["widths"], net["bias"]
    coeffs = [sp.Rational(c) for c in net.get("coefficients", [])]
    pos, layers = 0, []
    for l in range(1, len(w)):
        W = sp.Matrix(w[l], w[l - 1], syms[pos:pos + w[l] * w[l - 1]])
        pos += w[l] * w[l - 1]
        b = sp.Matrix(syms[pos:pos + w[l]]) if bias else sp.zeros(w[l], 1)
        pos += w[l] if bias else 0
        layers.append((W, b))
    total = 0
    for x, y in zip(prob["data"]["inputs"], prob["data"]["targets"]):
        a = sp.Matrix([sp.Rational(v) for v in x])
        for k, (W, b) in enumerate(layers):
            a = W * a + b
            if k < len(layers) - 1 and net["activation"] == "polynomial":
                a = a.applyfunc(lambda z: sum(c * z ** i for i, c in enumerate(coeffs)))
        r = a - sp.Matrix([sp.Rational(v) for v in y])
        total += (r.T * r)[0, 0]
    L = sp.Rational(prob["loss"]["scale"]) * total
    pos = 0
    for l in range(1, len(w)):
        for row in prob["l2"][l - 1]:
            for lam in row:
                L += sp.Rational(lam) / 2 * syms[pos] ** 2
                pos += 1
        pos += w[l] if bias else 0
    return sp.expand(L), syms


def poly(expr, syms) -> list:
    """JSON polynomial of a sympy expression."""
    expr = sp.expand(sp.sympify(expr))
    if expr == 0:
        return []
    return [[str(sp.Rational(c)), list(m)] for m, c in sp.Poly(expr, *syms).terms()]


def polys(exprs, syms) -> list:
    return [poly(e, syms) for e in exprs]


def cert(prob: dict, claim: dict, hints: dict, field=None) -> dict:
    return {"format": "symlandscape-certificate", "version": 1, "problem": prob,
            "parameters": names_of(prob), "field": field, "claim": claim, "hints": hints,
            "provenance": {"package": "tests"}, "evidence": {"approx": 0.5}}


def point_cert(prob, point, value, kind, hints, field=None) -> dict:
    fix = (lambda v: v if isinstance(v, list) else Q(v))
    return cert(prob, {"type": "point", "point": [fix(v) for v in point], "value": fix(value), "kind": kind},
                hints, field)


def stratum_cert(prob, equations, inequations, value, kind, hints) -> dict:
    syms = symbols_of(prob)
    return cert(prob, {"type": "stratum", "equations": polys(equations, syms),
                       "inequations": polys(inequations, syms), "value": Q(value), "kind": kind}, hints)


def reduce_by(expr, equations, syms) -> list:
    """Cofactors q_k with expr = sum q_k e_k (sympy division; remainder must be 0)."""
    q, r = sp.reduced(sp.expand(expr), [sp.expand(e) for e in equations], *syms)
    assert sp.expand(r) == 0, f"{expr} is not in the ideal"
    return [sp.expand(x) for x in q]


def membership(prob, equations, value, power=1) -> dict:
    L, syms = sym_loss(prob)
    grad = [reduce_by(sp.diff(L, s), equations, syms) for s in syms]
    val = reduce_by((L - sp.Rational(value)) ** power, equations, syms)
    return {"gradient": [polys(g, syms) for g in grad], "value": {"power": power, "cofactors": polys(val, syms)}}


# --- the problems ------------------------------------------------------------------------

CHAIN2 = problem([1, 1, 1], [[1]], [[1]])
CHAIN3 = problem([1, 1, 1, 1], [[1]], [[1]])
CHAIN4 = problem([1, 1, 1, 1, 1], [[1]], [[1]])
REG3 = problem([1, 1, 1, 1], [[1]], [[2]], l2=["1/10", "2/10", "3/10"])
REG2 = problem([1, 1, 1], [[1]], [[2]], l2=["1/10", "2/10"])
SQUARE = problem([1, 1, 1], [[1]], [[1]], coefficients=[0, 0, 1])       # f = w2 (w1 x)^2
SQUARE2 = problem([1, 1, 1], [[1]], [[2]], coefficients=[0, 0, 1])
EY = problem([2, 1, 2], [[1, 0], [0, 1]], [[2, 0], [0, 1]])
AFFINE = problem([1, 1], [[0], [1], [2]], [[0], [1], [1]], bias=True)
BIAS2 = problem([1, 1, 1], [[0], [1], [2]], [[0], [1], [1]], bias=True)

#: beta = sqrt(sqrt(2) - 1/10): root of T^4 + T^2/5 - 199/100 in (1, 2).
BETA_FIELD = {"minpoly": ["-199/100", "0", "1/5", "0", "1"], "interval": ["1", "2"]}
#: the same root, given by a reducible polynomial (times T^2 - 3; sqrt 3 lies outside (1, 3/2)).
BETA_FIELD_REDUCIBLE = {"minpoly": ["597/100", "0", "-259/100", "0", "-14/5", "0", "1"],
                        "interval": ["1", "3/2"]}
SQRT2_FIELD = {"minpoly": ["-2", "0", "1"], "interval": ["1", "2"]}


def _chain3_line_saddle() -> dict:
    w1, w2, w3 = symbols_of(CHAIN3)
    eqs = [w1, w2]
    L, syms = sym_loss(CHAIN3)
    H = sp.hessian(L, syms)

    def direction(v, sign):
        q = sp.expand((sp.Matrix(v).T * H * sp.Matrix(v))[0, 0] + sign * 2 * w3 ** 2)
        return {"vector": polys(v, syms), "squares": [["2", poly(w3, syms)]],
                "cofactors": polys(reduce_by(q, eqs, syms), syms)}

    hints = {"membership": membership(CHAIN3, eqs, "1/2"),
             "negative_direction": direction([1, w3, 0], +1),
             "positive_direction": direction([1, -w3, 0], -1)}
    return stratum_cert(CHAIN3, eqs, [w3], "1/2", "strict_saddle", hints)


def _chain3_line_variants() -> dict:
    """Additions to version 1 on the 3-chain line {w1 = w2 = 0}, w3 != 0 (L = 1/2 there)."""
    w1, w2, w3 = syms = symbols_of(CHAIN3)
    eqs = [w1, w2]
    L, _ = sym_loss(CHAIN3)
    H = sp.hessian(L, syms)
    out = {}
    # a power of the inequation as the first square: v = (w3, w3^2, 0), v^T H v = -2 w3^4 on the line
    v = [w3, w3 ** 2, 0]
    q = sp.expand((sp.Matrix(v).T * H * sp.Matrix(v))[0, 0] + 2 * w3 ** 4)
    base = _chain3_line_saddle()
    c = copy.deepcopy(base)
    c["hints"]["negative_direction"] = {"vector": polys(v, syms), "squares": [["2", poly(w3 ** 2, syms)]],
                                        "cofactors": polys(reduce_by(q, eqs, syms), syms)}
    out["chain3_line_square_of_power"] = c
    # a negative 2x2 principal minor: det H[{1,2}] = -w3^2 on the line (replaces both directions)
    det = sp.expand(H[0, 0] * H[1, 1] - H[0, 1] ** 2 + w3 ** 2)
    c = copy.deepcopy(base)
    del c["hints"]["negative_direction"], c["hints"]["positive_direction"]
    c["hints"]["negative_minor"] = {"indices": [0, 1], "squares": [["1", poly(w3, syms)]],
                                    "cofactors": polys(reduce_by(det, eqs, syms), syms)}
    out["chain3_line_negative_minor"] = c
    # algebraic value relation q(L) = 0 with q = (2T - 1)(T^2 - 2): value as root_of, as null, as 1/2
    T = sp.Symbol("T")
    qT = sp.expand((2 * T - 1) * (T ** 2 - 2))
    q_json = [str(x) for x in reversed(sp.Poly(qT, T).all_coeffs())]
    rel = reduce_by(qT.subs(T, L), eqs, syms)
    for name, value in (("root_of", {"root_of": q_json, "interval": ["0", "1"]}), ("null", None), ("rational", "1/2")):
        c = copy.deepcopy(base)
        c["claim"]["value"] = value
        c["hints"]["membership"]["value"] = {"power": 1, "cofactors": polys(rel, syms), "minpoly": q_json}
        out[f"chain3_line_value_{name}"] = c
    return out


def _chain4_line_nonstrict() -> dict:
    w1, w2, w3, w4 = syms = symbols_of(CHAIN4)
    eqs = [w1, w2, w3]
    L, _ = sym_loss(CHAIN4)
    H = sp.hessian(L, syms)
    n = len(syms)
    hcof = [[polys(reduce_by(H[i, j], eqs, syms), syms) for j in range(n)] for i in range(n)]
    t = sp.Symbol("t")

    def curve(c, sign):
        gamma = {s: s + t * ci for s, ci in zip(syms, c)}
        diff = sp.expand(L.subs(gamma, simultaneous=True) - L)
        a = [diff.coeff(t, j) for j in range(4)]
        return {"coefficients": [polys(c, syms)], "order": 3,
                "lower": [polys(reduce_by(a[j], eqs, syms), syms) for j in (1, 2)],
                "squares": [["1", poly(w4, syms)]],
                "cofactors": polys(reduce_by(a[3] + sign * w4 ** 2, eqs, syms), syms)}

    hints = {"membership": membership(CHAIN4, eqs, "1/2"),
             "hessian": {"method": "zero", "cofactors": hcof},
             "descent_curve": curve([w4, 1, 1, 0], +1),
             "ascent_curve": curve([-w4, 1, 1, 0], -1)}
    return stratum_cert(CHAIN4, eqs, [w4], "1/2", "nonstrict_saddle", hints)


def _hyperbola(method) -> dict:
    w1, w2 = syms = symbols_of(CHAIN2)
    e = w1 * w2 - 1
    hints = {"membership": {"gradient": [[poly(w2, syms)], [poly(w1, syms)]],
                            "value": {"power": 1, "cofactors": [poly(e / 2, syms)]}},
             "lower_bound": {"method": method}}
    return stratum_cert(CHAIN2, [e], [], 0, "global_min", hints)


def _square_manifold() -> dict:
    w1, w2 = syms = symbols_of(SQUARE)
    e = w2 * w1 ** 2 - 1
    hints = {"membership": membership(SQUARE, [e], 0, 2), "lower_bound": {"method": "nonnegative"}}
    return stratum_cert(SQUARE, [e], [w1], 0, "global_min", hints)


BETA_POINT = [["0", "1/10", "0", "1"], ["0", "1"]]     # (sqrt2 * beta, beta) = (beta^3 + beta/10, beta)
BETA_VALUE = ["1/100", "0", "1/5"]                      # 1/100 + beta^2 / 5


def valid_certificates() -> dict[str, dict]:
    """Every hand-made valid certificate, by name, with its expected status."""
    morse_hint = {"method": "morse_bott", "parametrization": ["0", [["1", [1]]]], "at": ["-1"], "rank": 1}
    morse_rational = {"method": "morse_bott",
                      "parametrization": [{"num": [], "den": [["1", [0]]]},
                                          {"num": [["-1", [0]]], "den": [["1", [1]]]}],
                      "at": ["1"], "rank": 1}
    return {
        "chain2_min_nonnegative": point_cert(CHAIN2, [1, 1], 0, "global_min", {"lower_bound": {"method": "nonnegative"}}),
        "chain2_min_least_squares": point_cert(CHAIN2, [1, 1], 0, "global_min",
                                               {"lower_bound": {"method": "least_squares"}}),
        "chain2_origin_strict_saddle": point_cert(CHAIN2, [0, 0], "1/2", "strict_saddle",
                                                  {"negative_direction": ["1", "1"], "positive_direction": ["1", "-1"]}),
        "chain3_origin_nonstrict": point_cert(CHAIN3, [0, 0, 0], "1/2", "nonstrict_saddle",
                                              {"hessian": {"method": "positive_semidefinite"},
                                               "descent_curve": [["1", "1", "1"]],
                                               "ascent_curve": [["-1", "-1", "-1"]]}),
        "square_origin_nonstrict": point_cert(SQUARE, [0, 0], "1/2", "nonstrict_saddle",
                                              {"hessian": {"method": "positive_semidefinite"},
                                               "descent_curve": [["1", "1"]], "ascent_curve": [["1", "-1"]]}),
        "reg3_origin_local_min": point_cert(REG3, [0, 0, 0], 2, "local_min",
                                            {"better_point": ["2", "1", "1"], "hessian": {"method": "positive_definite"}}),
        "reg2_origin_strict_saddle": point_cert(REG2, [0, 0], 2, "strict_saddle",
                                                {"negative_direction": ["1", "1"], "positive_direction": ["1", "0"]}),
        "reg2_algebraic_global_min": point_cert(REG2, BETA_POINT, BETA_VALUE, "global_min",
                                                {"lower_bound": {"method": "least_critical_value",
                                                                 "critical_values": [BETA_VALUE, "2"]}}, BETA_FIELD),
        "reg2_algebraic_reducible_minpoly": point_cert(
            REG2, BETA_POINT, BETA_VALUE, "global_min",
            {"lower_bound": {"method": "least_critical_value", "critical_values": ["2", BETA_VALUE]}},
            BETA_FIELD_REDUCIBLE),
        "square2_sqrt2_global_min": point_cert(SQUARE2, [["0", "1"], 1], 0, "global_min",
                                               {"lower_bound": {"method": "nonnegative"}}, SQRT2_FIELD),
        "square_morse_bott_local_min": point_cert(SQUARE, [0, -1], "1/2", "local_min",
                                                  {"better_point": ["1", "1"], "hessian": morse_hint}),
        "square_morse_bott_rational_param": point_cert(SQUARE, [0, -1], "1/2", "local_min",
                                                       {"better_point": ["1", "1"], "hessian": morse_rational}),
        "eckart_young": point_cert(EY, [1, 0, 2, 0], "1/2", "global_min",
                                   {"lower_bound": {"method": "eckart_young", "eigenvalues": ["4", "1"]}}),
        "affine_least_squares_bias": point_cert(AFFINE, ["1/2", "1/6"], "1/12", "global_min",
                                                {"lower_bound": {"method": "least_squares"}}),
        "bias2_least_squares": point_cert(BIAS2, ["1", "0", "1/2", "1/6"], "1/12", "global_min",
                                          {"lower_bound": {"method": "least_squares"}}),
        "chain2_hyperbola_stratum": _hyperbola("nonnegative"),
        "chain2_hyperbola_stratum_least_squares": _hyperbola("least_squares"),
        "square_manifold_stratum_power2": _square_manifold(),
        "chain3_line_strict_saddle_stratum": _chain3_line_saddle(),
        "chain4_line_nonstrict_stratum": _chain4_line_nonstrict(),
        "chain2_min_least_critical_value_linear": point_cert(CHAIN2, [1, 1], 0, "global_min",
                                                             {"lower_bound": {"method": "least_critical_value"}}),
        "chain2_origin_saddle_ascent_curve": point_cert(CHAIN2, [0, 0], "1/2", "strict_saddle",
                                                        {"negative_direction": ["1", "1"],
                                                         "ascent_curve": [["1", "-1"]]}),
        **_chain3_line_variants(),
    }


_CACHE: dict = {}


def VALID() -> dict[str, dict]:
    """Cached valid certificates (deep copies, safe to mutate)."""
    if not _CACHE:
        _CACHE.update(valid_certificates())
    return copy.deepcopy(_CACHE)
