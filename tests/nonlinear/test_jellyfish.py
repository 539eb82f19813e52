"""Jellyfish (Swirszcz et al. 2016, Table 1): the vectorised GD agrees with the per-run backpropagation."""

import numpy as np

from symlandscape.nonlinear import jellyfish as J
from symlandscape.nonlinear.numeric import NumericLoss, gradient_descent


def test_vectorised_gd_matches_backprop():
    """Run 1 of train's batch, redone with NumericLoss (sum loss: step lr / 4 = mean-loss step lr)."""
    for h, act, seed in ((2, "relu", 3), (3, "sigmoid", 5), (4, "relu", 7)):
        W, b, v, c = J.train(h, act, runs=1, steps=300, lr=0.1, seed=seed, std=1.0)
        rng = np.random.default_rng(seed)
        x0 = np.concatenate([rng.normal(0, 1, (h, 2)).ravel(), rng.normal(0, 1, h), rng.normal(0, 1, h),
                             rng.normal(0, 1, 1)])
        x = gradient_descent(NumericLoss(J.jellyfish_problem(h, act)), x0, 0.1 / 4, 300)
        assert np.allclose(x, np.concatenate([W[0].ravel(), b[0], v[0], c]), atol=1e-9)


def test_rates_deterministic_and_increasing_with_width():
    a = J.success_rate(2, "relu", runs=60, steps=2000, lr=0.05, seed=0)
    assert a == J.success_rate(2, "relu", runs=60, steps=2000, lr=0.05, seed=0)
    assert a < J.success_rate(7, "relu", runs=60, steps=2000, lr=0.05, seed=0)


def test_table_lists_the_paper_row():
    t = J.table(runs=2, protocols=[("squared", 1.0, 0.05, 10)])
    assert "| **paper, Table 1 (GD)** | 16 | 33 | 66 | 68 | 69 | 86 | 62 | 100 |" in t
