"""Shared pieces of the theorem reproductions: rows, instances, certificate output.

A reproduction checks a paper's claim on a concrete instance and reports one
:class:`Row` per (claim, instance), with verdict ``verified``, ``refuted`` or
``undecided`` (with the reason), the certificates it wrote and its run time.
Certificates written here carry no time stamp or git revision, so reruns are
byte-identical (the tests regenerate and compare them).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from sympy import Matrix, Rational, Symbol, discriminant

from ..certificates import write_json_atomic
from ..classify import classify
from ..report import stratum_entries
from ..spec import parse_problem

__all__ = ["Row", "Instance", "random_linear_problem", "spectral_linear_problem", "kawaguchi_assumptions", "classify_instance",
           "write_certificates", "kinds_of", "Timer"]

VERIFIED, REFUTED, UNDECIDED = "verified", "refuted", "undecided"


@dataclass
class Row:
    """One claim on one instance."""

    paper: str
    theorem: str
    instance: str
    claim: str
    verdict: str
    reason: str = ""
    certificates: list = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {"paper": self.paper, "theorem": self.theorem, "instance": self.instance, "claim": self.claim,
                "verdict": self.verdict, "reason": self.reason, "certificates": self.certificates,
                "seconds": round(self.seconds, 2)}


@dataclass
class Instance:
    name: str
    problem: object
    note: str = ""


class Timer:
    def __enter__(self):
        self.t = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.t


def _q(rng, lo=-5, hi=5, den=4):
    return Fraction(rng.randint(lo, hi), rng.randint(1, den))


def random_linear_problem(widths, m, seed, scale="1/2", name=None, bias=False):
    """A deep linear problem with seeded random rational data (samples as rows)."""
    rng = random.Random(seed)
    dx, dy = widths[0], widths[-1]
    X = [[str(_q(rng)) for _ in range(dx)] for _ in range(m)]
    Y = [[str(_q(rng)) for _ in range(dy)] for _ in range(m)]
    return parse_problem({"name": name or f"linear-{'x'.join(map(str, widths))}-m{m}-s{seed}",
                          "network": {"widths": list(widths), "activation": "linear", "bias": bias},
                          "loss": {"kind": "squared", "scale": scale}, "l2": "0",
                          "data": {"inputs": X, "targets": Y}})


def _rotation(rng):
    """A rational rotation from a Pythagorean triple (exact orthogonal matrix)."""
    a, b = rng.choice([(3, 4), (5, 12), (8, 15), (7, 24), (20, 21)])
    c = {(3, 4): 5, (5, 12): 13, (8, 15): 17, (7, 24): 25, (20, 21): 29}[(a, b)]
    cs, sn = Fraction(a) / c, Fraction(b) / c
    if rng.random() < 0.5:
        sn = -sn
    return [[cs, -sn], [sn, cs]]


def _matmul(A, B):
    return [[sum(A[i][k] * B[k][j] for k in range(len(B))) for j in range(len(B[0]))] for i in range(len(A))]


def spectral_linear_problem(widths, seed, scale="1/2", name=None):
    """Seeded random data satisfying Kawaguchi's assumptions with a rational spectrum.

    dx = dy = 2 and m = 2 samples: X is a random invertible rational matrix, Y = U diag(s) V
    with rational rotations U, V and distinct s > 0, so Sigma = Y Y^T = U diag(s^2) U^T has
    the distinct rational eigenvalues s^2 (samples as columns).
    """
    rng = random.Random(seed)
    assert widths[0] == 2 and widths[-1] == 2
    while True:
        X = [[Fraction(rng.randint(-4, 4), rng.randint(1, 3)) for _ in range(2)] for _ in range(2)]
        if X[0][0] * X[1][1] - X[0][1] * X[1][0] != 0:
            break
    s1 = Fraction(rng.randint(3, 6), rng.randint(1, 2))
    s2 = Fraction(rng.randint(1, 2), rng.randint(1, 3))
    Y = _matmul(_matmul(_rotation(rng), [[s1, 0], [0, s2]]), _rotation(rng))  # dy x m, columns = samples
    Xc = X  # dx x m
    inputs = [[str(Xc[i][j]) for i in range(2)] for j in range(2)]
    targets = [[str(Y[i][j]) for i in range(2)] for j in range(2)]
    return parse_problem({"name": name or f"spectral-{'x'.join(map(str, widths))}-s{seed}",
                          "network": {"widths": list(widths), "activation": "linear", "bias": False},
                          "loss": {"kind": "squared", "scale": scale}, "l2": "0",
                          "data": {"inputs": inputs, "targets": targets}})


def kawaguchi_assumptions(problem) -> tuple[bool, str]:
    """Kawaguchi 2016 Thm 2.3's assumptions, checked exactly: X X^T and X Y^T full rank, dy <= dx,
    Sigma = Y X^T (X X^T)^-1 X Y^T with dy distinct eigenvalues (samples as columns)."""
    X = Matrix([[Rational(v.numerator, v.denominator) for v in row] for row in problem.inputs]).T
    Y = Matrix([[Rational(v.numerator, v.denominator) for v in row] for row in problem.targets]).T
    dx, dy = X.shape[0], Y.shape[0]
    if dy > dx:
        return False, f"dy = {dy} > dx = {dx}"
    M = X * X.T
    if M.det() == 0:
        return False, "X X^T is singular"
    if (X * Y.T).rank() < min(dx, dy):
        return False, "X Y^T is not of full rank"
    S = Y * X.T * M.inv() * X * Y.T
    t = Symbol("t")
    p = S.charpoly(t).as_expr()
    if dy > 1 and discriminant(p, t) == 0:
        return False, "Sigma has a repeated eigenvalue"
    return True, "X X^T, X Y^T of full rank, dy <= dx, Sigma has distinct eigenvalues (checked exactly)"


def classify_instance(problem):
    return classify(problem)


def write_certificates(report, outdir: Path, reference: str) -> tuple[list, list]:
    """Write every certificate of a report (deterministic) and return (entries, paths)."""
    entries = stratum_entries(report, timestamp=False, evidence=False)
    paths = []
    outdir = Path(outdir)
    for idx, e in enumerate(entries, start=1):
        for j, cert in enumerate(e["certificates"]):
            cert["provenance"]["reference"] = reference
            name = f"{idx:03d}-{e['kind']}" + (f"-{j + 1}" if j else "") + ".json"
            paths.append(str(write_json_atomic(outdir / name, cert)))
    return entries, paths


def kinds_of(report) -> dict:
    """Counts of kinds over strata (scope 'stratum') and points; undecided includes sample-only strata."""
    out: dict = {}
    for s in report.strata:
        k = s.kind if s.scope == "stratum" else "undecided"
        out[k] = out.get(k, 0) + 1
    for v in report.points:
        out[v.kind] = out.get(v.kind, 0) + 1
    return out


def certificates_by_kind(entries, paths) -> dict:
    """Map kind -> certificate paths, from :func:`write_certificates`'s output."""
    out: dict = {}
    i = 0
    for e in entries:
        n = len(e["certificates"])
        out.setdefault(e["kind"], []).extend(paths[i:i + n])
        i += n
    return out


def critical_values(report) -> list:
    """Exact critical values (RealAlgebraic) of the strata and points with real points, sorted."""
    vals = []
    for s in report.strata:
        if s.value is not None and s.sample_points:
            vals.append(s.value)
    for v in report.points:
        vals.append(v.value)
    out = []
    for v in vals:
        if not any(v.compare(w) == 0 for w in out):
            out.append(v)
    from ..classify import _Key
    return sorted(out, key=_Key)


def classify_rows(paper: str, instance: str, problem, outdir: Path, reference: str, checks) -> list:
    """Classify ``problem``, write its certificates, and evaluate ``checks``.

    ``checks`` is a list of ``(theorem, claim, fn)`` with ``fn(report, certs_by_kind) ->
    (verdict, reason, certificate_paths)``.
    """
    with Timer() as t:
        report = classify(problem)
    entries, paths = write_certificates(report, outdir, reference)
    byk = certificates_by_kind(entries, paths)
    rows = []
    for theorem, claim, fn in checks:
        verdict, reason, certs = fn(report, byk)
        rows.append(Row(paper, theorem, instance, claim, verdict, reason, certs, t.seconds))
    return rows


def settled(report) -> tuple[bool, str]:
    """Whether a report decides every real critical point, and if not why."""
    k = kinds_of(report)
    if not report.complete:
        return False, "the report is incomplete"
    if k.get("undecided"):
        return False, f"{k['undecided']} stratum/point(s) undecided"
    if report.gmin is None:
        return False, "the global minimum is not decided"
    return True, "complete classification"


def no_bad_local_minima(report, byk):
    """Check: every local minimum is global (with certificates)."""
    if byk.get("local_min"):
        return REFUTED, "a non-global local minimum is certified", byk["local_min"]
    ok, why = settled(report)
    return (VERIFIED, "complete classification: every minimum is global", byk.get("global_min", [])) if ok \
        else (UNDECIDED, why, [])
