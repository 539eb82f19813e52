"""Plots: the critical set drawn is the one the report proves; files are written."""

import numpy as np
import pytest

from symlandscape.teaching import plot


def _markers(ax):
    """(gid, x, y) of every single-point marker drawn."""
    out = []
    for line in ax.get_lines():
        gid = line.get_gid() or ""
        if gid.startswith("critical-point:"):
            xs, ys = line.get_data()
            out += [(gid.split(":")[1], float(x), float(y)) for x, y in zip(xs, ys)]
    return out


def test_chain2_curve_and_saddle(reports, agg):
    rep = reports("chain2")
    ax, cs = plot.plot_landscape(rep, window=(-2, 2, -2, 2))
    # the hyperbola of global minima: two branches inside the window, on w1 w2 = 1
    (curve,) = cs.curves
    assert curve.kind == "global_min" and len(curve.segments) == 2
    pts = np.vstack(curve.segments)
    assert np.max(np.abs(pts[:, 0] * pts[:, 1] - 1)) < 1e-9
    # both branches reach the window's edge: the whole real curve in the window is drawn
    assert pts[:, 0].min() < -1.9 and pts[:, 0].max() > 1.9
    # the marker is where the report says, with the report's kind
    assert _markers(ax) == [("strict_saddle", 0.0, 0.0)]
    assert [v.kind for v in rep.points] == ["strict_saddle"]
    drawn = [l for l in ax.get_lines() if l.get_gid() == "critical-curve:global_min"]
    assert len(drawn) == 2


def test_chain2_descent_line_descends(reports, agg):
    rep = reports("chain2")
    ax, cs = plot.plot_landscape(rep, window=(-2, 2, -2, 2))
    f = plot.poly_function(rep.model.L, 2)
    lines = [l for l in ax.get_lines() if l.get_gid() == "descent-curve"]
    assert len(lines) == 2  # both halves of the negative-curvature line
    for l in lines:
        x, y = l.get_data()
        assert (x[0], y[0]) == (0.0, 0.0)
        assert f(x[1:20], y[1:20]).max() < f(0.0, 0.0)


def test_algebraic_points_marked_at_report_coordinates(reports, agg):
    rep = reports("chain2_l2")
    ax, cs = plot.plot_landscape(rep)
    drawn = sorted(_markers(ax))
    want = sorted((v.kind, *(float(c) for c in v.point.approx(20))) for v in rep.points)
    assert len(drawn) == 3 and [d[0] for d in drawn] == [w[0] for w in want]
    assert np.allclose([d[1:] for d in drawn], [w[1:] for w in want], atol=1e-12)
    # the two global minima are the irrational points of literature.md instance 8
    gm = sorted(d[1] for d in drawn if d[0] == "global_min")
    assert gm == pytest.approx([-1.62124, 1.62124], abs=1e-5)


def test_png_written(reports, agg, tmp_path):
    ax, _ = plot.plot_landscape(reports("chain2"))
    out = tmp_path / "chain2.png"
    plot.save(ax.figure, out)
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert 500 <= w <= 1200 and 400 <= h <= 1000 and len(data) > 20_000


def test_slice_and_loss_along_curve(reports, agg, tmp_path):
    rep = reports("chain3")
    (v,) = [v for v in rep.points if v.kind == "nonstrict_saddle"]
    fig, info = plot.plot_point(rep.model, v, out=tmp_path / "c3.png")
    assert (tmp_path / "c3.png").stat().st_size > 20_000
    assert info["curve_in_plane"] is True
    assert np.isclose(abs(info["d1"] @ info["d2"]), 0)
    # loss along the curve: exact coefficients of L(p + t(1,1,1)) - L(p) = -t^3 + t^6/2
    assert [str(c) for c in plot.curve_series(rep.model, v, v.hints["descent_curve"])] == \
        ["0", "0", "0", "-1", "0", "0", "1/2"]


def test_wrong_dimension_message(reports):
    with pytest.raises(ValueError, match="2 parameters"):
        plot.critical_set_2d(reports("chain3"))


def test_cli_plot(root, tmp_path, capsys, agg):
    from symlandscape.cli import main
    out = tmp_path / "p.png"
    assert main(["plot", str(root / "examples/chain2.json"), "--out", str(out)]) == 0
    assert out.exists() and "1 critical curve(s), 1 critical point(s)" in capsys.readouterr().out
    out3 = tmp_path / "c3.png"
    assert main(["plot", str(root / "examples/chain3.json"), "--out", str(out3), "--at", "0,0,1",
                 "--directions", "1,1,0;1,-1,0"]) == 0
    assert "strict_saddle at (0, 0, 1)" in capsys.readouterr().out
    assert main(["plot", str(root / "examples/chain3.json"), "--out", str(out3), "--at", "1,1,0"]) == 2
    assert "not a critical point" in capsys.readouterr().err
