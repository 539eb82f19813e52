"""Gauge fixing of the hidden units' rescalings (symlandscape.gauge, classify(gauge=True)).

The gauged reports are checked against the ungauged engine point by point: every rational
sample point of the ungauged report, rescaled into its chart, must lie on an entry of the
gauged report with the same kind. Certificates with an ``orbit`` are re-checked, and
mutated ones rejected.
"""

import copy
import json
import subprocess
import sys
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symlandscape.checker import check_certificate
from symlandscape.classify import classify
from symlandscape.gauge import MAX_GAUGED, Rescaling, activation_degree, candidate_rescalings, gauge_for, is_invariant
from symlandscape.loss import build_loss
from symlandscape.report import report_json

from problems import chain, make_problem

SMALL = {
    "chain2": lambda: chain(2),
    "chain3": lambda: chain(3),
    "chain4": lambda: chain(4, y=2),
    "1-2-1": lambda: make_problem([1, 2, 1], [[1], [2]], [[1], [3]]),
    "2-1-2": lambda: make_problem([2, 1, 2], [[1, 0], [0, 1]], [[1, 2], [3, 1]]),
    "square": lambda: make_problem([1, 1, 1], [[1], [2]], [[1], [5]], activation="polynomial",
                                   coefficients=["0", "0", "1"]),
    "bias": lambda: make_problem([1, 1, 1], [[0], [1]], [[1], [2]], bias=True),
}


def test_candidates_follow_the_architecture():
    p = make_problem([2, 2, 1], [[1, 2]], [[1]], bias=True)
    rs = candidate_rescalings(p)
    names = p.parameters
    assert [r.label() for r in rs] == ["layer 1 unit 1", "layer 1 unit 2"]
    assert [names[i] for i in rs[1].incoming] == ["W1[2,1]", "W1[2,2]", "b1[2]"]
    assert [names[i] for i in rs[1].outgoing] == ["W2[1,2]"]
    assert names[rs[1].gauge] == "W1[2,1]"


def test_activation_degree():
    assert activation_degree(chain(2)) == 1
    cube = make_problem([1, 1, 1], [[1]], [[1]], activation="polynomial", coefficients=["0", "0", "0", "2"])
    assert activation_degree(cube) == 3
    mixed = make_problem([1, 1, 1], [[1]], [[1]], activation="polynomial", coefficients=["0", "1", "1"])
    assert activation_degree(mixed) is None and candidate_rescalings(mixed) == []


def test_l2_breaks_the_symmetry_and_is_reported():
    g = gauge_for(build_loss(chain(2, l2="1/10")))
    assert g.rescalings == [] and len(g.charts) == 1 and "not used" in g.notes[0]
    r = classify(chain(2, l2="1/10"), gauge=True)
    assert r.complete and any("computed without gauge" in n for n in r.notes)


def test_too_many_units_are_capped():
    p = make_problem([1, MAX_GAUGED + 1, 1], [[1]], [[1]])
    g = gauge_for(build_loss(p))
    assert len(g.rescalings) == MAX_GAUGED and len(g.charts) == 2 ** MAX_GAUGED and g.notes


@settings(max_examples=30, deadline=None)
@given(st.lists(st.fractions(min_value=-3, max_value=3, max_denominator=5), min_size=9, max_size=9),
       st.fractions(min_value=Fraction(1, 4), max_value=4, max_denominator=4), st.booleans(), st.integers(1, 3))
def test_rescaling_leaves_the_loss_invariant(theta, a, negative, k):
    """The algebraic law behind the charts: L(M_a theta) = L(theta) for every a != 0 (linear and z^k)."""
    a = -a if negative else a
    coeffs = ["0"] * k + ["1"]
    p = make_problem([1, 2, 2, 1][:3] + [1], [[1], [2]], [[1], [-1]], activation="polynomial", coefficients=coeffs)
    m = build_loss(p)
    vals = theta[:m.n]
    for r in candidate_rescalings(p):
        assert is_invariant(m.L, r)
        moved = list(vals)
        for i in r.incoming:
            moved[i] *= a
        for j in r.outgoing:
            moved[j] /= a ** k
        assert m.L(*moved) == m.L(*vals)


def _contains(model, entry_obj, kind_of, point):
    """Does the gauged stratum or point verdict hold ``point`` (exact rationals)?"""
    from symlandscape.strata import Stratum
    if isinstance(entry_obj, Stratum):
        s = entry_obj
        if any(g(*point) != 0 for g in s.equations):
            return False
        if s.excluded and all(g(*point) == 0 for g in s.excluded):
            return False
        if any(not g(*point) > 0 for g in s.positive):
            return False
        return True
    return entry_obj.point.is_rational and [Fraction(c) for c in entry_obj.point.json()] == point


@pytest.mark.parametrize("name", sorted(SMALL))
def test_gauged_report_covers_the_ungauged_one(name):
    problem = SMALL[name]()
    plain, gauged = classify(problem), classify(problem, gauge=True)
    assert gauged.complete == plain.complete
    assert (gauged.gmin is None) == (plain.gmin is None)
    if plain.gmin is not None:
        assert gauged.gmin.compare(plain.gmin) == 0
    G = gauged.gauge
    assert G.rescalings
    samples = [(v.point, v.kind) for v in plain.points]
    samples += [(p, s.kind) for s in plain.strata if s.scope == "stratum" for p in s.sample_points]
    checked = 0
    for p, kind in samples:
        if not p.is_rational:
            continue
        chart, q = G.to_chart([Fraction(c) for c in p.json()])
        holders = [x for x in list(gauged.strata) + list(gauged.points)
                   if gauged.chart_of(x) == chart and _contains(gauged.model, x, None, q)]
        assert holders, f"{p.json()} (chart {chart}) is not covered by the gauged report"
        assert {h.kind for h in holders} == {kind}
        checked += 1
    assert checked


def test_gauged_chain3_orbits_and_dimensions():
    r = classify(chain(3), gauge=True)
    rj = report_json(r, timestamp=False, evidence=False)
    assert "counts" not in rj and not r.finite
    rows = sorted((e["dimension"], e.get("slice_dimension", e["dimension"]), e["kind"]) for e in rj["strata"])
    # literature.md instance 2: w1 w2 w3 = 1 (dim 2, the orbit of (1,1,1)), the three saddle lines (one
    # computed as a stratum in the chart with both gauge coordinates 0, two as orbits of points), the origin
    assert rows == [(0, 0, "nonstrict_saddle"), (1, 0, "strict_saddle"), (1, 0, "strict_saddle"),
                    (1, 1, "strict_saddle"), (2, 0, "global_min")]
    for e in rj["strata"]:
        for c in e["certificates"]:
            res = check_certificate(json.loads(json.dumps(c)))
            assert res.ok, res.message
            if "orbit" in e:
                assert "every rescaling" in res.message


def _orbit_certificate():
    r = classify(chain(3), gauge=True)
    rj = report_json(r, timestamp=False, evidence=False)
    return next(c for e in rj["strata"] if e["dimension"] == 2 for c in e["certificates"])


MUTATIONS = [
    lambda c: c["orbit"]["rescalings"][0].__setitem__("degree", 2),
    lambda c: c["orbit"]["rescalings"][0]["outgoing"].append(2),
    lambda c: c["orbit"]["rescalings"][0].__setitem__("incoming", [1]),
    lambda c: c["orbit"]["rescalings"][0].__setitem__("outgoing", [0]),
    lambda c: c["orbit"]["rescalings"][0].__setitem__("incoming", [0, 0]),
    lambda c: c["orbit"]["rescalings"][0].__setitem__("incoming", [7]),
    lambda c: c["orbit"].__setitem__("rescalings", []),
    lambda c: c["orbit"]["rescalings"][0].__setitem__("extra", 1),
    lambda c: c["problem"].__setitem__("l2", "1/10"),
]


@pytest.mark.parametrize("k", range(len(MUTATIONS)))
def test_mutated_orbit_certificates_are_rejected(k):
    c = _orbit_certificate()
    assert check_certificate(copy.deepcopy(c)).ok
    bad = copy.deepcopy(c)
    MUTATIONS[k](bad)
    assert not check_certificate(bad).ok


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2), st.integers(-1, 3))
def test_random_index_changes_are_rejected_unless_still_invariant(pos, new):
    """A changed index list is accepted only when the loss really is invariant under it."""
    c = _orbit_certificate()
    bad = copy.deepcopy(c)
    res = bad["orbit"]["rescalings"][0]
    res["incoming"] = [new] if new != pos else [pos]
    m = build_loss(chain(3))
    ok = 0 <= new <= 2 and new not in res["outgoing"] and is_invariant(
        m.L, Rescaling(1, 1, tuple(res["incoming"]), tuple(res["outgoing"]), 1, res["incoming"][0]))
    assert check_certificate(bad).ok == ok


def test_cli_gauge_json_and_route_error(tmp_path):
    problem = tmp_path / "c3.json"
    problem.write_text(json.dumps({"name": "c3", "network": {"widths": [1, 1, 1, 1]},
                                   "data": {"inputs": [["1"]], "targets": [["1"]]}}))
    out = subprocess.run([sys.executable, "-m", "symlandscape", "classify", str(problem), "--gauge", "--json",
                          "--quiet", "--no-evidence", "--certificates", str(tmp_path / "certs")],
                         capture_output=True, text=True, check=True)
    rj = json.loads(out.stdout)
    assert rj["gauge"]["charts"] == 4 and len(rj["gauge"]["rescalings"]) == 2
    assert sum("orbit" in e for e in rj["strata"]) == 3
    chk = subprocess.run([sys.executable, "-m", "symlandscape", "check"] + sorted(
        str(p) for p in (tmp_path / "certs").iterdir()), capture_output=True, text=True)
    assert chk.returncode == 0, chk.stdout
    bad = subprocess.run([sys.executable, "-m", "symlandscape", "classify", str(problem), "--gauge", "--route",
                          "balls"], capture_output=True, text=True)
    assert bad.returncode != 0 and "--route" in bad.stderr and "exact" in bad.stderr
