"""The exact engine against the literature's instances (../shared/literature.md section 5).

Expected numbers come from the papers or from the independent computations recorded in
literature.md, never from this program's earlier output.
"""

from fractions import Fraction

import numpy as np
import pytest

from symlandscape.classify import classify
from symlandscape.inertia import evaluate_matrix

from problems import chain, make_problem


def kinds_by_value(report):
    out = {}
    for s in report.strata:
        out.setdefault((s.dimension, s.value.text()), set()).add(s.kind)
    for v in report.points:
        out.setdefault((0, v.value.text()), set()).add(v.kind)
    return out


def point_kind(report, coords):
    coords = [str(Fraction(c)) for c in coords]
    for v in report.points:
        if v.point.json() == coords:
            return v.kind
    raise AssertionError(f"point {coords} not reported")


def test_chain2_hyperbola_and_origin():
    """Instance 1: L = 1/2 (w2 w1 - 1)^2: hyperbola w1 w2 = 1 global min; origin strict saddle, eig -1, 1."""
    r = classify(chain(2))
    assert r.complete
    assert r.gmin.text() == "0"
    (s,) = r.strata
    assert (s.dimension, s.kind, s.value.text()) == (1, "global_min", "0")
    assert [str(g.as_expr()) for g in s.equations] == ["W1[1,1]*W2[1,1] - 1"]
    (p,) = r.points
    assert p.kind == "strict_saddle" and p.value.text() == "1/2"
    H = evaluate_matrix(p.point, r.model.hess)
    eig = np.linalg.eigvalsh(np.array([[float(p.point.field.element_rational(x)) for x in row] for row in H]))
    assert np.allclose(sorted(eig), [-1, 1])  # independent float check of the exact verdict


def test_chain3_kawaguchi_bad_saddle():
    """Instance 2: {w1w2w3 = 1} global; points with two zero coordinates strict; origin non-strict."""
    r = classify(chain(3))
    assert r.complete
    got = kinds_by_value(r)
    assert got[(2, "0")] == {"global_min"}
    assert got[(1, "1/2")] == {"strict_saddle"}
    assert point_kind(r, [0, 0, 0]) == "nonstrict_saddle"
    lines = [s for s in r.strata if s.dimension == 1]
    assert len(lines) == 3  # the three coordinate axes, each minus the origin
    for s in lines:
        assert len(s.excluded) == 1 and len(s.excluded[0].terms()) == 1


def test_chain4_nonstrict_line():
    """Instance 3: (0, 0, 0, c) is a non-strict saddle for every c."""
    r = classify(chain(4))
    assert r.complete
    line = [s for s in r.strata if s.dimension == 1 and {str(g.as_expr()) for g in s.equations}
            == {"W1[1,1]", "W2[1,1]", "W3[1,1]"}]
    assert line and line[0].kind == "nonstrict_saddle"
    assert point_kind(r, [0, 0, 0, 0]) == "nonstrict_saddle"


def test_bottleneck_212_values():
    """Instance 4: X = I2, Y = diag(2, 1), widths (2,1,2): 1/2 global, 2 strict saddle, 5/2 strict at W = 0."""
    r = classify(make_problem([2, 1, 2], [[1, 0], [0, 1]], [[2, 0], [0, 1]]))
    assert r.complete and r.gmin.text() == "1/2" and r.gmin_method == "eckart_young"
    got = kinds_by_value(r)
    assert got[(1, "1/2")] == {"global_min"}
    assert got[(1, "2")] == {"strict_saddle"}
    assert point_kind(r, [0, 0, 0, 0]) == "strict_saddle"
    assert {v for (_, v) in got} == {"1/2", "2", "5/2"}


def test_bottleneck_2112_zero_is_nonstrict():
    """Instance 5: widths (2,1,1,2): W = 0 non-strict saddle with value 5/2; minimum 1/2."""
    r = classify(make_problem([2, 1, 1, 2], [[1, 0], [0, 1]], [[2, 0], [0, 1]]))
    assert r.complete and r.gmin.text() == "1/2"
    assert point_kind(r, [0] * 5) == "nonstrict_saddle"
    assert all(s.kind != "undecided" for s in r.strata)


@pytest.mark.parametrize("n,complex_count,real_count", [(2, 5, 3), (3, 17, 9), (4, 49, 17)])
def test_regularised_chain_counts(n, complex_count, real_count):
    """Instances 8-10: 1 + 2^n (n - 1) complex critical points; real counts 3, 9, 17 (x = 1, y = 2)."""
    assert complex_count == 1 + 2 ** n * (n - 1)
    l2 = [str(Fraction(k, 10)) for k in range(1, n + 1)]
    r = classify(chain(n, x=1, y=2, l2=l2))
    assert r.complete and r.finite
    assert r.n_complex == complex_count
    assert len(r.points) == real_count


def test_regularised_chain3_origin_is_bad_local_min():
    """Instance 9: origin strict non-global local min (L = 2); 4 global minima L ~ 0.42200927; 4 saddles ~ 2.0007503."""
    r = classify(chain(3, x=1, y=2, l2=["1/10", "2/10", "3/10"]))
    assert point_kind(r, [0, 0, 0]) == "local_min"
    by = {}
    for v in r.points:
        by.setdefault(v.kind, []).append(float(v.value.approx(20)))
    assert len(by["global_min"]) == 4 and all(abs(x - 0.42200927) < 1e-7 for x in by["global_min"])
    assert len(by["strict_saddle"]) == 4 and all(abs(x - 2.0007503) < 1e-6 for x in by["strict_saddle"])
    assert by["local_min"] == [2.0]


def test_regularised_chain2_values():
    """Instance 8: n = 2, lambda = (1/10, 2/10): global minima L ~ 0.27284271 at +-(1.62124, 1.14639)."""
    r = classify(chain(2, x=1, y=2, l2=["1/10", "2/10"]))
    mins = [v for v in r.points if v.kind == "global_min"]
    assert len(mins) == 2
    for v in mins:
        assert abs(float(v.value.approx(20)) - 0.27284271) < 1e-7
        assert np.allclose(sorted(abs(float(x)) for x in v.point.approx(20)), [1.14639, 1.62124], atol=1e-5)
    assert point_kind(r, [0, 0]) == "strict_saddle"


_SLOW = pytest.mark.slow


@pytest.mark.parametrize("d,dx,dy,expected", [
    (1, 1, 1, 5), (1, 2, 1, 5), (1, 3, 1, 5), (1, 1, 2, 9), (1, 2, 2, 9), (1, 3, 2, 9), (1, 1, 3, 13),
    (1, 2, 3, 13), (2, 1, 1, 9), (2, 2, 1, 9), (2, 3, 1, 9), (3, 1, 1, 13),
    pytest.param(2, 1, 2, 33, marks=_SLOW), pytest.param(2, 2, 2, 33, marks=_SLOW),
    pytest.param(2, 1, 3, 73, marks=_SLOW)])
def test_bharadwaj_table_h1(d, dx, dy, expected):
    """Bharadwaj thesis Table 3.1 (H = 1, one sample, generic data and per-weight l2): N_C for N <= 8."""
    import random
    rng = random.Random(1000 * d + 10 * dx + dy)
    rnd = lambda: str(Fraction(rng.randint(1, 97), rng.randint(1, 97)))
    l2 = [[[rnd() for _ in range(dx)] for _ in range(d)], [[rnd() for _ in range(d)] for _ in range(dy)]]
    p = make_problem([dx, d, dy], [[rnd() for _ in range(dx)]], [[rnd() for _ in range(dy)]], l2=l2)
    r = classify(p)
    assert r.complete and r.finite and r.n_complex == expected


@pytest.mark.parametrize("make", [lambda: chain(3), lambda: make_problem([2, 1, 1, 2], [[1, 0], [0, 1]], [[2, 0], [0, 1]]),
                                  lambda: chain(3, x=1, y=2, l2=["1/10", "2/10", "3/10"])])
def test_backends_agree_on_classification(make):
    """Every installed engine gives the same strata, points and kinds (design: the seam is exact)."""
    from symlandscape.backends import available_backends
    from symlandscape.solve import using_backend

    def summary(rep):
        return (sorted((s.dimension, s.kind, s.value.text(), tuple(sorted(str(g) for g in s.equations)))
                       for s in rep.strata),
                sorted((v.kind, v.value.text(), str(v.point.approx(15))) for v in rep.points), rep.n_complex)

    results = {}
    for name in available_backends():
        with using_backend(name):
            results[name] = summary(classify(make()))
    base = results.pop("sympy")
    for name, res in results.items():
        assert res == base, name


def test_linear_bias_regularised_global_min_by_least_critical_value(tmp_path):
    """Linear network, biases, every weight l2 > 0: the output bias absorbs the offset, so the
    infimum is attained (globalmin.infimum_attained) and the least critical value is the global
    minimum. With l2 = 1 the zero-weight family (value sum (y - mean y)^2 = 9/8) is global."""
    from symlandscape.checker import CONDITIONAL, check_certificate
    from symlandscape.certificates import stratum_certificates
    from symlandscape.loss import build_loss
    from symlandscape.spec import parse_problem
    obj = {"network": {"widths": [1, 2, 1], "activation": "linear", "bias": True},
           "loss": {"kind": "squared", "scale": "1"}, "l2": "1",
           "data": {"inputs": [["2/3"], ["1"]], "targets": [["-1/2"], ["1"]]}}
    problem = parse_problem(obj)
    r = classify(problem)
    assert r.gmin.text() == "9/8" and r.gmin_method == "least_critical_value"
    assert [(s.kind, s.value.text()) for s in r.strata] == [("global_min", "9/8")]
    cert = stratum_certificates(build_loss(problem), r.strata[0], timestamp=False)[0]
    assert check_certificate(cert).status == CONDITIONAL
    # the same certificate for a polynomial activation is refused: biases can escape to infinity
    cert["problem"]["network"]["activation"] = "polynomial"
    cert["problem"]["network"]["coefficients"] = ["0", "1"]
    assert "biases and every l2 > 0" in check_certificate(cert).message


def test_least_squares_bound_with_regularisation():
    """l2 >= 0 only adds to the data term, so the least-squares value still bounds L: with x = 0
    the network outputs 0 and W1 = 0 attains L = scale * y^2 = 8/25 (a global minimum)."""
    from symlandscape.spec import parse_problem
    r = classify(parse_problem({"network": {"widths": [1, 1, 1]}, "l2": ["1/5", "0"],
                                "data": {"inputs": [[0]], "targets": [["4/5"]]}}))
    assert r.gmin.text() == "8/25" and r.gmin_method == "least_squares"
    assert [(s.kind, s.value.text()) for s in r.strata] == [("global_min", "8/25")]
