"""symlandscape.expneuron: the chart, the certificates' producer, the evidence trajectory."""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath
import pytest

from symlandscape.errors import ProblemError
from symlandscape.expneuron import (build_chart, critical_global_certificate, find_combination,
                                    gradient_descent, no_local_min_certificate, slice_certificate, slice_gradient,
                                    base_outputs)
from symlandscape.spec import load_problem, parse_problem, problem_to_dict
from symlandscape.theorems.kawaguchi_kaelbling2020 import with_exp_neuron
from symlandscape.theorems.nonlinear_common import EXAMPLES

FAILURE = {"network": {"widths": [1, 1, 1], "activation": "polynomial", "coefficients": ["1"]},
           "data": {"inputs": [[0], [1]], "targets": [[0], [1]]}, "exp_neuron": {"l2": "1/10"}}


def _direct_loss(problem, params):
    """L~ in the original coordinates, evaluated with mpmath exp (independent of the chart)."""
    n = problem.network.n_params
    from symlandscape.loss import build_loss
    base = parse_problem({k: v for k, v in problem_to_dict(problem).items() if k != "exp_neuron"})
    model = build_loss(base)
    th = [_m(x) for x in params[:n]]
    dx, dy = problem.network.widths[0], problem.network.widths[-1]
    total = mpmath.mpf(0)
    for i, (x, y) in enumerate(zip(problem.inputs, problem.targets)):
        for k in range(dy):
            f = model.outputs[i][k]
            fv = sum((mpmath.mpf(int(c.numerator)) / int(c.denominator)) * mpmath.fprod(t ** e for t, e in zip(th, m))
                     for m, c in f.terms()) if n else mpmath.mpf(0)
            pos = n + k * (dx + 2)
            a, w, b = params[pos], params[pos + 1: pos + 1 + dx], params[pos + 1 + dx]
            g = _m(a) * mpmath.exp(sum(_m(wj) * _m(xj) for wj, xj in zip(w, x)) + _m(b))
            total += (fv + g - _m(y[k])) ** 2
    total *= _m(problem.loss.scale)
    for t, l2 in zip(th, base.l2_per_parameter()):
        total += _m(l2) / 2 * t * t
    lam = problem.exp_neuron.l2
    total += sum(_m(lam) / 2 * _m(params[n + k * (dx + 2)]) ** 2 for k in range(dy))
    return total


def _m(q):
    q = Fraction(q)
    return mpmath.mpf(q.numerator) / q.denominator


@pytest.mark.parametrize("inputs", [[["0", "1/2"], ["-1", "3/4"]], [["-2", "1"], ["1/3", "-1/6"]]])
def test_chart_reproduces_the_loss(inputs):
    """F at (theta, a, U = exp(w/q), B = exp(b + m.w/q)) equals L~(theta, a, w, b) (mpmath, independent)."""
    p = parse_problem({"network": {"widths": [2, 1, 2], "activation": "polynomial", "coefficients": ["0", "1", "1"],
                                   "bias": True},
                       "data": {"inputs": inputs, "targets": [["1", "0"], ["-1", "2"]]},
                       "l2": "1/3", "exp_neuron": {"l2": "1/7"}})
    chart = build_chart(p)
    rng = random.Random(5)
    for _ in range(3):
        params = [Fraction(rng.randint(-6, 6), rng.randint(1, 4)) for _ in p.parameters]
        with mpmath.workdps(40):
            direct = _direct_loss(p, params)
            c = chart.to_wb  # inverse map, used below for a round trip
            point = list(params[:chart.n_theta])
            dx = 2
            for k in range(2):
                pos = chart.n_theta + k * (dx + 2)
                a, w, b = params[pos], params[pos + 1: pos + 1 + dx], params[pos + 1 + dx]
                U = [mpmath.exp(_m(wj) / chart.q) for wj in w]
                B = mpmath.exp(_m(b) + sum(m * _m(wj) / chart.q for m, wj in zip(chart.shifts, w)))
                point += [_m(a)] + U + [B]
            val = sum(mpmath.mpf(int(co.numerator)) / int(co.denominator)
                      * mpmath.fprod(_m(x) ** e if isinstance(x, Fraction) else x ** e for x, e in zip(point, m)) for m, co in chart.F.terms())
            assert abs(val - direct) < mpmath.mpf(10) ** -25 * (1 + abs(direct))
            back = c([float(x) for x in point])
            assert all(abs(x - float(y)) < 1e-9 for x, y in zip(back, params))


def test_chart_exponents_nonnegative_and_names():
    p = parse_problem({"network": {"widths": [1, 1], "bias": True},
                       "data": {"inputs": [["-3/2"], ["1/3"], ["2"]], "targets": [[0], [1], [0]]},
                       "exp_neuron": {"l2": 1}})
    c = build_chart(p)
    assert c.q == 6 and c.shifts == [-9] and c.exponents == [(0,), (11,), (21,)]
    assert c.names == ["W1[1,1]", "b1[1]", "a[1]", "U[1,1]", "B[1]"]
    assert p.parameters == ["W1[1,1]", "b1[1]", "a[1]", "w[1,1]", "bexp[1]"]


def test_a_vanishes_identity():
    p = with_exp_neuron(load_problem(EXAMPLES / "chain3_l2.json"), "2/5")
    c = build_chart(p)
    a, B = c.gens[c.a_idx[0]], c.gens[c.B_idx[0]]
    assert a * c.F.diff(a) - B * c.F.diff(B) == c.R(p.exp_neuron.l2.numerator) / p.exp_neuron.l2.denominator * a * a


def test_failure_mode_certificate_and_family():
    p = parse_problem(FAILURE)
    cert = no_local_min_certificate(p)
    assert cert["claim"]["statement"] == "no_local_min"
    assert cert["hints"]["positive"] == [["1", [0, 0, 0, 0, 1]]]   # M = B[1]


def test_no_certificate_where_the_base_fits():
    """Where the base network fits each input there are local minima: no no_local_min certificate exists,
    and the search must say so (None), while the zero-loss certificate is found."""
    p = with_exp_neuron(load_problem(EXAMPLES / "chain2.json"))
    assert no_local_min_certificate(p) is None
    assert critical_global_certificate(p)["claim"]["statement"] == "critical_points_global"
    assert critical_global_certificate(parse_problem(FAILURE)) is None  # min L = 1/4 > L* = 0 there


def test_slice_refuses_a_zero_residual_point():
    p = with_exp_neuron(load_problem(EXAMPLES / "chain3_l2.json"))
    th = [Fraction(1), Fraction(1), Fraction(2)]          # w1 w2 w3 = 2 = y: every residual is 0
    assert slice_certificate(p, th) is None
    chart = build_chart(p, polynomial=False)
    assert not slice_gradient(chart, base_outputs(p, th), 0)
    assert slice_certificate(p, [Fraction(0)] * 3)["hints"]["coefficient"] == "-2"


def test_slice_grouped_inputs_cancel():
    """Two samples at the same input with residuals +1 and -1: P is zero (the per-input mean is fitted)."""
    p = parse_problem({"network": {"widths": [1, 1], "bias": True}, "data": {"inputs": [[1], [1]],
                       "targets": [[0], [2]]}, "exp_neuron": {"l2": 1}})
    assert slice_certificate(p, [Fraction(1), Fraction(0)]) is None
    assert slice_certificate(p, [Fraction(0), Fraction(0)]) is not None


def test_find_combination_not_found_is_none():
    p = parse_problem({"network": {"widths": [1, 1]}, "data": {"inputs": [[1]], "targets": [[1]]},
                       "exp_neuron": {"l2": 1}})
    c = build_chart(p)
    W, a, U, B = c.gens
    assert find_combination(c, [B * (W - 1), U * (W - 1)]) is None   # common zero W = 1 in the orthant
    cof, M = find_combination(c, [W - 1, W - 2])
    assert cof[0] * (W - 1) + cof[1] * (W - 2) == M


def test_gradient_descent_is_monotone_evidence():
    rec = gradient_descent(parse_problem(FAILURE), ["0", "1/2", "1/2", "0", "0"], steps=200, lr="1",
                           record=tuple(range(0, 201, 20)))
    losses = [float(r["loss"]) for r in rec]
    assert all(x >= y for x, y in zip(losses, losses[1:])) and losses[-1] < 0.02
    assert float(rec[-1]["w"][0]) > 1 and float(rec[-1]["a"][0]) < 0.5
    assert mpmath.mp.dps == 15


def test_classify_and_point_refuse_the_exp_neuron():
    from symlandscape.classify import classify
    from symlandscape.pointcheck import analyse_point
    p = parse_problem(FAILURE)
    with pytest.raises(ProblemError, match="exp_neuron"):
        classify(p)
    with pytest.raises(ProblemError, match="exp_neuron"):
        analyse_point(p, [Fraction(0)] * 5)
    from symlandscape.nonlinear.hunt import hunt
    relu = with_exp_neuron(load_problem(EXAMPLES / "swirszcz_prop1.json"))
    for run in (lambda: hunt(relu, restarts=1), lambda: analyse_point(relu, [Fraction(0)] * 7)):
        with pytest.raises(ProblemError, match="exp_neuron"):
            run()


@pytest.mark.parametrize("block, match", [
    ({"l2": "0"}, "must be positive"), ({"l2": "-1"}, "must be positive"), ({}, "missing"),
    ({"l2": "1", "scale": 1}, "unknown key"), ("1/10", "expected an object"), ({"l2": 0.1}, "float"),
])
def test_spec_errors(block, match):
    d = dict(FAILURE, exp_neuron=block)
    with pytest.raises(ProblemError, match=match) as exc:
        parse_problem(d)
    assert "exp_neuron" in str(exc.value)


def test_spec_round_trip():
    p = parse_problem(FAILURE)
    assert parse_problem(problem_to_dict(p)) == p
    assert problem_to_dict(p)["exp_neuron"] == {"l2": "1/10"}
    assert p.n_params == 5 and p.parameters[2:] == ["a[1]", "w[1,1]", "bexp[1]"]
