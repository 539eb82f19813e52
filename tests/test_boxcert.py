"""Box-point certificates from the producer side (symlandscape.boxcert), checked by the checker."""

import pytest

flint = pytest.importorskip("flint")


from symlandscape.backends.instances import deep_linear  # noqa: E402
from symlandscape.boxcert import box_claim  # noqa: E402
from symlandscape.certificates import _header  # noqa: E402
from symlandscape.checker.verify import check_certificate  # noqa: E402
from symlandscape.krawczyk import PolySystem  # noqa: E402


def _cert(m, data):
    c = _header(m.problem, None)
    c["claim"], c["hints"] = data["claim"], data["hints"]
    return c


def _origin(m):
    return [flint.arb(0, 1e-9) for _ in range(m.n)]


def test_claims_must_match_the_proved_inertia():
    m = deep_linear([1, 1, 1])  # the origin of this regularised 2-chain is a strict saddle
    S = PolySystem(list(m.grad), [list(r) for r in m.hess])
    data = box_claim(m, S, _origin(m), "strict_saddle")
    assert check_certificate(_cert(m, data)).status == "VERIFIED"
    for wrong in ("local_min", "global_min", "local_max"):
        assert box_claim(m, S, _origin(m), wrong, better=[[0, 0]]) is None


def test_local_min_needs_a_better_point():
    m = deep_linear([1, 2, 2, 1])  # the origin is a local minimum here (l2 > data term)
    S = PolySystem(list(m.grad), [list(r) for r in m.hess])
    assert box_claim(m, S, _origin(m), "local_min") is None
    assert box_claim(m, S, _origin(m), "local_min", better=[[0] * m.n]) is None  # not smaller
    from symlandscape.classify import classify
    r = classify(m.problem, route="balls")
    g = next(v for v in r.points if v.kind == "global_min")
    from fractions import Fraction
    better = [[Fraction(float(b.mid())) for b in g.point.balls]]
    data = box_claim(m, S, _origin(m), "local_min", better=better)
    assert data is not None and "better_point" in data["hints"]
    assert check_certificate(_cert(m, data)).status == "VERIFIED"


def test_a_box_without_a_critical_point_gets_no_certificate():
    m = deep_linear([1, 1, 1])
    S = PolySystem(list(m.grad), [list(r) for r in m.hess])
    off = [flint.arb(0.25, 1e-9) for _ in range(m.n)]
    assert box_claim(m, S, off, "strict_saddle") is None
