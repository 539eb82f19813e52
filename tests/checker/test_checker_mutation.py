"""Mutation tests: a mutated certificate whose claim is false must be refused.

The falsity of a mutated claim is decided independently of the checker: by sympy
(exact, rational points) or by mpmath at 50 digits with a wide margin (algebraic
points). Mutations of hints leave the claim true; there the checker may accept or
refuse but must never crash.
"""

from __future__ import annotations

import copy
import json
from fractions import Fraction

import mpmath
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from checker_builders import Q, VALID, sym_loss
from symlandscape.checker import KINDS, NOT_VERIFIED, check_certificate

PROFILE = settings(max_examples=60, derandomize=True, deadline=None)
NAMES = sorted(VALID())
POINT_NAMES = [n for n in NAMES if VALID()[n]["claim"]["type"] == "point"]
STRATUM_NAMES = [n for n in NAMES if VALID()[n]["claim"]["type"] == "stratum"]
deltas = st.fractions(min_value=-3, max_value=3, max_denominator=4).filter(lambda q: q != 0)

#: one exact point of every stratum, to decide whether a mutated problem keeps it critical
STRATUM_SAMPLES = {
    "chain2_hyperbola_stratum": [2, Fraction(1, 2)],
    "chain2_hyperbola_stratum_least_squares": [2, Fraction(1, 2)],
    "square_manifold_stratum_power2": [2, Fraction(1, 4)],
    "chain3_line_strict_saddle_stratum": [0, 0, 3],
    "chain4_line_nonstrict_stratum": [0, 0, 0, 3],
    "chain3_line_square_of_power": [0, 0, 3],
    "chain3_line_negative_minor": [0, 0, 3],
    "chain3_line_value_root_of": [0, 0, 3],
    "chain3_line_value_null": [0, 0, 3],
    "chain3_line_value_rational": [0, 0, 3],
}

_LOSS: dict = {}


def loss_of(prob):
    key = json.dumps(prob, sort_keys=True)
    if key not in _LOSS:
        L, syms = sym_loss(prob)
        _LOSS[key] = (L, syms, [sp.diff(L, s) for s in syms])
    return _LOSS[key]


def _add(num, delta):
    """num + delta for a rational string or a field element list."""
    if isinstance(num, list):
        return [Q(Fraction(num[0]) + delta)] + num[1:]
    return Q(Fraction(num) + delta)


def _numeric(c, num):
    """High-precision value of a number of certificate c."""
    if not isinstance(num, list):
        return mpmath.mpf(Fraction(num).numerator) / Fraction(num).denominator
    field = c["field"]
    coeffs = [Fraction(x) for x in field["minpoly"]]
    lo, hi = (Fraction(x) for x in field["interval"])
    f = (lambda T: sum(mpmath.mpf(q.numerator) / q.denominator * T ** i for i, q in enumerate(coeffs)))
    alpha = mpmath.findroot(f, (mpmath.mpf(lo.numerator) / lo.denominator, mpmath.mpf(hi.numerator) / hi.denominator),
                            solver="anderson")
    return sum(mpmath.mpf(Fraction(a).numerator) / Fraction(a).denominator * alpha ** i for i, a in enumerate(num))


def point_claim_is_false(c) -> bool:
    """True if the point is provably not critical or L(point) != value (independent oracle)."""
    L, syms, grad = loss_of(c["problem"])
    point, value = c["claim"]["point"], c["claim"]["value"]
    if c["field"] is None:
        at = {s: sp.Rational(v) for s, v in zip(syms, point)}
        return any(g.subs(at) != 0 for g in grad) or L.subs(at) != sp.Rational(value)
    with mpmath.workdps(50):
        at = {s: _numeric(c, v) for s, v in zip(syms, point)}
        vals = [sp.lambdify(syms, g, "mpmath")(*at.values()) for g in grad]
        Lv = sp.lambdify(syms, L, "mpmath")(*at.values())
        return any(abs(v) > mpmath.mpf(10) ** -30 for v in vals) or abs(Lv - _numeric(c, value)) > mpmath.mpf(10) ** -30


def stratum_claim_is_false(name, c) -> bool:
    """Provably false at the stratum's sample point: not critical, or the stated value relation fails."""
    L, syms, grad = loss_of(c["problem"])
    at = {s: sp.Rational(v) for s, v in zip(syms, STRATUM_SAMPLES[name])}
    if any(g.subs(at) != 0 for g in grad):
        return True
    value, Lv = c["claim"]["value"], L.subs(at)
    q = c["hints"]["membership"]["value"].get("minpoly")
    if isinstance(value, str) and (q is None or len(q) == 2) and Lv != sp.Rational(value):
        return True
    return q is not None and sum(sp.Rational(a) * Lv ** i for i, a in enumerate(q)) != 0


def refused(c) -> bool:
    result = check_certificate(c)
    assert "internal error" not in result.message, result.message
    return result.status == NOT_VERIFIED


def test_oracle_accepts_the_valid_certificates():
    for name in POINT_NAMES:
        assert not point_claim_is_false(VALID()[name]), name
    for name in STRATUM_NAMES:
        assert not stratum_claim_is_false(name, VALID()[name]), name


@PROFILE
@given(st.sampled_from(NAMES), deltas)
def test_changed_value_is_refused(name, delta):
    c = VALID()[name]
    if c["claim"]["value"] is None or isinstance(c["claim"]["value"], dict):
        c["claim"]["value"] = Q(delta)  # a stated value that is not a root of the value relation
    else:
        c["claim"]["value"] = _add(c["claim"]["value"], delta)
    assert refused(c)


@PROFILE
@given(st.sampled_from(NAMES), st.sampled_from(KINDS))
def test_changed_kind_is_refused(name, kind):
    """Kinds are mutually exclusive and the original claim is true: any other kind is false."""
    c = VALID()[name]
    if kind == c["claim"]["kind"]:
        return
    c["claim"]["kind"] = kind
    assert refused(c)


@PROFILE
@given(st.sampled_from(POINT_NAMES), st.data(), deltas)
def test_changed_coordinate(name, data, delta):
    c = VALID()[name]
    i = data.draw(st.integers(0, len(c["claim"]["point"]) - 1))
    c["claim"]["point"][i] = _add(c["claim"]["point"][i], delta)
    if point_claim_is_false(c):
        assert refused(c)
    else:
        refused(c)  # still must not crash


@PROFILE
@given(st.sampled_from(NAMES), st.data(), deltas)
def test_changed_data_entry(name, data, delta):
    c = VALID()[name]
    prob = c["problem"]
    where = data.draw(st.sampled_from(["inputs", "targets", "scale", "l2"]))
    if where in ("inputs", "targets"):
        rows = prob["data"][where]
        i = data.draw(st.integers(0, len(rows) - 1))
        j = data.draw(st.integers(0, len(rows[i]) - 1))
        rows[i][j] = _add(rows[i][j], delta)
    elif where == "scale":
        prob["loss"]["scale"] = Q(abs(delta))
    else:
        layer = data.draw(st.integers(0, len(prob["l2"]) - 1))
        prob["l2"][layer][0][0] = Q(abs(delta))
    false = (point_claim_is_false(c) if c["claim"]["type"] == "point" else stratum_claim_is_false(name, c))
    if false:
        assert refused(c)
    else:
        refused(c)


def _cofactor_paths(c):
    """Paths of every polynomial the checker reads as a cofactor."""
    h = c["hints"]
    paths = []
    mem = h["membership"]
    paths += [("membership", "gradient", i, k) for i, row in enumerate(mem["gradient"]) for k in range(len(row))]
    paths += [("membership", "value", "cofactors", k) for k in range(len(mem["value"]["cofactors"]))]
    for key in ("negative_direction", "positive_direction", "descent_curve", "ascent_curve"):
        if key in h:
            paths += [(key, "cofactors", k) for k in range(len(h[key]["cofactors"]))]
            if "lower" in h[key]:
                paths += [(key, "lower", j, k) for j, row in enumerate(h[key]["lower"]) for k in range(len(row))]
    if "hessian" in h:
        rows = h["hessian"]["cofactors"]
        paths += [("hessian", "cofactors", i, j, k) for i in range(len(rows)) for j in range(i, len(rows))
                  for k in range(len(rows[i][j]))]
    return paths


@PROFILE
@given(st.sampled_from(STRATUM_NAMES), st.data(), deltas)
def test_changed_cofactor_is_refused(name, data, delta):
    """Changing one cofactor changes sum_k q_k e_k by a non-zero polynomial: the identity fails."""
    c = VALID()[name]
    path = data.draw(st.sampled_from(_cofactor_paths(c)))
    node = c["hints"]
    for key in path:
        node = node[key]
    n = len(c["parameters"])
    mono = data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    node.append([Q(delta), mono])
    assert refused(c)


@PROFILE
@given(st.sampled_from(NAMES), st.data(), deltas)
def test_changed_hint_never_crashes(name, data, delta):
    """Hints do not change the claim (which stays true): any outcome is sound, none may crash."""
    c = VALID()[name]
    leaves = []

    def walk(node, path):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, path + [k])
        elif isinstance(node, list):
            for k, v in enumerate(node):
                walk(v, path + [k])
        elif isinstance(node, str):
            leaves.append(path)

    walk(c["hints"], [])
    if not leaves:
        return
    path = data.draw(st.sampled_from(leaves))
    node = c["hints"]
    for key in path[:-1]:
        node = node[key]
    try:
        node[path[-1]] = _add(node[path[-1]], delta)
    except ValueError:
        node[path[-1]] = "mutated"
    refused(c)


JUNK = [None, True, -1, 10 ** 12, "x", "1/0", [], {}, [[]], {"a": 1}, 1.5, ["1", "2"], [["1", [0]]]]


@settings(max_examples=100, derandomize=True, deadline=None)
@given(st.sampled_from(NAMES), st.data(), st.sampled_from(JUNK))
def test_random_node_replacement_never_crashes(name, data, junk):
    c = VALID()[name]
    nodes = []

    def walk(node, path):
        if isinstance(node, dict):
            for k, v in node.items():
                nodes.append(path + [k])
                walk(v, path + [k])
        elif isinstance(node, list):
            for k, v in enumerate(node):
                nodes.append(path + [k])
                walk(v, path + [k])

    walk(c, [])
    path = data.draw(st.sampled_from(nodes))
    node = c
    for key in path[:-1]:
        node = node[key]
    unchanged = node[path[-1]] == junk and type(node[path[-1]]) is type(junk)
    node[path[-1]] = copy.deepcopy(junk)
    result = check_certificate(c)
    assert "internal error" not in result.message, (path, result.message)
    if path[0] not in ("provenance", "evidence", "hints") and result.status != NOT_VERIFIED and not unchanged:
        # a replaced claim/problem entry may only pass if it changed nothing the claim depends on
        assert path[0] in ("problem",) or path[:2] == ["claim", "inequations"], (path, result.message)
