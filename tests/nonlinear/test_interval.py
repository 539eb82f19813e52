"""Smooth activations: Krawczyk boxes verified by the checker's own Fraction intervals."""

import copy
import json
import math
from fractions import Fraction as F

import pytest
from hypothesis import given, settings, strategies as st

from symlandscape.checker import check_certificate
from symlandscape.checker.nonlinear import I, exp_enclosure
from symlandscape.nonlinear.point import smooth_verdict
from symlandscape.spec import load_problem

START = [F(x) for x in ("-7.727", "0.405", "0.703", "-0.296")]
BETTER = [F(-36203, 500), F(-4499, 50), F(1937, 1000), F(531, 500)]


@pytest.fixture(scope="module")
def tanh_cert():
    r = smooth_verdict(load_problem("examples/tanh_bad_min.json"), START, better=BETTER)
    assert r.kind == "local_min"
    return r.certificate(timestamp=False)


def test_tanh_box_verified(tanh_cert):
    res = check_certificate(json.loads(json.dumps(tanh_cert)))
    assert res.status == "VERIFIED", res.message
    assert 17.597 < float(F(tanh_cert["claim"]["value"]["lower"])) < 17.5979


@pytest.mark.parametrize("label", ["radius", "center", "better", "lower", "upper", "precond", "activation", "target"])
def test_tanh_mutations_rejected(tanh_cert, label):
    d = copy.deepcopy(tanh_cert)
    if label == "radius":
        d["claim"]["radius"] = "1/1000"
    elif label == "center":
        d["claim"]["center"][0] = str(F(d["claim"]["center"][0]) + F(1, 10 ** 12))
    elif label == "better":
        d["hints"]["better_point"] = d["claim"]["center"]
    elif label == "lower":
        d["claim"]["value"]["lower"] = "17.6".replace("17.6", "88/5")
    elif label == "upper":
        d["claim"]["value"]["upper"] = "17"
    elif label == "precond":
        d["hints"]["krawczyk"]["preconditioner"][0][0] = "0"
    elif label == "activation":
        d["problem"]["network"]["activation"] = "sigmoid"
    else:
        d["problem"]["data"]["targets"][0][0] = "4"
    assert check_certificate(d).status == "NOT VERIFIED"


@settings(max_examples=40, deadline=None)
@given(st.fractions(min_value=-40, max_value=40, max_denominator=1000))
def test_exp_enclosure_contains_exp(q):
    e = exp_enclosure(I(q))
    x = float(q)
    assert float(e.lo) <= math.exp(x) * (1 + 1e-12) and math.exp(x) * (1 - 1e-12) <= float(e.hi)
    assert e.hi - e.lo <= abs(e.hi) * F(1, 10 ** 50) + F(1, 2 ** 200)
