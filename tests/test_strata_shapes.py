"""Reading a minor's normal form on a value piece as ``-sum c_j(alpha) m_j^2`` (strata._value_shapes).

The identities are checked exactly here: substituting z = alpha (reduction modulo alpha's
minimal polynomial), ``d + sum c_j(z) m_j^2`` must vanish. The checker side (addition 15 of
docs/certificates.md: coefficients that are polynomials in L) is tested on a real certificate
of the generic (2,1,2) network, rewritten into that form, and on mutations of it.
"""

from __future__ import annotations

import copy
from fractions import Fraction
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import QQ
from sympy.polys.rings import ring

from symlandscape.algebraic import AlgebraicField
from symlandscape.strata import _dominant_squares, _value_shapes
from symlandscape.values import RealAlgebraic

from problems import GENERIC_212

SQRT2 = RealAlgebraic(AlgebraicField([QQ(1), QQ(0), QQ(-2)], Fraction(1), Fraction(2)))


def _setup():
    R, y1, y2, w = ring("y1,y2,w", QQ)
    Rz, a1, a2, aw, z = ring("y1,y2,w,z", QQ)
    # a stand-in model whose loss is w on V(J), J = (w^2 - 2): the normal form of L is h = w
    an = SimpleNamespace(R=R, model=SimpleNamespace(L=w), cache={})
    return an, R, Rz, (a1, a2, aw, z), [w ** 2 - 2]


def _vanishes_at_alpha(an, Rz, d, shape, z):
    """``d + sum c_j(z) m_j^2`` is zero once z = sqrt 2, with h = w standing for z in m_j."""
    R = an.R
    total = d
    for cz, m in shape:
        c = sum((QQ(q) * z ** e for e, q in enumerate(cz)), Rz.zero)
        mz = m.set_ring(Rz).compose(Rz.gens[2], z)  # h = w stands for L = z
        total += c * mz * mz
    total = total.compose(Rz.gens[2], z)
    return not total.rem([z ** 2 - 2])


def test_single_square_is_the_old_form():
    an, R, Rz, (y1, y2, w, z), J = _setup()
    d = (z - 3) * y1 ** 2 * y2 ** 2          # negative at sqrt 2: -(3 - z) (y1 y2)^2
    shapes = _value_shapes(an, d, SQRT2, Rz, z, J=J)
    assert len(shapes) == 1 and len(shapes[0]) == 1
    (cz, m), = shapes[0]
    assert m == R.gens[0] * R.gens[1]
    assert _vanishes_at_alpha(an, Rz, d, shapes[0], z)
    assert _value_shapes(an, -d, SQRT2, Rz, z, J=J) == []   # positive on the piece: no shape


def test_definite_form_gives_rational_squares():
    an, R, Rz, (y1, y2, w, z), J = _setup()
    F = 3 * y1 ** 2 + 2 * z * y1 * y2 + 2 * y2 ** 2      # [[3, s],[s, 2]], s = sqrt 2: definite
    d = -F * (y2 - 1) ** 2
    shapes = _value_shapes(an, d, SQRT2, Rz, z, J=J)
    assert len(shapes) >= 2
    for shape in shapes:
        assert _vanishes_at_alpha(an, Rz, d, shape, z)
        assert all(not m.degree(R.gens[2]) > 0 for _c, m in shape)   # rational forms: no h
        assert all(SQRT2.field.sign(SQRT2.field.reduce(list(reversed(c)))) > 0 for c, _m in shape)
    # one shape per direction, each led by its own inequation (a form times y2 - 1)
    firsts = [shape[0][1] for shape in shapes]
    assert len(set(firsts)) == len(firsts)
    assert all(not f.rem([R.gens[1] - 1]) for f in firsts)
    assert _value_shapes(an, d, SQRT2, Rz, z, J=J, quadratic=False) == []


def test_semidefinite_form_uses_the_loss_normal_form():
    an, R, Rz, (y1, y2, w, z), J = _setup()
    F = y1 ** 2 + 2 * z * y1 * y2 + 2 * y2 ** 2          # (y1 + sqrt2 y2)^2 at alpha: rank one
    d = -5 * F
    shapes = _value_shapes(an, d, SQRT2, Rz, z, J=J)
    assert len(shapes) == 1
    (cz, m), = shapes[0]
    assert m == R.gens[0] + R.gens[2] * R.gens[1]          # y1 + h y2 with h = w
    assert _vanishes_at_alpha(an, Rz, d, shapes[0], z)


def test_indefinite_form_gives_nothing():
    an, R, Rz, (y1, y2, w, z), J = _setup()
    d = -(y1 ** 2 + 3 * z * y1 * y2 + y2 ** 2)            # discriminant 18 - 4 > 0: indefinite
    assert _value_shapes(an, d, SQRT2, Rz, z, J=J) == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-6, 6), min_size=6, max_size=6))
def test_dominant_squares_law(entries):
    """For every positive definite rational 3x3 N: y^T N y = sum a_i w_i^2 + sum b_ij (w_i + s w_j)^2."""
    a, b, c, d, e, f = entries
    # N = B B^T + I is positive definite
    B = [[a, b, 0], [c, d, e], [0, f, 1]]
    K = SQRT2.field
    N = [[K.from_rational(Fraction(sum(B[i][t] * B[j][t] for t in range(3)) + (i == j))) for j in range(3)]
         for i in range(3)]
    found = _dominant_squares(K, N)
    if found is None:   # no rounding made it dominant: allowed, never wrong
        return
    T = found["T"]

    def form(i, y):
        return sum(T[i][j] * y[j] for j in range(3))
    for y in ([1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 2, -1], [3, -1, 2]):
        lhs = sum(Fraction(*_pq(N[i][j])) * y[i] * y[j] for i in range(3) for j in range(3))
        rhs = sum(Fraction(*_pq(ai)) * form(i, y) ** 2 for i, ai in enumerate(found["diagonal"]))
        rhs += sum(Fraction(*_pq(bij)) * (form(i, y) + s * form(j, y)) ** 2
                   for (i, j), (bij, s) in found["pairs"].items())
        assert lhs == rhs
    assert all(K.sign(x) > 0 for x in found["diagonal"])


def _pq(x):
    q = x[-1] if x else QQ(0)
    assert len(x) <= 1
    return int(q.numerator), int(q.denominator)


# -- the checker: coefficients c(L) in squares ---------------------------------------------

def _saddle_certificate():
    from symlandscape.certificates import stratum_certificates
    from symlandscape.classify import classify
    from symlandscape.spec import parse_problem
    report = classify(parse_problem(GENERIC_212))
    pieces = [s for s in report.strata if s.on_value]
    piece = [s for s in pieces if s.kind == "strict_saddle"][0]
    cert = stratum_certificates(report.model, piece, timestamp=False)[0]
    other = [s for s in pieces if s is not piece][0]
    cert["_other_interval"] = stratum_certificates(report.model, other, timestamp=False)[0]["claim"]["value"]["interval"]
    # addition 5's multiplier w(L) times [1, u] is the same identity as addition 15's [w, u]
    minor = cert["hints"]["negative_minor"]
    w = minor.pop("multiplier")
    minor["squares"] = [[list(w), minor["squares"][0][1]]] + minor["squares"][1:]
    return cert


@pytest.fixture(scope="module")
def certs():
    cert = _saddle_certificate()
    other = cert.pop("_other_interval")
    return cert, other


@pytest.fixture
def listed(certs):
    return certs[0]


def test_list_coefficient_verifies(listed):
    from symlandscape.checker import check_certificate
    res = check_certificate(copy.deepcopy(listed))
    assert res.status == "VERIFIED", res.message


LIST_MUTATIONS = [
    # c(L) negated: negative at alpha
    lambda c: c["hints"]["negative_minor"]["squares"][0].__setitem__(
        0, [str(-Fraction(q)) for q in c["hints"]["negative_minor"]["squares"][0][0]]),
    # not on a value piece: a list is refused
    lambda c: c["claim"].pop("on_value"),
    # a changed coefficient breaks the identity
    lambda c: c["hints"]["negative_minor"]["squares"][0][0].__setitem__(0, "1"),
    # an empty list
    lambda c: c["hints"]["negative_minor"]["squares"][0].__setitem__(0, []),
]


def test_list_coefficient_at_the_other_root_is_rejected(certs):
    """The global-minimum root of the same value polynomial: there c(L) is not positive."""
    from symlandscape.checker import NOT_VERIFIED, check_certificate
    bad = copy.deepcopy(certs[0])
    bad["claim"]["value"]["interval"] = certs[1]
    res = check_certificate(bad)
    assert res.status == NOT_VERIFIED and "c(L) is not positive" in res.message


@pytest.mark.parametrize("k", range(len(LIST_MUTATIONS)))
def test_mutated_list_coefficient_is_rejected(listed, k):
    from symlandscape.checker import NOT_VERIFIED, check_certificate
    bad = copy.deepcopy(listed)
    LIST_MUTATIONS[k](bad)
    assert bad != listed
    assert check_certificate(bad).status == NOT_VERIFIED


TWO_SAMPLES_2222 = {"name": "2222-two-samples", "network": {"widths": [2, 2, 2, 2]},
                    "data": {"inputs": [["9", "1"], ["9", "-3/4"]], "targets": [["2", "-4"], ["7/4", "1"]]}}


@pytest.mark.slow
def test_quadratic_form_minors_in_a_real_classification():
    """(2,2,2,2) with 2 samples: some saddle pieces are certified by a minor whose normal form is
    minus a quadratic form over Q(alpha) times a square (several squares with coefficients
    c(L)); every such certificate verifies, and a negated coefficient is rejected."""
    from symlandscape.certificates import stratum_certificates
    from symlandscape.checker import NOT_VERIFIED, check_certificate
    from symlandscape.classify import classify
    from symlandscape.spec import parse_problem
    r = classify(parse_problem(TWO_SAMPLES_2222))
    assert r.complete
    listed = []
    for s in r.strata:
        if s.kind == "strict_saddle" and s.on_value:
            for c in stratum_certificates(r.model, s, timestamp=False):
                minor = c["hints"].get("negative_minor") or c["hints"].get("negative_bordered_minor")
                if minor and len(minor["squares"]) > 1 and isinstance(minor["squares"][0][0], list):
                    listed.append(c)
    assert listed
    for c in listed:
        res = check_certificate(copy.deepcopy(c))
        assert res.status == "VERIFIED", res.message
    bad = copy.deepcopy(listed[0])
    minor = bad["hints"].get("negative_minor") or bad["hints"]["negative_bordered_minor"]
    minor["squares"][1][0] = [str(-Fraction(q)) for q in minor["squares"][1][0]]
    assert check_certificate(bad).status == NOT_VERIFIED
