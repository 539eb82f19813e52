"""High-precision numerical evidence (mpmath), labelled as evidence and never used to decide.

Every function here is named ``confirm_*``: it recomputes, at a given precision and in a
scoped ``mpmath.workdps`` block, what an exact verdict implies (gradient ~ 0, Hessian
eigenvalue signs, the loss decreasing along a descent curve), so that a reader can see
the numbers beside the proof.
"""

from __future__ import annotations

import mpmath

__all__ = ["confirm_point", "confirm_curve", "evaluate_approx"]


def evaluate_approx(poly, x) -> mpmath.mpf:
    """Evaluate a sympy PolyElement at a list of mpmath numbers (current precision)."""
    acc = mpmath.mpf(0)
    for monom, c in poly.terms():
        term = mpmath.mpf(int(c.numerator)) / int(c.denominator)
        for xi, e in zip(x, monom):
            if e:
                term *= xi ** e
        acc += term
    return acc


def confirm_point(model, point, dps: int = 50) -> dict:
    """Loss, gradient norm and Hessian eigenvalues at a point, at ``dps`` digits (evidence)."""
    with mpmath.workdps(dps):
        x = [mpmath.mpf(v) for v in point.approx(dps + 10)]
        value = evaluate_approx(model.L, x)
        g = [evaluate_approx(gi, x) for gi in model.grad]
        n = model.n
        H = mpmath.matrix(n, n)
        for i in range(n):
            for j in range(i, n):
                H[i, j] = H[j, i] = evaluate_approx(model.hess[i][j], x)
        eig = sorted(mpmath.eigsy(H, eigvals_only=True)) if n else []
        return {
            "label": f"numerical evidence (mpmath, {dps} digits); not a proof",
            "loss": mpmath.nstr(value, 25),
            "gradient_norm": mpmath.nstr(mpmath.norm(mpmath.matrix(g)) if g else 0, 5),
            "hessian_eigenvalues": [mpmath.nstr(e, 15) for e in eig],
        }


def confirm_curve(model, point, dirs, dps: int = 50, ts=(mpmath.mpf("1e-2"), mpmath.mpf("1e-3"))) -> dict:
    """Loss change along ``p + sum_k t^k dirs[k-1]`` for a few small t (evidence)."""
    K = point.field
    with mpmath.workdps(dps):
        base = [mpmath.mpf(v) for v in point.approx(dps + 10)]
        d = [[K.approx(c, dps + 10) for c in v] for v in dirs]
        L0 = evaluate_approx(model.L, base)
        out = []
        for t in ts:
            x = [b + sum(t ** (k + 1) * d[k][i] for k in range(len(d))) for i, b in enumerate(base)]
            out.append({"t": mpmath.nstr(t, 3), "loss_change": mpmath.nstr(evaluate_approx(model.L, x) - L0, 10)})
        return {"label": f"numerical evidence (mpmath, {dps} digits); not a proof", "samples": out}
