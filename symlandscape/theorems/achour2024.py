"""Achour, Malgouyres & Gerchinovitz, "The Loss Landscape of Deep Linear Neural Networks:
a Second-order Analysis" (JMLR 25(242), 2024), Theorem 7 and Proposition 8.

Conventions: H = number of weight matrices; loss without 1/2. Under Assumption 1, a
first-order critical point with ``r = rk(W_H ... W_1) < r_max`` associated with
S = [[1, r]] is a non-strict saddle iff it is *tightened*; the construction of
Proposition 8 (eq. 25): ``W_H = [U_S, 0]``, ``W_h = diag(I_r, Z_h)``, ``W_1 = [U_S^T Sigma_YX
Sigma_XX^-1; 0]``: ``Z_{H-1} ... Z_2 = 0`` gives a tightened (non-strict) saddle,
``!= 0`` a strict one. Instance: X = I2, Y = diag(2, 1), r = 1 (U = I), value 1 = 5 - 4.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from ..certificates import point_certificate, write_json_atomic
from ..pointcheck import analyse_point
from ..spec import parse_problem
from .common import REFUTED, UNDECIDED, VERIFIED, Row, Timer

__all__ = ["PAPER", "run"]

PAPER = "achour2024"
REF = "Achour, Malgouyres & Gerchinovitz, JMLR 25(242) 2024, Theorem 7 / Proposition 8"


def _problem(H: int):
    return parse_problem({"name": f"achour-H{H}", "network": {"widths": [2] * (H + 1)},
                          "loss": {"kind": "squared", "scale": "1"},
                          "data": {"inputs": [[1, 0], [0, 1]], "targets": [[2, 0], [0, 1]]}})


def _point(zs: list[int]) -> list[Fraction]:
    """eq. (25): W_1 = [[2, 0], [0, 0]], W_h = diag(1, z_h) for h = 2..H-1, W_H = [[1, 0], [0, 0]]."""
    W = [2, 0, 0, 0]
    for z in zs:
        W += [1, 0, 0, z]
    W += [1, 0, 0, 0]
    return [Fraction(x) for x in W]


def run(outdir, full: bool = False, progress=None) -> list:
    outdir = Path(outdir)
    rows = []
    cases = [(3, [0]), (3, [1]), (4, [0, 0]), (4, [1, 0]), (4, [1, 1])]
    for H, zs in cases:
        prod = 1
        for z in zs:
            prod *= z
        expect = "nonstrict_saddle" if prod == 0 else "strict_saddle"
        tight = "tightened" if prod == 0 else "not tightened"
        name = f"H={H}, Z=({', '.join(map(str, zs))})"
        with Timer() as t:
            res = analyse_point(_problem(H), _point(zs), full_fallback=False)
        v = res.verdict
        cert = point_certificate(res.model, v, reference=REF, timestamp=False) if v else None
        paths = []
        if cert:
            paths.append(str(write_json_atomic(outdir / f"H{H}-z{''.join(map(str, zs))}-{v.kind}.json", cert)))
        if not res.critical:
            verdict, reason = REFUTED, "the constructed point is not critical"
        elif v.kind == expect:
            verdict = VERIFIED
            reason = (f"{tight}: {v.kind}; value {res.value.text()}; Hessian inertia "
                      f"(+{v.inertia.pos}, -{v.inertia.neg}, 0x{v.inertia.zero})")
        elif v.kind == "undecided":
            verdict, reason = UNDECIDED, v.reason
        else:
            verdict, reason = REFUTED, f"expected {expect}, certified {v.kind}"
        rows.append(Row(PAPER, "Thm 7 / Prop 8", name, f"{tight} point associated with S = {{1}} is a {expect}",
                        verdict, reason, paths, t.seconds))
    return rows
