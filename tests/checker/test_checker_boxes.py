"""box_point certificates (docs/certificates.md, Addition 12): hand-made boxes, mutations.

The certificates are built here, independently of the producer: the critical points come
from sympy's ``nsolve`` at 50 digits (or are exact), the box is ``center +- 10^-12`` around
a 30-digit rational center, the preconditioner is the exact inverse of the Hessian at the
center and the congruence the transposed eigenvector matrix rounded to 20 digits (mpmath).
Every claim is also re-checked with sympy/mpmath, so the tests test the checker.

The problems: REG2 = the 2-chain ``y = w2 w1 x`` (x = 1, y = 2, l2 = 1/10, 2/10): a strict
saddle at the origin and a global minimum at ``(sqrt2 beta, beta)``, beta^2 = sqrt2 - 1/10;
REG3 = the 3-chain (l2 = 1/10, 2/10, 3/10): a strict local minimum at the origin (L = 2),
a strict saddle near (0.12, 0.087, 0.071) and a global minimum near (1.66, 1.17, 0.96).
A local maximum does not exist for these losses (the output layer is linear, so the
Hessian block of the last weights is positive semidefinite); ``local_max`` is tested
through :func:`kind_from_inertia` and as a refused claim.
"""

from __future__ import annotations

import copy
import json
import time
from fractions import Fraction

import mpmath
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from checker_builders import REG2, REG3, Q, cert, problem, sym_loss
from symlandscape.checker import CONDITIONAL, NOT_VERIFIED, VERIFIED, check_certificate, check_file
from symlandscape.checker.boxes import BOX_KINDS, GLOBALITY, Interval, congruence_inertia, kind_from_inertia

PROFILE = settings(max_examples=100, derandomize=True, deadline=None)
R = Fraction(1, 10 ** 12)
WIDTH = Fraction(1, 10 ** 6)


def _critical(prob, guess) -> list:
    """A critical point near ``guess`` at 50 digits (sympy), or the exact integers given."""
    if all(isinstance(g, int) for g in guess):
        return [sp.Integer(g) for g in guess]
    L, syms = sym_loss(prob)
    sol = sp.nsolve([sp.diff(L, s) for s in syms], syms, guess, prec=50)
    return [sp.Float(v, 50) for v in sol]


def _rat(x, digits=30) -> Fraction:
    return Fraction(str(sp.N(x, digits))) if x != 0 else Fraction(0)


def box_cert(prob, z, kind, better=None) -> dict:
    """A box_point certificate for the critical point ``z`` (sympy numbers)."""
    L, syms = sym_loss(prob)
    n = len(syms)
    c = [_rat(x) for x in z]
    at = {s: sp.Rational(v.numerator, v.denominator) for s, v in zip(syms, c)}
    H = sp.hessian(L, syms).subs(at)
    Y = H.inv()
    mpmath.mp.dps = 40
    _, V = mpmath.eigsy(mpmath.matrix([[mpmath.mpf(sp.Rational(H[i, j]).p) / H[i, j].q for j in range(n)]
                                       for i in range(n)]))
    value = _rat(L.subs(at))
    claim = {"type": "box_point", "box": [[Q(x - R), Q(x + R)] for x in c],
             "value": [Q(value - WIDTH), Q(value + WIDTH)], "kind": kind}
    hints = {"center": [Q(x) for x in c],
             "preconditioner": [[Q(Fraction(int(Y[i, j].p), int(Y[i, j].q))) for j in range(n)] for i in range(n)],
             "congruence": [[Q(Fraction(mpmath.nstr(V[j, i], 20))) for j in range(n)] for i in range(n)]}
    if better is not None:
        hints["better_point"] = [Q(x) for x in better]
    return cert(prob, claim, hints)


BETA = sp.sqrt(sp.sqrt(2) - sp.Rational(1, 10))
POINTS = {  # name: (problem, critical point, kind, better point)
    "reg2_origin_saddle": (REG2, _critical(REG2, [0, 0]), "strict_saddle", None),
    "reg2_global_min": (REG2, [sp.N(sp.sqrt(2) * BETA, 50), sp.N(BETA, 50)], "global_min", None),
    "reg3_origin_local_min": (REG3, _critical(REG3, [0, 0, 0]), "local_min", [2, 1, 1]),
    "reg3_saddle": (REG3, _critical(REG3, [0.12, 0.087, 0.071]), "strict_saddle", None),
    "reg3_global_min": (REG3, _critical(REG3, [1.66, 1.17, 0.96]), "global_min", None),
}
#: another critical point of the same problem, for boxes enlarged to hold two
OTHER = {"reg2_origin_saddle": "reg2_global_min", "reg2_global_min": "reg2_origin_saddle",
         "reg3_origin_local_min": "reg3_saddle", "reg3_saddle": "reg3_origin_local_min",
         "reg3_global_min": "reg3_origin_local_min"}
NAMES = sorted(POINTS)
_CERTS: dict = {}


def CERTS() -> dict:
    """The valid box certificates (deep copies, safe to mutate)."""
    if not _CERTS:
        for name, (prob, z, kind, better) in POINTS.items():
            _CERTS[name] = box_cert(prob, z, kind, better)
    return copy.deepcopy(_CERTS)


def _true_value(name):
    prob, z, _, _ = POINTS[name]
    L, syms = sym_loss(prob)
    return L.subs(dict(zip(syms, z)))


# --- valid certificates ------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_valid_box_certificate(name):
    c = CERTS()[name]
    result = check_certificate(c)
    kind = c["claim"]["kind"]
    if kind == "global_min":
        assert result.status == CONDITIONAL, result.message
        assert result.assumption == GLOBALITY
    else:
        assert result.status == VERIFIED, result.message
        assert result.assumption is None
    assert result.message.startswith("box_point: the box holds exactly one critical point (Krawczyk test)")
    assert kind in result.message
    n = len(c["parameters"])
    p = {"strict_saddle": None, "local_max": 0}.get(kind, n)
    if p is not None:
        assert f"inertia ({p}, {n - p}, 0)" in result.message


@pytest.mark.parametrize("name", NAMES)
def test_valid_box_claims_hold_independently(name):
    """The true critical point (sympy, 50 digits) is in the box, has the claimed Hessian
    signs and its value lies in the value interval."""
    prob, z, kind, better = POINTS[name]
    c = CERTS()[name]
    L, syms = sym_loss(prob)
    at = dict(zip(syms, z))
    assert all(abs(sp.diff(L, s).subs(at)) < sp.Float("1e-40") for s in syms)
    for x, (lo, hi) in zip(z, c["claim"]["box"]):
        assert sp.Rational(lo) < x < sp.Rational(hi)
    lo, hi = (sp.Rational(v) for v in c["claim"]["value"])
    assert lo < L.subs(at) < hi
    H = sp.hessian(L, syms).subs(at)
    mpmath.mp.dps = 40
    eig = mpmath.eigsy(mpmath.matrix([[mpmath.mpf(str(sp.N(H[i, j], 40))) for j in range(len(z))]
                                      for i in range(len(z))]))[0]
    assert min(abs(e) for e in eig) > 1e-3
    pos = sum(e > 0 for e in eig)
    assert {"strict_saddle": 0 < pos < len(z), "local_min": pos == len(z), "global_min": pos == len(z)}[kind]
    if better is not None:
        assert L.subs(dict(zip(syms, better))) < lo


def test_box_point_file_and_status_line(tmp_path):
    path = tmp_path / "box.json"
    path.write_text(json.dumps(CERTS()["reg2_global_min"], indent=1))
    result = check_file(path)
    assert result.status == CONDITIONAL
    assert result.line("box.json").startswith("s VERIFIED CONDITIONALLY box.json: box_point: ")
    assert "; assumes: the producer's proof that these boxes hold every critical point" in result.line("box.json")


def test_origin_box_with_exact_center_and_evidence_keys():
    """Center exactly at the zero; provenance/evidence (even JSON floats) are inert, in hints too."""
    c = CERTS()["reg2_origin_saddle"]
    assert c["hints"]["center"] == ["0", "0"]
    c["hints"]["evidence"] = {"approx": 0.5}
    c["hints"]["provenance"] = {"engine": "ball route"}
    assert check_certificate(c).status == VERIFIED
    del c["field"], c["provenance"], c["evidence"]
    assert check_certificate(c).status == VERIFIED


# --- refused certificates, by name -------------------------------------------------------------

def _refused(c, *words):
    result = check_certificate(c)
    assert result.status == NOT_VERIFIED, result.message
    for w in words:
        assert w in result.message, result.message
    return result.message


def test_krawczyk_failure_names_the_coordinate():
    c = CERTS()["reg3_saddle"]
    c["hints"]["preconditioner"][2] = ["0", "0", "0"]  # K_3 = X_3: not in the interior
    _refused(c, "hints.preconditioner: the Krawczyk test fails in coordinate 3 (W3[1,1]): K = [", "not inside the box")


def test_enlarged_box_fails_krawczyk():
    c = CERTS()["reg2_origin_saddle"]
    c["claim"]["box"] = [["-2", "2"], ["-2", "2"]]  # holds all three critical points
    _refused(c, "Krawczyk test fails")


def test_singular_congruence():
    c = CERTS()["reg3_global_min"]
    c["hints"]["congruence"][1] = list(c["hints"]["congruence"][0])
    _refused(c, "hints.congruence: M = C H(X) C^T is not strictly diagonally dominant in row 1")
    c["hints"]["congruence"][1] = ["0", "0", "0"]
    _refused(c, "in row 2: M_22 = [0, 0] contains 0")


def test_wrong_kinds():
    c = CERTS()["reg2_origin_saddle"]
    c["claim"]["kind"] = "local_max"
    _refused(c, "claim.kind: local_max does not hold", "positive eigenvalue")
    c["claim"]["kind"] = "global_min"
    _refused(c, "negative eigenvalue")
    c["claim"]["kind"] = "nonstrict_saddle"
    _refused(c, "claim.kind: 'nonstrict_saddle' is not one of global_min, local_min, strict_saddle, local_max")
    c = CERTS()["reg3_global_min"]
    c["claim"]["kind"] = "strict_saddle"
    _refused(c, "positive definite")
    c["claim"]["kind"] = "local_min"
    _refused(c, "hints.better_point: missing (required for kind local_min)")
    c["hints"]["better_point"] = ["0", "0", "0"]
    _refused(c, "hints.better_point: L there is 2, not below")


def test_local_min_claimed_global_is_only_conditional():
    """Globality is not checked: a local (not global) minimum claimed global_min passes
    only conditionally, on the producer's (here false) completeness assumption."""
    c = CERTS()["reg3_origin_local_min"]
    c["claim"]["kind"] = "global_min"
    result = check_certificate(c)
    assert result.status == CONDITIONAL and result.assumption == GLOBALITY


def test_value_and_better_point():
    c = CERTS()["reg3_origin_local_min"]
    c["claim"]["value"] = ["2000001/1000000", "3"]
    _refused(c, "claim.value: the enclosure L(X) = [", "is not inside [2000001/1000000, 3]")
    c["claim"]["value"] = ["3", "2"]
    _refused(c, "claim.value: lo = 3 is above hi = 2")
    c = CERTS()["reg3_origin_local_min"]
    c["hints"]["better_point"] = ["1", "0", "0"]
    _refused(c, "hints.better_point: L there is 41/20, not below the value interval's lower end 1999999/1000000")


def test_malformed_boxes():
    c = CERTS()["reg2_origin_saddle"]
    c["claim"]["box"][1] = ["1/100", "-1/100"]
    _refused(c, "claim.box[1]: lo = 1/100 is not below hi = -1/100 (W2[1,1])")
    c["claim"]["box"][1] = ["0", "0"]
    _refused(c, "claim.box[1]: lo = 0 is not below hi = 0")
    c = CERTS()["reg2_origin_saddle"]
    c["hints"]["center"][0] = "1/1000"
    _refused(c, "hints.center[0]: 1/1000 is outside the box")
    c = CERTS()["reg2_origin_saddle"]
    c["claim"]["box"].append(["0", "1"])
    _refused(c, "claim.box: expected 2 entries, got 3")
    c = CERTS()["reg2_origin_saddle"]
    c["claim"]["box"][0] = ["0", "1", "2"]
    _refused(c, "claim.box[0]: expected 2 entries, got 3")
    c = CERTS()["reg2_origin_saddle"]
    c["hints"]["preconditioner"][0].pop()
    _refused(c, "hints.preconditioner[0]: expected 2 entries, got 1")
    c = CERTS()["reg2_origin_saddle"]
    c["claim"]["box"][0][0] = "0.5"
    _refused(c, 'claim.box[0][0]: expected a rational "p/q" or "p"')


def test_structure_errors():
    c = CERTS()["reg2_global_min"]
    c["field"] = {"minpoly": ["-2", "0", "1"], "interval": ["1", "2"]}
    _refused(c, "field: must be null for a box_point claim")
    c = CERTS()["reg2_global_min"]
    c["hints"]["negative_direction"] = ["1", "1"]
    _refused(c, "hints: unknown key 'negative_direction'")
    c = CERTS()["reg2_global_min"]
    c["claim"]["radius"] = "1"
    _refused(c, "claim: unknown key 'radius'")
    c = CERTS()["reg2_global_min"]
    del c["hints"]["congruence"]
    _refused(c, "hints.congruence: missing")
    c = CERTS()["reg2_global_min"]
    c["parameters"] = c["parameters"][::-1]
    _refused(c, "parameters: do not match")
    c = CERTS()["reg2_global_min"]
    c["claim"]["type"], c["hints"] = "boxpoint", {}
    _refused(c, "claim.type: expected 'point', 'stratum' or 'box_point', got 'boxpoint'")


def test_nonlinear_problem_is_not_a_box_point():
    c = CERTS()["reg2_global_min"]
    c["problem"]["network"]["activation"] = "tanh"
    c["hints"] = {}
    _refused(c, "claim.type: expected 'box' for a tanh network, got 'box_point'")


def test_float_in_box_refused(tmp_path):
    c = CERTS()["reg2_origin_saddle"]
    text = json.dumps(c).replace('"value": ["1999999/1000000"', '"value": [1.999999')
    path = tmp_path / "f.json"
    path.write_text(text)
    result = check_file(path)
    assert result.status == NOT_VERIFIED and "claim.value[0]: the JSON float 1.999999 is not exact" in result.message


def test_hostile_sizes_are_refused_quickly():
    """A degree-8 activation and box ends with 9000-digit denominators: the endpoint sizes
    explode in the interval evaluation; refused by a limit, quickly."""
    prob = problem([1, 1, 1], [[3]], [[2]], l2="1/10", coefficients=[0, 1, 1, 1, 1, 1, 1, 1, 1])
    lo = "9" * 8999 + "7/3" + "0" * 9000  # 1/3 -+ 10^-9000, written without str(int)
    hi = "1" + "0" * 8999 + "3/3" + "0" * 9000
    c = cert(prob, {"type": "box_point", "box": [[lo, hi]] * 2, "value": ["0", "100"], "kind": "strict_saddle"},
             {"center": [lo] * 2, "preconditioner": [["1", "0"], ["0", "1"]], "congruence": [["1", "0"], ["0", "1"]]})
    start = time.perf_counter()
    message = _refused(c)
    assert time.perf_counter() - start < 30
    assert "limit" in message or "bits" in message, message


# --- the pieces --------------------------------------------------------------------------------

def test_kind_from_inertia_local_max():
    assert kind_from_inertia("local_max", 0, 3, 3) is None
    assert kind_from_inertia("strict_saddle", 1, 2, 3) is None
    assert kind_from_inertia("local_min", 3, 0, 3) is None and kind_from_inertia("global_min", 3, 0, 3) is None
    assert "positive eigenvalue" in kind_from_inertia("local_max", 1, 2, 3)
    assert "negative definite" in kind_from_inertia("strict_saddle", 0, 3, 3)
    assert BOX_KINDS == ("global_min", "local_min", "strict_saddle", "local_max")


def test_congruence_inertia_counts_signs():
    I = Interval
    H = [[I(-5), I(Fraction(-1, 10), Fraction(1, 10)), I(0)],
         [I(Fraction(-1, 10), Fraction(1, 10)), I(-4), I(1)],
         [I(0), I(1), I(3)]]
    eye = [[Fraction(int(i == j)) for j in range(3)] for i in range(3)]
    assert congruence_inertia(H, eye)[:3] == (1, 2, None)
    assert congruence_inertia([[-x for x in row] for row in H], eye)[:3] == (2, 1, None)
    H[1][2] = H[2][1] = I(4)  # |M_22| = 4 is not above 1/10 + 4
    assert congruence_inertia(H, eye)[2] == 1


rationals = st.fractions(min_value=-20, max_value=20, max_denominator=50)


@st.composite
def interval_and_point(draw):
    a, b, t = draw(rationals), draw(rationals), draw(st.fractions(min_value=0, max_value=1, max_denominator=30))
    lo, hi = min(a, b), max(a, b)
    return Interval(lo, hi), lo + t * (hi - lo)


@PROFILE
@given(interval_and_point(), interval_and_point(), st.integers(-5, 5), rationals)
def test_interval_arithmetic_contains_the_point_results(xa, yb, k, q):
    (X, a), (Y, b) = xa, yb
    for Z, z in ((X + Y, a + b), (X - Y, a - b), (X * Y, a * b), (-X, -a), (k + X, k + a), (X + q, a + q),
                 (k - X, k - a), (X - q, a - q), (k * X, k * a), (X * q, a * q), (q * X * Y - k, q * a * b - k)):
        assert isinstance(Z, Interval) and Z.lo <= Z.hi
        assert Z.contains(z)
    assert X.mig() <= abs(a) <= X.mag()
    assert X.inside(X.lo, X.hi) and not X.strictly_inside(X.lo, X.hi)


def test_interval_refuses_floats():
    with pytest.raises(TypeError):
        Interval(0.5)
    with pytest.raises(TypeError):
        Interval(1, 2) * 0.5


# --- mutations: every one makes the claim false and must be refused -----------------------------

MUTATIONS = ("shift", "enlarge", "kind", "singular_congruence", "value", "better_point", "center_outside",
             "length", "lo_gt_hi")


def _mutate(c: dict, name: str, mutation: str, draw) -> dict:
    n = len(c["parameters"])
    i = draw(st.integers(0, n - 1))
    box, hints = c["claim"]["box"], c["hints"]
    center = [Fraction(x) for x in hints["center"]]
    if mutation == "shift":  # box and center move by >= 3 radii: the zero is outside the box
        s = draw(st.integers(3, 1000)) * R * draw(st.sampled_from((-1, 1)))
        box[i] = [Q(Fraction(x) + s) for x in box[i]]
        hints["center"][i] = Q(center[i] + s)
    elif mutation == "enlarge":  # the box now holds a second critical point too
        other = [_rat(x) for x in POINTS[OTHER[name]][1]]
        radius = max(abs(a - b) for a, b in zip(center, other)) + draw(
            st.fractions(min_value=Fraction(1, 100), max_value=3, max_denominator=100))
        c["claim"]["box"] = [[Q(x - radius), Q(x + radius)] for x in center]
    elif mutation == "kind":
        kind = c["claim"]["kind"]
        wrong = [k for k in BOX_KINDS if k != kind and not (kind == "local_min" and k == "global_min")]
        c["claim"]["kind"] = draw(st.sampled_from(wrong))
        if c["claim"]["kind"] == "local_min" and draw(st.booleans()):
            hints["better_point"] = [Q(draw(st.fractions(min_value=-3, max_value=3, max_denominator=4)))
                                     for _ in range(n)]
    elif mutation == "singular_congruence":
        C = hints["congruence"]
        j = draw(st.integers(0, n - 1))
        t = draw(st.fractions(min_value=-3, max_value=3, max_denominator=5))
        C[i] = [Q(t * Fraction(x)) for x in C[j]] if i != j else ["0"] * n
    elif mutation == "value":  # an interval beside the true value
        true = Fraction(str(sp.N(_true_value(name), 30)))
        gap = draw(st.fractions(min_value=Fraction(1, 10 ** 9), max_value=5, max_denominator=10 ** 9))
        width = draw(st.fractions(min_value=0, max_value=5, max_denominator=100))
        c["claim"]["value"] = ([Q(true + gap), Q(true + gap + width)] if draw(st.booleans())
                               else [Q(true - gap - width), Q(true - gap)])
    elif mutation == "better_point":
        prob = POINTS[name][0]
        L, syms = sym_loss(prob)
        v_lo = Fraction(c["claim"]["value"][0])
        bp = [draw(st.fractions(min_value=-3, max_value=3, max_denominator=8)) for _ in range(n)]
        assume(L.subs(dict(zip(syms, [sp.Rational(x.numerator, x.denominator) for x in bp]))) >= sp.Rational(
            v_lo.numerator, v_lo.denominator))
        c["claim"]["kind"] = "local_min"
        hints["better_point"] = [Q(x) for x in bp]
    elif mutation == "center_outside":
        d = draw(st.fractions(min_value=Fraction(1, 10 ** 15), max_value=1, max_denominator=10 ** 15))
        lo, hi = (Fraction(x) for x in box[i])
        hints["center"][i] = Q(hi + d) if draw(st.booleans()) else Q(lo - d)
    elif mutation == "length":
        where = draw(st.sampled_from(("box", "center", "preconditioner", "congruence", "preconditioner_row",
                                      "congruence_row", "better_point", "value")))
        target = {"box": box, "center": hints["center"], "preconditioner": hints["preconditioner"],
                  "congruence": hints["congruence"], "preconditioner_row": hints["preconditioner"][i],
                  "congruence_row": hints["congruence"][i], "value": c["claim"]["value"]}.get(where)
        if where == "better_point":
            c["claim"]["kind"] = "local_min"
            hints["better_point"] = hints.get("better_point", ["5"] * n)
            target = hints["better_point"]
        if draw(st.booleans()):
            target.append(copy.deepcopy(target[-1]))
        else:
            target.pop()
    elif mutation == "lo_gt_hi":
        box[i] = box[i][::-1]
    return c


@PROFILE
@given(st.sampled_from(NAMES), st.sampled_from(MUTATIONS), st.data())
def test_mutated_box_certificate_is_refused(name, mutation, data):
    c = _mutate(CERTS()[name], name, mutation, data.draw)
    result = check_certificate(c)
    assert result.status == NOT_VERIFIED, (name, mutation, result.message)
    assert not result.message.startswith("internal error"), result.message
