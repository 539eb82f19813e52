"""``symlandscape point``: single points, including Achour et al. Theorem 7's pair."""

from fractions import Fraction

import pytest

from symlandscape.errors import PointError
from symlandscape.pointcheck import analyse_point, parse_point

from problems import chain, make_problem

F = Fraction


def achour():
    # H = 3 matrices, widths 2, X = I2, Y = diag(2, 1), no 1/2 (literature.md 2.3 / instance 24)
    return make_problem([2, 2, 2, 2], [[1, 0], [0, 1]], [[2, 0], [0, 1]], scale="1")


def achour_point(z):
    W1 = [2, 0, 0, 0]
    W2 = [1, 0, 0, z]
    W3 = [1, 0, 0, 0]
    return [F(x) for x in W1 + W2 + W3]


def test_achour_tightened_is_nonstrict():
    r = analyse_point(achour(), achour_point(0))
    assert r.critical and r.value.text() == "1"
    assert r.verdict.kind == "nonstrict_saddle"
    # literature: eigenvalues 5 -+ sqrt(13), 18 and nine zeros
    assert (r.verdict.inertia.pos, r.verdict.inertia.neg, r.verdict.inertia.zero) == (3, 0, 9)


def test_achour_not_tightened_is_strict():
    r = analyse_point(achour(), achour_point(1))
    assert r.verdict.kind == "strict_saddle"
    # literature: -2, 5 -+ sqrt(13), 2, 18 and seven zeros
    assert (r.verdict.inertia.pos, r.verdict.inertia.neg, r.verdict.inertia.zero) == (4, 1, 7)


def test_kawaguchi_h2_caveat():
    """(0, 0, c) on the 3-chain is strict (Hessian eig -c, c, 0), not 'Hessian zero' (literature 1.1 caveat)."""
    assert analyse_point(chain(3), [F(0), F(0), F(2)]).verdict.kind == "strict_saddle"
    assert analyse_point(chain(3), [F(0), F(0), F(0)]).verdict.kind == "nonstrict_saddle"
    assert analyse_point(chain(4), [F(0), F(0), F(0), F(-3)]).verdict.kind == "nonstrict_saddle"


def test_not_critical():
    r = analyse_point(chain(2), [F(1), F(2)])
    assert not r.critical and r.verdict is None
    assert r.gradient == [F(2), F(1)]


def test_bad_local_min_needs_no_full_solve():
    r = analyse_point(chain(3, x=1, y=2, l2=["1/10", "2/10", "3/10"]), [F(0)] * 3)
    assert r.verdict.kind == "local_min"
    assert "better_point" in r.verdict.hints


def test_parse_point_errors():
    with pytest.raises(PointError, match="has 2 coordinates but the problem has 3"):
        parse_point("0,0", 3, ["a", "b", "c"])
    with pytest.raises(PointError, match=r"--at\[1\] \(b\)"):
        parse_point("0,x,0", 3, ["a", "b", "c"])
