"""Shen 2018, "Towards a Mathematical Understanding of the Difficulty in Learning with
Feedforward Neural Networks" (CVPR 2018, arXiv 1611.05827).

Checked consequences (literature.md 1.2 and instance 26; the theorem numbers of the paper
are not quoted because its full text was not consulted):

(a) exact learning: for E = scale * sum ||f(x_i) - y_i||^2 the Hessian is
    ``2 scale (J^T J + sum_i r_i . d^2 f_i)``; at a zero-residual point it equals
    ``2 scale J^T J`` exactly. Verified as a polynomial identity and at a constructed
    zero-residual point of a polynomial-activation network;
(b) ``grad E = 2 scale J^T r``: a critical point where J has full row rank has r = 0, so
    E = 0 (a global minimum). Checked exactly at every reported critical point of an
    instance where exact learning is possible;
(c) the Gauss-Newton iteration ``W <- W - (J^T J + delta I)^-1 J^T r`` of Shen's
    demonstrations (bent identity hidden layers, linear output) converges quadratically
    under exact learning: run in mpmath at 200 digits on XOR [2, 4, 2, 1], printing the
    residual per iteration and e_{k+1} / e_k^2. This is numerical evidence, reported as such.
"""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath

from ..algebraic import AlgebraicPoint
from ..loss import build_loss
from ..spec import parse_problem
from .common import REFUTED, UNDECIDED, VERIFIED, Row, Timer

__all__ = ["PAPER", "run", "gauss_newton_xor"]

PAPER = "shen2018"


def _jacobian(model):
    """Stacked outputs' Jacobian (rows: sample x output, columns: parameters), as polynomials."""
    return [[f.diff(t) for t in model.theta] for out in model.outputs for f in out]


def _hessian_identity(problem) -> tuple[bool, str]:
    """H - 2 scale J^T J == 2 scale sum_i r_i d^2 f_i, identically in theta."""
    m = build_loss(problem)
    from sympy import QQ
    s = QQ(problem.loss.scale.numerator, problem.loss.scale.denominator)
    J = _jacobian(m)
    n = m.n
    rs = [f - QQ(y.numerator, y.denominator) for out, ys in zip(m.outputs, problem.targets) for f, y in zip(out, ys)]
    fs = [f for out in m.outputs for f in out]
    for i in range(n):
        for j in range(i, n):
            lhs = m.hess[i][j] - 2 * s * sum((J[k][i] * J[k][j] for k in range(len(J))), m.R.zero)
            rhs = 2 * s * sum((r * f.diff(m.theta[i]).diff(m.theta[j]) for r, f in zip(rs, fs)), m.R.zero)
            if lhs != rhs:
                return False, f"identity fails at entry ({i}, {j})"
    return True, f"H = 2 scale (J^T J + sum r_i d2 f_i) holds identically ({n} parameters)"


def _zero_residual_problem():
    """widths (1, 2, 1), h(x) = x + x^2/2, biases; targets made by a fixed rational theta*."""
    theta = [Fraction(1), Fraction(-1, 2), Fraction(1, 3), Fraction(1), Fraction(2), Fraction(-1), Fraction(1, 2)]
    inputs = [[Fraction(-1)], [Fraction(0)], [Fraction(1)], [Fraction(2)]]
    base = parse_problem({"name": "shen-exact", "network": {"widths": [1, 2, 1], "activation": "polynomial",
                                                            "coefficients": ["0", "1", "1/2"], "bias": True},
                          "data": {"inputs": [[str(x[0])] for x in inputs], "targets": [["0"]] * 4}})
    m = build_loss(base)
    P = AlgebraicPoint.rational(theta)
    ys = [[str(P.field.element_rational(P.evaluate(f)))] for out in m.outputs for f in out]
    p = parse_problem({"name": "shen-exact", "network": {"widths": [1, 2, 1], "activation": "polynomial",
                                                         "coefficients": ["0", "1", "1/2"], "bias": True},
                       "data": {"inputs": [[str(x[0])] for x in inputs], "targets": ys}})
    return p, theta


def _hessian_at_zero_residual():
    p, theta = _zero_residual_problem()
    m = build_loss(p)
    P = AlgebraicPoint.rational(theta)
    K = P.field
    if K.element_rational(P.evaluate(m.L)) != 0:
        return False, "constructed point does not have zero residual"
    J = [[K.element_rational(P.evaluate(g)) for g in row] for row in _jacobian(m)]
    s = p.loss.scale
    for i in range(m.n):
        for j in range(m.n):
            h = K.element_rational(P.evaluate(m.hess[i][j]))
            if h != 2 * s * sum(J[k][i] * J[k][j] for k in range(len(J))):
                return False, f"entry ({i}, {j}) differs"
    return True, f"at the zero-residual point theta* (loss 0) the Hessian equals J^T J exactly ({m.n}x{m.n})"


def _full_rank_critical_points():
    """Every reported critical point of a small exact-learning instance with rank J = T*dy has E = 0."""
    from ..classify import classify
    from ..descent import kernel
    p = parse_problem({"name": "shen-rank", "network": {"widths": [1, 2, 1], "activation": "polynomial",
                                                         "coefficients": ["0", "1", "1"]},
                       "data": {"inputs": [[1], [2]], "targets": [[1], [3]]}})
    rep = classify(p)
    m = rep.model
    Jp = _jacobian(m)
    pts = [v.point for v in rep.points] + [q for s in rep.strata for q in s.sample_points]
    checked = full = 0
    for q in pts:
        K = q.field
        J = [[q.evaluate(g) for g in row] for row in Jp]
        T = len(J)
        # rank of J = rank of J J^T (T x T); full row rank iff J J^T non-singular
        JJt = [[K.reduce(sum_(K, [K.mul(J[a][k], J[b][k]) for k in range(m.n)])) for b in range(T)] for a in range(T)]
        checked += 1
        if not kernel(K, JJt):
            full += 1
            if not K.is_zero(q.evaluate(m.L)):
                return False, "a full-rank critical point with non-zero loss", checked, full
    return True, f"{checked} reported critical point(s) checked exactly, {full} with full row rank J, all with E = 0", \
        checked, full


def sum_(K, xs):
    acc = []
    for x in xs:
        acc = K.add(acc, x)
    return acc


def _bent(t):
    return (mpmath.sqrt(t * t + 1) - 1) / 2 + t


def _bent_d(t):
    return t / (2 * mpmath.sqrt(t * t + 1)) + 1


def _mlp_residuals(shapes, X, Y):
    """``W -> [f(x) - y ...]`` (mpmath, current precision) for a bent-identity MLP with a linear
    output layer; ``W`` holds each layer's rows, every row's weights followed by its bias."""
    Xm = [[mpmath.mpf(v) for v in x] for x in X]
    Ym = [[mpmath.mpf(v) for v in y] for y in Y]

    def residuals(W):
        out = []
        for x, y in zip(Xm, Ym):
            h, k = x, 0
            for l, (a, b) in enumerate(shapes):
                z = []
                for i in range(a):
                    base = k + i * (b + 1)
                    z.append(W[base + b] + mpmath.fsum(W[base + j] * h[j] for j in range(b)))
                k += a * (b + 1)
                h = z if l == len(shapes) - 1 else [_bent(t) for t in z]
            out.extend(hv - yv for hv, yv in zip(h, y))
        return out
    return residuals


def _gauss_newton(residuals, W, iterations: int, dps: int, delta) -> list:
    """Damped Gauss-Newton ``W <- W - (J^T J + delta I)^-1 J^T r`` at the current precision, the
    step computed as ``J^T (J J^T + delta I)^-1 r`` (the same vector) with central differences.

    Returns a list of (k, residual norm e_k, e_k / e_(k-1)^2); stops below 10^(-dps/2).
    """
    delta = mpmath.mpf(delta)
    eps = mpmath.mpf(10) ** (-dps // 3)
    out, prev = [], None
    for k in range(iterations):
        r = residuals(W)
        e = mpmath.norm(mpmath.matrix(r))
        out.append((k, e, (e / prev ** 2) if prev else None))
        if e < mpmath.mpf(10) ** (-dps // 2):
            break
        cols = []
        for i in range(len(W)):
            Wp, Wm = list(W), list(W)
            Wp[i] += eps
            Wm[i] -= eps
            cols.append([(a - b) / (2 * eps) for a, b in zip(residuals(Wp), residuals(Wm))])
        J = mpmath.matrix(cols).T
        step = J.T * mpmath.lu_solve(J * J.T + delta * mpmath.eye(len(r)), mpmath.matrix(r))
        W = [wi - step[i] for i, wi in enumerate(W)]
        prev = e
    return out


def gauss_newton_xor(widths=(2, 4, 2, 1), iterations: int = 16, dps: int = 200, seed: int = 0,
                     targets=(0, 1, 1, 0), delta="1e-60"):
    """Shen's damped Gauss-Newton on XOR with bent-identity hidden layers (numerical evidence).

    Returns a list of (k, residual norm e_k, e_k / e_{k-1}^2).
    """
    X = [(0, 0), (0, 1), (1, 0), (1, 1)]
    rng = random.Random(seed)
    shapes = [(widths[l], widths[l - 1]) for l in range(1, len(widths))]
    with mpmath.workdps(dps):
        params = [mpmath.mpf(rng.gauss(0, 1)) for (a, b) in shapes for _ in range(a * (b + 1))]
        return _gauss_newton(_mlp_residuals(shapes, X, [[t] for t in targets]), params, iterations, dps, delta)


#: Shen's reduced four-region demo (literature.md section 1.2): the 10 points of
#: ``four_region_v2.mat`` listed in the repository's fourregionwrapper.py, with their .mat class
#: index (0-based) as one-hot targets of a [2, 10, 10, 4] network.
FOUR_REGION_POINTS = [((-3.30868453, 0.15960711), 2), ((1.75400228, 1.54810092), 0), ((-1.49010835, 2.37668046), 1),
                      ((-3.38543796, -0.98628458), 3), ((2.85230081, -1.83247627), 3),
                      ((-0.31885962, -3.97549141), 3), ((0.2338156, 3.27760575), 2),
                      ((-2.14345296, 2.99872303), 2), ((-2.64643109, 1.47743794), 2), ((0.18218213, -1.81316508), 1)]


def gauss_newton_four_region(widths=(2, 10, 10, 4), dps: int = 120, seed: int = 0, float_tol: float = 1e-3,
                             float_iters: int = 300, mp_iters: int = 6, delta: str = "1e-8", delta_mp: str = "1e-60"):
    """Shen's Gauss-Newton on the 10-point four-region problem (numerical evidence).

    The step ``(J^T J + delta I)^-1 J^T r`` is computed as ``J^T (J J^T + delta I)^-1 r``
    (the same vector; 40 residuals against 184 parameters). Float64 iterations with Shen's
    ``delta = 1e-8`` bring the residual below ``float_tol``; then mpmath iterations at
    ``dps`` digits (central differences, ``delta_mp``: a damping of 1e-8 would itself limit
    the rate to linear once the residual is that small) show the local rate. Returns ``(float_history, mp_history)``, the latter a
    list of (k, residual norm e_k, e_k / e_(k-1)^2).
    """
    import numpy as np
    X = np.array([p for p, _ in FOUR_REGION_POINTS], dtype=float)
    Y = np.zeros((len(X), widths[-1]))
    for i, (_p, c) in enumerate(FOUR_REGION_POINTS):
        Y[i, c] = 1.0
    shapes = [(widths[l], widths[l - 1]) for l in range(1, len(widths))]
    sizes = [a * (b + 1) for a, b in shapes]
    rng = np.random.default_rng(seed)
    w = rng.standard_normal(sum(sizes))

    def forward_np(w):
        h, k = X, 0
        for l, (a, b) in enumerate(shapes):
            M = w[k:k + a * (b + 1)].reshape(a, b + 1)
            k += a * (b + 1)
            z = h @ M[:, :b].T + M[:, b]
            h = z if l == len(shapes) - 1 else (np.sqrt(z * z + 1) - 1) / 2 + z
        return h

    def res_np(w):
        return (forward_np(w) - Y).ravel()

    hist_f = []
    d = float(delta)
    for _ in range(float_iters):
        r = res_np(w)
        e = float(np.linalg.norm(r))
        hist_f.append(e)
        if e < float_tol:
            break
        eps = 1e-6
        J = np.empty((r.size, w.size))
        for i in range(w.size):
            wp, wm = w.copy(), w.copy()
            wp[i] += eps
            wm[i] -= eps
            J[:, i] = (res_np(wp) - res_np(wm)) / (2 * eps)
        w = w - J.T @ np.linalg.solve(J @ J.T + d * np.eye(r.size), r)
    with mpmath.workdps(dps):
        W = [mpmath.mpf(float(v)) for v in w]
        hist_m = _gauss_newton(_mlp_residuals(shapes, X.tolist(), Y.tolist()), W, mp_iters, dps, delta_mp)
    return hist_f, hist_m


def run(outdir, full: bool = False, progress=None) -> list:
    rows = []
    with Timer() as t:
        ok, why = _hessian_identity(_zero_residual_problem()[0])
    rows.append(Row(PAPER, "exact learning (Hessian)", "(1,2,1) h(x) = x + x^2/2, biases",
                    "H = 2 scale (J^T J + sum r_i d^2 f_i) identically", VERIFIED if ok else REFUTED, why, [],
                    t.seconds))
    with Timer() as t:
        ok, why = _hessian_at_zero_residual()
    rows.append(Row(PAPER, "exact learning (Hessian)", "(1,2,1) at a constructed zero-residual point",
                    "at a zero-residual point the Hessian equals J^T J", VERIFIED if ok else REFUTED, why, [],
                    t.seconds))
    with Timer() as t:
        ok, why, checked, nfull = _full_rank_critical_points()
    rows.append(Row(PAPER, "critical points", "(1,2,1) h(x) = x + x^2, 2 samples",
                    "a critical point with full-row-rank Jacobian has zero loss",
                    (VERIFIED if nfull else UNDECIDED) if ok else REFUTED, why, [], t.seconds))
    with Timer() as t:
        hist = gauss_newton_xor(dps=120 if not full else 200)
    tail = [h for h in hist if h[2] is not None][-4:]
    ratios = ", ".join(mpmath.nstr(h[2], 3) for h in tail)
    rows.append(Row(PAPER, "Gauss-Newton (evidence)", "XOR [2,4,2,1], bent identity",
                    "local quadratic convergence under exact learning", UNDECIDED,
                    "numerical evidence only (mpmath): final residuals " +
                    ", ".join(mpmath.nstr(h[1], 3) for h in hist[-4:]) + f"; e_k+1/e_k^2 = {ratios}", [],
                    t.seconds))
    with Timer() as t:
        hist_f, hist_m = gauss_newton_four_region(dps=200 if full else 80, mp_iters=6 if full else 5)
    tail = [h for h in hist_m if h[2] is not None]
    rows.append(Row(PAPER, "Gauss-Newton (evidence)", "four-region, 10 points, [2,10,10,4], bent identity",
                    "local quadratic convergence under exact learning (184 parameters >= 40 residuals)", UNDECIDED,
                    f"numerical evidence only: {len(hist_f)} float64 steps to residual {hist_f[-1]:.2g}, then mpmath "
                    f"residuals " + ", ".join(mpmath.nstr(h[1], 3) for h in hist_m) + "; e_k+1/e_k^2 = " +
                    ", ".join(mpmath.nstr(h[2], 3) for h in tail), [], t.seconds))
    with Timer() as t:
        hist2 = gauss_newton_xor(widths=(2, 1, 1), dps=60, iterations=30, delta="1e-2")
    rows.append(Row(PAPER, "Gauss-Newton (evidence)", "XOR [2,1,1] (exact learning impossible)",
                    "without exact learning the iteration does not converge quadratically to zero residual",
                    UNDECIDED, "numerical evidence only (mpmath): residuals stall at " +
                    ", ".join(mpmath.nstr(h[1], 5) for h in hist2[-3:]), [], t.seconds))
    return rows
