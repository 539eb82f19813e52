"""Components whose loss takes conjugate real values are split into one stratum per value.

A generic (2,1,2) linear network: the rank-1 critical maps use one eigenvector of
Sigma = Y X^T (X X^T)^-1 X Y^T; with irrational eigenvalues both choices lie on ONE
component irreducible over Q, carrying the two values ||Y||^2/2 - lambda_i/2. The piece
of the top eigenvalue is the global minimum, the other a strict saddle (Baldi & Hornik
1989, Fact 4; Kawaguchi 2016, Thm 2.3). Values are checked against sympy's eigenvalues.
"""

from __future__ import annotations

import copy
import itertools

import mpmath
import pytest
import sympy as sp

from symlandscape.certificates import stratum_certificates
from symlandscape.checker import NOT_VERIFIED, check_certificate
from symlandscape.classify import classify
from symlandscape.inertia import evaluate_matrix, inertia
from symlandscape.loss import build_loss
from symlandscape.spec import parse_problem

from problems import GENERIC_212


def _expected_values():
    X = sp.Matrix([[sp.Rational(1, 2), sp.Rational(-1, 2)], [sp.Rational(1, 2), sp.Rational(1, 2)]])  # columns
    Y = sp.Matrix([[-1, 0], [1, sp.Rational(2, 3)]])
    sigma = Y * X.T * (X * X.T).inv() * X * Y.T
    total = sum(y ** 2 for y in Y)
    return sorted(sp.nsimplify((total - lam) / 2) for lam in sigma.eigenvals())


@pytest.fixture(scope="module")
def report():
    return classify(parse_problem(GENERIC_212))


def test_pieces_have_the_eigenvalue_values_and_kinds(report):
    pieces = [s for s in report.strata if s.on_value]
    assert [s.kind for s in pieces] == ["global_min", "strict_saddle"]
    assert all(s.scope == "stratum" and s.dimension == 1 for s in pieces)
    expected = _expected_values()
    assert expected[0].is_irrational
    for s, e in zip(pieces, expected):
        assert abs(s.value.approx(40) - sp.N(e, 40)) < 1e-35
    assert report.gmin.compare(pieces[0].value) == 0


def test_sympy_alone_splits_the_same_pieces(report):
    """Without Singular the value basis is SymPy's lex basis (with Singular a block order):
    the same pieces, values and kinds, and the certificates verify."""
    from symlandscape.solve import using_backend
    with using_backend("sympy"):
        alone = classify(parse_problem(GENERIC_212))
    a = [(s.kind, s.dimension) for s in alone.strata if s.on_value]
    b = [(s.kind, s.dimension) for s in report.strata if s.on_value]
    assert a == b
    for s, t in zip([s for s in alone.strata if s.on_value], [s for s in report.strata if s.on_value]):
        assert s.value.compare(t.value) == 0
        for c in stratum_certificates(alone.model, s, timestamp=False):
            assert check_certificate(c).ok


def test_piece_certificates_verify_and_mutations_fail(report):
    model = build_loss(parse_problem(GENERIC_212))
    pieces = [s for s in report.strata if s.on_value]
    gcert = stratum_certificates(model, pieces[0], timestamp=False)[0]
    scert = stratum_certificates(model, pieces[1], timestamp=False)[0]
    assert check_certificate(gcert).status.startswith("VERIFIED")
    assert check_certificate(scert).status == "VERIFIED"
    minor = scert["hints"]["negative_minor"]
    assert "multiplier" in minor

    bad = copy.deepcopy(scert)
    bad["hints"]["negative_minor"]["multiplier"] = [str(-sp.Rational(c)) for c in minor["multiplier"]]
    assert check_certificate(bad).status == NOT_VERIFIED

    bad = copy.deepcopy(scert)
    del bad["claim"]["on_value"]
    res = check_certificate(bad)
    assert res.status == NOT_VERIFIED and "on_value" in res.message

    # the saddle's certificate moved to the other root: the multiplier is not positive there
    bad = copy.deepcopy(scert)
    bad["claim"]["value"]["interval"] = gcert["claim"]["value"]["interval"]
    assert check_certificate(bad).status == NOT_VERIFIED

    # the global-min piece claimed at the saddle's value: the lower bound is not that value
    bad = copy.deepcopy(gcert)
    bad["claim"]["value"]["interval"] = scert["claim"]["value"]["interval"]
    bad["hints"]["lower_bound"] = {"method": "least_squares"}
    assert check_certificate(bad).status == NOT_VERIFIED


def test_report_json_marks_pieces(report):
    from symlandscape.report import report_json
    data = report_json(report, timestamp=False)
    pieces = [s for s in data["strata"] if s.get("on_value")]
    assert len(pieces) == 2
    assert all(s["certificate"]["claim"]["on_value"] for s in pieces)


GENERIC_222 = {"name": "generic-222", "network": {"widths": [2, 2, 2]},
               "data": {"inputs": [["1", "2"], ["-3", "1/2"], ["2/3", "-1"]],
                        "targets": [["1", "-1"], ["2", "1/3"], ["-1/2", "3"]]}}


def _bordered_certificates(report):
    out = []
    for s in report.strata:
        for c in stratum_certificates(report.model, s, timestamp=False):
            if "negative_bordered_minor" in c["hints"]:
                out.append(c)
    return out


def test_rank_one_saddles_of_222_are_certified_by_principal_minors():
    """Kawaguchi 2016, Thm 2.3 (iv): with one hidden layer every saddle is strict. The rank-one
    pieces of a generic (2,2,2) network are proved strict saddles on the whole piece by the
    sign-guided search of principal minors (sizes up to 6, negative at the piece's sample)."""
    r = classify(parse_problem(GENERIC_222))
    assert r.complete
    assert not [s for s in r.strata if s.kind == "undecided"]
    assert not [v for v in r.points if v.kind == "undecided"]
    saddles = [s for s in r.strata if s.on_value and s.kind == "strict_saddle"]
    assert saddles
    for s in saddles:
        for c in stratum_certificates(r.model, s, timestamp=False):
            res = check_certificate(copy.deepcopy(c))
            assert res.ok, res.message


@pytest.fixture
def bordered_only(monkeypatch):
    """The guided principal-minor search switched off, so that the bordered search runs."""
    import symlandscape.strata as strata
    monkeypatch.setattr(strata, "GUIDED_CANDIDATES", 0)


def test_rank_one_saddles_of_222_are_certified_by_bordered_minors(bordered_only):
    """The same pieces, by the bordered minors alone."""
    r = classify(parse_problem(GENERIC_222))
    assert r.complete
    assert not [s for s in r.strata if s.kind == "undecided"]
    assert not [v for v in r.points if v.kind == "undecided"]
    assert {s.kind for s in r.strata if s.value is None or r.gmin.compare(s.value) != 0} == {"strict_saddle"}
    certs = _bordered_certificates(r)
    assert certs
    for c in certs:
        res = check_certificate(copy.deepcopy(c))
        assert res.ok, res.message
        assert "det H[S,S] det H[S',S'] < 0" in res.message


BORDERED_MUTATIONS = [
    lambda h: h["negative_bordered_minor"].__setitem__("indices", h["negative_bordered_minor"]["indices"][::-1]),
    lambda h: h["negative_bordered_minor"].pop("multiplier"),
    lambda h: h["negative_bordered_minor"]["multiplier"].__setitem__(0, "-" + h["negative_bordered_minor"]
                                                                      ["multiplier"][0].lstrip("-") + "1"),
    lambda h: h.pop("nonnegative_trace"),
    lambda h: h.__setitem__("negative_minor", h["negative_bordered_minor"]),
    lambda h: h["negative_bordered_minor"]["squares"][0].__setitem__(0, "2"),
]


@pytest.mark.parametrize("k", range(len(BORDERED_MUTATIONS)))
def test_mutated_bordered_minor_is_rejected(k, bordered_only):
    c = _bordered_certificates(classify(parse_problem(GENERIC_222)))[0]
    bad = copy.deepcopy(c)
    BORDERED_MUTATIONS[k](bad["hints"])
    if bad == c:
        pytest.skip("the mutation did not change the certificate")
    assert check_certificate(bad).status == NOT_VERIFIED


GENERIC_2222 = {"name": "generic-2222", "network": {"widths": [2, 2, 2, 2]},
                "data": {"inputs": [["-7/4", "-8"], ["8/5", "1/5"], ["-5/6", "-1"]],
                         "targets": [["-1/2", "6"], ["-3", "-7/5"], ["1/2", "7/4"]]}}


def _linear_critical_values(obj):
    """``s (||Y||^2 - sum_{i in S} lambda_i)`` over subsets S of the eigenvalues of
    ``Sigma = Y X^T (X X^T)^-1 X Y^T`` (Baldi & Hornik 1989; Kawaguchi 2016, Thm 2.3): the critical
    values of a deep linear network with full-rank data, computed here by SymPy alone."""
    X = sp.Matrix([[sp.Rational(v) for v in x] for x in obj["data"]["inputs"]]).T
    Y = sp.Matrix([[sp.Rational(v) for v in y] for y in obj["data"]["targets"]]).T
    sigma = Y * X.T * (X * X.T).inv() * X * Y.T
    lams = list(sigma.eigenvals())
    total = sum(v ** 2 for v in Y)
    return sorted({mpmath.mpf(str(sp.N((total - sum(S)) / 2, 40))) for k in range(len(lams) + 1)
                   for S in itertools.combinations(lams, k)})


@pytest.mark.slow
def test_2222_with_three_samples_is_classified_completely():
    """Unregularised (2,2,2,2) with 3 samples (the scale target of issue 7): the critical values
    are those of Baldi & Hornik / Kawaguchi, computed independently; every 7-dimensional
    rank-one piece is a certified strict saddle (its 5x5 minors' sign-guided search), and the
    lower-dimensional pieces at the lower rank-one value are certified non-strict saddles on the
    whole piece (a Schur complement proves the Hessian positive semidefinite, the loss descends
    at order 3): bad saddles, which Kawaguchi 2016 Thm 2.3 (iv) allows beyond one hidden layer.
    Nothing is left undecided."""
    r = classify(parse_problem(GENERIC_2222))
    assert r.complete
    with mpmath.workdps(40):
        expected = _linear_critical_values(GENERIC_2222)
        found = {s.value.approx(30) for s in r.strata if s.value is not None} | {v.value.approx(30) for v in r.points}
        for v in found:
            assert min(abs(v - e) for e in expected) < mpmath.mpf(10) ** -25
    assert not [s for s in r.strata if s.kind == "undecided"]
    assert not [v for v in r.points if v.kind == "undecided"]
    schur = [s for s in r.strata if s.kind == "nonstrict_saddle" and s.on_value]
    assert schur and all(c["hints"]["hessian"]["method"] == "schur" for s in schur for c in s.claims)
    for s in schur:  # the sample points, independently of the certificates: PSD and singular
        for p in s.sample_points:
            ine = inertia(p.field, evaluate_matrix(p, r.model.hess))
            assert ine.neg == 0 and ine.zero > 0
    for s in r.strata:
        if s.kind != "undecided":
            for c in stratum_certificates(r.model, s, timestamp=False):
                res = check_certificate(c)
                assert res.ok, res.message
