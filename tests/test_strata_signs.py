"""Components split by the sign of a polynomial: strict saddles on one side, local minima on the other.

audit-263: h(x) = 1 + x^2, biases, l2 = (1, 1/4). The component W1 = W2 = 0, b2 = 1/9 (b1 free)
has ``H = e1 e1^T + 3 l l^T + r(b1) e_W2 e_W2^T`` modulo its ideal with
``r = 1/4 - 400 b1^2 / 81``: for |b1| > 9/40 a strict saddle, for |b1| < 9/40 a Morse-Bott
local minimum (the loss is flat only along b1), and the two points b1 = +-9/40 are
classified on their own. The split is checked here against mpmath eigenvalues and a
sampled ball, and the certificates against mutations.
"""

from __future__ import annotations

import copy
import random
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

from symlandscape.certificates import stratum_certificates
from symlandscape.checker import NOT_VERIFIED, VERIFIED, check_certificate
from symlandscape.classify import classify
from symlandscape.loss import build_loss
from symlandscape.spec import parse_problem

PROBLEM = {"network": {"widths": [1, 1, 1], "activation": "polynomial", "bias": True, "coefficients": ["1", "0", "1"]},
           "loss": {"kind": "squared", "scale": "1/2"}, "l2": ["1", "1/4"],
           "data": {"inputs": [["3"], ["1"], ["3"]], "targets": [["-1"], ["2/3"], ["2/3"]]}}


def _sym_loss():
    w1, b1, w2, b2 = sp.symbols("w1 b1 w2 b2")
    data = [(3, -1), (1, sp.Rational(2, 3)), (3, sp.Rational(2, 3))]
    L = sum((w2 * (1 + (w1 * x + b1) ** 2) + b2 - y) ** 2 for x, y in data) / 2 + (w1 ** 2 + w2 ** 2 / 4) / 2
    return L, (w1, b1, w2, b2)


@pytest.fixture(scope="module")
def result():
    problem = parse_problem(PROBLEM)
    return build_loss(problem), classify(problem)


def test_split_kinds_and_boundary(result):
    model, r = result
    kinds = sorted((s.kind, str(s.positive[0].as_expr())) for s in r.strata if s.positive)
    assert [k for k, _ in kinds] == ["local_min", "strict_saddle"]
    assert all(s.value.text() == "25/27" for s in r.strata if s.positive)
    for kind, expr in kinds:
        e = sp.sympify(expr.replace("b1[1]", "b"))
        # the sign condition changes exactly at b1 = +-9/40
        assert set(sp.solve(e, sp.Symbol("b"))) == {sp.Rational(-9, 40), sp.Rational(9, 40)}
    boundary = sorted(v.point.rational_coords()[1] for v in r.points if v.value.text() == "25/27")
    assert boundary == [Fraction(-9, 40), Fraction(9, 40)]


@pytest.mark.parametrize("b1, expect", [(0, "local_min"), (Fraction(1, 10), "local_min"), (1, "strict_saddle"),
                                        (-2, "strict_saddle")])
def test_independent_numerics(b1, expect):
    L, xs = _sym_loss()
    at = dict(zip(xs, [0, sp.Rational(b1), 0, sp.Rational(1, 9)]))
    assert all(sp.diff(L, x).subs(at) == 0 for x in xs)
    assert L.subs(at) == sp.Rational(25, 27)
    with mpmath.workdps(40):
        ev = mpmath.eigsy(mpmath.matrix(sp.hessian(L, xs).subs(at).evalf(45).tolist()))[0]
        ev = sorted(ev)
        if expect == "strict_saddle":
            assert ev[0] < -1e-3
        else:
            assert ev[0] > -1e-30 and ev[1] > 1e-3  # one flat direction (b1), the rest positive
            f = sp.lambdify(xs, L, "mpmath")
            rng = random.Random(0)
            base = [mpmath.mpf(0), mpmath.mpf(b1.numerator) / b1.denominator if isinstance(b1, Fraction)
                    else mpmath.mpf(b1), mpmath.mpf(0), mpmath.mpf(1) / 9]
            for _ in range(50):
                y = [c + mpmath.mpf(rng.gauss(0, 1)) * mpmath.mpf("1e-4") for c in base]
                assert f(*y) >= mpmath.mpf(25) / 27 - mpmath.mpf("1e-35")


def _certs(result, kind):
    model, r = result
    st = [s for s in r.strata if s.kind == kind and s.positive][0]
    return stratum_certificates(model, st, timestamp=False)[0]


def test_certificates_verify(result):
    for kind in ("local_min", "strict_saddle"):
        res = check_certificate(_certs(result, kind))
        assert res.status == VERIFIED, res.message


def _flip(c):
    c["claim"]["positive"] = [[[str(-Fraction(a)), e] for a, e in c["claim"]["positive"][0]]]


@pytest.mark.parametrize("kind, mutate", [
    ("strict_saddle", _flip),
    ("local_min", _flip),
    ("local_min", lambda c: c["hints"].__setitem__("better_point", ["0", "0", "0", "1/9"])),
    ("local_min", lambda c: c["hints"]["hessian"].__setitem__("jacobian_columns", [0, 1, 2])),
    ("local_min", lambda c: c["hints"]["hessian"]["terms"][0].__setitem__(0, "2")),
    ("local_min", lambda c: c["hints"]["hessian"]["positive_terms"].clear()),
    ("strict_saddle", lambda c: c["hints"]["negative_direction"].__setitem__("positive", [["1", 1]])),
    ("strict_saddle", lambda c: c["hints"]["positive_direction"].__setitem__("constant", "-3")),
    ("strict_saddle", lambda c: c["claim"].pop("positive")),
])
def test_mutations_rejected(result, kind, mutate):
    c = copy.deepcopy(_certs(result, kind))
    mutate(c)
    assert check_certificate(c).status == NOT_VERIFIED
