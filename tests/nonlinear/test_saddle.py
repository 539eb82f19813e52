"""ReLU-type saddles and non-minima: exact ray polynomials, verified by the checker."""

import copy
import json
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from symlandscape.checker import check_certificate
from symlandscape.checker.nonlinear import parse_nl_problem, ray
from symlandscape.nonlinear.numeric import NumericLoss
from symlandscape.nonlinear.point import analyse_nonlinear_point
from symlandscape.nonlinear.saddle import exact_gradient, exact_hessian, ray_polynomial
from symlandscape.spec import load_problem, parse_problem, problem_to_dict

PROP1 = "examples/swirszcz_prop1.json"


def pt(s):
    return [F(x) for x in s.split(",")]


def _check(cert):
    return check_certificate(json.loads(json.dumps(cert)))


@pytest.fixture(scope="module")
def saddle_cert():
    """Swirszcz et al. Prop. 1 data: w = 0, b = 1 (the unit is linear on all data), v = 0, c = mean y."""
    r = analyse_nonlinear_point(load_problem(PROP1), pt("0,1,0,3/5"))
    assert r.kind == "strict_saddle" and r.value == F(106, 5), r.reason
    return r.certificate(timestamp=False)


@pytest.fixture(scope="module")
def kink_cert():
    """x = 3 on the kink, dL/dc = 0, but the region where the unit turns on for x = 3 descends."""
    r = analyse_nonlinear_point(load_problem(PROP1), pt("1,-3,1/2,3/10"))
    assert r.kind == "not_local_min" and r.certificate() is not None, r.reason
    return r.certificate(timestamp=False)


def test_strict_saddle_verified(saddle_cert):
    res = _check(saddle_cert)
    assert res.status == "VERIFIED", res.message
    H = exact_hessian(load_problem(PROP1), pt("0,1,0,3/5"))
    assert H[0][2] == F(-8, 5) and H[0][0] == 0   # the w-v block [[0, -8/5], [-8/5, 10]] is indefinite


def test_kink_descent_verified_and_real(kink_cert):
    res = _check(kink_cert)
    assert res.status == "VERIFIED", res.message
    nl = NumericLoss(load_problem(PROP1))
    x = np.array([float(F(v)) for v in kink_cert["claim"]["point"]])
    d = np.array([float(F(v)) for v in kink_cert["hints"]["descent_ray"]])
    assert nl.loss(x + 1e-4 * d) < nl.loss(x) - 1e-5


@pytest.mark.parametrize("label", ["swap", "value", "not_critical", "kink", "zero", "kind"])
def test_saddle_mutations_rejected(saddle_cert, label):
    d = copy.deepcopy(saddle_cert)
    h, c = d["hints"], d["claim"]
    if label == "swap":
        h["negative_direction"], h["positive_direction"] = h["positive_direction"], h["negative_direction"]
    elif label == "value":
        c["value"] = "21"
    elif label == "not_critical":
        c["point"][3] = "1/2"
        c["value"] = "85/4"
    elif label == "kink":   # w = 0, b = 0: every sample on the kink
        c["point"] = ["0", "0", "0", "3/5"]
        c["value"] = "106/5"
    elif label == "zero":
        h["negative_direction"] = ["0"] * 4
    else:
        c["kind"] = "local_min"
    assert check_certificate(d).status == "NOT VERIFIED"


def test_kink_mutations_rejected(kink_cert):
    d = copy.deepcopy(kink_cert)
    d["hints"]["descent_ray"] = [str(-F(v)) for v in d["hints"]["descent_ray"]]
    assert check_certificate(d).status == "NOT VERIFIED"
    d = copy.deepcopy(kink_cert)
    d["claim"]["point"] = ["1", "-3", "1", "0"]   # Prop. 1's local minimum: no ray descends
    d["claim"]["value"] = "18"
    assert check_certificate(d).status == "NOT VERIFIED"


def _deep(seed):
    rng = np.random.default_rng(seed)
    return parse_problem({"network": {"widths": [2, 2, 2, 1], "activation": "leaky_relu", "slopes": ["1", "1/4"],
                                      "bias": True},
                          "data": {"inputs": [[str(a), str(b)] for a, b in rng.integers(-3, 4, (4, 2)).tolist()],
                                   "targets": [[str(y)] for y in rng.integers(-2, 3, 4).tolist()]}})


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10 ** 6), st.lists(st.integers(-3, 3), min_size=15, max_size=15),
       st.lists(st.integers(-2, 2), min_size=15, max_size=15))
def test_ray_polynomials_agree_with_floats_any_depth(seed, theta, d):
    """Engine and checker ray polynomials are equal and match float losses at small t (two hidden layers)."""
    p = _deep(seed)
    th, dd = [F(v, 2) for v in theta], [F(v) for v in d]
    mine = ray_polynomial(p, th, dd)
    theirs = ray(parse_nl_problem(problem_to_dict(p)), th, dd)
    assert mine == theirs[:len(mine)] and not any(theirs[len(mine):])
    nl = NumericLoss(p)
    for t in (1e-6, 1e-5):
        val = sum(float(c) * t ** k for k, c in enumerate(mine))
        ref = nl.loss(np.array([float(a + t * b) for a, b in zip(th, dd)]))
        assert abs(val - ref) <= 1e-7 * (1 + abs(ref))


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10 ** 6), st.lists(st.integers(-3, 3), min_size=15, max_size=15))
def test_points_of_deep_nets_are_decided_consistently(seed, theta):
    """Any verdict with a certificate verifies; a non-critical verdict has an exact nonzero gradient."""
    p = _deep(seed)
    q = [F(v, 2) for v in theta]
    r = analyse_nonlinear_point(p, q)
    if r.kind == "not_critical":
        assert any(exact_gradient(p, q))
    cert = r.certificate(timestamp=False)
    if cert is not None:
        assert _check(cert).status == "VERIFIED"
