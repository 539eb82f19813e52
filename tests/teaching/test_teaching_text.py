"""LaTeX, explanations and rich display."""

import re

from symlandscape.cli import main
from symlandscape.teaching import display, explain, latex


def test_report_latex_chain3(reports):
    t = latex.report_latex(reports("chain3"))
    assert t.count(r"\[") == t.count(r"\]") == 6
    assert r"\frac{\left(W^{(1)}_{1,1} W^{(2)}_{1,1} W^{(3)}_{1,1} - 1\right)^{2}}{2}" in t
    assert r"\text{non-strict saddle} & \frac{1}{2} & \left(0, 0, 0\right)" in t
    assert t.count(r"\text{strict saddle}") == 3
    # balanced braces: the fragment compiles as far as grouping goes
    assert t.count("{") == t.count("}")
    assert "_" not in re.sub(r"_\{", "", t.replace(r"\_", ""))  # no bare underscores in text


def test_algebraic_value_latex(reports):
    rep = reports("chain2_l2")
    v = latex.value_latex(rep.gmin)
    assert "real root 2 of 2" in v and "10000 T^{2} + 200 T - 799" in v and r"\approx 0.2728427" in v


def test_cli_latex(root, capsys):
    assert main(["classify", str(root / "examples/chain2.json"), "--latex", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(r"\[ \theta =") and r"\nabla^2 L(\theta)" in out


def test_repr_jupyter(reports, agg):
    rep = reports("chain2")
    assert rep._repr_latex_().startswith("$$")
    h = rep._repr_html_()
    assert "<table" in h and "data:image/png;base64," in h
    assert display.plot_png(reports("chain3")) is None


def test_explain_nonstrict_saddle(root, capsys):
    assert main(["explain", str(root / "examples/chain3.json"), "--at", "0,0,0"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Why (W1[1,1], W2[1,1], W3[1,1]) = (0, 0, 0) is a non-strict saddle of chain3")
    for s in ["0 positive, 0 negative, 3 zero eigenvalue(s)", "lowest-order part (degree 3): -s1*s2*s3",
              "gamma(t) = p + t (1, 1, 1)", "L(gamma(t)) - L(p) = t**6/2 - t**3", "Corollary 2.4",
              "is -1 (order 3), negative"]:
        assert s in out, s


def test_explain_other_kinds():
    from symlandscape.spec import parse_problem
    chain = lambda k, **kw: parse_problem(dict({"network": {"widths": [1] * (k + 1)},
                                               "data": {"inputs": [[1]], "targets": [[2]]}}, **kw))
    e = explain.explain_point(chain(2), "0,0")
    assert e.kind == "strict_saddle" and "v^T H(p) v = -4 < 0" in e.text()
    e = explain.explain_point(chain(2), "1,2")
    assert e.kind == "global_min" and "lower bound" in e.text()
    e = explain.explain_point(chain(3, l2=["1/10", "2/10", "3/10"]), "0,0,0")
    assert e.kind == "local_min" and "Mehta" in e.text() and "not a global minimum" in e.text()
    e = explain.explain_point(chain(2), "1,1")
    assert e.kind is None and "not a critical point" in e.text()


def test_kawaguchi_assumptions_checked_exactly():
    from symlandscape.spec import parse_problem
    p = parse_problem({"network": {"widths": [2, 1, 2]},
                       "data": {"inputs": [[1, 0], [0, 1]], "targets": [[1, 0], [0, 1]]}})
    ok, why = explain._kawaguchi_assumptions(p)
    assert not ok and "repeated" in why


def test_latex_of_a_ball_route_report():
    """Values known by enclosures (the ball route) render as decimals with their interval."""
    import pytest
    pytest.importorskip("flint")
    from symlandscape.backends.instances import deep_linear
    from symlandscape.ballroute import route_available
    from symlandscape.classify import classify
    from symlandscape.teaching.latex import report_latex
    if not route_available():
        pytest.skip("the ball route needs Singular or msolve")
    r = classify(deep_linear([1, 2, 2, 1]).problem, route="balls")
    tex = report_latex(r)
    assert r"\text{(in }" in tex and "global minimum" in tex
