"""Rational univariate representation from an exact Groebner basis, by exact linear algebra.

Route: the quotient algebra ``A = Q[x]/I`` has the standard monomials of the basis as a
Q-basis; multiplication by each variable is a matrix on it. For a linear form ``l``
the Krylov vectors ``1, l, l^2, ...`` are linearly independent up to ``l^(D-1)``
exactly when ``l`` separates the points of a radical ideal (``D = dim A``); then the
dependency of ``l^D`` gives ``chi`` and the coordinates of each ``x_i`` in the Krylov
basis give ``g_i``. Non-radical ideals are first replaced by their radical
(Seidenberg: add the squarefree part of the minimal polynomial of every variable).

Linear algebra uses python-flint's ``fmpq_mat`` when available, else SymPy's
``DomainMatrix``; it is exact and meant for quotients of dimension up to a few hundred.
"""

from __future__ import annotations

import random
from typing import Callable

from sympy import QQ
from sympy.polys.rings import PolyElement, PolyRing

from ..errors import SolverError
from .base import RUR, NotZeroDimensionalError, flint_allowed, is_zero_dimensional
from .upoly import upolys

try:
    import flint as _flint
except ImportError:  # pragma: no cover
    _flint = None

__all__ = [
    "standard_monomials",
    "QuotientAlgebra",
    "radical_basis",
    "candidate_weights",
    "rur_from_basis",
    "empty_rur",
]

#: Largest quotient dimension the linear-algebra route accepts.
MAX_DIMENSION = 5000


def standard_monomials(G, n: int, limit: int = MAX_DIMENSION) -> list[tuple[int, ...]]:
    """Monomials not divisible by a leading monomial of ``G``, in increasing grevlex order.

    Raises
    ------
    SolverError
        If ``G`` is not zero-dimensional or the quotient has more than ``limit`` monomials.

    Examples
    --------
    >>> from sympy.polys.rings import ring
    >>> from sympy.polys.orderings import grevlex
    >>> R, x, y = ring("x,y", QQ, grevlex)
    >>> standard_monomials([x**2 - 2, y**2 - 1], 2)
    [(0, 0), (0, 1), (1, 0), (1, 1)]
    """
    if any(g.is_ground for g in G):
        return []
    if not is_zero_dimensional(G, n):
        raise NotZeroDimensionalError("the ideal is not zero-dimensional (it has infinitely many complex points)")
    leads = [g.LM for g in G]

    def divisible(m):
        return any(all(a >= b for a, b in zip(m, lm)) for lm in leads)

    start = (0,) * n
    out = [start]
    seen = {start}
    frontier = [start]
    while frontier:
        new = []
        for m in frontier:
            for i in range(n):
                mm = m[:i] + (m[i] + 1,) + m[i + 1:]
                if mm not in seen and not divisible(mm):
                    seen.add(mm)
                    new.append(mm)
                    if len(seen) > limit:
                        raise SolverError(f"quotient of dimension above {limit}")
        out.extend(new)
        frontier = new
    from sympy.polys.orderings import grevlex

    return sorted(out, key=grevlex)


class _Mat:
    """Minimal exact dense matrix layer (flint fmpq_mat or SymPy DomainMatrix)."""

    def __init__(self):
        self.flint = flint_allowed(_flint)

    def from_columns(self, cols: list[list], nrows: int):
        ncols = len(cols)
        if self.flint:
            M = _flint.fmpq_mat(nrows, ncols)
            for j, col in enumerate(cols):
                for i, v in enumerate(col):
                    if v:
                        M[i, j] = v
            return M
        from sympy.polys.matrices import DomainMatrix

        rows = [[cols[j][i] for j in range(ncols)] for i in range(nrows)]
        return DomainMatrix(rows, (nrows, ncols), QQ)

    def column(self, M, j: int) -> list:
        if self.flint:
            return [QQ(int(M[i, j].p), int(M[i, j].q)) for i in range(M.nrows())]
        return [M[i, j].element for i in range(M.shape[0])]

    def matvec(self, M, v: list) -> list:
        if self.flint:
            x = _flint.fmpq_mat(len(v), 1, [_flint.fmpq(int(QQ.numer(c)), int(QQ.denom(c))) for c in v])
            y = M * x
            return [QQ(int(y[i, 0].p), int(y[i, 0].q)) for i in range(y.nrows())]
        from sympy.polys.matrices import DomainMatrix

        x = DomainMatrix([[c] for c in v], (len(v), 1), QQ)
        y = M * x
        return [y[i, 0].element for i in range(y.shape[0])]

    def solve(self, K, B):
        """Solution X of K X = B, or None when K is singular."""
        if self.flint:
            try:  # Dixon's p-adic lifting: 47 s against 58 s (fflu) on the 129 x 129 Krylov matrix of
                return K.solve(B, algorithm="dixon")  # (H, d) = (2, 2) with 3000-bit entries
            except ZeroDivisionError:
                return None
        from sympy.polys.matrices.exceptions import DMNonInvertibleMatrixError

        try:
            return K.lu_solve(B)
        except (DMNonInvertibleMatrixError, ZeroDivisionError, ValueError):
            return None

    def rref_dependency(self, K) -> tuple[int, list]:
        """Rank r of a Krylov matrix and the coordinates of column r in columns 0..r-1."""
        if self.flint:
            Rr, r = K.rref()
            r = int(r)
            return r, [QQ(int(Rr[i, r].p), int(Rr[i, r].q)) for i in range(r)]
        Rr, pivots = K.rref()
        r = len(pivots)
        return r, [Rr[i, r].element for i in range(r)]


class QuotientAlgebra:
    """``Q[x]/<G>`` for a zero-dimensional reduced Groebner basis ``G``.

    Parameters
    ----------
    G : list of PolyElement
    R : PolyRing

    Attributes
    ----------
    basis : list of tuple
        Standard monomials (increasing).
    dim : int
    """

    def __init__(self, G, R: PolyRing):
        self.G = list(G)
        self.R = R
        self.n = R.ngens
        self.basis = standard_monomials(self.G, self.n)
        self.dim = len(self.basis)
        self.index = {m: k for k, m in enumerate(self.basis)}
        self._mult: dict[int, list[list]] = {}
        self.mat = _Mat()

    def vector(self, p: PolyElement) -> list:
        """Coordinates of the normal form of ``p``."""
        v = [QQ(0)] * self.dim
        for m, c in p.rem(self.G).terms():
            k = self.index.get(m)
            if k is None:
                raise SolverError("normal form outside the standard monomials: the basis is not a Groebner basis")
            v[k] = c
        return v

    def mult_columns(self, j: int) -> list[list]:
        """Columns of multiplication by ``x_j``."""
        if j not in self._mult:
            cols = []
            for m in self.basis:
                mm = m[:j] + (m[j] + 1,) + m[j + 1:]
                k = self.index.get(mm)
                if k is not None:
                    col = [QQ(0)] * self.dim
                    col[k] = QQ(1)
                else:
                    col = self.vector(self.R({mm: QQ(1)}))
                cols.append(col)
            self._mult[j] = cols
        return self._mult[j]

    def mult_matrix(self, weights) -> object:
        D = self.dim
        cols = [[QQ(0)] * D for _ in range(D)]
        for j, w in enumerate(weights):
            if not w:
                continue
            for b, col in enumerate(self.mult_columns(j)):
                tgt = cols[b]
                for i, v in enumerate(col):
                    if v:
                        tgt[i] += w * v
        return self.mat.from_columns(cols, D)

    def krylov(self, M, count: int) -> list[list]:
        v = self.vector(self.R.one)
        out = [v]
        for _ in range(count - 1):
            v = self.mat.matvec(M, v)
            out.append(v)
        return out

    def minimal_polynomial(self, j: int) -> list:
        """Monic minimal polynomial (dense, highest first) of ``x_j`` modulo the ideal."""
        M = self.mult_matrix([1 if i == j else 0 for i in range(self.n)])
        K = self.mat.from_columns(self.krylov(M, self.dim + 1), self.dim)
        r, dep = self.mat.rref_dependency(K)
        return [QQ(1)] + [-c for c in reversed(dep)]

    def rur(self, weights) -> RUR | None:
        """The RUR for the form ``weights``, or None when the form does not separate
        (or the ideal is not radical)."""
        D = self.dim
        M = self.mult_matrix(weights)
        vs = self.krylov(M, D + 1)
        K = self.mat.from_columns(vs[:D], D)
        rhs = [vs[D]] + [self.vector(x) for x in self.R.gens]
        X = self.mat.solve(K, self.mat.from_columns(rhs, D))
        if X is None:
            return None
        c = self.mat.column(X, 0)
        chi = [QQ(1)] + [-c[k] for k in range(D - 1, -1, -1)]
        U = upolys()
        if not U.is_squarefree(U.from_dense(chi)):
            return None
        # compact form x_i = q_i(l) / chi'(l), q_i = g_i chi' mod chi: its coefficients
        # are about D times smaller than those of g_i, which makes checking cheap
        chi_p = U.from_dense(chi)
        dchi = U.derivative(chi_p)
        nums = []
        for i in range(self.n):
            g = self.mat.column(X, i + 1)
            q = U.to_dense(U.mulmod(U.from_dense([g[k] for k in range(D - 1, -1, -1)]), dchi, chi_p))
            nums.append(q)
        return RUR(D, [int(w) for w in weights], chi, numerators=nums, denominator=U.to_dense(dchi))


def radical_basis(G, R: PolyRing, groebner: Callable[[list], list]) -> list[PolyElement]:
    """Reduced basis of the radical of the zero-dimensional ideal with basis ``G`` (Seidenberg).

    Parameters
    ----------
    G : list of PolyElement
        Reduced Groebner basis (not the unit ideal).
    R : PolyRing
    groebner : callable
        Exact Groebner basis of a list of generators.
    """
    A = QuotientAlgebra(G, R)
    U = upolys()
    added = []
    for j in range(R.ngens):
        mp = A.minimal_polynomial(j)
        p = U.from_dense(mp)
        s = U.to_dense(U.monic(_sqf(U, p)))
        if len(s) < len(mp):
            x = R.gens[j]
            f = R.zero
            for c in s:
                f = f * x + c
            added.append(f)
    if not added:
        return list(G)
    return groebner(list(G) + added)


def _sqf(U, p):
    g = U.gcd(p, U.derivative(p))
    if U.degree(g) <= 0:
        return p
    if U.flint:
        q, r = divmod(p, g)
    else:
        q, r = p.div(g)
    if not U.is_zero(r):  # pragma: no cover - exact division
        raise SolverError("squarefree part: inexact division")
    return q


def candidate_weights(n: int, count: int = 60):
    """Deterministic separating-form candidates: first ``x_1`` (n = 1) or small random integers."""
    if n == 1:
        yield [1]
        return
    rng = random.Random(20240611)
    for k in range(count):
        b = 2 + k // 4
        w = [rng.randint(-b, b) for _ in range(n)]
        if not any(w):
            w[0] = 1
        yield w


def empty_rur(n: int) -> RUR:
    """The RUR of the empty variety."""
    return RUR(0, [1] + [0] * (n - 1), [QQ(1)], [[] for _ in range(n)])


def rur_from_basis(G, R: PolyRing, groebner: Callable[[list], list],
                   radical: Callable[[list], list] | None = None) -> RUR:
    """RUR of the radical of the zero-dimensional ideal with reduced basis ``G``.

    Parameters
    ----------
    G : list of PolyElement
        Reduced Groebner basis (grevlex) from an exact engine.
    R : PolyRing
    groebner : callable
        The same engine, for the radical if needed.
    radical : callable, optional
        Basis of the radical of the ideal of a basis (default: Seidenberg here).

    Raises
    ------
    SolverError
        If the ideal is not zero-dimensional or no separating form is found.

    Examples
    --------
    >>> from sympy.polys.rings import ring
    >>> from sympy.polys.orderings import grevlex
    >>> from sympy.polys.groebnertools import groebner
    >>> R, x, y = ring("x,y", QQ, grevlex)
    >>> gb = lambda F: [g.monic() for g in groebner(F, R)]
    >>> r = rur_from_basis(gb([x**2 - 2, x*y - 1]), R, gb)
    >>> r.n_points, len(r.chi) - 1
    (2, 2)
    """
    n = R.ngens
    if G == [R.one] or any(g.is_ground for g in G):
        return empty_rur(n)
    A = QuotientAlgebra(G, R)
    for w in list(candidate_weights(n))[:3]:
        r = A.rur(w)
        if r is not None:
            return r
    # no luck: the ideal may not be radical; pass to the radical and try every candidate
    G2 = radical(A.G) if radical is not None else radical_basis(A.G, R, groebner)
    if G2 != A.G:
        A = QuotientAlgebra(G2, R)
    for w in candidate_weights(n):
        r = A.rur(w)
        if r is not None:
            return r
    raise SolverError("no separating linear form found among the candidates")
