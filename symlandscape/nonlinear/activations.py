"""Activations of nonlinear networks and their derivatives.

ReLU-type: ``h(x) = max(s+ x, 0) + min(s- x, 0)`` (Yun, Sra, Jadbabaie 2019, Theorem 1;
ReLU is ``s+ = 1, s- = 0``). Smooth: sigmoid ``1/(1+e^-x)``, tanh, and the bent identity
``(sqrt(x^2+1) - 1)/2 + x`` of Shen (CVPR 2018).
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np

from ..spec import PIECEWISE_ACTIVATIONS, SMOOTH_ACTIVATIONS

__all__ = ["is_nonlinear", "is_piecewise", "is_smooth", "slope", "exact_act", "np_act", "mp_act"]


def is_piecewise(problem) -> bool:
    """ReLU-type activation (piecewise polynomial loss)."""
    return problem.network.activation in PIECEWISE_ACTIVATIONS


def is_smooth(problem) -> bool:
    """Sigmoid, tanh or bent identity (transcendental loss)."""
    return problem.network.activation in SMOOTH_ACTIVATIONS


def is_nonlinear(problem) -> bool:
    """True when the loss is not a polynomial (the engine of symlandscape.loss does not apply).

    >>> from symlandscape.spec import parse_problem
    >>> is_nonlinear(parse_problem({"network": {"widths": [1, 1, 1], "activation": "relu"},
    ...                             "data": {"inputs": [[1]], "targets": [[1]]}}))
    True
    """
    return is_piecewise(problem) or is_smooth(problem)


def slope(slopes, z) -> Fraction:
    """The slope of a ReLU-type activation at a pre-activation ``z != 0`` (s+ or s-)."""
    return slopes[0] if z > 0 else slopes[1]


def exact_act(slopes, z: Fraction) -> Fraction:
    """Exact value of ``max(s+ z, 0) + min(s- z, 0)``.

    >>> exact_act((Fraction(1), Fraction(1, 10)), Fraction(-3))
    Fraction(-3, 10)
    """
    return slopes[0] * z if z > 0 else slopes[1] * z


def np_act(problem):
    """(h, h', h'') as numpy functions (search only; never a verdict)."""
    a = problem.network.activation
    if a in PIECEWISE_ACTIVATIONS:
        sp, sm = (float(s) for s in problem.network.slopes)
        return (lambda z: np.where(z > 0, sp * z, sm * z), lambda z: np.where(z > 0, sp, sm),
                lambda z: np.zeros_like(z))
    if a == "sigmoid":
        def s(z):
            return 0.5 * (1 + np.tanh(0.5 * z))
        return s, lambda z: s(z) * (1 - s(z)), lambda z: s(z) * (1 - s(z)) * (1 - 2 * s(z))
    if a == "tanh":
        return np.tanh, lambda z: 1 - np.tanh(z) ** 2, lambda z: -2 * np.tanh(z) * (1 - np.tanh(z) ** 2)
    if a == "bent_identity":
        return (lambda z: (np.sqrt(z * z + 1) - 1) / 2 + z, lambda z: z / (2 * np.sqrt(z * z + 1)) + 1,
                lambda z: 0.5 / (z * z + 1) ** 1.5)
    raise ValueError(a)


def mp_act(activation: str, ctx=mpmath.mp):
    """(h, h', h'') for an mpmath context: ``mpmath.mp`` (evidence) or ``mpmath.iv`` (intervals).

    Every formula is monotone-safe for interval evaluation (inclusion isotonic).

    >>> h, d, dd = mp_act("tanh")
    >>> float(d(0))
    1.0
    """
    if activation == "sigmoid":
        def s(z):
            return 1 / (1 + ctx.exp(-z))
        return s, lambda z: s(z) * (1 - s(z)), lambda z: s(z) * (1 - s(z)) * (1 - 2 * s(z))
    if activation == "tanh":
        def t(z):
            return ctx.tanh(z) if ctx is mpmath.mp else 2 / (1 + ctx.exp(-2 * z)) - 1
        return t, lambda z: 1 - t(z) ** 2, lambda z: -2 * t(z) * (1 - t(z) ** 2)
    if activation == "bent_identity":
        return (lambda z: (ctx.sqrt(z * z + 1) - 1) / 2 + z, lambda z: z / (2 * ctx.sqrt(z * z + 1)) + 1,
                lambda z: 1 / (2 * ctx.sqrt(z * z + 1) ** 3))
    raise ValueError(activation)
