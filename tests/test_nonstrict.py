"""Non-strict saddle pieces certified by a Schur complement (symlandscape.nonstrict; addition 16).

The piece is a 3-dimensional prime component of the critical set of unregularised (2,2,2,2)
with 3 samples, at the lower of its two rank-one values (tests/data/piece_2222_dim3.json).
There the Hessian is positive semidefinite of rank 3 and the loss descends at order 3 along
a kernel direction: bad saddles, which Kawaguchi 2016 (Thm 2.3 (iv)) allows beyond one
hidden layer. Every certificate must verify, and every mutation must be refused.
"""

from __future__ import annotations

import copy
import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import QQ

from symlandscape.certificates import stratum_certificates
from symlandscape.checker import NOT_VERIFIED, VERIFIED, check_certificate
from symlandscape.classify import build_loss, classify
from symlandscape.inertia import evaluate_matrix, inertia
from symlandscape.nonstrict import _exponents, _pivot_chains, nonstrict_value_claims
from symlandscape.solve import decompose, engine_allowed
from symlandscape.spec import parse_problem
from symlandscape.strata import (StrataAnalyser, Stratum, _constant_coefficients, _real_value_count, _value_basis,
                                 membership_hint, sample_points)
from symlandscape.values import RealAlgebraic

DATA = json.loads((Path(__file__).parent / "data" / "piece_2222_dim3.json").read_text())

needs_singular = pytest.mark.skipif(engine_allowed("singular") is None, reason="the value split needs Singular")


def test_exponents_make_one_even_power():
    # k t_i + e_i = 2E for all i: a_3 = W u (U^4) scaled by s = -u gives -W (u U)^4
    assert _exponents(3, [1, 4]) == (2, [1, 0])
    assert _exponents(3, [2, 2]) == (1, [0, 0])
    E, t = _exponents(5, [1, 6, 11])
    assert E == 8 and all(5 * ti + e == 2 * E for ti, e in zip(t, [1, 6, 11]))
    assert _exponents(3, [1, 2]) is None  # 3 t + 1 = 3 t' + 2 has no solution


def test_pivot_chains_follow_positive_leading_minors():
    signs = {(0,): 1, (0, 1): -1, (0, 2): 1, (0, 2, 3): 1, (1,): 1, (1, 2): 1, (1, 2, 3): 1}
    chains = list(_pivot_chains(lambda S: signs.get(S, 0), 4, 3))
    assert chains == [(0, 2, 3), (1, 2, 3)]


@pytest.fixture(scope="module")
def piece():
    """The piece's stratum with its non-strict saddle claims (built once)."""
    problem = parse_problem(DATA["problem"])
    model = build_loss(problem)
    R = model.R
    J = [R({tuple(m): QQ(c) for c, m in g}) for g in DATA["equations"]]
    (comp,) = decompose(J, model.L, R).components
    J = comp.gb
    an = StrataAnalyser(model)
    samples = sample_points(J, R, comp.independent, loss=model.L, values=_real_value_count(comp))
    low = min(samples, key=lambda p: RealAlgebraic.of_element(p.field, p.evaluate(model.L)))
    alpha = RealAlgebraic.of_element(low.field, low.evaluate(model.L))
    Rz, z, G = _value_basis(an, J, comp.dimension)
    n = model.n
    Hnf = [[model.hess[i][j].rem(J) for j in range(n)] for i in range(n)]
    claims, excluded = nonstrict_value_claims(an, J, Hnf, alpha, Rz, z, G, low)
    memb = membership_hint(model, J, comp.value_poly)
    for c in claims:
        c["hints"]["membership"] = memb
    st_ = Stratum(list(J), excluded, comp.dimension, "nonstrict_saddle", "test", alpha, claims, [low],
                  on_value=True)
    return model, low, st_, stratum_certificates(model, st_, timestamp=False)


@needs_singular
def test_sample_is_a_singular_psd_point(piece):
    """Independent of the certificate: the exact inertia at the piece's sample point."""
    model, low, _st, _certs = piece
    ine = inertia(low.field, evaluate_matrix(low, model.hess))
    assert ine.neg == 0 and ine.pos == 3 and ine.zero == 9


@needs_singular
def test_certificates_verify(piece):
    _model, _low, st_, certs = piece
    assert certs and len(certs) == len(st_.claims)
    for c in certs:
        assert c["hints"]["hessian"]["method"] == "schur"
        res = check_certificate(copy.deepcopy(c))
        assert res.status == VERIFIED, res.message
        assert "H[I, I] positive definite" in res.message


def _drop_kernel(h):
    h["hessian"]["kernel"].pop()


def _swap_index(h):
    idx = h["hessian"]["indices"]
    idx[-1] = next(i for i in range(12) if i not in idx)


def _vector_entry(h):
    e = h["hessian"]["kernel"][0]
    k = next(i for i, p in enumerate(e["vector"]) if p)
    e["vector"][k][0][0] = str(Fraction(e["vector"][k][0][0]) + 1)


def _outside_entry(h):
    e = h["hessian"]["kernel"][0]
    k = next(i for i in range(12) if i != e["index"] and i not in h["hessian"]["indices"])
    e["vector"][k] = [["1", [0] * 12]]


def _no_powers(h):
    for e in h["hessian"]["kernel"]:
        e["pivot"]["powers"] = []


def _negative_minor_square(h):
    sq = h["hessian"]["minors"][0]["squares"][0]
    sq[0] = [str(-Fraction(c)) for c in sq[0]]


def _descent_order(h):
    h["descent_curve"]["order"] = 2
    h["descent_curve"]["lower"] = h["descent_curve"]["lower"][:1]


def _descent_sign(h):
    sq = h["descent_curve"]["squares"][0]
    sq[0] = [str(-Fraction(c)) for c in sq[0]]


def _ascent_drop(h):
    del h["ascent_curve"]


MUTATIONS = {f.__name__: f for f in (_drop_kernel, _swap_index, _vector_entry, _outside_entry, _no_powers,
                                     _negative_minor_square, _descent_order, _descent_sign, _ascent_drop)}


@needs_singular
@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_mutated_hints_are_refused(piece, name):
    c = copy.deepcopy(piece[3][0])
    MUTATIONS[name](c["hints"])
    assert check_certificate(c).status == NOT_VERIFIED


@needs_singular
def test_dropped_inequation_or_value_is_refused(piece):
    c = copy.deepcopy(piece[3][0])
    c["claim"]["inequations"].pop()
    assert check_certificate(c).status == NOT_VERIFIED
    c = copy.deepcopy(piece[3][0])
    del c["claim"]["on_value"]  # the coefficients c(L) need the value the stratum is pinned to
    assert check_certificate(c).status == NOT_VERIFIED


def _numbers(x, path=()):
    """Paths to every rational coefficient (a string) in a hint."""
    if isinstance(x, dict):
        for k in sorted(x):
            yield from _numbers(x[k], path + (k,))
    elif isinstance(x, list):
        if len(x) == 2 and isinstance(x[0], str) and isinstance(x[1], list):  # a term [c, exponents]
            yield path + (0,)
            return
        for i, e in enumerate(x):
            yield from _numbers(e, path + (i,))
    elif isinstance(x, str):
        yield path


@needs_singular
@settings(max_examples=12, derandomize=True, deadline=None)
@given(st.data())
def test_any_changed_number_of_the_psd_proof_is_refused(piece, data):
    """Every number of the Schur certificate enters an exact identity (or a sign condition): a
    changed one must make the certificate fail."""
    c = copy.deepcopy(piece[3][0])
    paths = list(_numbers(c["hints"]["hessian"]))
    path = data.draw(st.sampled_from(paths))
    delta = data.draw(st.fractions(min_value=-3, max_value=3, max_denominator=4).filter(lambda q: q != 0))
    node = c["hints"]["hessian"]
    for k in path[:-1]:
        node = node[k]
    try:
        node[path[-1]] = str(Fraction(node[path[-1]]) + delta)
    except (ValueError, ZeroDivisionError):
        return  # "method" and such: not a number
    assert check_certificate(c).status == NOT_VERIFIED


RATIONAL_2222 = {"name": "rational-spectrum-2222", "network": {"widths": [2, 2, 2, 2]},
                 "data": {"inputs": [["1", "0"], ["0", "1"], ["0", "0"]],
                          "targets": [["2", "0"], ["0", "1"], ["1", "1"]]}}


@needs_singular
def test_rational_spectrum_2222_is_decided_everywhere():
    """With a rational spectrum (Sigma = diag(4, 1)) the rank-one components of (2,2,2,2) have
    rational values and are not split by value; the same searches decide them: strict saddles
    by sign-guided minors, non-strict saddles by the Schur route, with rational coefficients.
    The values are Baldi & Hornik's, computed independently."""
    from test_strata_values import _linear_critical_values
    r = classify(parse_problem(RATIONAL_2222))
    assert r.complete
    assert not [s for s in r.strata if s.kind == "undecided"] and not [v for v in r.points if v.kind == "undecided"]
    expected = {Fraction(str(v)) for v in _linear_critical_values(RATIONAL_2222)}
    assert {s.value.fraction for s in r.strata} <= expected
    kinds = {s.kind for s in r.strata}
    assert {"global_min", "strict_saddle", "nonstrict_saddle"} <= kinds
    for s in r.strata:
        assert not s.on_value
        for c in stratum_certificates(r.model, s, timestamp=False):
            assert "multiplier" not in json.dumps(c)
            res = check_certificate(c)
            assert res.status == VERIFIED, res.message


def test_constant_coefficients_are_written_as_rationals():
    h = {"negative_minor": {"multiplier": ["3"], "squares": [["1", "u"], [["1/2"], "v"]]},
         "hessian": {"kernel": [{"pivot": {"coefficient": ["-2"]}}]}}
    assert _constant_coefficients(h)
    assert h == {"negative_minor": {"squares": [["3", "u"], ["3/2", "v"]]},
                 "hessian": {"kernel": [{"pivot": {"coefficient": "-2"}}]}}
    assert not _constant_coefficients({"squares": [[["1", "2"], "u"]]})
