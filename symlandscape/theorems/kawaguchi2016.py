"""Kawaguchi 2016, "Deep Learning without Poor Local Minima" (NeurIPS 2016, arXiv 1605.07110).

Theorem 2.3 (deep linear networks, squared loss with 1/2; assumptions: X X^T and X Y^T of
full rank, dy <= dx, Sigma with dy distinct eigenvalues): (i) L is non-convex and
non-concave; (ii) every local minimum is global; (iii) every other critical point is a
saddle; (iv) for H = 1 every saddle has a negative Hessian eigenvalue. Corollary 2.4:
for H >= 2 there are saddles whose Hessian has no negative eigenvalue. H counts hidden
layers (H + 1 weight matrices).

Each claim is checked on every instance from the exact, complete classification: a
claim about *every* critical point is ``verified`` only when the report is complete and
nothing is undecided. Also reported: the appendix sentence (App. C.1) that the Hessian
vanishes on ``W_H = ... = W_1 = 0`` is false for H = 2 at points with W_3 != 0, and what
the computation shows when the assumptions fail.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from ..certificates import point_certificate, write_json_atomic
from ..pointcheck import analyse_point
from ..spec import parse_problem
from .common import (REFUTED, UNDECIDED, VERIFIED, Instance, Row, Timer, kawaguchi_assumptions, kinds_of,
                     random_linear_problem, spectral_linear_problem, write_certificates)

__all__ = ["PAPER", "instances", "run"]

PAPER = "kawaguchi2016"
REF = "Kawaguchi 2016 (arXiv 1605.07110v3), Theorem 2.3 and Corollary 2.4"


def _chain(n, name):
    return parse_problem({"name": name, "network": {"widths": [1] * (n + 1)},
                          "data": {"inputs": [[1]], "targets": [[1]]}})


def instances(full: bool = False) -> list[Instance]:
    """Instances satisfying the assumptions (checked exactly when run)."""
    out = [Instance("chain2 (H=1)", _chain(2, "chain2")), Instance("chain3 (H=2)", _chain(3, "chain3")),
           Instance("chain4 (H=3)", _chain(4, "chain4"))]
    seeds = (1, 2) if not full else (1, 2, 3, 4)
    for s in seeds:
        out.append(Instance(f"(2,1,2) seed {s}", spectral_linear_problem((2, 1, 2), s)))
        out.append(Instance(f"(2,1,1,2) seed {s}", spectral_linear_problem((2, 1, 1, 2), s)))
    out.append(Instance("(2,2,2) seed 1", spectral_linear_problem((2, 2, 2), 1)))
    if full:
        # generic data: Sigma has irrational eigenvalues; components irreducible over Q then carry
        # conjugate values and the engine may only classify their sample points (reported honestly)
        out.append(Instance("(2,1,2) generic seed 1", random_linear_problem((2, 1, 2), 3, 1)))
        out.append(Instance("(2,2,2,2) seed 1", spectral_linear_problem((2, 2, 2, 2), 1)))
    return out


def _hidden_layers(problem) -> int:
    return len(problem.network.widths) - 2


def _rows_for(inst: Instance, outdir: Path, report, seconds) -> list[Row]:
    p = inst.problem
    H = _hidden_layers(p)
    rows = []
    kinds = kinds_of(report)
    undecided = kinds.get("undecided", 0)
    settled = report.complete and not undecided and report.gmin is not None
    entries, paths = write_certificates(report, outdir, REF)
    by_kind = {}
    for e, in_paths in _paths_by_entry(entries, paths):
        by_kind.setdefault(e["kind"], []).extend(in_paths)
    why_open = ("the report is incomplete" if not report.complete else
                f"{undecided} stratum/point(s) undecided" if undecided else "the global minimum is not decided")

    def row(theorem, claim, verdict, reason, certs):
        rows.append(Row(PAPER, theorem, inst.name, claim, verdict, reason, certs, seconds))

    # (i) non-convex and non-concave: a Hessian with both signs at one point
    saddles = by_kind.get("strict_saddle", [])
    row("Thm 2.3 (i)", "L is non-convex and non-concave", VERIFIED if saddles else UNDECIDED,
        "a strict-saddle certificate exhibits v^T H v < 0 < w^T H w" if saddles else "no strict saddle found",
        saddles[:1])
    # (ii) every local minimum is global
    if kinds.get("local_min"):
        row("Thm 2.3 (ii)", "every local minimum is global", REFUTED, "a non-global local minimum is certified",
            by_kind["local_min"])
    else:
        row("Thm 2.3 (ii)", "every local minimum is global", VERIFIED if settled else UNDECIDED,
            "complete classification: every minimum found is global" if settled else why_open,
            by_kind.get("global_min", []))
    # (iii) every other critical point is a saddle
    bad = kinds.get("local_min", 0) + kinds.get("local_max", 0)
    row("Thm 2.3 (iii)", "every critical point that is not a global minimum is a saddle",
        REFUTED if bad else (VERIFIED if settled else UNDECIDED),
        "a local extremum that is not global is certified" if bad else
        ("complete classification: every other critical point is a strict or non-strict saddle" if settled
         else why_open),
        by_kind.get("strict_saddle", []) + by_kind.get("nonstrict_saddle", []))
    # (iv) / Cor 2.4
    nonstrict = by_kind.get("nonstrict_saddle", [])
    if H == 1:
        row("Thm 2.3 (iv)", "H = 1: every saddle has a negative Hessian eigenvalue",
            REFUTED if nonstrict else (VERIFIED if settled else UNDECIDED),
            "a non-strict saddle is certified" if nonstrict else
            ("complete classification: every saddle is strict" if settled else why_open), nonstrict)
    else:
        row("Cor 2.4", f"H = {H} >= 2: a saddle with no negative Hessian eigenvalue exists",
            VERIFIED if nonstrict else UNDECIDED,
            "non-strict saddle certified (Hessian PSD and a descent curve)" if nonstrict else
            "no non-strict saddle certified", nonstrict)
    return rows


def _paths_by_entry(entries, paths):
    i = 0
    for e in entries:
        n = len(e["certificates"])
        yield e, paths[i:i + n]
        i += n


def run(outdir: str | Path, full: bool = False, progress=None) -> list[Row]:
    """Run every instance; write certificates under ``outdir``; return the rows."""
    outdir = Path(outdir)
    rows: list[Row] = []
    for inst in instances(full):
        ok, why = kawaguchi_assumptions(inst.problem)
        if progress:
            progress(f"{PAPER}: {inst.name}")
        if not ok:
            rows.append(Row(PAPER, "assumptions", inst.name, "Thm 2.3 assumptions hold", REFUTED, why))
            continue
        with Timer() as t:
            from ..classify import classify
            report = classify(inst.problem)
        rows.extend(_rows_for(inst, outdir / _slug(inst.name), report, t.seconds))
    rows.extend(_appendix_caveat(outdir / "appendix-c1"))
    rows.extend(_without_assumptions(outdir / "no-assumptions"))
    return rows


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name).strip("-").replace("--", "-")


def _appendix_caveat(outdir: Path) -> list[Row]:
    """App. C.1 says the Hessian vanishes on W_2 = W_1 = 0; for H = 2 at (0, 0, c), c != 0, it does not."""
    rows = []
    p = _chain(3, "chain3")
    with Timer() as t:
        res = analyse_point(p, [Fraction(0), Fraction(0), Fraction(1)])
    cert = point_certificate(res.model, res.verdict, reference="Kawaguchi 2016, App. C.1 (proof of Cor. 2.4)",
                             timestamp=False)
    path = str(write_json_atomic(outdir / "chain3-0-0-1-strict_saddle.json", cert))
    rows.append(Row(PAPER, "App. C.1", "chain3 (H=2) at (0, 0, 1)",
                    "the Hessian vanishes on {W_2 = W_1 = 0} (as stated for every H >= 2)",
                    REFUTED if res.verdict.kind == "strict_saddle" else UNDECIDED,
                    "for H = 2 the Hessian at (0, 0, 1) has eigenvalues -1, 0, 1: a strict saddle; the corollary "
                    "still holds at W = 0", [path], t.seconds))
    return rows


def _without_assumptions(outdir: Path) -> list[Row]:
    """What the computation shows when X X^T is singular (repeated samples) or Sigma has a repeated eigenvalue."""
    rows = []
    cases = [
        ("(2,1,2) repeated samples (X X^T singular)",
         {"network": {"widths": [2, 1, 2]}, "data": {"inputs": [[1, 1], [1, 1], [2, 2]],
                                                    "targets": [[1, 0], [0, 1], [1, 1]]}}),
        ("(2,1,2) X = Y = I2 (Sigma = I, repeated eigenvalue)",
         {"network": {"widths": [2, 1, 2]}, "data": {"inputs": [[1, 0], [0, 1]], "targets": [[1, 0], [0, 1]]}}),
    ]
    for name, obj in cases:
        obj = dict(obj, name=_slug(name))
        p = parse_problem(obj)
        ok, why = kawaguchi_assumptions(p)
        with Timer() as t:
            from ..classify import classify
            report = classify(p)
        entries, paths = write_certificates(report, outdir / _slug(name), REF + " (assumption removed)")
        kinds = kinds_of(report)
        settled = report.complete and not kinds.get("undecided") and report.gmin is not None
        verdict = REFUTED if kinds.get("local_min") else (VERIFIED if settled else UNDECIDED)
        rows.append(Row(PAPER, "Thm 2.3 (ii) without assumptions", name,
                        "every local minimum is global (assumption fails: " + why + ")", verdict,
                        "complete classification; kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())),
                        paths, t.seconds))
    return rows
