"""Point reproductions for nonlinear (ReLU-type, smooth) networks, shared by the paper modules."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from ..certificates import write_json_atomic
from ..pointcheck import analyse_point
from ..spec import load_problem
from .common import REFUTED, UNDECIDED, VERIFIED, Row, Timer

__all__ = ["point_row", "EXAMPLES"]

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


def point_row(paper, theorem, instance, claim, example, at, expect_kind, expect_value, outdir, reference, tag=""):
    """Analyse one point of an example problem, write its certificate, and compare with the paper."""
    problem = load_problem(EXAMPLES / f"{example}.json")
    q = [Fraction(x) for x in at.split(",")]
    with Timer() as t:
        res = analyse_point(problem, q)
    kind = getattr(res, "kind", None) or (res.verdict.kind if getattr(res, "verdict", None) else None)
    cert = res.certificate(timestamp=False, reference=reference) if hasattr(res, "certificate") else None
    paths = []
    if cert:
        paths.append(str(write_json_atomic(Path(outdir) / f"{example}{tag}-{kind}.json", cert)))
    value = getattr(res, "value", None)
    if kind == expect_kind and (expect_value is None or value == expect_value):
        verdict, reason = VERIFIED, f"{kind} with exact value {value}; certificate verified by the checker in tests"
    elif kind in (None, "undecided"):
        verdict, reason = UNDECIDED, getattr(res, "reason", "undecided")
    else:
        verdict, reason = REFUTED, f"expected {expect_kind} with value {expect_value}, got {kind} with {value}"
    return Row(paper, theorem, instance, claim, verdict, reason, paths, t.seconds)
