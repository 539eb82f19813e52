"""Shen 2018: exact-learning identities (exact) and Gauss-Newton rates (evidence, mpmath)."""

import mpmath
import pytest

from symlandscape.theorems.shen2018 import FOUR_REGION_POINTS, gauss_newton_four_region, gauss_newton_xor


def _ratios(hist):
    return [r for _k, _e, r in hist if r is not None]


@pytest.mark.slow
def test_four_region_quadratic_rate():
    """10 points, [2,10,10,4]: once close, e_{k+1} / e_k^2 stays bounded while e_k falls below 1e-50
    (literature.md section 1.2, [COMPUTED] 0.317 -> 1.06e-3 -> 2.8e-8 -> 6.3e-17 -> 1.6e-27 in E)."""
    assert len(FOUR_REGION_POINTS) == 10
    hf, hm = gauss_newton_four_region(dps=80, mp_iters=5)
    assert hf[-1] < 1e-3
    assert hm[-1][1] < mpmath.mpf("1e-50")
    assert all(r < 10 for r in _ratios(hm))


def test_xor_without_exact_learning_stalls():
    """[2,1,1] cannot fit XOR: the residual stays bounded away from zero."""
    hist = gauss_newton_xor(widths=(2, 1, 1), dps=30, iterations=20, delta="1e-2")
    assert hist[-1][1] > mpmath.mpf("0.1")
