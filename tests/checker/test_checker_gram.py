"""Non-strict saddle strata whose Hessian is a Gram sum ``sum_k c_k l_k l_k^T`` (method ``gram``).

A deep linear chain with biases has the stratum W1 = W2 = W3 = 0, b3 = mean(y): the Hessian
there is non-zero but positive semidefinite, and a line in its kernel descends at order 3.
The engine certifies the whole stratum; the checker must verify it and reject mutations.
"""

from __future__ import annotations

import copy

import mpmath
import pytest
import sympy as sp

from symlandscape.certificates import stratum_certificates
from symlandscape.checker import NOT_VERIFIED, VERIFIED, check_certificate
from symlandscape.classify import classify
from symlandscape.loss import build_loss
from symlandscape.spec import parse_problem

CHAIN_BIAS = {"name": "chain3-bias", "network": {"widths": [1, 1, 1, 1], "activation": "linear", "bias": True},
              "loss": {"kind": "squared", "scale": "1/2"}, "l2": "0",
              "data": {"inputs": [["2"], ["1/2"]], "targets": [["-2"], ["3"]]}}


@pytest.fixture(scope="module")
def gram_certificate():
    problem = parse_problem(CHAIN_BIAS)
    report = classify(problem)
    model = build_loss(problem)
    strata = [s for s in report.strata if s.kind == "nonstrict_saddle"]
    assert len(strata) == 1 and strata[0].dimension == 2
    certs = stratum_certificates(model, strata[0])
    grams = [c for c in certs if c["hints"]["hessian"]["method"] == "gram"]
    assert grams
    return grams[0]


def test_gram_stratum_verified(gram_certificate):
    res = check_certificate(gram_certificate)
    assert res.status == VERIFIED, res.message
    assert "positive semidefinite" in res.message


def test_gram_stratum_numerically_psd_and_descending(gram_certificate):
    """Independent evidence at points of the stratum: Hessian eigenvalues >= 0 (one positive)."""
    x = sp.symbols("w1 b1 w2 b2 w3 b3")
    w1, b1, w2, b2, w3, b3 = x
    data = [(2, -2), (sp.Rational(1, 2), 3)]
    L = sum((w3 * (w2 * (w1 * u + b1) + b2) + b3 - y) ** 2 for u, y in data) / 2
    H = sp.hessian(L, x)
    for pb1, pb2 in [(1, 2), (-3, sp.Rational(1, 3)), (0, 0)]:
        at = {w1: 0, w2: 0, w3: 0, b3: sp.Rational(1, 2), b1: pb1, b2: pb2}
        assert all(sp.diff(L, v).subs(at) == 0 for v in x)
        with mpmath.workdps(30):
            ev = mpmath.eigsy(mpmath.matrix(H.subs(at).tolist()))[0]
            assert min(ev) > -1e-25 and max(ev) > 1


@pytest.mark.parametrize("mutate, reason", [
    (lambda c: c["hints"]["hessian"]["terms"][0].__setitem__(0, "-1"), "not positive"),
    (lambda c: c["hints"]["hessian"]["terms"][0].__setitem__(0, "7"), "cofactors"),
    (lambda c: c["hints"]["hessian"].__setitem__("method", "zero"), "unknown key 'terms'"),
    (lambda c: [c["hints"]["hessian"].__setitem__("method", "zero"), c["hints"]["hessian"].pop("terms")],
     "cofactors"),
    (lambda c: c["hints"]["hessian"].pop("terms"), "terms"),
    (lambda c: c["hints"]["hessian"]["terms"].append(c["hints"]["hessian"]["terms"][0]), "cofactors"),
])
def test_gram_mutations_rejected(gram_certificate, mutate, reason):
    c = copy.deepcopy(gram_certificate)
    mutate(c)
    res = check_certificate(c)
    assert res.status == NOT_VERIFIED
    assert reason in res.message
