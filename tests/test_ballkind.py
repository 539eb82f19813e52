"""Tests of symlandscape.ballkind: certified ball inertia, real roots, symmetries, point kinds."""

import random
from fractions import Fraction
from types import SimpleNamespace

import pytest

flint = pytest.importorskip("flint")

from sympy import QQ  # noqa: E402
from sympy.polys.orderings import grevlex  # noqa: E402
from sympy.polys.rings import ring  # noqa: E402

from symlandscape.algebraic import AlgebraicField  # noqa: E402
from symlandscape.backends.base import RUR  # noqa: E402
from symlandscape.backends.instances import deep_linear  # noqa: E402
from symlandscape.backends.verify import count_real_roots, verify_rur  # noqa: E402
from symlandscape.ballkind import (BallValue, RealRoots, ball_inertia, classify_rur_points,  # noqa: E402
                                   sign_symmetries)
from symlandscape.inertia import Inertia, inertia  # noqa: E402


def _exact_inertia(M):
    K = AlgebraicField.rational(0)
    return inertia(K, [[K.from_rational(x) for x in row] for row in M])


def _balls(M):
    return [[flint.arb(flint.fmpq(x.numerator, x.denominator)) for x in row] for row in M]


def _random_symmetric(rng, n, rank=None):
    """A random rational symmetric matrix, of the given rank when asked (B D B^T)."""
    r = n if rank is None else rank
    B = [[Fraction(rng.randint(-5, 5), rng.randint(1, 4)) for _ in range(r)] for _ in range(n)]
    D = [Fraction(rng.choice([-1, 1]) * rng.randint(1, 6), rng.randint(1, 3)) for _ in range(r)]
    return [[sum(B[i][k] * D[k] * B[j][k] for k in range(r)) for j in range(n)] for i in range(n)]


def test_ball_inertia_agrees_with_exact_inertia_on_nonsingular_matrices():
    rng = random.Random(7)
    checked = 0
    for _ in range(60):
        n = rng.randint(1, 6)
        M = _random_symmetric(rng, n)
        exact = _exact_inertia(M)
        if exact.zero:
            continue
        assert ball_inertia(_balls(M)) == exact
        checked += 1
    assert checked > 30


def test_ball_inertia_refuses_singular_matrices():
    rng = random.Random(11)
    for _ in range(30):
        n = rng.randint(2, 6)
        M = _random_symmetric(rng, n, rank=rng.randint(0, n - 1))
        assert _exact_inertia(M).zero > 0
        assert ball_inertia(_balls(M)) is None


def test_ball_inertia_uses_two_by_two_pivots_and_refuses_wide_balls():
    zero = [[0, 1, 0], [1, 0, 0], [0, 0, -2]]
    assert ball_inertia(_balls([[Fraction(x) for x in r] for r in zero])) == Inertia(1, 2, 0)
    # a diagonal ball containing 0: the sign is not known, so no answer
    wide = [[flint.arb("0 +/- 1e-30"), flint.arb(0)], [flint.arb(0), flint.arb(1)]]
    assert ball_inertia(wide) is None


def test_real_roots_count_and_order_match_exact_isolation():
    T = flint.fmpz_poly([0, 1])
    chi = (T ** 3 - 2) * (T ** 2 - 3 * T + 1) * (T ** 4 + 1) * (5 * T - 7)
    R = RealRoots(chi)
    coeffs = [QQ(int(c)) for c in reversed(chi.coeffs())]
    assert len(R) == count_real_roots(coeffs) == 4
    mids = [float(b.mid()) for b in R.balls]
    assert mids == sorted(mids)
    for k in range(len(R)):
        lo, hi = R.interval(k)
        # the rational interval contains a root of chi: a sign change (or an exact root)
        f = flint.fmpq_poly(chi)
        assert f(flint.fmpq(lo.numerator, lo.denominator)) * f(flint.fmpq(hi.numerator, hi.denominator)) <= 0
    R.refine(400)
    assert all(b.rel_accuracy_bits() > 300 for b in R.balls)


def test_real_roots_rejects_a_square():
    T = flint.fmpz_poly([0, 1])
    from symlandscape.errors import SolverError
    with pytest.raises(SolverError):
        RealRoots((T - 1) ** 2 * (T + 2))


def test_sign_symmetries_are_exact_invariances():
    m = deep_linear([2, 2, 1])
    flips = sign_symmetries(m)
    assert len(flips) == 2  # one per hidden unit
    for idx in flips:
        names = [m.names[i] for i in idx]
        assert len(names) == 3  # two incoming weights, one outgoing
        sub = [(m.R.gens[i], -m.R.gens[i]) for i in idx]
        assert m.L.compose(sub) == m.L
    # a flip of a single weight is not a symmetry, and is not proposed
    assert all(len(f) > 1 for f in flips)


def _toy(L, R):
    n = R.ngens
    hess = [[L.diff(R.gens[i]).diff(R.gens[j]) for j in range(n)] for i in range(n)]
    return SimpleNamespace(n=n, names=[f"x{i + 1}" for i in range(n)], L=L, R=R,
                           hess=hess, grad=[L.diff(g) for g in R.gens])


def test_degenerate_point_is_undecided_and_the_minimum_is_global():
    # L = x^4/4 - x^3/3: critical points 0 (degenerate, L'' = 0) and 1 (the global minimum)
    R, x = ring("x", QQ, grevlex)
    L = x ** 4 / 4 - x ** 3 / 3
    model = _toy(L, R)
    rur = RUR(2, [1], [QQ(1), QQ(-1), QQ(0)], [[QQ(1), QQ(0)]])
    verify_rur(rur, model.grad, R)
    res = classify_rur_points(model, rur, "x^4 dominates: L is coercive")
    kinds = [(round(float(v.point.balls[0].mid()), 9), v.kind) for v in res.verdicts]
    assert kinds == [(0.0, "undecided"), (1.0, "global_min")]
    assert "could not be certified" in res.verdicts[0].reason
    assert res.gmin is not None and abs(float(res.gmin.ball.mid()) + 1 / 12) < 1e-12
    # without a proof that the infimum is attained, no global_min verdict is given
    res2 = classify_rur_points(model, rur, None)
    assert [v.kind for v in res2.verdicts] == ["undecided", "undecided"]


def test_local_min_local_max_and_saddle_from_balls():
    # L = x^4/4 - x^2/2 + x/4 + y^2/2 (one variable coupled trivially): 3 critical points in x
    R, x, y = ring("x,y", QQ, grevlex)
    L = x ** 4 / 4 - x ** 2 / 2 + x / 4 + y ** 2 / 2
    model = _toy(L, R)
    # points: y = 0, x a root of x^3 - x + 1/4
    rur = RUR(3, [1, 0], [QQ(1), QQ(0), QQ(-1), QQ(1, 4)], [[QQ(1), QQ(0)], []])
    verify_rur(rur, model.grad, R)
    res = classify_rur_points(model, rur, "coercive")
    kinds = [v.kind for v in res.verdicts]   # x ascending: global min, saddle (max in x), local min
    assert kinds == ["global_min", "strict_saddle", "local_min"]
    assert res.n_complex == 3
    assert all(not getattr(v, "certifiable", True) for v in res.verdicts)
    # maximisation: -L has a local max and no global minimum claim (not coercive)
    neg = _toy(-L, R)
    kinds = [v.kind for v in classify_rur_points(neg, rur, None).verdicts]
    assert kinds == ["local_max", "strict_saddle", "local_max"]


def test_ball_values_compare_exactly_or_by_orbit():
    a = BallValue(flint.arb(1), 0)
    b = BallValue(flint.arb(2), 1)
    c = BallValue(flint.arb("1 +/- 1e-9"), 0)
    assert a.compare(b) == -1 and b.compare(a) == 1
    assert a.compare(c) == 0  # same symmetry orbit: proved equal
    assert "enclosure" in a.json()


def test_equal_values_without_a_symmetry_leave_the_minimum_undecided():
    # L = (x^2 - 1)^2: minima at -1 and 1 with the same value 0; no sign-flip symmetry is
    # known to the engine (the parameter is not a network weight), so balls cannot prove equality
    R, x = ring("x", QQ, grevlex)
    model = _toy((x ** 2 - 1) ** 2, R)
    rur = RUR(3, [1], [QQ(1), QQ(0), QQ(-1), QQ(0)], [[QQ(1), QQ(0)]])
    verify_rur(rur, model.grad, R)
    res = classify_rur_points(model, rur, "coercive", max_prec=1 << 12)
    assert [v.kind for v in res.verdicts] == ["undecided", "local_max", "undecided"]
    assert res.gmin is None
    assert any("not decided" in n for n in res.notes)


def test_sign_flip_orbit_proves_equal_minima():
    # the regularised 2-chain: the two global minima are images under the hidden-unit flip
    m = deep_linear([1, 1, 1])
    from symlandscape.backends import get_backend
    from symlandscape.ballroute import route_available
    if not route_available():
        pytest.skip("msolve not installed")
    rur = get_backend("msolve").zero_dim_rur(list(m.grad), m.R)
    res = classify_rur_points(m, rur, "coercive")
    kinds = sorted(v.kind for v in res.verdicts)
    assert kinds == ["global_min", "global_min", "strict_saddle"]
    mins = [v for v in res.verdicts if v.kind == "global_min"]
    assert mins[0].value.orbit == mins[1].value.orbit


# the audit's finite family, seed 117 (docs/audit.md): a 2-chain with activation x^2, every weight regularised
EVEN_CHAIN = {"name": "audit-finite-117", "network": {"widths": [1, 1, 1], "activation": "polynomial",
                                                      "coefficients": ["0", "0", "1"]},
              "loss": {"kind": "squared", "scale": "1"}, "l2": [[["2/3"]], [["2/3"]]],
              "data": {"inputs": [["-3/2"], ["-2"], ["3"]], "targets": [["-1/2"], ["1/2"], ["1/2"]]}}


def test_sign_symmetries_of_an_even_activation_negate_incoming_weights():
    from symlandscape.loss import build_loss
    from symlandscape.spec import parse_problem
    m = build_loss(parse_problem(EVEN_CHAIN))
    assert sign_symmetries(m) == [(0,)]  # x^2: negating W1 alone leaves L invariant; the full flip does not
    odd = dict(EVEN_CHAIN, network=dict(EVEN_CHAIN["network"], coefficients=["0", "1", "1"]))
    assert sign_symmetries(build_loss(parse_problem(odd))) == []  # x + x^2: neither


def test_even_activation_minima_are_proved_equal_by_the_incoming_flip():
    # regression (ball route audit): without the incoming-weight flip the two minima +-w1 had
    # overlapping value balls in different orbits, so both stayed undecided (the exact route: global_min)
    from symlandscape.ballroute import route_available
    from symlandscape.classify import classify
    from symlandscape.spec import parse_problem
    if not route_available():
        pytest.skip("the ball route is not available")
    rep = classify(parse_problem(EVEN_CHAIN), route="balls")
    assert rep.n_complex == 9 and rep.gmin is not None
    assert sorted(v.kind for v in rep.points) == ["global_min", "global_min", "local_min", "strict_saddle",
                                                  "strict_saddle"]
    assert all(v.box_certificate is not None for v in rep.points)


def test_singular_hessian_with_both_signs_is_a_strict_saddle():
    """audit-finite-92 ([1,3,1], every weight regularised): the origin is a multiple critical point
    (dim Q[x]/I = 13, 11 points), so the route falls back to the RUR and the Hessian there is singular;
    ball arithmetic still certifies v^T H v < 0 < w^T H w, as the exact route's inertia (3, 2, 1) says."""
    from symlandscape.audit import random_problem
    from symlandscape.ballroute import route_available
    from symlandscape.classify import classify
    from symlandscape.spec import parse_problem
    if not route_available():
        pytest.skip("the ball route needs Singular or msolve")
    prob = parse_problem(random_problem(92, family="finite"))
    balls = classify(prob, route="balls")
    exact = classify(prob, route="exact")
    assert sorted(v.kind for v in balls.points) == sorted(v.kind for v in exact.points)
    assert "undecided" not in {v.kind for v in balls.points}
