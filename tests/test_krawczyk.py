"""Proved isolating boxes for every complex zero (symlandscape.krawczyk)."""

from fractions import Fraction

import pytest

flint = pytest.importorskip("flint")

import numpy as np  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from sympy import QQ  # noqa: E402
from sympy.polys.orderings import grevlex  # noqa: E402
from sympy.polys.rings import ring  # noqa: E402

from symlandscape.backends import get_backend  # noqa: E402
from symlandscape.backends.instances import deep_linear  # noqa: E402
from symlandscape.backends.verify import count_real_roots  # noqa: E402
from symlandscape.ballkind import sign_symmetries  # noqa: E402
from symlandscape.krawczyk import (IsolationError, PolySystem, _disjoint, _krawczyk_complex,  # noqa: E402
                                   _krawczyk_real, approximate_zeros, isolate_zeros, newton_polish,
                                   refine_real_box)

singular = get_backend("singular") if get_backend("sympy") and __import__("shutil").which("Singular") else None
needs_singular = pytest.mark.skipif(singular is None, reason="Singular not installed")

R, x, y = ring("x,y", QQ, grevlex)


def _system(polys):
    jac = [[p.diff(v) for v in R.gens] for p in polys]
    return PolySystem(polys, jac)


def _product_system(r1, r2, c1, c2):
    """(x - r1)(x^2 + c1), (y - r2)(y^2 + c2): 9 zeros, (1 + 2[c1 < 0]) (1 + 2[c2 < 0]) real."""
    return [(x - r1) * (x**2 + c1), (y - r2) * (y**2 + c2)]


def _roots(r, c):
    if c < 0:
        s = np.sqrt(-c)
        return [complex(r), complex(s), complex(-s)]
    s = np.sqrt(c)
    return [complex(r), complex(0, s), complex(0, -s)]


def test_box_contains_the_exact_zero_and_refines_inside():
    S = _system([x**2 - 2, y - x])
    iso = isolate_zeros(S, 2, newton_polish(S, np.array([[1.4, 1.4], [-1.4, -1.4]])))
    assert len(iso.real_boxes) == 2
    neg, pos = iso.real_boxes
    with flint.ctx.workprec(200):
        r2 = flint.arb(2).sqrt()
        assert pos.balls[0].contains(r2) and pos.balls[1].contains(r2)
        assert neg.balls[0].contains(-r2)
    finer = refine_real_box(S, pos, 256)
    assert finer.prec == 256
    assert all(o.contains(b) for o, b in zip(pos.balls, finer.balls))
    assert finer.balls[0].rad() < pos.balls[0].rad()


def test_krawczyk_refuses_a_box_without_a_zero():
    S = _system([x**2 - 2, y - x])
    with flint.ctx.workprec(128):
        assert _krawczyk_real(S, [flint.arb(1.3), flint.arb(1.3)], 1e-6) is None
        assert _krawczyk_real(S, [flint.arb(1.41421356237309), flint.arb(1.41421356237309)], 1e-9) is not None
        # x^2 + 1 has no real zero; the complex test proves the one near i
        T = _system([x**2 + 1, y - 1])
        assert _krawczyk_real(T, [flint.arb(0), flint.arb(1)], 0.5) is None
        assert _krawczyk_complex(T, [flint.acb(0, 1), flint.acb(1)], 1e-6) is not None


def test_missing_or_duplicated_approximations_are_refused():
    S = _system(_product_system(1, 2, -4, 9))
    good = np.array([[a, b] for a in _roots(1, -4) for b in _roots(2, 9)])
    assert len(isolate_zeros(S, 9, good).boxes) == 9
    with pytest.raises(IsolationError):  # a claimed dimension that is too large cannot be met
        isolate_zeros(S, 10, np.vstack([good, [[5.0, 5.0]]]))
    with pytest.raises(IsolationError):  # one zero twice, another missing
        isolate_zeros(S, 9, np.vstack([good[:8], good[:1] + 1e-12]))


@settings(max_examples=25, deadline=None)
@given(st.integers(-3, 3), st.integers(-3, 3), st.sampled_from([-9, -4, -1, 1, 4, 9]),
       st.sampled_from([-9, -4, -1, 1, 4, 9]))
def test_real_boxes_are_exactly_the_real_zeros(r1, r2, c1, c2):
    if (c1 == -r1 * r1) or (c2 == -r2 * r2):
        return  # a double root: not a simple zero
    S = _system(_product_system(r1, r2, c1, c2))
    approx = np.array([[a, b] for a in _roots(r1, c1) for b in _roots(r2, c2)])
    approx = approx + 1e-9  # the proposals need not be exact
    iso = isolate_zeros(S, 9, newton_polish(S, approx))
    assert len(iso.boxes) == 9 and _disjoint(iso.boxes, 2)
    n_real = (1 + 2 * (c1 < 0)) * (1 + 2 * (c2 < 0))
    assert len(iso.real_boxes) == n_real
    # every real zero is in a real box, and the rational one exactly
    with flint.ctx.workprec(128):
        assert any(b.balls[0].contains(flint.arb(r1)) and b.balls[1].contains(flint.arb(r2)) for b in iso.real_boxes)
    for b in iso.boxes:
        if not b.real:
            assert any(not v.imag.contains(0) for v in b.balls)


@needs_singular
@pytest.mark.parametrize("widths", [[1, 1, 1], [1, 2, 1], [2, 2, 1], [1, 1, 1, 1]])
def test_eigenvector_proposals_and_proofs_match_the_rur_counts(widths):
    """Two independent proofs: Krawczyk boxes and an exact RUR (SymPy) give the same counts."""
    m = deep_linear(widths)
    table = singular.multiplication_table(list(m.grad), m.R, [3, -7, 11, 5, -2, 13, 1, 17][:m.n])
    S = PolySystem(list(m.grad), [list(r) for r in m.hess])
    flips = [[-1 if i in f else 1 for i in range(m.n)] for f in sign_symmetries(m)]
    iso = isolate_zeros(S, table.dimension, newton_polish(S, approximate_zeros(table, m.n)), flips)
    rur = get_backend("sympy").zero_dim_rur(list(m.grad), m.R)
    assert iso.dimension == rur.n_points
    assert len(iso.real_boxes) == count_real_roots(rur.chi)


@needs_singular
def test_symmetry_images_are_exact_images():
    m = deep_linear([1, 2, 1])
    table = singular.multiplication_table(list(m.grad), m.R, [3, -7, 11, 5])
    S = PolySystem(list(m.grad), [list(r) for r in m.hess])
    flips = [[-1 if i in f else 1 for i in range(m.n)] for f in sign_symmetries(m)]
    iso = isolate_zeros(S, 9, newton_polish(S, approximate_zeros(table, m.n)), flips)
    assert iso.proved < 9
    images = [b for b in iso.boxes if b.source == "image"]
    assert images
    for b in images:  # an image box still passes the Krawczyk test itself
        with flint.ctx.workprec(128):
            if b.real:
                mid = [flint.arb(v.mid()) for v in b.balls]
                assert _krawczyk_real(S, mid, float(max(v.rad() for v in b.balls))) is not None


def test_multiplication_table_shape():
    if singular is None:
        pytest.skip("Singular not installed")
    t = singular.multiplication_table([x**2 - 2, y - x], R, [1, 1])
    assert t.dimension == 2
    z = sorted(float(v.real) for v in approximate_zeros(t, 2)[:, 0])
    assert abs(z[0] + 2 ** 0.5) < 1e-12 and abs(z[1] - 2 ** 0.5) < 1e-12
    assert all(isinstance(v, Fraction) for _a, _b, v in t.M)


@needs_singular
def test_multiplication_table_respects_its_size_cap():
    m = deep_linear([1, 2, 1])
    capped = singular.multiplication_table(list(m.grad), m.R, [1, 2, 3, 4], max_dimension=5)
    assert capped.dimension == 9 and capped.M is None and capped.N is None
    full = singular.multiplication_table(list(m.grad), m.R, [1, 2, 3, 4], max_dimension=9)
    assert full.dimension == 9 and full.M


def test_distinct_zeros_merges_duplicates_and_counts():
    from symlandscape.krawczyk import distinct_zeros
    S = _system([x**2 - 2, y - x])
    good = np.array([[1.4, 1.4], [-1.4, -1.4]])
    dup = np.array([[1.4, 1.4], [1.41, 1.41]])  # both converge to the same zero
    assert distinct_zeros(S, [good], 2).shape == (2, 2)
    with pytest.raises(IsolationError, match="1 distinct zeros, not 2"):
        distinct_zeros(S, [dup], 2)
    assert distinct_zeros(S, iter([dup, good]), 2).shape == (2, 2)  # a second proposal set completes it
