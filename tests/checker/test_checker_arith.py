"""Property tests of the checker's own exact arithmetic (polynomials, Q(alpha), linear algebra)."""

from __future__ import annotations

from fractions import Fraction

import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symlandscape.checker.field import Alg, NumberField
from symlandscape.checker.linalg import charpoly, psd_nullity, rank, solve
from symlandscape.checker.polys import (Poly, sturm_count, uadd, udivmod, ueval, ugcd, uinterval_eval, uinverse,
                                        umul, usquarefree, utrim)

PROFILE = settings(max_examples=60, derandomize=True, deadline=None)

small = st.fractions(min_value=-5, max_value=5, max_denominator=6)
nonzero_small = small.filter(lambda q: q != 0)
N = 3


@st.composite
def polys(draw, n=N):
    terms = draw(st.dictionaries(st.tuples(*[st.integers(0, 2)] * n), small, max_size=5))
    return Poly(n, terms)


points = st.lists(small, min_size=N, max_size=N)


@PROFILE
@given(polys(), polys(), polys())
def test_ring_axioms(a, b, c):
    zero, one = Poly(N), Poly.const(N, Fraction(1))
    assert a + b == b + a and a * b == b * a
    assert (a + b) + c == a + (b + c) and (a * b) * c == a * (b * c)
    assert a * (b + c) == a * b + a * c
    assert a + zero == a and a * one == a and (a * zero).is_zero()
    assert (a - a).is_zero() and -(-a) == a


@PROFILE
@given(polys(), polys(), points)
def test_evaluation_is_a_ring_homomorphism(a, b, x):
    assert (a * b).evaluate(x) == a.evaluate(x) * b.evaluate(x)
    assert (a + b).evaluate(x) == a.evaluate(x) + b.evaluate(x)
    assert (a ** 3).evaluate(x) == a.evaluate(x) ** 3


def _to_sympy(p: Poly, syms):
    return sum((sp.Rational(c.numerator, c.denominator) * sp.Mul(*[s ** k for s, k in zip(syms, e)])
                for e, c in p.terms.items()), sp.Integer(0))


@PROFILE
@given(polys(), polys())
def test_expansion_matches_sympy(a, b):
    syms = sp.symbols("x0:3")
    assert sp.expand(_to_sympy(a * b, syms) - _to_sympy(a, syms) * _to_sympy(b, syms)) == 0
    assert sp.expand(_to_sympy(a.deriv(1), syms) - sp.diff(_to_sympy(a, syms), syms[1])) == 0


@PROFILE
@given(polys(), polys(), st.lists(polys(), min_size=3, max_size=3))
def test_composition(a, b, subs):
    assert (a * b).compose(subs, N) == a.compose(subs, N) * b.compose(subs, N)
    x = [Poly.var(N, i) for i in range(N)]
    assert a.compose(x, N) == a


@PROFILE
@given(polys(n=2))
def test_split_reassembles(p):
    t = Poly.var(2, 1)
    total = Poly(2)
    for k, part in p.split(1).items():
        total = total + part.extend(2) * t ** k
    assert total == p


# --- univariate ---------------------------------------------------------------------------

upolys = st.lists(small, min_size=1, max_size=6).map(utrim)


@PROFILE
@given(upolys, upolys.filter(lambda q: len(q) > 0))
def test_division_with_remainder(p, q):
    quo, rem = udivmod(p, q)
    assert utrim([a - b for a, b in zip(p + [0] * 20, (umul(quo, q) + [0] * 20))][:20]) == utrim(
        [a - b for a, b in zip(rem + [0] * 20, [0] * 20)])
    assert len(rem) < len(q)


@PROFILE
@given(upolys, upolys)
def test_gcd_and_inverse(p, q):
    g = ugcd(p, q)
    if not p and not q:
        assert g == []
        return
    assert g[-1] == 1 and udivmod(p, g)[1] == [] and udivmod(q, g)[1] == []
    expected = sp.gcd(sp.Poly([sp.Rational(str(c)) for c in reversed(p)] or [0], sp.Symbol("T")),
                      sp.Poly([sp.Rational(str(c)) for c in reversed(q)] or [0], sp.Symbol("T")))
    assert len(g) - 1 == expected.degree()
    if len(q) > 1:
        inv = uinverse(p, q)
        if len(g) == 1 and p:
            assert udivmod(uadd(umul(inv, p), [Fraction(-1)]), q)[1] == []
        else:
            assert inv is None


@PROFILE
@given(st.lists(st.integers(-4, 4), min_size=1, max_size=4, unique=True), st.integers(1, 3))
def test_sturm_counts_rational_roots(roots, mult):
    p = [Fraction(1)]
    for r in roots:
        for _ in range(mult):
            p = umul(p, [Fraction(-r), Fraction(1)])
    lo, hi = Fraction(-9, 2), Fraction(9, 2)
    assert sturm_count(p, lo, hi) == len(roots)
    assert sturm_count(p, Fraction(1, 2), hi) == sum(1 for r in roots if r > 0)
    assert len(usquarefree(p)) == len(roots) + 1


@PROFILE
@given(upolys, small, small)
def test_interval_evaluation_encloses(p, a, b):
    lo, hi = min(a, b), max(a, b)
    low, high = uinterval_eval(p, lo, hi)
    for k in range(5):
        x = lo + (hi - lo) * k / 4
        assert low <= ueval(p, x) <= high


# --- Q(alpha) -------------------------------------------------------------------------------

def sqrt2() -> NumberField:
    return NumberField([Fraction(-2), Fraction(0), Fraction(1)], Fraction(1), Fraction(2))


@PROFILE
@given(small, small, small, small)
def test_sqrt2_multiplication_law(a, b, c, d):
    K = sqrt2()
    x, y = K.element([a, b]), K.element([c, d])
    assert x * y == K.element([a * c + 2 * b * d, a * d + b * c])
    assert (x * y).c == utrim([a * c + 2 * b * d, a * d + b * c])
    if b or a:
        assert (x / x) == 1
        assert x * (1 / x) == 1


@PROFILE
@given(small, small)
def test_sqrt2_sign(a, b):
    """sign(a + b sqrt2) decided exactly: compare a^2 and 2 b^2 by hand."""
    K = sqrt2()
    x = K.element([a, b])
    if a >= 0 and b >= 0:
        expected = 1 if (a or b) else 0
    elif a <= 0 and b <= 0:
        expected = -1
    else:
        expected = (1 if a > 0 else -1) if a * a > 2 * b * b else (1 if b > 0 else -1)
    got = (x > 0) - (x < 0)
    assert got == expected
    assert (x == 0) == (expected == 0)


@PROFILE
@given(st.fractions(min_value=-3, max_value=3, max_denominator=4), st.lists(small, min_size=1, max_size=4),
       st.lists(small, min_size=1, max_size=4))
def test_rational_alpha_matches_evaluation(r, p, q):
    """alpha = r rational (minpoly T - r, or (T - r)(T^2 + 1)): the field is evaluation at r."""
    for minpoly in ([-r, Fraction(1)], umul([-r, Fraction(1)], [Fraction(1), Fraction(0), Fraction(1)])):
        K = NumberField(minpoly, r - Fraction(1, 3), r + Fraction(1, 5))
        x, y = K.element(p), K.element(q)
        px, qx = ueval(utrim(p), r), ueval(utrim(q), r)
        assert x * y == px * qx and x + y == px + qx and x - y == px - qx
        assert (x < y) == (px < qx) and (x == y) == (px == qx)
        if qx:
            assert x / y == px / qx


@PROFILE
@given(st.lists(small, min_size=1, max_size=5))
def test_reducible_minpoly_zero_test(p):
    """alpha = sqrt2 given by (T^2 - 2)(T - 3)(T^2 + 1): g(alpha) == 0 exactly when (T^2-2) | g."""
    m = umul(umul([Fraction(-2), Fraction(0), Fraction(1)], [Fraction(-3), Fraction(1)]),
             [Fraction(1), Fraction(0), Fraction(1)])
    K = NumberField(m, Fraction(1), Fraction(2))
    g = umul(utrim(p), [Fraction(-3), Fraction(1)])   # a factor that does not vanish at alpha
    rem = udivmod(g, [Fraction(-2), Fraction(0), Fraction(1)])[1]
    assert (K.element(g) == 0) == (rem == [])
    h = umul(utrim(p), [Fraction(-2), Fraction(0), Fraction(1)])  # vanishes at alpha
    assert K.element(h) == 0
    if rem:
        assert K.element(g) * (1 / K.element(g)) == 1


def test_alg_is_exact_not_hashable():
    K = sqrt2()
    a = K.alpha
    assert a ** 2 == 2 and a ** 3 == 2 * a and str(a * a + a) == "2 + alpha"
    assert Fraction(7, 5) < a < Fraction(3, 2) and 1 - a < 0 and a != Fraction(7, 5)
    try:
        hash(a)
    except TypeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("Alg must not be hashable")
    assert isinstance(a, Alg)


# --- linear algebra -------------------------------------------------------------------------

matrices = st.integers(1, 4).flatmap(lambda n: st.lists(st.lists(small, min_size=n, max_size=n),
                                                         min_size=n, max_size=n))


@PROFILE
@given(matrices)
def test_charpoly_matches_sympy(M):
    t = sp.Symbol("t")
    expected = sp.Poly(sp.Matrix(M).applyfunc(lambda q: sp.Rational(q.numerator, q.denominator)).charpoly(t), t)
    assert charpoly(M) == [Fraction(int(c.p), int(c.q)) for c in reversed(expected.all_coeffs())]


@PROFILE
@given(matrices)
def test_gram_matrices_are_psd_with_right_nullity(B):
    n = len(B)
    G = [[sum(B[k][i] * B[k][j] for k in range(n)) for j in range(n)] for i in range(n)]
    nullity, _ = psd_nullity(G)
    assert nullity == n - rank(B)
    if nullity == 0 and n > 0:
        neg = [[-x for x in row] for row in G]
        assert psd_nullity(neg)[0] is None


@PROFILE
@given(matrices, st.lists(small, min_size=4, max_size=4))
def test_solve_consistent_systems(A, x):
    n = len(A)
    b = [[sum(A[i][j] * x[j] for j in range(n))] for i in range(n)]
    X, r = solve(A, b)
    assert r == rank(A)
    assert [[sum(A[i][j] * X[j][0] for j in range(n))] for i in range(n)] == b
    assert ugcd([Fraction(1)], [Fraction(2)]) == [Fraction(1)]
