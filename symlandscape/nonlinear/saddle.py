"""ReLU-type networks: exact rays, strict saddles and points that are not local minima.

Along a ray ``theta + t d`` every pre-activation is a polynomial in t (any depth: a
ReLU-type activation of a polynomial is ``s+`` or ``s-`` times it on ``(0, eps)``,
chosen by the sign of its lowest nonzero coefficient), so ``p(t) = L(theta + t d)`` is
*exactly* a polynomial on ``(0, eps)`` with ``p(0) = L(theta)`` (:func:`ray_polynomial`).

* **not a local minimum**: a ray whose first nonzero coefficient of ``p(t) - p(0)`` is
  negative. At a kink the ray may leave along any adjacent activation region; the
  direction is found from the region where the convex KKT test of :mod:`.piecewise`
  fails (a Farkas direction of that region's cone, by linear programming in floats,
  rounded, then verified exactly).
* **strict saddle** (design.md 3.3): no pre-activation is exactly 0 on any sample (the loss
  is a polynomial near the point), the exact gradient is 0 (linear ray coefficients along
  the axes), and directions with negative and positive quadratic coefficients
  ``d^T H d / 2`` exist (the Hessian from quadratic ray coefficients; directions from a
  float eigen-decomposition, rounded and verified exactly).

Reference: the region decomposition of Yun, Sra & Jadbabaie (2019), Sec. 2; the convex
relaxation of :mod:`.piecewise`. The independent checker recomputes every ray polynomial.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .piecewise import forward, kink_pairs, unpack

__all__ = ["ray_polynomial", "lowest_change", "is_differentiable", "exact_gradient", "exact_hessian",
           "saddle_directions", "descent_ray"]


def _padd(a, b):
    n = max(len(a), len(b))
    return [(a[k] if k < len(a) else 0) + (b[k] if k < len(b) else 0) for k in range(n)]


def _pmul(a, b):
    out = [Fraction(0)] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        if x:
            for j, y in enumerate(b):
                out[i + j] += x * y
    return out


def _act(slopes, p):
    lead = next((c for c in p if c != 0), 0)
    s = slopes[0] if lead > 0 else slopes[1]
    return [s * c for c in p]


def ray_polynomial(problem, theta, d) -> list[Fraction]:
    """Coefficients of ``L(theta + t d)`` for small ``t > 0`` (exact; index = power of t).

    >>> from symlandscape.spec import load_problem
    >>> p = load_problem("examples/swirszcz_prop1.json")
    >>> q = [Fraction(v) for v in (1, -3, 1, 0)]
    >>> ray_polynomial(p, q, [0, 0, 0, 1])          # moving the output bias: 18 + 0 t + 5 t^2
    [Fraction(18, 1), Fraction(0, 1), Fraction(5, 1)]
    """
    th = [[Fraction(a), Fraction(b)] for a, b in zip(theta, d)]
    layers = unpack(problem, th)
    sl = problem.network.slopes
    total = [Fraction(0)]
    for x, y in zip(problem.inputs, problem.targets):
        a = [[Fraction(v)] for v in x]
        for k, (W, b) in enumerate(layers):
            z = []
            for row, bi in zip(W, b):
                s = list(bi) if isinstance(bi, list) else [Fraction(bi)]
                for wij, aj in zip(row, a):
                    s = _padd(s, _pmul(wij, aj))
                z.append(s)
            a = [_act(sl, zi) for zi in z] if k < len(layers) - 1 else z
        for ai, yi in zip(a, y):
            r = _padd(ai, [-yi])
            total = _padd(total, _pmul(r, r))
    total = [c * problem.loss.scale for c in total]
    for (t0, t1), lam in zip(th, problem.l2_per_parameter()):
        if lam:
            total = _padd(total, [c * lam / 2 for c in _pmul([t0, t1], [t0, t1])])
    while len(total) > 1 and total[-1] == 0:
        total.pop()
    return total


def lowest_change(coeffs) -> tuple[int, Fraction]:
    """(order, coefficient) of the lowest nonzero term of ``p(t) - p(0)``; (0, 0) if constant."""
    return next(((k, c) for k, c in enumerate(coeffs) if k > 0 and c != 0), (0, Fraction(0)))


def is_differentiable(problem, theta) -> bool:
    """No hidden pre-activation is exactly 0 on any sample: L is a polynomial near theta."""
    return all(z != 0 for x in problem.inputs for layer in forward(problem, theta, x)[1] for z in layer)


def _unit(n, k, other=None):
    return [Fraction(1 if i == k or i == other else 0) for i in range(n)]


def exact_gradient(problem, theta) -> list[Fraction]:
    """The exact gradient at a differentiable point (linear ray coefficients along the axes)."""
    n = len(theta)
    return [(ray_polynomial(problem, theta, _unit(n, k)) + [Fraction(0)] * 2)[1] for k in range(n)]


def exact_hessian(problem, theta) -> list[list[Fraction]]:
    """The exact Hessian at a differentiable point: ``H_kl = c2(e_k + e_l) - c2(e_k) - c2(e_l)``."""
    n = len(theta)
    c2 = [(ray_polynomial(problem, theta, _unit(n, k)) + [Fraction(0)] * 3)[2] for k in range(n)]
    H = [[Fraction(0)] * n for _ in range(n)]
    for k in range(n):
        H[k][k] = 2 * c2[k]
        for m in range(k + 1, n):
            H[k][m] = H[m][k] = (ray_polynomial(problem, theta, _unit(n, k, m)) + [Fraction(0)] * 3)[2] - c2[k] - c2[m]
    return H


def _quad(H, d):
    return sum((d[i] * H[i][j] * d[j] for i in range(len(d)) for j in range(len(d))), Fraction(0))


def _rational_directions(vec):
    scale = float(np.max(np.abs(vec))) or 1.0
    for digits in (1, 2, 4, 8, 12):
        yield [Fraction(round(v / scale * 10 ** digits), 10 ** digits) for v in vec]


def saddle_directions(H):
    """Rational (negative, positive) directions with ``d^T H d < 0`` and ``> 0``, or None for either.

    >>> H = [[Fraction(2), Fraction(0)], [Fraction(0), Fraction(-1)]]
    >>> saddle_directions(H)
    ([Fraction(0, 1), Fraction(1, 1)], [Fraction(1, 1), Fraction(0, 1)])
    """
    n = len(H)
    out = []
    for sign in (-1, 1):
        found = next(([Fraction(int(i == k)) for i in range(n)] for k in range(n) if sign * H[k][k] > 0), None)
        if found is None:
            w, V = np.linalg.eigh(np.array([[float(x) for x in r] for r in H]))
            k = 0 if sign < 0 else n - 1
            if sign * w[k] > 0:
                found = next((d for d in _rational_directions(V[:, k]) if sign * _quad(H, d) > 0), None)
        out.append(found)
    return tuple(out)


def descent_ray(problem, theta):
    """A rational direction along which L decreases from ``theta`` (exactly verified), or None.

    Differentiable points: ``-grad`` or a negative-curvature direction. Kinks (one hidden
    layer, one output): a Farkas direction of a region where the convex KKT test fails.

    >>> from symlandscape.spec import load_problem
    >>> p = load_problem("examples/swirszcz_prop1.json")
    >>> q = [Fraction(v) for v in (1, -3, 1, 1)]      # output bias off by one: not critical
    >>> d = descent_ray(p, q); lowest_change(ray_polynomial(p, q, d))[1] < 0
    True
    """
    cands = []
    if is_differentiable(problem, theta):
        g = exact_gradient(problem, theta)
        if any(g):
            cands.append([-x for x in g])
        else:
            neg, _ = saddle_directions(exact_hessian(problem, theta))
            if neg is not None:
                cands.append(neg)
    else:
        n = len(theta)
        if problem.network.bias:   # the output bias: L is a quadratic in it, no kink can move
            g = (ray_polynomial(problem, theta, _unit(n, n - 1)) + [Fraction(0)] * 2)[1]
            if g:
                cands.append([Fraction(0)] * (n - 1) + [Fraction(-1 if g > 0 else 1)])
        cands += _kink_candidates(problem, theta)
    for d in cands:
        if lowest_change(ray_polynomial(problem, theta, d))[1] < 0:
            return d
    return None


def _kink_candidates(problem, theta, max_regions: int = 256):
    """Farkas directions (u-space LP per adjacent region) mapped to theta = (w_j, b_j) += du_j / v_j."""
    import itertools

    from scipy.optimize import linprog
    w = problem.network.widths
    if len(w) != 3 or w[2] != 1 or any(x != 0 for x in problem.l2_per_parameter()):
        return []
    d0, h, bias = w[0], w[1], problem.network.bias
    (W1, b1), (W2, _) = unpack(problem, theta)
    v = W2[0]
    kinks = kink_pairs(problem, theta)
    if 2 ** len(kinks) > max_regions:
        return []
    xt = [list(x) + ([Fraction(1)] if bias else []) for x in problem.inputs]
    dim = len(xt[0])
    res, pre = [], []
    for x, y in zip(problem.inputs, problem.targets):
        out, z = forward(problem, theta, x)
        pre.append(z[0])
        res.append(out[0] - y[0])
    sl = problem.network.slopes
    out = []
    for sigma in itertools.product((1, -1), repeat=len(kinks)):
        ks = dict(zip(kinks, sigma))
        g = np.zeros(h * dim)
        for j in range(h):
            for i in range(len(xt)):
                side = ks.get((j, i), pre[i][j])
                s = float(sl[0] if side > 0 else sl[1])
                g[j * dim: (j + 1) * dim] += 2 * float(problem.loss.scale) * float(res[i]) * s * np.array(
                    [float(c) for c in xt[i]])
        A, bounds = [], []
        for (j, i), sg in ks.items():
            if v[j] == 0:
                continue
            row = np.zeros(h * dim)
            row[j * dim: (j + 1) * dim] = -sg * np.sign(float(v[j])) * np.array([float(c) for c in xt[i]])
            A.append(row)
        bounds = [(0, 0) if v[j] == 0 else (-1, 1) for j in range(h) for _ in range(dim)]
        r = linprog(g, A_ub=np.array(A) if A else None, b_ub=np.zeros(len(A)) if A else None, bounds=bounds,
                    method="highs")
        if not r.success or r.fun > -1e-9:
            continue
        for du in _rational_directions(r.x):
            d = [Fraction(0)] * len(theta)
            for j in range(h):
                if v[j] != 0:
                    for k in range(d0):
                        d[j * d0 + k] = du[j * dim + k] / v[j]
                    if bias:
                        d[h * d0 + j] = du[j * dim + d0] / v[j]
            out.append(d)
    return out
