"""Floating-point loss and gradient of nonlinear networks (search only, never a verdict).

numpy backpropagation for any depth; scipy's L-BFGS for local optimisation.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

from .activations import np_act

__all__ = ["NumericLoss", "local_opt"]


class NumericLoss:
    """``L`` and ``grad L`` in float64 for a problem (any depth, any activation of this package).

    >>> from symlandscape.spec import parse_problem
    >>> p = parse_problem({"network": {"widths": [1, 1, 1], "activation": "relu", "bias": True},
    ...                    "loss": {"kind": "squared", "scale": "1"},
    ...                    "data": {"inputs": [["5"], ["4"], ["3"], ["1"], ["-1"]],
    ...                             "targets": [["2"], ["1"], ["0"], ["-3"], ["3"]]}})
    >>> NumericLoss(p).loss(np.array([1., -3., 1., 0.]))   # Swirszcz et al. 2016, Prop. 1
    18.0
    """

    def __init__(self, problem):
        self.problem = problem
        self.w = problem.network.widths
        self.bias = problem.network.bias
        self.X = np.array([[float(v) for v in x] for x in problem.inputs])
        self.Y = np.array([[float(v) for v in y] for y in problem.targets])
        self.scale = float(problem.loss.scale)
        self.l2 = np.array([float(v) for v in problem.l2_per_parameter()])
        self.h, self.dh, _ = np_act(problem)
        self.n = problem.n_params

    def _layers(self, theta):
        w, pos, out = self.w, 0, []
        for l in range(1, len(w)):
            W = theta[pos: pos + w[l] * w[l - 1]].reshape(w[l], w[l - 1])
            pos += w[l] * w[l - 1]
            b = theta[pos: pos + w[l]] if self.bias else np.zeros(w[l])
            pos += w[l] if self.bias else 0
            out.append((W, b))
        return out

    def loss_grad(self, theta):
        """(L, grad L) at a float vector."""
        layers = self._layers(theta)
        a, cache = self.X, []
        for k, (W, b) in enumerate(layers):
            z = a @ W.T + b
            cache.append((a, z))
            a = self.h(z) if k < len(layers) - 1 else z
        r = a - self.Y
        L = self.scale * float(np.sum(r * r)) + 0.5 * float(np.sum(self.l2 * theta * theta))
        g = []
        delta = 2 * self.scale * r
        for k in range(len(layers) - 1, -1, -1):
            W, b = layers[k]
            a_in, z = cache[k]
            if k < len(layers) - 1:
                delta = delta * self.dh(z)
            gW, gb = delta.T @ a_in, delta.sum(axis=0)
            g.append(np.concatenate([gW.ravel(), gb]) if self.bias else gW.ravel())
            delta = delta @ W
        grad = np.concatenate(g[::-1]) + self.l2 * theta
        return L, grad

    def loss(self, theta) -> float:
        """L at a float vector."""
        return self.loss_grad(np.asarray(theta, dtype=float))[0]


def local_opt(nl: NumericLoss, x0, gtol: float = 1e-12, maxiter: int = 3000):
    """L-BFGS from ``x0``; returns (x, L, |grad|)."""
    with np.errstate(all="ignore"):
        r = minimize(nl.loss_grad, np.asarray(x0, dtype=float), jac=True, method="L-BFGS-B",
                     options={"gtol": gtol, "ftol": 1e-15, "maxiter": maxiter, "maxcor": 30})
        L, g = nl.loss_grad(r.x)
    return r.x, L, float(np.max(np.abs(g)))


def gradient_descent(nl: NumericLoss, x0, lr: float, steps: int):
    """Plain gradient descent (the baseline of Swirszcz et al., Table 1)."""
    x = np.asarray(x0, dtype=float).copy()
    with np.errstate(all="ignore"):
        for _ in range(steps):
            _, g = nl.loss_grad(x)
            x -= lr * g
    return x
