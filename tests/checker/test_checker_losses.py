"""The checker rebuilds power and weighted losses, and refuses squared-loss bounds for them.

Hand-made certificates (checker_builders) and certificates written by the producer for the
examples; every mutation that changes the mathematics is refused.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import sympy as sp

from checker_builders import point_cert, problem, reduce_by, stratum_cert, symbols_of
from symlandscape.checker import check_certificate

ROOT = Path(__file__).resolve().parents[2]
P4 = {"kind": "power", "p": 4, "scale": "1"}


def quartic_chain(data=(((1,), (1,)), ((0,), (2,))), loss=P4):
    p = problem([1, 1, 1], data[0], data[1], scale="1")
    p["loss"] = dict(loss)
    return p


def message(c):
    return check_certificate(c).message


def ok(c):
    res = check_certificate(c)
    assert res.status in ("VERIFIED", "VERIFIED CONDITIONALLY"), res.message
    return res


def refused(c, words):
    res = check_certificate(c)
    assert res.status == "NOT VERIFIED" and words in res.message, res.message


# --- hand-made: u^4 + (u - 2)^4 on a chain, minimum 2 at u = w2 w1 = 1 -------------------------

def test_convex_stationary_point_claim():
    ok(point_cert(quartic_chain(), [1, 1], 2, "global_min", {"lower_bound": {"method": "convex_stationary"}}))
    refused(point_cert(quartic_chain(), [1, 1], 3, "global_min", {"lower_bound": {"method": "convex_stationary"}}),
            "L(point) = 2, not 3")
    # the origin is critical (value 16) but its map u = 0 is not stationary for the quartic
    refused(point_cert(quartic_chain(), [0, 0], 16, "global_min", {"lower_bound": {"method": "convex_stationary"}}),
            "entry 0 = -8 != 0")


def test_the_loss_kind_is_part_of_the_problem():
    c = point_cert(quartic_chain(), [1, 1], 2, "global_min", {"lower_bound": {"method": "convex_stationary"}})
    squared = copy.deepcopy(c)
    squared["problem"]["loss"] = {"kind": "squared", "scale": "1"}     # then L(1, 1) = 1 + 1 = 2 too, but ...
    ok(squared)                                                         # ... u = 1 is the LS fit: still valid
    p6 = copy.deepcopy(c)
    p6["problem"]["loss"]["p"] = 6
    ok(p6)                                                              # u^6 + (u-2)^6: minimum 2 at u = 1
    moved = point_cert(quartic_chain(data=(((1,), (1,)), ((0,), (3,)))), [1, 1], 17, "global_min",
                       {"lower_bound": {"method": "convex_stationary"}})
    refused(moved, "not a critical point")                              # u^4 + (u-3)^4: minimiser 3/2


def test_squared_loss_bounds_are_refused_for_other_kinds():
    # with the squared loss the least-squares bound of this problem is 2 (u = 1): refused for the quartic
    c = point_cert(quartic_chain(), [1, 1], 2, "global_min", {"lower_bound": {"method": "least_squares"}})
    refused(c, "least_squares holds for the squared loss only")
    c = point_cert(quartic_chain(), [1, 1], 2, "global_min", {"lower_bound": {"method": "weighted_least_squares"}})
    refused(c, "weighted_least_squares needs")
    p = problem([2, 1, 2], [[1, 0], [0, 1]], [[2, 0], [0, 1]], scale="1")
    p["loss"] = {"kind": "weighted_squared", "scale": "1", "weights": [["1", "1"], ["1", "1"]]}
    refused(point_cert(p, [1, 0, 2, 0], 1, "global_min",
                       {"lower_bound": {"method": "eckart_young", "eigenvalues": ["4", "1"]}}),
            "eckart_young holds for the squared loss only")


def test_weighted_least_squares_bound():
    p = problem([1, 1, 1], [[1], [2]], [[1], [3]], scale="1")
    p["loss"] = {"kind": "weighted_squared", "scale": "1", "weights": [["1"], ["2"]]}
    a, b = symbols_of(p)
    eq = [a * b - sp.Rational(13, 9)]
    L = (a * b - 1) ** 2 + 2 * (2 * a * b - 3) ** 2
    hints = {"lower_bound": {"method": "weighted_least_squares"},
             "membership": {"gradient": [[[[str(c), list(m)] for m, c in sp.Poly(q, a, b).terms()]
                                          for q in reduce_by(sp.diff(L, s), eq, [a, b])] for s in (a, b)],
                            "value": {"power": 1, "cofactors": [[[str(c), list(m)] for m, c in
                                                                 sp.Poly(q, a, b).terms()]
                                                                for q in reduce_by(L - sp.Rational(2, 9), eq,
                                                                                   [a, b])]}}}
    ok(stratum_cert(p, eq, [], "2/9", "global_min", hints))
    # the unweighted least-squares value 6/25 of the map u = 7/5 is not the bound
    refused(point_cert(p, [sp.Rational(7, 5), 1], "6/25", "global_min",
                       {"lower_bound": {"method": "weighted_least_squares"}}), "not a critical point")
    wrong = copy.deepcopy(p)
    wrong["loss"]["weights"] = [["1"], ["3"]]
    refused(stratum_cert(wrong, eq, [], "2/9", "global_min", hints), "not the stated combination")


@pytest.mark.parametrize("loss, words", [
    ({"kind": "power", "scale": "1"}, "problem.loss.p: required"),
    ({"kind": "power", "p": 3, "scale": "1"}, "even integer"),
    ({"kind": "power", "p": 12, "scale": "1"}, "even integer from 2 to 8"),
    ({"kind": "squared", "p": 2, "scale": "1"}, '"p" is only for kind "power"'),
    ({"kind": "weighted_squared", "scale": "1"}, "problem.loss.weights: required"),
    ({"kind": "weighted_squared", "scale": "1", "weights": [["1"]]}, "problem.loss.weights"),
    ({"kind": "weighted_squared", "scale": "1", "weights": [["1"], ["0"]]}, "must be positive"),
    ({"kind": "weighted_squared", "scale": "1", "weights": [["1"], ["1"]], "p": 2}, '"p" is only for'),
    ({"kind": "hinge", "scale": "1"}, "is not one of"),
])
def test_invalid_loss_objects_are_refused(loss, words):
    refused(point_cert(quartic_chain(loss=loss), [1, 1], 2, "global_min", {"lower_bound": {"method": "nonnegative"}}),
            words)


def test_nonlinear_problems_accept_the_squared_loss_only():
    path = ROOT / "proofs" / "swirszcz2016"
    c = json.loads(sorted(path.rglob("*local_min.json"))[0].read_text())
    ok(c)
    c["problem"]["loss"] = {"kind": "power", "p": 4, "scale": c["problem"]["loss"]["scale"]}
    refused(c, "is not one of 'squared'")


# --- producer certificates ----------------------------------------------------------------------

def _producer_certs(example: str, tmp_path):
    from symlandscape.classify import classify
    from symlandscape.report import stratum_entries
    from symlandscape.spec import load_problem
    r = classify(load_problem(ROOT / "examples" / example))
    out = []
    for e in stratum_entries(r, timestamp=False, evidence=False):
        out += e["certificates"]
        out += [v["certificate"] for v in e.get("sample_verdicts", []) if v["kind"] != "undecided"]
    return out


@pytest.mark.parametrize("example", ["power4_chain2.json", "weighted_chain2.json", "trager_weighted_212.json"])
def test_producer_certificates_verify(example, tmp_path):
    certs = _producer_certs(example, tmp_path)
    assert certs
    kinds = set()
    for c in certs:
        ok(c)
        kinds.add(c["claim"]["kind"])
    assert "global_min" in kinds
    if example.startswith("trager"):
        assert "local_min" in kinds


def test_convex_stationary_stratum_mutations(tmp_path):
    c, = [c for c in _producer_certs("power4_chain2.json", tmp_path) if c["claim"]["kind"] == "global_min"]
    assert c["hints"]["lower_bound"]["method"] == "convex_stationary"
    ok(c)
    bad = copy.deepcopy(c)
    bad["hints"]["lower_bound"]["cofactors"][0][0][0][0] = "7"
    refused(bad, "entry 0 of the loss gradient in the end-to-end map is not the stated combination")
    bad = copy.deepcopy(c)
    del bad["hints"]["lower_bound"]["cofactors"]
    refused(bad, "cofactors")
    bad = copy.deepcopy(c)
    bad["problem"]["l2"] = [[["1/10"]], [["1/10"]]]
    refused(bad, "dL/dW1[1,1] is not the stated combination")
    bad = copy.deepcopy(c)
    bad["problem"]["data"]["targets"][1] = ["4"]
    refused(bad, "not the stated combination")


def test_trager_local_min_mutations(tmp_path):
    c, = [c for c in _producer_certs("trager_weighted_212.json", tmp_path) if c["claim"]["kind"] == "local_min"]
    ok(c)
    bad = copy.deepcopy(c)                      # the squared loss (X = Y = I2): e1 e1^T is a global minimum
    bad["problem"]["loss"] = {"kind": "squared", "scale": "1"}
    bad["claim"]["value"] = "1"
    refused(bad, "L there is 1, not below the claimed value 1")
    bad = copy.deepcopy(c)                      # w22 = 3: the stated critical manifold no longer is one
    bad["problem"]["loss"]["weights"][1][1] = "3"
    bad["claim"]["value"] = "3"
    refused(bad, "hints.hessian: dL/dW1[1,2] is not the stated combination")
