"""Baldi & Hornik 1989, "Neural networks and principal component analysis" (Neural Networks 2:53-58).

Fact 4: for E(A, B) = sum_t ||y_t - A B x_t||^2 (no 1/2) with Sigma full rank and distinct
eigenvalues lambda_1 > ... > lambda_n, the critical values of full-rank points are
``tr Sigma_YY - sum_{i in I} lambda_i`` over p-index sets I; I = {1..p} is the unique
minimum class (global), the other C(n, p) - 1 classes are saddles; rank-deficient critical
points are saddles. Instance (literature.md 6): the autoencoder n = 3, p = 1,
X = Y = diag(3, 2, 1): values 5 (global), 10, 13 (saddles), 14 at (A, B) = 0.
"""

from __future__ import annotations

from math import comb
from pathlib import Path

from ..spec import parse_problem
from .common import REFUTED, UNDECIDED, VERIFIED, classify_rows, critical_values, no_bad_local_minima, settled

__all__ = ["PAPER", "run"]

PAPER = "baldi_hornik1989"
REF = "Baldi & Hornik 1989, Fact 4 (Neural Networks 2:53-58)"


def _autoencoder(p: int):
    return parse_problem({"name": f"autoencoder-n3-p{p}", "network": {"widths": [3, p, 3]},
                          "loss": {"kind": "squared", "scale": "1"},
                          "data": {"inputs": [[3, 0, 0], [0, 2, 0], [0, 0, 1]],
                                   "targets": [[3, 0, 0], [0, 2, 0], [0, 0, 1]]}})


def run(outdir, full: bool = False, progress=None) -> list:
    outdir = Path(outdir)
    rows = []
    cases = [(1, ["5", "10", "13", "14"])]
    if full:
        cases.append((2, ["1", "4", "5", "9", "10", "13", "14"]))
    for p, expected in cases:
        n = 3

        def values(report, byk, expected=expected):
            got = [v.text() for v in critical_values(report)]
            ok, why = settled(report)
            if got == expected and ok:
                return VERIFIED, "exact critical values " + ", ".join(got), []
            return (REFUTED if ok else UNDECIDED), f"got {got}, expected {expected}" + ("" if ok else f" ({why})"), []

        def classes(report, byk, p=p):
            from itertools import combinations
            lam = (9, 4, 1)  # eigenvalues of Sigma = Y Y^T for X = Y = diag(3, 2, 1)
            top = sum(lam[:p])
            want_vals = sorted({14 - sum(I) for I in combinations(lam, p) if sum(I) != top})
            full_rank_saddles = sorted({int(s.value.fraction) for s in report.strata
                                        if s.kind == "strict_saddle" and s.value is not None and s.value.is_rational
                                        and 14 - s.value.fraction in {sum(I) for I in combinations(lam, p)}})
            ok, why = settled(report)
            want = comb(n, p) - 1
            if not ok:
                return UNDECIDED, why, []
            if full_rank_saddles == want_vals and len(want_vals) == want and not byk.get("local_min"):
                return VERIFIED, (f"{want} saddle value(s) of full rank besides the minimum: "
                                  + ", ".join(map(str, full_rank_saddles))), byk.get("strict_saddle", [])
            return REFUTED, f"saddle strata values {full_rank_saddles}", byk.get("strict_saddle", [])

        rows += classify_rows(PAPER, f"autoencoder n=3, p={p}, X=Y=diag(3,2,1)", _autoencoder(p),
                              outdir / f"autoencoder-p{p}", REF, [
                                  ("Fact 4", "critical values tr(S_YY) - sum_{i in I} lambda_i, |I| <= p", values),
                                  ("Fact 4", "one minimum class, and it is global", no_bad_local_minima),
                                  ("Fact 4", f"C(n,p) - 1 = {comb(n, p) - 1} full-rank saddle classes", classes),
                              ])
    return rows
