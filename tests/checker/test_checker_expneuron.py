"""Exponential-neuron certificates (symlandscape/checker/expneuron.py): valid ones verify, mutated ones
whose claim is false (or whose identity breaks) are refused."""

from __future__ import annotations

import copy
import json
from fractions import Fraction

import pytest

from symlandscape.checker import NOT_VERIFIED, VERIFIED, check_certificate
from symlandscape.expneuron import (critical_global_certificate, no_local_min_certificate,
                                    no_local_min_residual_certificate, slice_certificate)
from symlandscape.spec import load_problem, parse_problem
from symlandscape.theorems.kawaguchi_kaelbling2020 import with_exp_neuron
from symlandscape.theorems.nonlinear_common import EXAMPLES


def _json(c):
    return json.loads(json.dumps(c))


@pytest.fixture(scope="module")
def certs():
    failure = load_problem(EXAMPLES / "kk_failure_constant.json")
    return {
        "no_local_min": _json(no_local_min_certificate(failure)),
        "residuals": _json(no_local_min_residual_certificate(load_problem(EXAMPLES / "kk_failure_affine.json"))),
        "global": _json(critical_global_certificate(load_problem(EXAMPLES / "kk_chain3_exp.json"), degree=3)),
        "global_repeated": _json(critical_global_certificate(load_problem(EXAMPLES / "kk_chain2_repeated.json"))),
        "slice_relu": _json(slice_certificate(with_exp_neuron(load_problem(EXAMPLES / "swirszcz_prop1.json")),
                                              [Fraction(v) for v in (1, -3, 1, 0)])),
        "slice_leaky": _json(slice_certificate(with_exp_neuron(load_problem(EXAMPLES / "yun_thm2_leaky.json")),
                                               [Fraction(v) for v in ("0", "0", "0", "0", "4/3", "1", "1", "0", "-1")])),
        "slice_poly": _json(slice_certificate(with_exp_neuron(load_problem(EXAMPLES / "chain3_l2.json")),
                                              [Fraction(0)] * 3)),
    }


def test_valid_certificates_verify(certs):
    for name, c in certs.items():
        res = check_certificate(c)
        assert res.status == VERIFIED, (name, res.message)


def _mutated(cert, mutate):
    c = copy.deepcopy(cert)
    mutate(c)
    return c


def _refused(cert, mutate, match=None):
    c = copy.deepcopy(cert)
    mutate(c)
    res = check_certificate(c)
    assert res.status == NOT_VERIFIED, res.message
    if match:
        assert match in res.message, res.message
    return res


def test_failure_mode_mutations(certs):
    c = certs["no_local_min"]
    # the data fitted by a constant: (0,0), (1,0) -> theta = 0 is a global minimum with local minima nearby:
    # the claim "no local minimum" becomes false and must be refused
    _refused(c, lambda d: d["problem"]["data"]["targets"].__setitem__(1, ["0"]), "combination")
    _refused(c, lambda d: d["hints"]["positive"][0].__setitem__(0, "2"), "combination")
    _refused(c, lambda d: d["hints"]["positive"].append(["-1", [0, 0, 0, 1, 0]]), "both signs")
    _refused(c, lambda d: d["hints"].__setitem__("positive", [["1", [0, 1, 0, 0, 1]]]), "not a positive chart")
    _refused(c, lambda d: d["hints"].__setitem__("positive", []), "zero polynomial")
    _refused(c, lambda d: d["hints"]["combination"][0]["cofactor"][0].__setitem__(0, "7"))
    _refused(c, lambda d: d["hints"]["combination"].append(copy.deepcopy(d["hints"]["combination"][0])), "twice")
    _refused(c, lambda d: d["hints"]["combination"][0].__setitem__("at", "W9[1,1]"), "not one of")
    _refused(c, lambda d: d["hints"]["combination"][0].__setitem__("at", {"x": 1}), "expected a variable name")
    _refused(c, lambda d: d["hints"]["combination"][0].__setitem__("at", [["a[1]"]]), "expected a variable name")
    _refused(c, lambda d: d["hints"]["combination"][0].__setitem__("of", ["grad"]), "not one of")
    _refused(c, lambda d: d["problem"]["data"]["inputs"].__setitem__(1, ["2001/2000"]), "exponents above")
    _refused(c, lambda d: d["problem"]["exp_neuron"].__setitem__("l2", "0"), "positive")
    _refused(c, lambda d: d["problem"]["exp_neuron"].__setitem__("scale", "1"), "unknown")
    _refused(c, lambda d: d["hints"]["chart"].reverse(), "hints.chart")
    _refused(c, lambda d: d["parameters"].__setitem__(2, "A[1]"), "parameters")
    _refused(c, lambda d: d["claim"].__setitem__("statement", "maybe"), "statement")
    _refused(c, lambda d: d["claim"].__setitem__("theta", ["0", "0"]), "theta")
    _refused(c, lambda d: d["problem"].pop("exp_neuron"))


def test_residual_mutations(certs):
    c = certs["residuals"]
    # targets on a line: the base network fits every input, local minima exist, the claim is false
    _refused(c, lambda d: d["problem"]["data"].__setitem__("targets", [["0"], ["1"], ["2"]]), "residual sum")
    _refused(c, lambda d: d["hints"]["combination"].pop(), "residual sum")
    _refused(c, lambda d: d["hints"]["combination"][0].__setitem__("at", [1, 7]), "not one of")
    _refused(c, lambda d: d["hints"]["combination"][0].__setitem__("of", "grad"), "not one of")
    _refused(c, lambda d: d["claim"].__setitem__("statement", "no_local_min"), "combination")


def test_global_mutations(certs):
    c = certs["global"]
    _refused(c, lambda d: d["problem"]["data"]["targets"].__setitem__(0, ["2"]), "F(a = 0) - L*")
    r = certs["global_repeated"]
    # distinct inputs 1 and 2 with targets 0 and 2: no chain fits both, critical points above L* = 0 exist
    _refused(r, lambda d: d["problem"]["data"]["inputs"].__setitem__(1, ["2"]), "F(a = 0) - L*")
    # targets 0 and 4: the claim stays true but L* = 4 changes the identity
    _refused(r, lambda d: d["problem"]["data"]["targets"].__setitem__(1, ["4"]), "F(a = 0) - L*")
    # (a penalty on W1 or another lam keeps the claim true: with l2 on W1 there is no critical point at all)
    assert check_certificate(_mutated(c, lambda d: d["problem"]["l2"].__setitem__(0, [["1"]]))).status == VERIFIED
    c2 = _mutated(c, lambda d: d["hints"]["combination"].pop())
    assert check_certificate(c2).status == NOT_VERIFIED
    _refused(c, lambda d: d["problem"]["network"].__setitem__("activation", "relu"), "needs a linear")


def test_slice_mutations(certs):
    c = certs["slice_poly"]
    _refused(c, lambda d: d["claim"].__setitem__("theta", ["1", "1", "2"]), "coefficient")   # zero residual
    _refused(c, lambda d: d["hints"].__setitem__("coefficient", "-3"), "coefficient")
    _refused(c, lambda d: d["hints"].__setitem__("coefficient", "0"), "coefficient")
    _refused(c, lambda d: d["hints"]["monomial"].__setitem__(-1, 2), "coefficient")
    _refused(c, lambda d: d["hints"].__setitem__("output", 2), "hints.output")
    _refused(c, lambda d: d["claim"].__setitem__("theta", ["0", "0"]), "claim.theta")
    r = certs["slice_relu"]
    # relu(x - 3) with targets moved onto the network's outputs: every residual 0, the claim is false
    _refused(r, lambda d: d["problem"]["data"].__setitem__("targets", [["2"], ["1"], ["0"], ["0"], ["0"]]),
             "coefficient")
    y = certs["slice_leaky"]
    _refused(y, lambda d: d["problem"]["data"].__setitem__("targets", [["1/3"]] * 3), "coefficient")


def test_checker_module_is_stdlib_only():
    import ast
    from pathlib import Path
    import sys
    src = Path(__file__).resolve().parents[2] / "symlandscape" / "checker" / "expneuron.py"
    for node in ast.walk(ast.parse(src.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            assert node.module.split(".")[0] in sys.stdlib_module_names
        if isinstance(node, ast.Import):
            assert all(a.name.split(".")[0] in sys.stdlib_module_names for a in node.names)
