"""The least-squares bound over the monomials a polynomial-activation network can output.

``W2 h(W1 x)`` with ``h(z) = z + z^2 / 2`` computes ``a x + b x^2`` (no constant term): the loss
is at least the least-squares residual over the features x and x^2, and a critical point
attaining it is a global minimum with no assumption on the critical set. The expected values
are computed here by SymPy from the features written out by hand, not by the engine's support
computation.
"""

from __future__ import annotations

import copy
import random
from fractions import Fraction

import pytest
import sympy as sp

from symlandscape.certificates import point_certificate
from symlandscape.checker import NOT_VERIFIED, VERIFIED, check_certificate
from symlandscape.classify import classify
from symlandscape.globalmin import feature_least_squares_value, lower_bounds
from symlandscape.spec import parse_problem

POLY_111 = {"name": "poly-111", "network": {"widths": [1, 1, 1], "activation": "polynomial",
                                            "coefficients": ["0", "1", "1/2"]},
            "data": {"inputs": [["2"], ["-5"], ["-5/3"]], "targets": [["-3/2"], ["1"], ["3"]]}}


def _by_hand(features, xs, ys, scale=sp.Rational(1, 2)):
    a = sp.symbols(f"a0:{len(features)}")
    E = sum((sum(ai * f(x) for ai, f in zip(a, features)) - y) ** 2 for x, y in zip(xs, ys))
    sol = sp.solve([E.diff(ai) for ai in a], a, dict=True)[0]
    return Fraction(str(scale * E.subs(sol)))


def test_bound_is_least_squares_over_x_and_x_squared():
    xs = [sp.Rational(2), sp.Rational(-5), sp.Rational(-5, 3)]
    ys = [sp.Rational(-3, 2), 1, 3]
    expected = _by_hand([lambda x: x, lambda x: x ** 2], xs, ys)
    assert feature_least_squares_value(parse_problem(POLY_111)) == expected


def test_a_constant_term_in_the_activation_adds_the_constant_feature():
    obj = copy.deepcopy(POLY_111)
    obj["network"]["coefficients"] = ["1", "1", "1/2"]  # W2 h(W1 x) = W2 + ...: features 1, x, x^2
    xs = [sp.Rational(2), sp.Rational(-5), sp.Rational(-5, 3)]
    assert feature_least_squares_value(parse_problem(obj)) == 0  # three features interpolate three points
    obj["data"]["inputs"].append(["1"])
    obj["data"]["targets"].append(["0"])
    expected = _by_hand([lambda x: 1, lambda x: x, lambda x: x ** 2], xs + [sp.Integer(1)], [sp.Rational(-3, 2), 1, 3, 0])
    assert feature_least_squares_value(parse_problem(obj)) == expected


def test_global_minimum_is_certified_and_verifies():
    r = classify(parse_problem(POLY_111))
    assert r.complete and r.gmin is not None and r.gmin_method == "feature_least_squares"
    mins = [v for v in r.points if v.kind == "global_min"]
    assert len(mins) == 1
    cert = point_certificate(r.model, mins[0], timestamp=False)
    assert cert["hints"]["lower_bound"] == {"method": "feature_least_squares"}
    res = check_certificate(copy.deepcopy(cert))
    assert res.status == VERIFIED, res.message
    bad = copy.deepcopy(cert)  # the problem changed: the bound no longer equals the value
    bad["problem"]["data"]["targets"][0][0] = "-1"
    assert check_certificate(bad).status == NOT_VERIFIED
    bad = copy.deepcopy(cert)
    bad["problem"]["loss"] = {"kind": "power", "p": 4, "scale": "1/2"}
    assert check_certificate(bad).status == NOT_VERIFIED


@pytest.mark.parametrize("seed", range(5))
def test_bound_never_exceeds_a_critical_value(seed):
    """A lower bound must lie below every real critical value (random small problems)."""
    rng = random.Random(seed)
    q = lambda: str(Fraction(rng.randint(-6, 6), rng.randint(1, 3)))  # noqa: E731
    widths = rng.choice([[1, 1, 1], [1, 2, 1], [2, 1, 1]])
    obj = {"network": {"widths": widths, "activation": "polynomial",
                       "coefficients": [rng.choice(["0", "1"]), "1", rng.choice(["1", "-1/2"])]},
           "data": {"inputs": [[q() for _ in range(widths[0])] for _ in range(3)], "targets": [[q()] for _ in range(3)]}}
    p = parse_problem(obj)
    (fb,) = [b for b in lower_bounds(p) if b.method == "feature_least_squares"]
    r = classify(p)
    values = [v.value for v in r.points] + [s.value for s in r.strata if s.value is not None]
    assert all(v.compare(fb.value) >= 0 for v in values)
