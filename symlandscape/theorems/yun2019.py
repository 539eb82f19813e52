"""Yun, Sra & Jadbabaie 2019, "Small nonlinearities in activation functions create bad local
minima in neural networks" (ICLR 2019), Theorem 2 (explicit dataset X = [[1,0,1/2],[0,1,1/2]],
Y = [0,0,1], 2-2-1 with biases, loss 1/2 ||.||^2).

Leaky ReLU: the Theorem 1 construction outputs the least-squares fit 1/3: a local minimum
with risk 1/3 (certified exactly, symlandscape.nonlinear). Sigmoid/tanh (Corollary 3): on
this dataset every input has x1 + x2 = 1, the critical points at risk 1/3 sit on continuous
families and their Hessian is singular, so the interval (Krawczyk) proof does not apply:
reported undecided. A smooth-activation bad local minimum is certified instead on a seeded
tanh dataset (examples/tanh_bad_min.json) by interval arithmetic.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from .common import UNDECIDED, Row
from .nonlinear_common import point_row

__all__ = ["PAPER", "run"]

PAPER = "yun2019"
REF = "Yun, Sra & Jadbabaie, ICLR 2019, Theorem 2"


def run(outdir, full: bool = False, progress=None) -> list:
    outdir = Path(outdir)
    rows = [point_row(PAPER, "Thm 2", "leaky ReLU h(x) = max(x,0) + min(x/10,0)",
                      "the least-squares output gives a local minimum with risk 1/3", "yun_thm2_leaky",
                      "0,0,0,0,4/3,1,1,0,-1", "local_min", Fraction(1, 3), outdir, REF)]
    rows.append(Row(PAPER, "Cor 3", "sigmoid on the Thm 2 dataset", "a local minimum with risk 1/3 exists",
                    UNDECIDED, "the critical points at risk 1/3 are non-isolated (x1 + x2 = 1 on every input) and "
                    "their Hessian is singular; the interval proof needs a non-singular Hessian"))
    rows.append(point_row(PAPER, "Cor 3 (variant)", "tanh, seeded 10-point dataset (not the paper's)",
                          "a smooth network has a strict non-global local minimum (interval proof)", "tanh_bad_min",
                          "-7.727,0.405,0.703,-0.296", "local_min", None, outdir, REF + " (variant)"))
    return rows
