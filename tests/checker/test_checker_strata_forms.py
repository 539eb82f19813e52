"""Hypothesis: the stratum certificate forms of the Gram, value-split and sign-split strata
reject every single-coefficient change of a cofactor, term or multiplier.

A cofactor change by d adds ``d * monomial * equation`` to a polynomial identity that held
exactly, so the identity becomes false; the checker must say NOT VERIFIED (it never searches,
so it cannot find another proof).
"""

from __future__ import annotations

import copy
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symlandscape.certificates import stratum_certificates
from symlandscape.checker import NOT_VERIFIED, check_certificate
from symlandscape.classify import classify
from symlandscape.loss import build_loss
from symlandscape.spec import parse_problem

PROBLEMS = {
    "gram": {"network": {"widths": [1, 1, 1, 1], "activation": "linear", "bias": True},
             "data": {"inputs": [["2"], ["1/2"]], "targets": [["-2"], ["3"]]}},
    "on_value": {"network": {"widths": [2, 1, 2]},
                 "data": {"inputs": [["1/2", "1/2"], ["-1/2", "1/2"]], "targets": [["-1", "1"], ["0", "2/3"]]}},
    "sign": {"network": {"widths": [1, 1, 1], "activation": "polynomial", "bias": True,
                         "coefficients": ["1", "0", "1"]}, "l2": ["1", "1/4"],
             "data": {"inputs": [["3"], ["1"], ["3"]], "targets": [["-1"], ["2/3"], ["2/3"]]}},
}


def _certificates():
    out = []
    for name, obj in PROBLEMS.items():
        problem = parse_problem(obj)
        model = build_loss(problem)
        for s in classify(problem).strata:
            if s.on_value or s.positive or (s.kind == "nonstrict_saddle" and s.claims and
                                            s.claims[0]["hints"]["hessian"]["method"] == "gram"):
                out.extend(stratum_certificates(model, s, timestamp=False))
    return out


CERTS = _certificates()


def _coefficient_paths(obj, path=()):
    """Paths to every coefficient string of a polynomial ``[[c, exps], ...]`` in the hints."""
    if isinstance(obj, list) and len(obj) == 2 and isinstance(obj[0], str) and isinstance(obj[1], list) \
            and all(isinstance(e, int) for e in obj[1]):
        yield path + (0,)
        return
    if isinstance(obj, dict):
        for k in sorted(obj):
            if k not in ("lower_bound",):
                yield from _coefficient_paths(obj[k], path + (k,))
    elif isinstance(obj, list):
        for i, x in enumerate(obj):
            yield from _coefficient_paths(x, path + (i,))


def test_forms_present():
    kinds = {(c["claim"]["kind"], "on_value" in c["claim"], "positive" in c["claim"]) for c in CERTS}
    assert ("global_min", True, False) in kinds and ("strict_saddle", True, False) in kinds
    assert ("local_min", False, True) in kinds and ("strict_saddle", False, True) in kinds
    assert any(c["hints"].get("hessian", {}).get("method") == "gram" for c in CERTS)
    assert all(check_certificate(c).status.startswith("VERIFIED") for c in CERTS)


@settings(max_examples=80, derandomize=True, deadline=None)
@given(st.data(), st.fractions(min_value=-5, max_value=5, max_denominator=7).filter(lambda q: q != 0))
def test_changed_hint_coefficient_is_rejected(data, delta):
    cert = copy.deepcopy(data.draw(st.sampled_from(CERTS)))
    paths = [p for p in _coefficient_paths(cert["hints"]) if p[0] != "membership" or p[1] != "value"]
    path = data.draw(st.sampled_from(paths))
    node = cert["hints"]
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = str(Fraction(node[path[-1]]) + delta)
    assert check_certificate(cert).status == NOT_VERIFIED, path


@pytest.mark.parametrize("i", range(len(CERTS)))
def test_changed_claim_equation_is_rejected(i):
    cert = copy.deepcopy(CERTS[i])
    cert["claim"]["equations"][0][0][0] = str(Fraction(cert["claim"]["equations"][0][0][0]) + 1)
    assert check_certificate(cert).status == NOT_VERIFIED
