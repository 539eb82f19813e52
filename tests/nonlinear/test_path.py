"""Two hidden layers: convex KKT in the path products per adjacent region (checker-verified)."""

import copy
import json
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from symlandscape.checker import check_certificate
from symlandscape.nonlinear.numeric import NumericLoss
from symlandscape.nonlinear.piecewise import path_certificate
from symlandscape.nonlinear.point import analyse_nonlinear_point
from symlandscape.spec import parse_problem

DEEP = {"network": {"widths": [1, 1, 1, 1], "activation": "relu", "bias": True},
        "loss": {"kind": "squared", "scale": "1"},
        "data": {"inputs": [["5"], ["4"], ["3"], ["1"], ["-1"]], "targets": [["2"], ["1"], ["0"], ["-3"], ["3"]]}}
POINT = [F(v) for v in (1, -3, 1, 0, 1, 0)]   # Swirszcz et al. Prop. 1's minimum through an extra ReLU layer


@pytest.fixture(scope="module")
def cert():
    r = analyse_nonlinear_point(parse_problem(DEEP), POINT)
    assert r.kind == "local_min" and r.value == 18, r.reason
    assert r.hints["piecewise"]["method"] == "path_reparametrisation"
    return r.certificate(timestamp=False)


def test_path_certificate_verified_and_numerically_plausible(cert):
    res = check_certificate(json.loads(json.dumps(cert)))
    assert res.status == "VERIFIED", res.message
    assert "16 adjacent" in res.message
    nl = NumericLoss(parse_problem(DEEP))
    x = np.array([float(v) for v in POINT])
    rng = np.random.default_rng(0)
    assert min(nl.loss(x + rng.uniform(-1e-3, 1e-3, 6)) for _ in range(20000)) >= 18 - 1e-9


@pytest.mark.parametrize("label", ["region", "multiplier", "negative", "target", "point"])
def test_path_mutations_rejected(cert, label):
    d = copy.deepcopy(cert)
    regs = d["hints"]["piecewise"]["regions"]
    if label == "region":
        regs.pop()
    elif label == "multiplier":
        reg = next(r for r in regs if any(F(m) for m in r["multipliers"]))
        k = next(i for i, m in enumerate(reg["multipliers"]) if F(m) != 0)
        reg["multipliers"][k] = str(F(reg["multipliers"][k]) + 1)
    elif label == "negative":
        reg = next(r for r in regs if r["multipliers"])
        reg["multipliers"] = [str(-F(m)) if F(m) else "-1" for m in reg["multipliers"]]
    elif label == "target":
        d["problem"]["data"]["targets"][0][0] = "5/2"
    else:
        d["claim"]["point"][5] = "1/10"
    assert check_certificate(d).status == "NOT VERIFIED"


def _embed(example, at):
    """A one-hidden-layer point pushed through an identity ReLU layer (relu(relu(z)) = relu(z))."""
    d = json.load(open(f"examples/{example}.json"))
    h = d["network"]["widths"][1]
    d["network"]["widths"] = [1, h, h, 1]
    q = [F(x) for x in at.split(",")]
    first, last = q[:2 * h], q[2 * h:]
    ident = [F(int(r == c)) for r in range(h) for c in range(h)]
    return parse_problem(d), first + ident + [F(0)] * h + last


@pytest.mark.parametrize("example,at,value", [
    ("swirszcz_prop2", "-3,1,13/3,-10,1,-1,-3", F(8, 3)),
    ("swirszcz_prop1", "1,-3,1,0", F(18))])
def test_embedded_minima_proved(example, at, value):
    p, q = _embed(example, at)
    v = path_certificate(p, q)
    assert v.local_min, v.reason
    r = analyse_nonlinear_point(p, q)
    assert r.kind == "local_min" and r.value == value, r.reason
    assert check_certificate(json.loads(json.dumps(r.certificate(timestamp=False)))).status == "VERIFIED"
    nl = NumericLoss(p)
    x = np.array([float(t) for t in q])
    rng = np.random.default_rng(1)
    assert min(nl.loss(x + rng.uniform(-1e-3, 1e-3, x.size)) for _ in range(5000)) >= nl.loss(x) - 1e-9


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_any_multiplier_change_is_rejected(cert, data):
    d = copy.deepcopy(cert)
    regs = [r for r in d["hints"]["piecewise"]["regions"] if r["multipliers"]]
    reg = data.draw(st.sampled_from(regs))
    k = data.draw(st.integers(0, len(reg["multipliers"]) - 1))
    delta = data.draw(st.fractions(min_value=-5, max_value=5, max_denominator=1000).filter(lambda x: x != 0))
    reg["multipliers"][k] = str(F(reg["multipliers"][k]) + delta)
    assert check_certificate(d).status == "NOT VERIFIED"
