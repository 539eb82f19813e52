"""Lu & Kawaguchi 2017, "Depth Creates No Bad Local Minima" (arXiv 1702.08580v2).

Theorem 2.3: if X and Y have full row rank, every local minimum of
``1/2 ||W_H ... W_1 X - Y||^2`` is global, without Kawaguchi's distinct-eigenvalue
assumption. Instance (literature.md 23): X = Y = I2 with a width-1 bottleneck: Sigma = I
has a repeated eigenvalue; the global minima form a positive-dimensional family
(W2 W1 = u u^T for unit u), value 1/2. The paper's extension to other convex losses of
the product is not reproducible here: the engine handles the squared loss only (rows say so).
"""

from __future__ import annotations

from pathlib import Path

from ..spec import parse_problem
from .common import UNDECIDED, VERIFIED, Row, classify_rows, no_bad_local_minima

__all__ = ["PAPER", "run"]

PAPER = "lu_kawaguchi2017"
REF = "Lu & Kawaguchi 2017 (arXiv 1702.08580v2), Theorem 2.3"


def _problem(widths, name):
    return parse_problem({"name": name, "network": {"widths": list(widths)},
                          "data": {"inputs": [[1, 0], [0, 1]], "targets": [[1, 0], [0, 1]]}})


def run(outdir, full: bool = False, progress=None) -> list:
    outdir = Path(outdir)
    rows = []

    def family(report, byk):
        g = [s for s in report.strata if s.kind == "global_min"]
        if g and all(s.dimension >= 1 for s in g) and report.gmin.text() == "1/2":
            return VERIFIED, (f"global minima: {len(g)} component(s) of dimension "
                              + ", ".join(str(s.dimension) for s in g) + ", value 1/2"), byk.get("global_min", [])
        return UNDECIDED, "no positive-dimensional global-minimum family found", []

    for widths in ([2, 1, 2], [2, 1, 1, 2]):
        name = "X=Y=I2, widths (" + ",".join(map(str, widths)) + ")"
        rows += classify_rows(PAPER, name, _problem(widths, "lu-" + "x".join(map(str, widths))),
                              outdir / ("widths-" + "-".join(map(str, widths))), REF, [
                                  ("Thm 2.3", "every local minimum is global (repeated eigenvalues allowed)",
                                   no_bad_local_minima),
                                  ("Thm 2.3", "the global minima form a positive-dimensional family", family),
                              ])
    rows.append(Row(PAPER, "Sec. 4 (other losses)", "-", "no bad local minima for convex losses of the product",
                    UNDECIDED, "only the squared loss is implemented; other losses are future work"))
    return rows
