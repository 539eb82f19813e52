"""Higher-order tests at degenerate critical points: descent and ascent curves.

At a critical point p with positive semidefinite singular Hessian H, restrict the
Taylor expansion to ker H (algorithms.md, "Non-strict saddles"):

* order 3: the cubic form ``C(d) = D^3 L(p)[d, d, d]`` on ker H. If it is not identically
  zero, a kernel direction ``d`` with ``C(d) != 0`` is found by a finite search that is
  guaranteed to succeed (a non-zero cubic cannot vanish on the tried combinations), and
  the line ``p - sign(C(d)) t d`` descends at order 3;
* order 4: curved paths ``p + t d + t^2 u`` with ``H u = -1/2 D^3 L(p)[d, d, .]`` (the
  best u), tried over kernel directions; a negative t^4 coefficient proves descent.

Every verdict comes from the exact expansion ``L(gamma(t)) - L(p)`` in Q(alpha)[t];
failing to find a curve is reported as "not found", never as "none exists".
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from sympy import QQ

from .algebraic import AlgebraicField, AlgebraicPoint

__all__ = ["Curve", "series_along", "kernel", "solve_linear", "find_curve"]


@dataclass
class Curve:
    """``gamma(t) = p + sum_k t^k coeffs[k-1]`` and the lowest-order coefficient of the loss change.

    ``order`` is m with ``L(gamma(t)) - L(p) = a_m t^m + O(t^{m+1})``; ``leading`` is a_m
    (a field element) and ``sign`` its exact sign.
    """

    coeffs: list  # list of vectors (field elements)
    order: int
    leading: list
    sign: int


def _poly_at_series(poly, base, dirs, K: AlgebraicField, N: int):
    """Evaluate a PolyElement at p + sum_k t^k dirs[k-1]; truncated series (list of field elems)."""
    n = len(base)
    coord = []
    for i in range(n):
        s = [base[i]] + [d[i] for d in dirs]
        s = s[: N + 1] + [[]] * max(0, N + 1 - len(s))
        coord.append(s)
    cache: dict = {}

    def smul(a, b):
        out = [[] for _ in range(N + 1)]
        for i, x in enumerate(a):
            if not x:
                continue
            for j in range(N + 1 - i):
                y = b[j]
                if y:
                    out[i + j] = K.add(out[i + j], K.mul(x, y))
        return out

    def power(i, e):
        key = (i, e)
        if key not in cache:
            cache[key] = coord[i] if e == 1 else smul(power(i, e - 1), coord[i])
        return cache[key]

    total = [[] for _ in range(N + 1)]
    for monom, c in poly.terms():
        term = [[c]] + [[] for _ in range(N)]
        for i, e in enumerate(monom):
            if e:
                term = smul(term, power(i, e))
        for k in range(N + 1):
            if term[k]:
                total[k] = K.add(total[k], term[k])
    return total


def series_along(L, point: AlgebraicPoint, dirs: list, order: int):
    """Coefficients a_0..a_order of ``L(p + sum_k t^k dirs[k-1])`` (exact, in Q(alpha))."""
    return _poly_at_series(L, point.coords, dirs, point.field, order)


def _lowest(series, K, start=1):
    for k in range(start, len(series)):
        if not K.is_zero(series[k]):
            return k, series[k], K.sign(series[k])
    return None


def _rref(K: AlgebraicField, M: list[list], ncols: int):
    """Reduced row echelon form over K of the rows M (first ``ncols`` columns pivot); returns (M, pivots)."""
    M = [list(row) for row in M]
    n = len(M)
    pivots = []
    r = 0
    for c in range(ncols):
        p = next((i for i in range(r, n) if not K.is_zero(M[i][c])), None)
        if p is None:
            continue
        M[r], M[p] = M[p], M[r]
        inv = K.inv(M[r][c])
        M[r] = [K.mul(x, inv) for x in M[r]]
        for i in range(n):
            if i != r and not K.is_zero(M[i][c]):
                f = M[i][c]
                M[i] = [K.sub(x, K.mul(f, y)) for x, y in zip(M[i], M[r])]
        pivots.append(c)
        r += 1
    return M, pivots


def kernel(K: AlgebraicField, A: list[list]) -> list[list]:
    """A basis of the kernel of a square matrix over K (exact Gaussian elimination)."""
    n = len(A)
    M, pivots = _rref(K, A, n)
    basis = []
    for f in (c for c in range(n) if c not in pivots):
        v = [[] for _ in range(n)]
        v[f] = [QQ(1)]
        for row, c in enumerate(pivots):
            v[c] = K.neg(M[row][f])
        basis.append(v)
    return basis


def solve_linear(K: AlgebraicField, A: list[list], b: list):
    """One solution x of A x = b over K, or None when the system is inconsistent."""
    n = len(A)
    M, pivots = _rref(K, [list(A[i]) + [b[i]] for i in range(n)], n)
    if any(not K.is_zero(M[i][n]) for i in range(len(pivots), n)):
        return None
    x = [[] for _ in range(n)]
    for row, c in enumerate(pivots):
        x[c] = M[row][n]
    return x


def _combine(K, basis, coeffs):
    n = len(basis[0])
    v = [[] for _ in range(n)]
    for b, c in zip(basis, coeffs):
        if c:
            for i in range(n):
                if b[i]:
                    v[i] = K.add(v[i], K.scale(b[i], QQ(c)))
    return v


def _third_derivatives(model, point):
    """Map (i, j, l) with i <= j <= l to the exact value of d^3 L / dtheta_i dtheta_j dtheta_l at p."""
    n = model.n
    H = model.hess
    out = {}
    for i in range(n):
        for j in range(i, n):
            hij = H[i][j]
            if not hij:
                continue
            for l in range(j, n):
                d = hij.diff(model.theta[l])
                if d:
                    out[(i, j, l)] = point.evaluate(d)
    return out


def _cubic(K, T3, u, v, w):
    """D^3 L[u, v, w] from the symmetric third-derivative table."""
    from itertools import permutations
    acc = []
    for (i, j, l), val in T3.items():
        if K.is_zero(val):
            continue
        for a, b, c in set(permutations((i, j, l))):
            if u[a] and v[b] and w[c]:
                acc = K.add(acc, K.mul(val, K.mul(u[a], K.mul(v[b], w[c]))))
    return K.reduce(acc)


def _cubic_gradient(K, T3, d, n):
    """The vector g with g_i = D^3 L[d, d, e_i]."""
    e = lambda i: [[QQ(1)] if k == i else [] for k in range(n)]
    return [_cubic(K, T3, d, d, e(i)) for i in range(n)]


#: The expansion order of the curve test: at least 6, up to the loss's degree (along a line
#: nothing beyond it can appear), at most MAX_ORDER.
MIN_ORDER, MAX_ORDER = 6, 16


def find_curve(model, point: AlgebraicPoint, Hp: list[list], want: int, max_order: int | None = None):
    """Search a curve along which the loss changes with sign ``want`` (-1 descent, +1 ascent).

    Parameters
    ----------
    model : LossModel
    point : AlgebraicPoint
        A critical point.
    Hp : matrix
        The exact Hessian at the point.
    want : int
        -1 for a descent curve (the point is not a local minimum), +1 for ascent.

    Returns
    -------
    (Curve or None, str)
        The curve, and a sentence saying what was found or tried.
    """
    K = point.field
    n = model.n
    if max_order is None:
        degree = max((sum(m) for m in model.L.monoms()), default=0)
        max_order = max(MIN_ORDER, min(MAX_ORDER, degree))
    ker = kernel(K, Hp)
    if not ker:
        return None, "the Hessian is non-singular; no higher-order test needed"
    T3 = _third_derivatives(model, point)
    k = len(ker)
    # order 3: the cubic form on ker H
    cands = [[1 if a == i else 0 for a in range(k)] for i in range(k)]
    cands += [[1 if a == i else (s if a == j else 0) for a in range(k)]
              for i, j in combinations(range(k), 2) for s in (1, 2, 3)]
    cands += [[1 if a in (i, j, l) else 0 for a in range(k)] for i, j, l in combinations(range(k), 3)]
    for c in cands:
        d = _combine(K, ker, c)
        val = _cubic(K, T3, d, d, d)
        if not K.is_zero(val):
            s = K.sign(val)
            if s != want:
                d = [K.neg(x) for x in d]
            ser = series_along(model.L, point, [d], 3)
            low = _lowest(ser, K)
            assert low is not None and low[0] == 3 and low[2] == want
            return Curve([d], 3, low[1], low[2]), "cubic term of the Taylor expansion along a kernel direction"
    # order 4 and beyond, with the optimal curvature correction u
    from itertools import product
    more = cands[: k + k * (k - 1) // 2 * 3]
    if k <= 6:
        more += [[1] + list(signs) for signs in product((1, -1), repeat=k - 1)]
    else:  # the all-ones combination and its single sign flips (k more, instead of 2^(k-1))
        more += [[-1 if a == i else 1 for a in range(k)] for i in range(-1, k)]
    for c in more:
        d = _combine(K, ker, c)
        g = _cubic_gradient(K, T3, d, n)
        rhs = [K.scale(x, QQ(-1, 2)) for x in g]
        u = solve_linear(K, Hp, rhs)
        if u is None:
            continue
        for dirs in ([d, u], [d]):
            ser = series_along(model.L, point, dirs, max_order)
            low = _lowest(ser, K)
            if low and low[2] == want:
                return Curve(dirs, low[0], low[1], low[2]), f"order-{low[0]} term along a curve p + t d + t^2 u"
    return None, (f"no {'descent' if want < 0 else 'ascent'} curve found: the cubic form vanishes on ker H "
                  f"(dimension {k}) and the test up to order {max_order} along {len(more)} kernel directions "
                  "was inconclusive")
