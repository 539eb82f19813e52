"""Every point of a zero-dimensional ideal, exactly.

Route (algorithms.md, "covering every real point"): make the ideal radical (Seidenberg:
add the square-free part of each variable's minimal polynomial), take a separating
linear form ``l`` (its minimal polynomial has degree = number of points), write every
coordinate as a polynomial in ``l`` (a rational univariate representation), factor the
minimal polynomial over Q, and isolate the real roots of each factor with rational
intervals. Each irreducible factor is one Galois orbit of complex points; its real roots
are the real points, with coordinates in Q(alpha).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from sympy import QQ, Poly, Symbol
from sympy.polys.factortools import dup_factor_list
from sympy.polys.sqfreetools import dup_sqf_part
from sympy.polys.densearith import dup_rem
from sympy.polys.densebasic import dup_strip

from .algebraic import AlgebraicField, AlgebraicPoint, to_fraction
from .errors import SolverError
from .backends.generic import standard_monomials
from .solve import _Echelon, groebner_basis, minimal_relation

__all__ = ["PointOrbit", "ZeroDimSolution", "solve_zero_dim", "standard_monomials"]

_T = Symbol("T")


@dataclass
class PointOrbit:
    """The complex points of one irreducible factor: ``deg(minpoly)`` conjugate points.

    ``coords[i]`` is a dense polynomial (QQ) in T giving coordinate i at each root T of
    ``minpoly``; ``real_points`` are the real ones with isolating intervals.
    """

    minpoly: list
    coords: list
    real_points: list

    @property
    def degree(self) -> int:
        return len(self.minpoly) - 1


@dataclass
class ZeroDimSolution:
    """All points of a zero-dimensional ideal: ``n_complex`` distinct points in orbits."""

    n_complex: int
    orbits: list[PointOrbit]
    separating: list

    @property
    def real_points(self) -> list[AlgebraicPoint]:
        return [p for o in self.orbits for p in o.real_points]


def _radical(G, R):
    n = R.ngens
    added = []
    for i in range(n):
        p = minimal_relation(R.gens[i], G, max_degree=100_000)
        s = dup_sqf_part(p, QQ)
        if len(s) < len(p):
            poly = R.zero
            for c in s:
                poly = poly * R.gens[i] + c
            added.append(poly)
    if added:
        G = groebner_basis(list(G) + added, R)
    return G


def _candidate_forms(n: int):
    yield [1] * n if n == 1 else [1] + [0] * (n - 1)
    k = 1
    import random
    rng = random.Random(20161205)
    while True:
        yield [rng.randint(-k - 2, k + 2) or 1 for _ in range(n)]
        k += 1


def solve_zero_dim(G, R) -> ZeroDimSolution:
    """All complex and real points of the zero-dimensional ideal with basis ``G``.

    Examples
    --------
    >>> from sympy.polys.rings import ring
    >>> R, x, y = ring("x,y", QQ)
    >>> G = groebner_basis([x**2 - 2, x*y - 1], R)
    >>> S = solve_zero_dim(G, R)
    >>> S.n_complex, len(S.real_points)
    (2, 2)
    >>> sorted(round(float(v), 6) for p in S.real_points for v in p.approx(10))
    [-1.414214, -0.707107, 0.707107, 1.414214]
    """
    n = R.ngens
    D0 = len(standard_monomials(G, n))
    if D0 == 0:
        return ZeroDimSolution(0, [], [])
    rur = _fast_rur(G, R) if D0 > 25 else None
    if rur is not None:
        return _from_rur(rur.n_points, rur.weights, rur.chi, [dup_strip(list(c)) for c in rur.coords])
    G = _radical(G, R)
    D = len(standard_monomials(G, n))
    for weights in _candidate_forms(n):
        l = R.zero
        for w, x in zip(weights, R.gens):
            if w:
                l += w * x
        chi = minimal_relation(l, G, max_degree=D)
        if chi is not None and len(chi) - 1 == D:
            break
    else:  # pragma: no cover
        raise SolverError("no separating linear form found")
    # express every coordinate in the basis NF(l^k), k < D
    ech = _Echelon()
    power = R.one
    for k in range(D):
        nf = power.rem(G)
        vec, comb = ech.reduce(dict(nf.terms()), {k: QQ(1)})
        ech.add(vec, comb)
        power = (power * l).rem(G)
    coords = []
    for i in range(n):
        nf = R.gens[i].rem(G)
        vec, comb = ech.reduce(dict(nf.terms()), {})
        if vec:  # pragma: no cover - impossible when l separates
            raise SolverError("coordinate not in the span of powers of the separating form")
        # nf = -comb  (reduce subtracts), i.e. x_i = sum_k (-comb[k]) l^k
        dense = dup_strip([-comb.get(k, QQ(0)) for k in range(D - 1, -1, -1)])
        coords.append(dense)
    return _from_rur(D, weights, chi, coords)


def _fast_rur(G, R):
    """msolve's rational univariate representation (verified by the backend), or None."""
    from .backends import get_backend
    from . import solve
    if solve._BACKEND_NAME not in (None, "msolve") or str(R.order) != "grevlex":
        return None
    try:
        return get_backend("msolve").zero_dim_rur(list(G), R)
    except SolverError:
        return None


def _from_rur(D, weights, chi, coords) -> ZeroDimSolution:
    """Orbits and real points from a rational univariate representation."""
    _, factors = dup_factor_list(chi, QQ)
    orbits = []
    for fac, mult in factors:
        lead = fac[0]
        m = [c / lead for c in fac]
        cs = [dup_rem(c, m, QQ) for c in coords]
        reals = []
        if len(m) == 2:
            K = AlgebraicField(m, Fraction(0), Fraction(0))
            reals.append(AlgebraicPoint(K, cs))
        else:
            poly = Poly([to_fraction(c) for c in m], _T, domain=QQ)
            for (a, b), _k in poly.intervals():
                K = AlgebraicField(m, to_fraction(a), to_fraction(b))
                reals.append(AlgebraicPoint(K, cs))
        orbits.append(PointOrbit(m, cs, reals))
    return ZeroDimSolution(D, orbits, weights)
