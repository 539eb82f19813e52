"""Loss kinds beyond the squared loss: validation, the exact loss, and no squared-loss shortcut.

Every test of the engine here would fail if a least-squares / Eckart-Young formula (true
for the squared loss only) were applied to a power or weighted loss.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest
import sympy as sp

from symlandscape.classify import classify
from symlandscape.errors import ProblemError
from symlandscape.globalmin import (infimum_attained, least_squares_value, lower_bounds, stationarity_polys,
                                    weighted_least_squares_value)
from symlandscape.loss import build_loss
from symlandscape.spec import parse_problem, problem_to_dict

P4 = {"kind": "power", "p": 4, "scale": "1"}
W12 = {"kind": "weighted_squared", "scale": "1", "weights": [["1"], ["2"]]}
DATA = {"inputs": [[1], [2]], "targets": [[1], [3]]}  # no line through the origin fits (1,1), (2,3)


def chain(loss, widths=(1, 1, 1), data=DATA, **extra):
    return parse_problem({"network": {"widths": list(widths), **extra}, "loss": loss, "data": data})


# --- validation ---------------------------------------------------------------------------------

@pytest.mark.parametrize("loss, field, words", [
    ({"kind": "power"}, "loss.p", "missing"),
    ({"kind": "power", "p": 3}, "loss.p", "even integer"),
    ({"kind": "power", "p": 10}, "loss.p", "from 2 to 8"),
    ({"kind": "power", "p": True}, "loss.p", "even integer"),
    ({"kind": "power", "p": "4"}, "loss.p", "even integer"),
    ({"kind": "squared", "p": 4}, "loss.p", 'only for "kind": "power"'),
    ({"kind": "squared", "weights": [["1"], ["1"]]}, "loss.weights", "only for"),
    ({"kind": "power", "p": 4, "weights": [["1"], ["1"]]}, "loss.weights", "only for"),
    ({"kind": "weighted_squared"}, "loss.weights", "missing"),
    ({"kind": "weighted_squared", "weights": [["1"]]}, "loss.weights", "one row per sample"),
    ({"kind": "weighted_squared", "weights": [["1"], ["1", "2"]]}, "loss.weights[1]", "weight(s), one per output"),
    ({"kind": "weighted_squared", "weights": [["1"], ["0"]]}, "loss.weights[1][0]", "must be positive"),
    ({"kind": "weighted_squared", "weights": [["1"], ["-1/2"]]}, "loss.weights[1][0]", "must be positive"),
    ({"kind": "weighted_squared", "weights": [["1"], [0.5]]}, "loss.weights[1][0]", "float"),
    ({"kind": "huber"}, "loss.kind", "unknown loss"),
    ({"kind": "powr", "p": 4}, "loss.kind", 'did you mean "power"'),
    ({"kind": "power", "p": 4, "scale": "0"}, "loss.scale", "positive"),
])
def test_invalid_loss_names_field_and_fix(loss, field, words):
    with pytest.raises(ProblemError) as exc:
        chain(loss)
    assert exc.value.field == field
    assert words in str(exc.value)


def test_non_squared_loss_needs_a_polynomial_engine():
    with pytest.raises(ProblemError) as exc:
        chain(P4, widths=(1, 1, 1), activation="relu")
    assert exc.value.field == "loss.kind" and "linear or polynomial" in str(exc.value)


def test_canonical_form_round_trip_and_squared_unchanged():
    for loss in (P4, W12):
        p = chain(loss)
        d = problem_to_dict(p)
        assert parse_problem(d) == p
    assert problem_to_dict(chain({"kind": "squared", "scale": "1"}))["loss"] == {"kind": "squared", "scale": "1"}
    assert problem_to_dict(chain(P4))["loss"] == {"kind": "power", "scale": "1", "p": 4}
    assert problem_to_dict(chain(W12))["loss"]["weights"] == [["1"], ["2"]]


# --- the exact loss -----------------------------------------------------------------------------

def _sym(loss_terms):
    a, b = sp.symbols("a b")
    return sp.Poly(sp.expand(loss_terms(a * b)), a, b)


@pytest.mark.parametrize("loss, expected", [
    (P4, lambda u: (u - 1) ** 4 + (2 * u - 3) ** 4),
    (W12, lambda u: (u - 1) ** 2 + 2 * (2 * u - 3) ** 2),
    ({"kind": "power", "p": 6, "scale": "1/3"}, lambda u: sp.Rational(1, 3) * ((u - 1) ** 6 + (2 * u - 3) ** 6)),
])
def test_loss_polynomial_matches_an_independent_expansion(loss, expected):
    m = build_loss(chain(loss))
    got = sp.Poly(m.L.as_expr(), *[sp.Symbol(n) for n in m.names])
    want = _sym(expected)
    assert got.as_expr().subs({sp.Symbol("W1[1,1]"): sp.Symbol("a"), sp.Symbol("W2[1,1]"): sp.Symbol("b")}) \
        .expand() == want.as_expr().expand()


def test_audit_numeric_loss_knows_the_kinds():
    from symlandscape.audit import NumericLoss
    for loss in (P4, W12):
        p = chain(loss)
        exact = build_loss(p).L(Fraction(1, 2), Fraction(3))
        assert NumericLoss(problem_to_dict(p)).f([0.5, 3.0]) == pytest.approx(float(exact), rel=1e-12)


# --- no squared-loss shortcut -------------------------------------------------------------------

def test_lower_bounds_use_no_least_squares_formula_beyond_the_squared_loss():
    assert [b.method for b in lower_bounds(chain({"kind": "squared", "scale": "1"}))] == ["least_squares",
                                                                                           "nonnegative"]
    assert [b.method for b in lower_bounds(chain(P4))] == ["nonnegative"]
    assert [b.method for b in lower_bounds(chain(W12))] == ["weighted_least_squares", "nonnegative"]
    bottleneck = parse_problem({"network": {"widths": [2, 1, 2]}, "loss": {"kind": "power", "p": 4},
                                "data": {"inputs": [[1, 0], [0, 1]], "targets": [[2, 0], [0, 1]]}})
    assert [b.method for b in lower_bounds(bottleneck)] == ["nonnegative"]  # no Eckart-Young
    assert "closed set" in infimum_attained(chain(P4))


def test_weighted_least_squares_is_not_the_unweighted_value():
    p = chain(W12)
    assert weighted_least_squares_value(p) == Fraction(2, 9)   # slope 13/9
    # the unweighted least-squares slope 7/5 gives (2/5)^2 + 2 (1/5)^2 = 6/25 > 2/9
    u = Fraction(7, 5)
    assert (u - 1) ** 2 + 2 * (2 * u - 3) ** 2 == Fraction(6, 25)
    r = classify(p)
    assert r.gmin.text() == "2/9" and r.gmin_method == "weighted_least_squares" and not r.gmin_conditional


def test_quartic_global_minimum_is_the_convex_minimum_not_least_squares():
    p = chain(P4)
    r = classify(p)
    assert r.complete and r.gmin_method == "convex_stationary" and not r.gmin_conditional
    # squared-loss shortcut: scale * least squares = 1/5 (slope 7/5); the quartic minimum is smaller
    assert least_squares_value(parse_problem({**problem_to_dict(p), "loss": {"kind": "squared", "scale": "1"}})) \
        == Fraction(1, 5)
    assert r.gmin.compare(r.gmin.from_fraction(Fraction(1, 5))) < 0
    # independent evidence: minimise (u-1)^4 + (2u-3)^4 numerically
    with mpmath.workdps(40):
        u = mpmath.findroot(lambda t: 4 * (t - 1) ** 3 + 8 * (2 * t - 3) ** 3, 1.4)
        assert abs(r.gmin.approx(40) - ((u - 1) ** 4 + (2 * u - 3) ** 4)) < mpmath.mpf(10) ** -30
    assert [s.kind for s in r.strata] == ["global_min"]
    assert [v.kind for v in r.points] == ["strict_saddle"]


def test_stationarity_polys_vanish_exactly_at_the_convex_minimiser():
    m = build_loss(chain(P4, data={"inputs": [[1], [1]], "targets": [[0], [2]]}))
    g, = stationarity_polys(m)
    assert g(1, 1) == 0 and g(2, 1) != 0          # u = 1 minimises u^4 + (u - 2)^4
    l2 = parse_problem({"network": {"widths": [1, 1, 1]}, "loss": P4, "l2": "1/10", "data": DATA})
    assert stationarity_polys(build_loss(l2)) is None  # with l2 the route is not valid


def test_trager_contrast_bottleneck_has_a_certified_bad_local_minimum():
    from symlandscape.theorems.lu_kawaguchi2017 import trager_problem
    r = classify(trager_problem())
    assert r.gmin.text() == "1"                      # e2 e2^T: the weighted LS bound 0 (rank 2) is not attained
    assert weighted_least_squares_value(trager_problem()) == 0 and r.gmin_method == "least_critical_value"
    local = [v for s in r.strata for v in s.sample_verdicts if v.kind == "local_min"]
    assert len(local) == 1 and local[0].value.text() == "2"
    assert local[0].hints["hessian"]["method"] == "morse_bott_implicit"
    assert "better_point" in local[0].hints


def test_explanation_does_not_invoke_squared_loss_theorems():
    from symlandscape.teaching.explain import theorem_for
    text = " ".join(theorem_for(chain(P4), "global_min"))
    assert "does not apply" in text and "assumptions hold" not in text
    text = " ".join(theorem_for(parse_problem({"network": {"widths": [2, 1, 2]}, "loss": W12 | {
        "weights": [["1", "1"], ["1", "2"]]}, "data": {"inputs": [[1, 0], [0, 1]], "targets": [[1, 0], [0, 1]]}}),
        "local_min"))
    assert "bottleneck" in text


def test_point_command_certifies_a_convex_stationary_global_minimum_without_full_classification():
    from symlandscape.pointcheck import analyse_point
    p = chain(P4, data={"inputs": [[1], [1]], "targets": [[0], [2]]})
    r = analyse_point(p, [Fraction(1), Fraction(1)], full_fallback=False)
    assert r.verdict.kind == "global_min" and r.verdict.hints["lower_bound"] == {"method": "convex_stationary"}
    r = analyse_point(p, [Fraction(0), Fraction(0)], full_fallback=False)
    assert r.verdict.kind == "strict_saddle"


def test_quartic_contrast_point_is_a_certified_bad_local_minimum():
    from symlandscape.checker import check_certificate
    from symlandscape.certificates import point_certificate
    from symlandscape.theorems.lu_kawaguchi2017 import (QUARTIC_BETTER, QUARTIC_POINT, QUARTIC_PRODUCT,
                                                        _orbit_local_minimum, quartic_problem)
    model, v = _orbit_local_minimum(quartic_problem(), QUARTIC_POINT, QUARTIC_PRODUCT, QUARTIC_BETTER)
    assert v.kind == "local_min" and v.value.text() == "64"
    assert check_certificate(point_certificate(model, v, timestamp=False)).status == "VERIFIED"
    # with the squared loss the same orbit is a saddle (Eckart-Young: no bad local minimum)
    model, v = _orbit_local_minimum(quartic_problem("squared"), QUARTIC_POINT, QUARTIC_PRODUCT, QUARTIC_BETTER)
    assert v is None or v.kind != "local_min"


def test_no_global_minimum_stratum_off_the_minimum_value():
    # regression: a complex component (no real point) whose map is stationary for the quartic has value
    # ~0.2848 != min ~0.0108; it must not be reported as a global minimum
    p = parse_problem({"network": {"widths": [1, 1, 1], "bias": True}, "loss": P4,
                       "data": {"inputs": [[0], [1], [2]], "targets": [[0], [1], [3]]}})
    r = classify(p)
    assert r.gmin_method == "convex_stationary"
    for s in r.strata:
        if s.kind == "global_min":
            assert s.value.compare(r.gmin) == 0
    assert any(s.kind == "global_min" and s.sample_points for s in r.strata)
    assert any("no real point" in n for n in r.notes) and all(s.kind != "undecided" for s in r.strata)
