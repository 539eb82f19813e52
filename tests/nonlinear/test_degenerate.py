"""Degenerate smooth minima (Yun, Sra & Jadbabaie 2019, Theorem 2): midpoint curvature and interpolation proofs."""

import copy
import json
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from symlandscape.checker import check_certificate
from symlandscape.nonlinear.degenerate import midpoint_structure, prove_interpolation, prove_midpoint_min
from symlandscape.nonlinear.numeric import NumericLoss
from symlandscape.nonlinear.point import smooth_verdict
from symlandscape.spec import load_problem, parse_problem

BAD = [F(v) for v in (1, 1, 0, 0, -2, -2, 1, 2, 0)]
ZERO = [F(v) for v in ("2", "-2", "1", "-3", "0", "-1", "4.5275", "-7.1536", "-0.411")]
ACTS = ("sigmoid", "tanh")


def _problem(act):
    return load_problem(f"examples/yun_thm2_{act}.json")


@pytest.fixture(scope="module")
def certs():
    out = {}
    for act in ACTS:
        p = _problem(act)
        r = smooth_verdict(p, BAD)
        assert r.kind == "local_min" and r.value == F(1, 3), r.reason
        g = prove_interpolation(p, [F(v) for v in (2, -2, 1, -3, 0, -1, 0, 0, 0)])
        assert g is not None
        out[act] = (r.certificate(timestamp=False), smooth_verdict(p, g.center).certificate(timestamp=False))
    return out


def _check(cert):
    return check_certificate(json.loads(json.dumps(cert)))


@pytest.mark.parametrize("act", ACTS)
def test_both_certificates_verify(certs, act):
    local, zero = certs[act]
    for c in (local, zero):
        res = _check(c)
        assert res.status == "VERIFIED", res.message
    assert local["claim"]["value"] == {"lower": "1/3", "upper": "1/3"}
    assert zero["claim"]["kind"] == "global_min" and "output_interpolation" in zero["hints"]


@pytest.mark.parametrize("act", ACTS)
def test_lower_bound_holds_numerically_on_the_box(certs, act):
    """Independent float evidence: L >= 1/3 at random points of the claimed box, = 1/3 at its bias-optimal point."""
    local = certs[act][0]
    nl = NumericLoss(_problem(act))
    c = np.array([float(F(x)) for x in local["claim"]["center"]])
    r = float(F(local["claim"]["radius"]))
    rng = np.random.default_rng(1)
    vals = [nl.loss(c + rng.uniform(-r, r, c.size)) for _ in range(2000)]
    assert min(vals) >= 1 / 3 - 1e-12
    assert abs(nl.loss(c) - 1 / 3) < 1e-12


def test_structure_detection():
    assert midpoint_structure(_problem("sigmoid")) == (0, 1, 2, F(1))
    p = parse_problem({"network": {"widths": [2, 2, 1], "activation": "tanh", "bias": True},
                       "data": {"inputs": [["1", "0"], ["0", "1"], ["1/2", "1/3"]],
                                "targets": [["0"], ["0"], ["1"]]}})
    assert midpoint_structure(p) is None
    assert prove_midpoint_min(p, BAD) is None


def test_saddle_of_the_same_family_is_refused():
    """v_j h''(c_j) < 0: not a local minimum; no proof is produced, and the float landscape descends."""
    p = _problem("sigmoid")
    q = [F(v) for v in (1, 1, 0, 0, -2, -2, -1, -2, 0)]
    assert prove_midpoint_min(p, q) is None

    def sig(z):
        return 1 / (1 + np.exp(-z))
    nl = NumericLoss(p)
    x = np.array([float(v) for v in q])
    x[8] = 1 / 3 + sig(-1.0) + 2 * sig(-2.0)
    assert abs(nl.loss(x) - 1 / 3) < 1e-12
    # split both units (q_j = delta_j) with the odd parts cancelling to first order, refit the output bias
    d1 = 0.01
    d2 = -(-1 * sig(-1) * (1 - sig(-1))) * d1 / (-2 * sig(-2) * (1 - sig(-2)))
    y = x.copy()
    y[0] += d1
    y[1] -= d1
    y[2] += d2
    y[3] -= d2
    best = min(nl.loss(y + np.eye(9)[8] * t) for t in np.linspace(-1e-4, 1e-4, 201))
    assert best < 1 / 3 - 1e-7


@pytest.mark.parametrize("label", ["value", "constant", "bias", "sign", "better", "target", "activation",
                                   "sample", "radius", "kind"])
def test_midpoint_mutations_rejected(certs, label):
    d = copy.deepcopy(certs["sigmoid"][0])
    c = d["claim"]["center"]
    if label == "value":
        d["claim"]["value"] = {"lower": "1/4", "upper": "1/4"}
    elif label == "constant":
        c[1] = "101/100"
    elif label == "bias":
        c[8] = str(F(c[8]) + F(1, 10))
    elif label == "sign":
        c[6] = "-1"
    elif label == "better":
        d["hints"]["better_point"] = c
    elif label == "target":
        d["problem"]["data"]["targets"][2][0] = "2"
    elif label == "activation":
        d["problem"]["network"]["activation"] = "tanh"
    elif label == "sample":
        d["hints"]["midpoint_curvature"]["midpoint_sample"] = 1
    elif label == "radius":
        d["claim"]["radius"] = "1/2"
    else:
        d["claim"]["kind"] = "global_min"
    assert check_certificate(d).status == "NOT VERIFIED"


@pytest.mark.parametrize("label", ["output", "first", "value", "kind", "radius"])
def test_interpolation_mutations_rejected(certs, label):
    d = copy.deepcopy(certs["tanh"][1])
    c = d["claim"]["center"]
    if label == "output":
        c[7] = str(F(c[7]) + F(1, 10 ** 25))
    elif label == "first":
        c[0] = "21/10"
    elif label == "value":
        d["claim"]["value"] = {"lower": "0", "upper": "1/100"}
    elif label == "kind":
        d["claim"]["kind"] = "local_min"
    else:
        d["claim"]["radius"] = "1/100"
    assert check_certificate(d).status == "NOT VERIFIED"


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 3), st.fractions(min_value=-1, max_value=1, max_denominator=10 ** 6).filter(lambda x: x != 0))
def test_midpoint_first_layer_mutations_rejected(certs, index, delta):
    """Any single change of a first-layer weight makes a hidden unit non-constant on the data."""
    d = copy.deepcopy(certs["tanh"][0])
    d["claim"]["center"][index] = str(F(d["claim"]["center"][index]) + delta)
    assert check_certificate(d).status == "NOT VERIFIED"


@settings(max_examples=25, deadline=None)
@given(st.integers(6, 8), st.fractions(min_value=F(1, 10 ** 20), max_value=10, max_denominator=10 ** 30),
       st.sampled_from([1, -1]))
def test_interpolation_output_mutations_rejected(certs, index, delta, sign):
    """The output layer is fixed by the first layer: moving it by more than 2 r leaves the box."""
    d = copy.deepcopy(certs["sigmoid"][1])
    d["claim"]["center"][index] = str(F(d["claim"]["center"][index]) + sign * delta)
    assert check_certificate(d).status == "NOT VERIFIED"


MIXED = [F(v) for v in ("0", "0", "0", "0", "-0.774", "-0.101", "1.196", "-1.725", "0")]


@pytest.fixture(scope="module")
def mixed_cert():
    """The risk-1/3 limit hunt reaches (sigmoid): v_2 h''(c_2) < 0, the B^2 term makes it a minimum."""
    r = smooth_verdict(_problem("sigmoid"), MIXED)
    assert r.kind == "local_min", r.reason
    return r.certificate(timestamp=False)


def test_mixed_signs_verified_by_the_matrix_test(mixed_cert):
    res = _check(mixed_cert)
    assert res.status == "VERIFIED", res.message
    assert "positive definite" in res.message
    nl = NumericLoss(_problem("sigmoid"))
    c = np.array([float(F(x)) for x in mixed_cert["claim"]["center"]])
    r = float(F(mixed_cert["claim"]["radius"]))
    rng = np.random.default_rng(2)
    assert min(nl.loss(c + rng.uniform(-r, r, c.size)) for _ in range(2000)) >= 1 / 3 - 1e-12


@pytest.mark.parametrize("label", ["v1_zero", "wide"])
def test_mixed_mutations_rejected(mixed_cert, label):
    d = copy.deepcopy(mixed_cert)
    c = d["claim"]["center"]
    if label == "v1_zero":   # output bias re-centred, so only the curvature test can fail
        c[8] = str(F(c[8]) + F(1196, 1000) * F(1 / (1 + np.exp(0.774))))
        c[6] = "0"
    else:
        d["claim"]["radius"] = "1/10"
    res = check_certificate(d)
    assert res.status == "NOT VERIFIED"
    if label == "v1_zero":
        assert "positive definite" in res.message, res.message


def test_hunt_certifies_the_risk_third_minimum():
    from symlandscape.nonlinear.hunt import hunt
    clusters, best = hunt(_problem("tanh"), restarts=30, seed=0)
    third = [c for c in clusters if abs(c.value - 1 / 3) < 1e-6]
    assert third and third[0].result.kind == "local_min", [(c.value, c.result and c.result.reason) for c in clusters]
    assert third[0].result.value == F(1, 3)
    assert _check(third[0].result.certificate(timestamp=False)).status == "VERIFIED"
