"""Test and benchmark instances: gradients of deep linear network losses.

Every instance is a symlandscape problem (:func:`symlandscape.spec.parse_problem`)
with exact, seeded random rational data, built with :func:`symlandscape.loss.build_loss`;
the critical points are the zeros of ``model.grad`` in ``model.R``.
"""

from __future__ import annotations

import random

from ..loss import LossModel, build_loss
from ..spec import parse_problem

__all__ = ["deep_linear", "scalar_chain", "scalar_chain_count"]


def _rq(rng: random.Random, lo: int, hi: int, dlo: int, dhi: int) -> str:
    return f"{rng.randint(lo, hi)}/{rng.randint(dlo, dhi)}"


def deep_linear(widths, seed: int = 1, samples: int = 1, l2: str | None = "per-weight") -> LossModel:
    """Deep linear network ``W_H+1 ... W_1`` with seeded random rational data.

    Parameters
    ----------
    widths : list of int
        ``[dx, hidden..., dy]``.
    seed : int
    samples : int
        Number of data points (entries in [1/9, 9]).
    l2 : {"per-weight", "per-layer", None}
        One generic l2 weight per weight (critical points isolated), one per layer,
        or no regularisation.

    Examples
    --------
    >>> m = deep_linear([1, 2, 1])
    >>> m.n, len(m.grad)
    (4, 4)
    """
    rng = random.Random(seed)
    inputs = [[_rq(rng, 1, 9, 1, 9) for _ in range(widths[0])] for _ in range(samples)]
    targets = [[_rq(rng, 1, 9, 1, 9) for _ in range(widths[-1])] for _ in range(samples)]
    layers = range(1, len(widths))
    if l2 == "per-weight":
        reg = [[[_rq(rng, 1, 20, 10, 40) for _ in range(widths[k - 1])] for _ in range(widths[k])] for k in layers]
    elif l2 == "per-layer":
        reg = [_rq(rng, 1, 20, 10, 40) for _ in layers]
    elif l2 is None:
        reg = "0"
    else:
        raise ValueError(f"l2 must be 'per-weight', 'per-layer' or None, not {l2!r}")
    problem = parse_problem({"name": f"deep-linear-{widths}", "network": {"widths": list(widths)},
                             "data": {"inputs": inputs, "targets": targets}, "l2": reg})
    return build_loss(problem)


def scalar_chain(n: int, seed: int = 1, l2: str | None = "per-layer") -> LossModel:
    """Scalar chain ``w_n ... w_1`` (widths all 1), one sample."""
    return deep_linear([1] * (n + 1), seed=seed, l2=l2)


def scalar_chain_count(n: int) -> int:
    """Complex critical points of the regularised scalar n-chain: ``1 + 2^n (n - 1)``.

    Examples
    --------
    >>> [scalar_chain_count(n) for n in (2, 3, 4)]
    [5, 17, 49]
    """
    return 1 + 2 ** n * (n - 1)
