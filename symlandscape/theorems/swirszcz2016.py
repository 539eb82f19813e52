"""Swirszcz, Czarnecki & Pascanu 2016, "Local minima in training of neural networks"
(arXiv 1611.06310; ICLR 2017 submission text). ReLU regression with one hidden layer,
loss sum of squares without 1/2 (Eq. 1).

Props 1-3 (bad local minima with data on ReLU kinks; Prop 2 with the sign correction
w2 = +1 settled by exact computation, docs/nonlinear.md) and Theorem 1 (a dead layer is a
local minimum with loss sum (y_i - mean y)^2). Certificates: exact KKT multipliers per
adjacent activation region (symlandscape.nonlinear).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from .nonlinear_common import point_row

__all__ = ["PAPER", "run"]

PAPER = "swirszcz2016"
REF = "Swirszcz, Czarnecki & Pascanu 2016 (arXiv 1611.06310, ICLR 2017 version)"

CASES = [
    ("Prop 1", "D1, 1 ReLU unit, (w,b,v,c) = (1,-3,1,0)", "a non-global local minimum with L = 18 (x = 3 on the kink)",
     "swirszcz_prop1", "1,-3,1,0", "local_min", Fraction(18)),
    ("Prop 2", "D2, 2 units, global point (w2 = +1)", "a global minimum with L = 0",
     "swirszcz_prop2", "-5,1,1,-8,1,-1,-1", "global_min", Fraction(0)),
    ("Prop 2", "D2, 2 units, local point (w2 = +1)", "a non-global local minimum with L = 8/3",
     "swirszcz_prop2", "-3,1,13/3,-10,1,-1,-3", "local_min", Fraction(8, 3)),
    ("Prop 3", "D3, 3 units, better point", "a non-global local minimum with L = 1/6",
     "swirszcz_prop3", "-3/2,-3/2,3/2,1,0,-79/6,1,1,-1,-1", "local_min", Fraction(1, 6)),
    ("Prop 3", "D3, 3 units, worse point", "a non-global local minimum with L = 2/3",
     "swirszcz_prop3", "-2,1,1,11/3,-10,-11,1,-1,-1,-3", "local_min", Fraction(2, 3)),
    ("Thm 1", "D1, 1-3-2-1 network, dead first layer", "a dead layer gives a local minimum, L = sum (y_i - 3/5)^2",
     "swirszcz_dead_layer", "1,1,1,-100,-100,-100,1,1,1,1,1,1,1,1,1,1,-7/5", "local_min", Fraction(106, 5)),
]


def run(outdir, full: bool = False, progress=None) -> list:
    return [point_row(PAPER, th, inst, claim, ex, at, kind, val, Path(outdir), REF, tag=f"-{i}")
            for i, (th, inst, claim, ex, at, kind, val) in enumerate(CASES, start=1)]
