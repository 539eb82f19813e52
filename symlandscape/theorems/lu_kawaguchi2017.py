"""Lu & Kawaguchi 2017, "Depth Creates No Bad Local Minima" (arXiv 1702.08580v2), and the
contrast of Trager, Kohn & Bruna 2020 (ICLR 2020, arXiv 1910.01671).

Theorem 2.3: if X and Y have full row rank, every local minimum of
``1/2 ||W_H ... W_1 X - Y||^2`` is global, without Kawaguchi's distinct-eigenvalue
assumption. Instance (literature.md 23): X = Y = I2 with a width-1 bottleneck: Sigma = I
has a repeated eigenvalue; the global minima form a positive-dimensional family
(W2 W1 = u u^T for unit u), value 1/2.

Beyond the square loss (the paper's concluding section: the argument applies to losses
of the product ``W_H ... W_1`` that keep the property of its Theorem 3.2; literature.md
1.3). Trager, Kohn & Bruna (abstract): for *filling* architectures (the product can be any
linear map) every local minimum of a smooth convex loss of the product is global; with a
bottleneck (the products form a determinantal variety) this holds for the quadratic loss
only, and other convex losses can have bad local minima. Rows:

* ``Sec. 4 (other convex losses)``: filling deep linear networks (chains, (2,1,1), (1,2,1),
  (1,1,2), and (2,2,1) for the weighted loss) with the quartic loss ``sum (f - y)^4`` and with
  a weighted squared loss, on data that no linear map fits exactly: every local minimum is global (complete
  classification), and the global minimum is certified without any least-squares formula
  (``convex_stationary``: the end-to-end map is stationary for the convex loss of the map;
  ``weighted_least_squares``: the weighted normal equations);
* ``contrast: Trager, Kohn & Bruna 2020``: widths (2,1,2), X = Y = I2, weighted squared loss
  with weights w_ij (output i, sample j) = [[1, 3], [2, 2]]. ``M1 = e1 e1^T`` (value w22 = 2)
  is a local minimum of the weighted loss on rank-1 matrices since
  ``w12 w21 y11^2 = 6 > w22^2 y22^2 = 4`` (second-order expansion along
  ``(e1 + s a e2)(e1 + s b e2)^T``), while ``M2 = e2 e2^T`` has value w11 = 1: a non-global
  local minimum, certified (Morse-Bott on its GL(1) orbit, and a point of smaller loss).
  It is *pure* in the sense of Trager et al. (the differential of the product map has the
  rank of the determinantal variety there). The same data with the squared loss (the
  Thm 2.3 rows) have none. The other critical components are the global minimum (value 1,
  M2's orbit), the origin (strict saddle) and a component irreducible over Q whose sample
  point is a strict saddle (only sample-classified).
  This does not contradict Lu & Kawaguchi: their Theorem 2.3 is for the squared loss, and
  their "depth creates no new bad minima" (Thm 2.1) lets the deep problem inherit the bad
  minima of the rank-constrained shallow problem (2), which here has one. A ``Thm 2.1`` row
  checks this one layer deeper: with widths (2,1,1,2) and the same data the certified local
  minimum has the product ``e1 e1^T`` and value 2 of the shallow one.
* The quartic loss ``sum (f - y)^4`` has one too: widths (2,1,2), X = I2, Y = [[3, 1], [1, 3]];
  the orbit ``W2 W1 = [[1, -1], [-1, 1]]`` (L = 64) is a non-global local minimum (a point
  with L = 4 exists), certified at one point (Morse-Bott on the orbit); the full
  classification of that degree-8 system is out of reach, so the global minimum stays
  undecided. With the squared loss the same data have no bad local minimum (control row).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import mpmath
from sympy import QQ, Matrix, Rational

from ..algebraic import AlgebraicPoint

from ..certificates import point_certificate, write_json_atomic
from ..classify import classify
from ..loss import build_loss
from ..pointkind import classify_point
from ..solve import groebner_basis
from ..spec import parse_problem, problem_to_dict
from ..values import RealAlgebraic
from .common import (REFUTED, UNDECIDED, VERIFIED, Row, Timer, classify_rows, no_bad_local_minima, settled,
                     write_certificates)

__all__ = ["PAPER", "run", "FILLING_INSTANCES", "TRAGER_WEIGHTS", "trager_problem", "quartic_problem",
           "QUARTIC_TARGETS"]

PAPER = "lu_kawaguchi2017"
REF = "Lu & Kawaguchi 2017 (arXiv 1702.08580v2), Theorem 2.3"
REF_LOSSES = "Lu & Kawaguchi 2017 (arXiv 1702.08580v2), concluding section (losses beyond the square loss)"
REF_TRAGER = "Trager, Kohn & Bruna 2020 (ICLR 2020, arXiv 1910.01671), abstract: filling vs non-filling"
TRAGER = "contrast: Trager, Kohn & Bruna 2020"

_P4 = {"kind": "power", "p": 4, "scale": "1"}


def _w(rows):
    return {"kind": "weighted_squared", "scale": "1", "weights": rows}


_X1, _Y1 = [[1], [2]], [[1], [3]]                  # no line through the origin fits (1, 1), (2, 3)
_X2, _Y2 = [[1, 0], [0, 1], [1, 1]], [[1], [2], [2]]  # no linear map fits y = x1 + x2 - 1
#: name -> (widths, loss, inputs, targets): filling networks (min width >= min(dx, dy)).
FILLING_INSTANCES = {
    "quartic, chain (1,1,1)": ([1, 1, 1], _P4, _X1, _Y1),
    "quartic, chain (1,1,1,1)": ([1, 1, 1, 1], _P4, _X1, _Y1),
    "quartic, (2,1,1)": ([2, 1, 1], _P4, _X2, _Y2),
    "quartic, (1,2,1)": ([1, 2, 1], _P4, _X1, _Y1),
    "quartic, (1,1,2)": ([1, 1, 2], _P4, _X1, [[1, 0], [3, 1]]),
    "weighted, chain (1,1,1)": ([1, 1, 1], _w([["1"], ["2"]]), _X1, _Y1),
    "weighted, chain (1,1,1,1)": ([1, 1, 1, 1], _w([["1"], ["2"]]), _X1, _Y1),
    "weighted, (2,1,1)": ([2, 1, 1], _w([["1"], ["2"], ["3"]]), _X2, _Y2),
    "weighted, (1,2,1)": ([1, 2, 1], _w([["1"], ["2"]]), _X1, _Y1),
    "weighted, (1,1,2)": ([1, 1, 2], _w([["1", "3"], ["2", "1"]]), _X1, [[1, 0], [3, 1]]),
    "weighted, (2,2,1)": ([2, 2, 1], _w([["1"], ["2"], ["3"]]), _X2, _Y2),
}

#: Weights w_ij of the contrast (output i, sample j); the problem file lists them per sample.
TRAGER_WEIGHTS = [[1, 3], [2, 2]]


def _problem(widths, name):
    return parse_problem({"name": name, "network": {"widths": list(widths)},
                          "data": {"inputs": [[1, 0], [0, 1]], "targets": [[1, 0], [0, 1]]}})


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text).strip("-").replace("--", "-").replace("--", "-")


def trager_problem():
    """Widths (2,1,2), X = Y = I2, weighted squared loss with the weights of :data:`TRAGER_WEIGHTS`."""
    w = TRAGER_WEIGHTS
    return parse_problem({"name": "trager-weighted-212", "network": {"widths": [2, 1, 2]},
                          "loss": {"kind": "weighted_squared", "scale": "1",
                                   "weights": [[str(w[i][j]) for i in range(2)] for j in range(2)]},
                          "data": {"inputs": [[1, 0], [0, 1]], "targets": [[1, 0], [0, 1]]}})


def _global_without_formula(report, byk):
    """Check: the global minimum is certified by a route valid beyond the squared loss."""
    ok, why = settled(report)
    if not ok:
        return UNDECIDED, why, []
    if report.gmin_method in ("convex_stationary", "weighted_least_squares") and not report.gmin_conditional:
        value = report.gmin.text() if report.gmin.is_rational else "~" + mpmath.nstr(report.gmin.approx(20), 12)
        return VERIFIED, f"global minimum {value} by {report.gmin_method} (unconditional)", byk.get("global_min", [])
    return UNDECIDED, f"the global minimum is proven by {report.gmin_method or 'nothing'}", []


def _filling_rows(outdir: Path) -> list:
    rows = []
    for name, (widths, loss, X, Y) in FILLING_INSTANCES.items():
        problem = parse_problem({"name": "lu-" + _slug(name), "network": {"widths": widths}, "loss": loss,
                                 "data": {"inputs": X, "targets": Y}})
        rows += classify_rows(PAPER, name, problem, outdir / ("losses-" + _slug(name)), REF_LOSSES, [
            ("Sec. 4 (other convex losses)", "filling network, convex loss of the product: every local minimum "
             "is global", no_bad_local_minima),
            ("Sec. 4 (other convex losses)", "the global minimum is the minimum of the convex loss over all "
             "linear maps (certified without a least-squares formula)", _global_without_formula),
        ])
    return rows


def _product_jacobian_rank(point: list[Fraction]) -> int:
    """Rank of the differential of (W1, W2) -> W2 W1 for widths (2,1,2) (parameter order W1, W2)."""
    a1, a2, b1, b2 = (Rational(x.numerator, x.denominator) for x in point)
    # M[i][j] = W2[i] W1[j]; columns: d/dW1[1,1], d/dW1[1,2], d/dW2[1,1], d/dW2[2,1]
    J = Matrix([[b1, 0, a1, 0], [0, b1, a2, 0], [b2, 0, 0, a1], [0, b2, 0, a2]])
    return J.rank()


def _classify_with_local_minima(problem, outdir: Path):
    """Classify, write the certificates, and write the certificates of the local minima found at sample
    points (they sit on GL(1) orbits whose strata carry no whole-stratum certificate; their sample points
    are classified by Morse-Bott plus a point of smaller loss)."""
    with Timer() as t:
        report = classify(problem)
    write_certificates(report, outdir, REF_TRAGER)
    local, k = [], 0
    for s in report.strata:
        for v in s.sample_verdicts:
            if v.kind == "local_min":
                k += 1
                cert = point_certificate(report.model, v, reference=REF_TRAGER, timestamp=False)
                local.append((v, str(write_json_atomic(outdir / f"sample-{k:02d}-local_min.json", cert))))
    return report, local, t.seconds


def _product(widths, point) -> Matrix:
    """The end-to-end matrix W_H ... W_1 at a rational point (no biases)."""
    vals = [Rational(Fraction(c).numerator, Fraction(c).denominator) for c in point]
    M, pos = None, 0
    for l in range(1, len(widths)):
        W = Matrix(widths[l], widths[l - 1], vals[pos: pos + widths[l] * widths[l - 1]])
        pos += widths[l] * widths[l - 1]
        M = W if M is None else W * M
    return M


#: The quartic contrast: widths (2,1,2), X = I2, Y = [[3, 1], [1, 3]] (samples as rows; Y symmetric).
QUARTIC_TARGETS = [[3, 1], [1, 3]]
#: A critical orbit W2 W1 = [[1, -1], [-1, 1]] (L = 64) and a point with L = 4 (W2 W1 = 2 * ones). Found by a
#: numerical search over integer 2x2 targets (local optimisation; evidence only), then proven exactly here.
QUARTIC_POINT, QUARTIC_PRODUCT, QUARTIC_BETTER = (1, -1, 1, -1), [[1, -1], [-1, 1]], (1, 1, 2, 2)


def quartic_problem(kind: str = "power"):
    """Widths (2,1,2), X = I2, Y = :data:`QUARTIC_TARGETS`, quartic loss (or ``kind="squared"``, scale 1)."""
    loss = {"kind": "power", "p": 4, "scale": "1"} if kind == "power" else {"kind": "squared", "scale": "1"}
    return parse_problem({"name": f"quartic-contrast-212-{kind}", "network": {"widths": [2, 1, 2]}, "loss": loss,
                          "data": {"inputs": [[1, 0], [0, 1]], "targets": QUARTIC_TARGETS}})


def _orbit_local_minimum(problem, point, product, better):
    """Classify a rational critical point of a (2,1,2) network on its GL(1) orbit ``W2 W1 = product``
    (Morse-Bott on the orbit, whose ideal is given to the test) with a known point of smaller loss."""
    model = build_loss(problem)
    a1, a2, b1, b2 = model.R.gens
    q = [[QQ(Fraction(x).numerator, Fraction(x).denominator) for x in row] for row in product]
    orbit = groebner_basis([b1 * a1 - q[0][0], b1 * a2 - q[0][1], b2 * a1 - q[1][0], b2 * a2 - q[1][1]], model.R)
    P = AlgebraicPoint.rational([Fraction(x) for x in point])
    value = RealAlgebraic.from_fraction(P.field.element_rational(P.evaluate(model.L)))
    if any(P.field.element_rational(P.evaluate(g)) for g in model.grad):
        return model, None
    return model, classify_point(model, P, value, None, None, [], "", better=[Fraction(x) for x in better],
                                 manifold=(orbit, 1))


def _quartic_rows(outdir: Path) -> list:
    instance = "(2,1,2), X = I2, Y = [[3,1],[1,3]], quartic"
    with Timer() as t:
        model, v = _orbit_local_minimum(quartic_problem(), QUARTIC_POINT, QUARTIC_PRODUCT, QUARTIC_BETTER)
    claim = "a bottleneck network with the quartic loss sum (f - y)^4 has a non-global local minimum"
    if v is not None and v.kind == "local_min":
        path = str(write_json_atomic(outdir / "quartic-2-1-2" / "local_min.json",
                                     point_certificate(model, v, reference=REF_TRAGER, timestamp=False)))
        rows = [Row(PAPER, TRAGER, instance, claim, VERIFIED,
                    f"local minimum with L = {v.value.text()} at {list(QUARTIC_POINT)} (W2 W1 = {QUARTIC_PRODUCT}): "
                    f"{v.reason}; the point {list(QUARTIC_BETTER)} has L = 4. The global minimum is not decided: "
                    "the decomposition of this degree-8 critical system does not finish in minutes", [path],
                    t.seconds)]
        r = _product_jacobian_rank([Fraction(x) for x in QUARTIC_POINT])
        rows.append(Row(PAPER, TRAGER, instance, "the quartic bad local minimum is pure (rank of d(W2 W1) = 3)",
                        VERIFIED if r == 3 else REFUTED, f"exact rank of d(W2 W1) at the point: {r}", [path],
                        t.seconds))
    else:
        rows = [Row(PAPER, TRAGER, instance, claim, UNDECIDED,
                    "the point is not critical" if v is None else f"the point is {v.kind}: {v.reason}", [],
                    t.seconds)]
    rows += classify_rows(PAPER, "(2,1,2), X = I2, Y = [[3,1],[1,3]], squared", quartic_problem("squared"),
                          outdir / "quartic-control-squared-2-1-2", REF, [
                              (TRAGER, "control: the same data with the squared loss have no bad local minimum "
                               "(Eckart-Young; Thm 2.3)", no_bad_local_minima)])
    return rows


def _trager_rows(outdir: Path) -> list:
    problem = trager_problem()
    report, local, seconds = _classify_with_local_minima(problem, outdir / "trager-weighted-2-1-2")
    instance = "(2,1,2), X = Y = I2, weights [[1,3],[2,2]]"
    rows = []
    claim = "a bottleneck network with a non-isotropic convex loss has a non-global local minimum"
    if local:
        v, path = local[0]
        rows.append(Row(PAPER, TRAGER, instance, claim, VERIFIED,
                        f"local minimum with L = {v.value.text()} at {[str(c) for c in v.point.json()]}: "
                        f"{v.reason}; the global minimum is {report.gmin.text() if report.gmin else 'undecided'}"
                        + (" (least real critical value, conditional on completeness)" if report.gmin_conditional
                           else ""),
                        [p for _, p in local], seconds))
    else:
        rows.append(Row(PAPER, TRAGER, instance, claim, UNDECIDED, "no certified non-global local minimum", [],
                        seconds))
    claim = "the bad local minimum is pure: the product map's differential has rank dim(rank-1 matrices) = 3"
    if local and local[0][0].point.is_rational:
        pt = [Fraction(c) for c in local[0][0].point.json()]
        r = _product_jacobian_rank(pt)
        rows.append(Row(PAPER, TRAGER, instance, claim, VERIFIED if r == 3 else REFUTED,
                        f"exact rank of d(W2 W1) at the point: {r}", [local[0][1]], seconds))
    else:
        rows.append(Row(PAPER, TRAGER, instance, claim, UNDECIDED, "no rational local minimum to test", [],
                        seconds))
    # Lu & Kawaguchi Thm 2.1 (depth creates no new bad local minima) on the same data, one layer deeper
    deep = parse_problem({**problem_to_dict(problem), "name": "trager-weighted-2112", "l2": "0",
                          "network": {"widths": [2, 1, 1, 2], "activation": "linear", "bias": False}})
    deep_report, deep_local, deep_seconds = _classify_with_local_minima(deep, outdir / "trager-weighted-2-1-1-2")
    shallow = {(v.value.text(), tuple(_product((2, 1, 2), v.point.json()))) for v, _ in local
               if v.point.is_rational}
    claim = ("Thm 2.1 (depth creates no new bad local minima): with widths (2,1,1,2) the certified local minima "
             "have the product and value of a local minimum of the (2,1,2) problem")
    found = [(v.value.text(), tuple(_product((2, 1, 1, 2), v.point.json()))) for v, _ in deep_local
             if v.point.is_rational]
    if found and all(f in shallow for f in found):
        rows.append(Row(PAPER, "Thm 2.1", "(2,1,1,2), same data", claim, VERIFIED,
                        "; ".join(f"L = {val}, W3 W2 W1 = {list(m)}" for val, m in found) +
                        " (as in the (2,1,2) problem); only sample points of the local-minimum components are "
                        "classified", [p for _, p in deep_local], deep_seconds))
    else:
        rows.append(Row(PAPER, "Thm 2.1", "(2,1,1,2), same data", claim, UNDECIDED,
                        "no certified rational local minimum" if not found else
                        f"products {found} not among the shallow local minima {sorted(shallow)}",
                        [p for _, p in deep_local], deep_seconds))
    return rows


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
    rows += _filling_rows(outdir)
    rows += _trager_rows(outdir)
    rows += _quartic_rows(outdir)
    return rows
