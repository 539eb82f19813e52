"""Non-strict saddle pieces: a positive semidefinite Hessian by a Schur complement.

On a piece ``P = {theta in V(J) : L(theta) = alpha}`` of a component whose loss takes several
conjugate real values (:func:`symlandscape.strata._analyse_by_value`), or on a component with
a single value whose Hessian has no Gram form with constant pivots
(:func:`symlandscape.strata._analyse_single_value`), the Hessian may be positive semidefinite
and singular at every point while its diagonal entries are ``c(L) m^2``. Such points are
non-strict ("bad") saddles when the loss still descends at a higher odd order along a
kernel direction; Kawaguchi (2016, Thm 2.3 (iv)) shows they occur in deep linear networks
beyond one hidden layer. The certificate (docs/certificates.md, addition 16) is:

* **positive semidefinite of rank r.** For an ordered index set ``I = (i_1, ..., i_r)``
  (chosen where the leading minors are positive at the piece's exact sample point), the
  leading principal minors ``Delta_k = det H[I_k, I_k]`` are ``sum_j c_j(L) m_j^2`` modulo J
  with ``c_j(alpha) > 0`` and ``m_1`` an inequation, so ``A = H[I, I]`` is positive definite
  on P (Sylvester's criterion). For every j outside I, ``d = Delta_r e_j - adj(A) H[I, j]``
  is a kernel vector of H on V(J) when the rank there is r (its rows outside I are the
  bordered minors ``det H[I + i, I + j]``); divided by the gcd of its entries it stays one,
  because J is prime and the gcd is not in J, and its j-th entry reduces to
  ``c(L) prod f_i^{e_i}`` with ``c(alpha) != 0``, non-zero where the ``f_i`` (inequations) are.
  These n - r independent kernel vectors give rank H = r, so the Schur complement of A
  vanishes and ``H = B^T A^{-1} B`` (``B = H[I, :]``) is positive semidefinite.
* **descent.** Along a sum ``d0`` of at most three kernel vectors (chosen where the cubic
  coefficient is non-zero at the sample, in floats), ``a_1`` and ``a_2`` of ``L(theta + t d0)``
  lie in J and ``a_3`` reduces, modulo ``J + (z - L)`` (:func:`symlandscape.strata._value_basis`),
  to ``W(z) prod f_i^{e_i}``. Scaling the line by ``s = -sign(W(alpha)) prod f_i^{t_i}`` makes
  ``a_3 = -c(L) M^2`` with ``c(alpha) > 0`` and ``M`` an inequation or a power of one: the
  loss decreases along the line wherever ``M != 0``.
* **ascent.** Along ``e_{i_1}``, ``a_2 = H[i_1, i_1] / 2 = Delta_1 / 2 > 0``: not a local maximum.

The sample point only guides the search; every identity is checked by cofactors modulo J,
and the checker re-verifies all of it.

Examples
--------
>>> _exponents(3, [1, 4])
(2, [1, 0])
>>> _exponents(3, [2])
(1, [0])
"""

from __future__ import annotations

from functools import reduce

from .strata import (_already_excluded, _at_alpha, _det, _in_L, _qtext, _sample_signs, _ValueMinors, _value_shapes,
                     _z_coeffs, cofactors, cofactors_many, factor_list, normal_forms, poly_json)

__all__ = ["nonstrict_value_claims"]

#: Pivot chains (index sets I whose leading minors are positive at the sample) tried per piece.
MAX_CHAINS = 4


def nonstrict_value_claims(an, J, Hnf, alpha, Rz, z, G, sample, max_claims: int = 3) -> tuple[list, list]:
    """Non-strict saddle claims on a value piece whose sample point has a singular PSD Hessian.

    Returns ``(claims, excluded)`` (one product of inequations per claim; empty lists when no
    certificate is found). ``J`` is the component's prime ideal (a Groebner basis), ``Hnf`` the
    Hessian reduced modulo J, ``G`` the
    basis of ``J + (z - L)`` in ``Rz``, ``alpha`` the piece's value, ``sample`` an exact point
    of the piece (it only guides the search).
    """
    from .inertia import evaluate_matrix, inertia
    model, n = an.model, an.model.n
    ine = inertia(sample.field, evaluate_matrix(sample, model.hess))
    if ine.neg or not ine.zero or not ine.pos:
        return [], []
    sign = _sample_signs(an, sample)
    minors = _ValueMinors(an, J, Rz, G)
    for idx in _pivot_chains(sign, n, ine.pos):
        psd = _schur_psd(an, J, Hnf, alpha, Rz, z, G, minors, idx)
        if psd is None:
            continue
        hessian, ineqs, delta1, kernel = psd
        ascent = _ascent_curve(an, J, idx[0], delta1)
        if ascent is None:
            continue
        claims, excluded = [], []
        for descent, g in _descent_curves(an, J, alpha, Rz, z, G, kernel, sample):
            if _already_excluded(g, excluded):
                continue
            ineq = list(ineqs) + ([] if g.is_ground or g in ineqs else [g])
            claims.append({"inequations": ineq,
                           "hints": {"hessian": hessian, "descent_curve": descent, "ascent_curve": ascent}})
            excluded.append(reduce(lambda a, b: a * b, ineq, an.R.one))
            if len(claims) >= max_claims or excluded[-1].is_ground:
                break
        if claims:
            return claims, excluded
    return [], []


def _pivot_chains(sign, n: int, r: int, limit: int = MAX_CHAINS):
    """Increasing index tuples I of length r whose leading principal minors are all positive at
    the sample (``sign``): ``H[I, I]`` is positive definite there. At most ``limit`` of them."""
    found = 0
    stack = [()]
    while stack and found < limit:
        I = stack.pop()
        if len(I) == r:
            found += 1
            yield I
            continue
        start = I[-1] + 1 if I else 0
        for i in reversed(range(start, n - (r - len(I)) + 1)):
            if sign(I + (i,)) > 0:
                stack.append(I + (i,))


def _at_L(an, p, Rz):
    """A polynomial of ``Rz`` (z last) with L written for z."""
    zi = len(Rz.gens) - 1
    R, L = an.R, an.model.L
    by_power: dict = {}
    for m, c in p.terms():
        by_power.setdefault(m[zi], {})[m[:zi]] = c
    out = R.zero
    for e, terms in by_power.items():
        out += R.from_dict(terms) * L ** e
    return out


def _split_z(an, nf, Rz):
    """``(W, [(f_i, e_i)])`` with ``nf = W(z) prod f_i^e_i`` (f_i free of z, in R), or None."""
    zi = len(Rz.gens) - 1
    lc, facs = factor_list(nf)
    W, out = Rz(lc), []
    for f, e in facs:
        monoms = f.monoms()
        if all(m[:zi] == (0,) * zi for m in monoms):
            W *= f ** e
        elif any(m[zi] for m in monoms):
            return None  # a factor mixing z and the parameters
        else:
            out.append((f.set_ring(an.R), e))
    return W, out


def _schur_psd(an, J, Hnf, alpha, Rz, z, G, minors, idx):
    """``(hessian hint, inequations, (squares, cofactors) of Delta_1, kernel vectors)`` or None."""
    model, n, R = an.model, an.model.n, an.R
    zi = len(Rz.gens) - 1
    K = alpha.field
    r = len(idx)
    prefixes = [idx[:k] for k in range(1, r + 1)]
    shapes = []
    for d in minors.principals(prefixes):
        found = _value_shapes(an, -d, alpha, Rz, z, J=J)
        if not found:
            return None
        shapes.append(found[0])
    ineqs = []
    for shape in shapes:
        if shape[0][1] not in ineqs:
            ineqs.append(shape[0][1])
    kernel = _kernel_vectors(an, J, Hnf, idx)
    if len(kernel) != n - r:
        return None
    pivots = []
    reduced = normal_forms([d[j].set_ring(Rz) for j, d in kernel], G)
    for (j, d), nf in zip(kernel, reduced):  # d[j] = c(L) prod f_i^e_i mod J, c(alpha) != 0: non-zero where the f_i are
        split = _split_z(an, nf, Rz) if nf else None
        if split is None:
            return None
        W, facs = split
        if not K.sign(_at_alpha(K, W, zi)):
            return None
        powers = {}
        for f, e in facs:
            if f not in ineqs:
                ineqs.append(f)
            powers[ineqs.index(f)] = e
        pivots.append((_z_coeffs(W, zi), powers, d[j] - _at_L(an, nf, Rz)))
    H = model.hess
    products = [sum((H[i][k] * d[k] for k in range(n) if d[k]), R.zero) for _j, d in kernel for i in range(n)]
    targets = [_det([[H[a][b] for b in S] for a in S]) - sum((_in_L(an, cz) * m * m for cz, m in shape), R.zero)
               for S, shape in zip(prefixes, shapes)]
    cofs = cofactors_many(targets + [p for _c, _p, p in pivots] + products, J)
    if any(c is None for c in cofs):
        return None  # (a kernel vector that is not one on V(J): the rank there exceeds r)
    minor_cofs, pivot_cofs, product_cofs = cofs[:r], cofs[r:r + len(pivots)], cofs[r + len(pivots):]
    entries = []
    for a, ((j, d), (cz, powers, _p), pc) in enumerate(zip(kernel, pivots, pivot_cofs)):
        entries.append({"index": j, "vector": [poly_json(x) for x in d],
                        "cofactors": [[poly_json(x) for x in c] for c in product_cofs[a * n:(a + 1) * n]],
                        "pivot": {"coefficient": [_qtext(c) for c in cz],
                                  "powers": [powers.get(k, 0) for k in range(max(powers, default=-1) + 1)],
                                  "cofactors": [poly_json(x) for x in pc]}})
    hint = {"method": "schur", "indices": list(idx),
            "minors": [{"squares": [[[_qtext(c) for c in cz], poly_json(m)] for cz, m in shape],
                        "cofactors": [poly_json(x) for x in cof]} for shape, cof in zip(shapes, minor_cofs)],
            "kernel": entries}
    return hint, ineqs, (shapes[0], minor_cofs[0]), kernel


def _ascent_curve(an, J, i, delta1) -> dict | None:
    """The line ``theta + t e_i``: ``a_1 = dL/dtheta_i`` in J, ``a_2 = H_ii / 2 = sum (c_j/2)(L) m_j^2``."""
    model, R, n = an.model, an.R, an.model.n
    shape, cof = delta1
    grad = cofactors(model.grad[i], J)
    if grad is None:
        return None
    return {"coefficients": [[poly_json(R.one if a == i else R.zero) for a in range(n)]], "order": 2,
            "lower": [[poly_json(x) for x in grad]],
            "squares": [[[_qtext(c / 2) for c in cz], poly_json(m)] for cz, m in shape],
            "cofactors": [poly_json(x / 2) for x in cof]}


def _kernel_vectors(an, J, H, idx) -> list:
    """``[(j, d)]``: ``d = Delta_r e_j - adj(A) H[I, j]`` modulo J (H reduced modulo J), divided
    by the gcd of its entries."""
    n, R = an.model.n, an.R
    r = len(idx)
    A = [[H[a][b] for b in idx] for a in idx]
    delta = _det(A).rem(J)

    def cof(i, j):  # the (i, j) cofactor of A
        M = [[A[a][b] for b in range(r) if b != j] for a in range(r) if a != i]
        return (-1) ** (i + j) * (_det(M) if M else R.one)
    adj = [[cof(b, a) for b in range(r)] for a in range(r)]  # adj(A)[a][b] = cofactor (b, a)
    out = []
    for j in range(n):
        if j in idx:
            continue
        d = [R.zero] * n
        d[j] = delta
        for a in range(r):
            d[idx[a]] = -sum((adj[a][b] * H[idx[b]][j] for b in range(r)), R.zero)
        d = [x.rem(J) for x in d]
        if not d[j]:
            continue
        g = reduce(lambda p, q: p.gcd(q), [x for x in d if x])
        d = [x.exquo(g).rem(J) if x else x for x in d]
        out.append((j, d))
    return out


def _exponents(k: int, es: list):
    """``(E, t)`` with ``k t_i + e_i = 2E`` for every i (t_i >= 0), the least E, or None."""
    for E in range(1, 4 * k + max(es, default=0) + 1):
        t = [(2 * E - e) // k for e in es]
        if all(ti >= 0 and k * ti + e == 2 * E for ti, e in zip(t, es)):
            return E, t
    return None


def _cubic_guide(an, kernel, sample, max_size: int = 3):
    """Sums of up to ``max_size`` kernel vectors along which the cubic coefficient of L is not
    zero at the sample point, the smallest sums first. Floats only choose what is computed exactly."""
    import numpy as np
    from itertools import combinations
    model = an.model
    x0 = np.array([float(v) for v in sample.approx(30)])
    terms = list(model.L.terms())
    E = np.array([m for m, _c in terms], dtype=float)
    C = np.array([float(c) for _m, c in terms])

    def value(pt):
        return float(C @ np.prod(pt[None, :] ** E, axis=1))

    def at(p):
        return sum(float(c) * float(np.prod(x0 ** np.array(m, dtype=float))) for m, c in p.terms()) if p else 0.0
    vecs = []
    for j, d in kernel:
        v = np.array([at(x) for x in d])
        scale = np.max(np.abs(v))
        vecs.append(v / scale if scale else v)
    ts = np.arange(-3, 4, dtype=float)
    V = np.vander(ts, 7, increasing=True)
    found = []
    for size in range(1, max_size + 1):
        for S in combinations(range(len(kernel)), size):
            v = sum(vecs[a] for a in S)
            ys = np.array([value(x0 + t * v) for t in ts])
            coef = np.linalg.solve(V, ys)
            tol = 1e-7 * (1 + np.max(np.abs(ys)))
            if abs(coef[3]) > tol and abs(coef[1]) < tol and abs(coef[2]) < tol:
                found.append(S)
    return found


def _descent_curves(an, J, alpha, Rz, z, G, kernel, sample):
    """``(descent_curve hint, inequation)`` for sums of kernel vectors with a descent at order 3."""
    zi = len(Rz.gens) - 1
    K = alpha.field
    R = an.R
    k = 3
    for S in _cubic_guide(an, kernel, sample):
        d0 = [sum((kernel[a][1][i] for a in S), R.zero) for i in range(an.model.n)]
        a = an.line_coefficients(d0, k)
        (nf,) = normal_forms([a[k].set_ring(Rz)], G)
        split = _split_z(an, nf, Rz) if nf else None
        if split is None:
            continue
        W, facs = split
        sigma = K.sign(_at_alpha(K, W, zi))
        if not sigma:
            continue
        fs, es = [f for f, _e in facs], [e for _f, e in facs]
        found = _exponents(k, es)
        if found is not None:
            E, t = found
            g = reduce(lambda p, q: p * q, fs, R.one)
            M = g ** E
        else:  # no common power: M itself is the inequation
            t = [e % 2 for e in es]
            M = reduce(lambda p, q: p * q, (f ** ((k * ti + e) // 2) for f, ti, e in zip(fs, t, es)), R.one)
            g = M
        s = -sigma * reduce(lambda p, q: p * q, (f ** ti for f, ti in zip(fs, t)), R.one)
        cz = [sigma * x for x in _z_coeffs(W, zi)]  # c(z) = sigma W(z), c(alpha) > 0
        # a_k(s d0) + c(L) M^2 = s^k (a_k(d0) - nf(L)) identically: cofactors of the smaller one
        cofs = cofactors_many([a[j] for j in range(1, k)] + [a[k] - _at_L(an, nf, Rz)], J)
        if any(x is None for x in cofs):
            continue
        lower = [[poly_json(s ** j * x) for x in cofs[j - 1]] for j in range(1, k)]
        top = [poly_json(s ** k * x) for x in cofs[-1]]
        yield ({"coefficients": [[poly_json(s * x) for x in d0]], "order": k, "lower": lower,
                "squares": [[[_qtext(x) for x in cz], poly_json(M)]], "cofactors": top}, g)
