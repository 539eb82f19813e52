"""The ball route of classify agrees with the exact route (the reference) point by point."""

import pytest

pytest.importorskip("flint")

import mpmath  # noqa: E402

from symlandscape.ballroute import classify_by_balls, route_available  # noqa: E402
from symlandscape.classify import classify  # noqa: E402
from symlandscape.backends.instances import deep_linear  # noqa: E402
from symlandscape.report import report_json, report_text  # noqa: E402

needs_msolve = pytest.mark.skipif(not route_available(), reason="msolve or python-flint not installed")


def _by_point(report):
    out = []
    for v in report.points:
        out.append(([float(x) for x in v.point.approx(30)], v.kind))
    return sorted(out)


def _agree(widths, samples=1):
    problem = deep_linear(widths, samples=samples).problem
    exact = classify(problem, route="exact")
    balls = classify(problem, route="balls")
    assert exact.n_complex == balls.n_complex
    assert len(exact.points) == len(balls.points)
    pe, pb = _by_point(exact), _by_point(balls)
    for xe, ke in pe:  # the nearest ball point (exact zeros are approximated by box midpoints)
        dist, kb = min((max(abs(a - b) for a, b in zip(xe, xb)), kb) for xb, kb in pb)
        assert dist < 1e-12
        assert ke == kb
    assert (exact.gmin is None) == (balls.gmin is None)
    if exact.gmin is not None:
        assert abs(exact.gmin.approx(30) - balls.gmin.approx(30)) < mpmath.mpf("1e-20")
    return balls


@needs_msolve
def test_routes_agree_on_the_scalar_three_chain():
    r = _agree([1, 1, 1, 1])
    assert r.n_complex == 17  # 1 + 2^3 (3 - 1), literature.md 2.2


@needs_msolve
@pytest.mark.slow
def test_routes_agree_on_the_33_point_row():
    r = _agree([2, 2, 2])
    assert r.n_complex == 33  # Bharadwaj Table 3.1, d = 2, dx = dy = 2


@needs_msolve
@pytest.mark.slow
def test_routes_agree_on_the_73_point_row():
    r = _agree([2, 2, 3])
    assert r.n_complex == 73  # Bharadwaj Table 3.1, d = 2, dx = 2, dy = 3


@needs_msolve
def test_ball_report_has_counts_and_box_point_certificates(tmp_path):
    from symlandscape.checker.verify import check_certificate
    m = deep_linear([1, 2, 1])
    r = classify_by_balls(m.problem, m, force=True)
    rj = report_json(r, certificates_dir=tmp_path, evidence=False)
    # 9 complex points (Bharadwaj Table 3.1, d = 2, dx = dy = 1); with these data 5 are real: the
    # origin and a sign-flip pair per hidden unit (the same counts as the exact route gives)
    assert rj["counts"] == {"complex_points": 9, "real_points": 5,
                            "by_kind": {"global_min": 2, "strict_saddle": 3}}
    certs = [e["certificate"] for e in rj["strata"]]
    assert all(c is not None and c["claim"]["type"] == "box_point" for c in certs)
    assert len(list(tmp_path.iterdir())) == 5
    results = {e["kind"]: check_certificate(e["certificate"]).status for e in rj["strata"]}
    # the checker re-proves each box and its inertia; the globality of a global minimum rests on
    # the engine's completeness proof, so those are CONDITIONAL
    assert results == {"global_min": "VERIFIED CONDITIONALLY", "strict_saddle": "VERIFIED"}
    assert "finite critical set: 9 complex points" in report_text(r, rj)


@needs_msolve
def test_auto_route_keeps_small_problems_exact():
    m = deep_linear([1, 2, 1])
    assert classify_by_balls(m.problem, m) is None  # below MIN_POINTS: the exact route runs
    assert classify(m.problem, route="auto").points[0].hints.get("method") != "ball_arithmetic"


def test_unknown_route_is_refused():
    with pytest.raises(ValueError, match="route"):
        classify(deep_linear([1, 1, 1]).problem, route="fast")


@needs_msolve
def test_command_line_route_option(tmp_path, capsys):
    import json

    from symlandscape.cli import main
    from symlandscape.spec import problem_to_dict
    path = tmp_path / "p.json"
    path.write_text(json.dumps(problem_to_dict(deep_linear([1, 2, 1]).problem)))
    assert main(["classify", str(path), "--route", "balls", "--json", "--quiet", "--no-evidence"]) == 0
    rj = json.loads(capsys.readouterr().out)
    assert rj["counts"]["complex_points"] == 9
    assert rj["strata"][0]["certificate"]["claim"]["type"] == "box_point"


def test_auto_route_falls_back_to_exact_when_the_ball_route_fails(monkeypatch):
    import symlandscape.ballroute as br
    from symlandscape.errors import SolverError

    def boom(*a, **k):
        raise SolverError("msolve output: garbled")
    monkeypatch.setattr(br, "classify_by_balls", boom)
    problem = deep_linear([1, 1, 1]).problem
    r = classify(problem, route="auto")
    assert r.n_complex == 5 and r.points[0].hints.get("method") != "ball_arithmetic"
    with pytest.raises(SolverError):
        classify(problem, route="balls")


@needs_msolve
def test_box_proof_and_rur_proof_agree(monkeypatch):
    """Two independent completeness proofs (Krawczyk boxes; msolve's exact RUR) give the same counts and kinds."""
    from collections import Counter

    import symlandscape.krawczyk as kr
    m = deep_linear([1, 2, 2, 1])  # 129 complex points (Bharadwaj Table 3.2, d = 2, dx = dy = 1)
    boxes = classify_by_balls(m.problem, m, force=True)
    assert any("Krawczyk" in n for n in boxes.notes)

    def fail(*_a, **_k):
        raise kr.IsolationError("forced for the test")

    monkeypatch.setattr(kr, "approximate_zeros", fail)
    rur = classify_by_balls(m.problem, m, force=True)
    assert any("rational univariate representation" in n for n in rur.notes)
    assert boxes.n_complex == rur.n_complex == 129
    assert Counter(v.kind for v in boxes.points) == Counter(v.kind for v in rur.points)
    assert abs(boxes.gmin.approx(30) - rur.gmin.approx(30)) < mpmath.mpf("1e-25")


@needs_msolve
@pytest.mark.slow
def test_641_point_row_with_checked_certificates(tmp_path):
    """The largest H = 2 row of the count tables (N_C = 641, literature.md 2.2), every certificate checked."""
    from symlandscape.checker.verify import check_certificate
    m = deep_linear([1, 2, 2, 2])
    r = classify(m.problem, route="auto")
    assert r.complete and r.n_complex == 641
    rj = report_json(r, certificates_dir=tmp_path, evidence=False)
    assert rj["counts"]["complex_points"] == 641
    assert rj["counts"]["real_points"] == len(r.points) <= 641
    status = [check_certificate(e["certificate"]).status for e in rj["strata"]]
    assert set(status) <= {"VERIFIED", "VERIFIED CONDITIONALLY"}
    assert status.count("VERIFIED CONDITIONALLY") == rj["counts"]["by_kind"].get("global_min", 0)


@needs_msolve
def test_more_real_points_than_the_tables_sample_maximum():
    """(H, d, dx, dy) = (2, 2, 1, 1): Bharadwaj Table 3.2 gives max N_R = 64 over 100 random systems; this
    seeded system has 65 real critical points of its 129, by two independent proofs (Krawczyk boxes with
    dim Q[x]/I; msolve's exactly verified RUR with a real-root count of chi). The table's value is a
    sample maximum, so 65 is consistent with it and a proved lower bound for the true maximum."""
    from symlandscape.backends import get_backend
    from symlandscape.backends.verify import count_real_roots
    m = deep_linear([1, 2, 2, 1], seed=5)
    r = classify_by_balls(m.problem, m, force=True)
    assert (r.n_complex, len(r.points)) == (129, 65)
    rur = get_backend("msolve").zero_dim_rur(list(m.grad), m.R)
    assert (rur.n_points, count_real_roots(rur.chi)) == (129, 65)
