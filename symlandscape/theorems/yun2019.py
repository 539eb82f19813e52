"""Yun, Sra & Jadbabaie 2019, "Small nonlinearities in activation functions create bad local
minima in neural networks" (ICLR 2019), Theorem 2 (explicit dataset X = [[1,0,1/2],[0,1,1/2]],
Y = [0,0,1], 2-2-1 with biases, loss 1/2 ||.||^2).

Leaky ReLU: the Theorem 1 construction outputs the least-squares fit 1/3: a local minimum
with risk 1/3 (certified exactly, symlandscape.nonlinear). Sigmoid and tanh (Corollary 3): on
this dataset every input has x1 + x2 = 1, so first-layer rows (a, a) make every hidden unit
constant on the data; with output 1/3 these points are critical at risk 1/3 on a manifold
(singular Hessian: no Krawczyk box). The third input is the midpoint of the others, which
gives L >= (1 + A)^2 / 3 with A = sum_j v_j delta_j^2 h''(xi_j) / 2; where v_j h'' > 0 on a box
the risk is >= 1/3 there and attained: a local minimum (interval proof,
symlandscape.nonlinear.degenerate). Zero risk: with W1 = [[2,-2],[1,-3]], b1 = (0,-1) the
output layer interpolates the data (interval elimination). A strict (isolated) smooth bad
minimum is certified as well on a seeded tanh dataset (examples/tanh_bad_min.json).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from .nonlinear_common import point_row

__all__ = ["PAPER", "run"]

PAPER = "yun2019"
REF = "Yun, Sra & Jadbabaie, ICLR 2019, Theorem 2"


# approximate output layers; the engine re-solves them rigorously (output_interpolation)
ZERO = {"sigmoid": "2,-2,1,-3,0,-1,4.5275,-7.1536,-0.411", "tanh": "2,-2,1,-3,0,-1,1.1162,-2.1535,-1.076"}


def run(outdir, full: bool = False, progress=None) -> list:
    outdir = Path(outdir)
    rows = [point_row(PAPER, "Thm 2", "leaky ReLU h(x) = max(x,0) + min(x/10,0)",
                      "the least-squares output gives a local minimum with risk 1/3", "yun_thm2_leaky",
                      "0,0,0,0,4/3,1,1,0,-1", "local_min", Fraction(1, 3), outdir, REF)]
    for act in ("sigmoid", "tanh"):
        rows.append(point_row(PAPER, "Thm 2 / Cor 3", f"{act}: W1 = [[1,1],[0,0]], b1 = (-2,-2), W2 = (1,2)",
                              "hidden units constant on the data, output 1/3: a local minimum with risk 1/3",
                              f"yun_thm2_{act}", "1,1,0,0,-2,-2,1,2,0", "local_min", Fraction(1, 3), outdir, REF))
        rows.append(point_row(PAPER, "Thm 2 / Cor 3", f"{act}: W1 = [[2,-2],[1,-3]], b1 = (0,-1), output layer "
                              "interpolating", "a zero-risk point exists (the risk-1/3 minimum is spurious)",
                              f"yun_thm2_{act}", ZERO[act], "global_min", Fraction(0), outdir, REF))
    rows.append(point_row(PAPER, "Cor 3 (variant)", "tanh, seeded 10-point dataset (not the paper's)",
                          "a smooth network has a strict non-global local minimum (interval proof)", "tanh_bad_min",
                          "-7.727,0.405,0.703,-0.296", "local_min", None, outdir, REF + " (variant)"))
    return rows
