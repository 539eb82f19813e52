"""The exact loss of a problem, its gradient and Hessian, as polynomials over QQ.

For linear and polynomial activations the loss is a polynomial in the parameters
``theta`` (design.md 3.2 order). Arithmetic uses sympy's sparse polynomial rings
(``sympy.polys.rings``), so every coefficient is an exact rational.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from sympy import QQ, Symbol
from sympy.polys.orderings import grevlex
from sympy.polys.rings import PolyElement, PolyRing, ring

from .errors import ProblemError
from .spec import Problem

__all__ = ["LossModel", "build_loss", "refuse_exp_neuron"]


def refuse_exp_neuron(problem: Problem, what: str) -> None:
    """Raise a clear error when ``problem`` carries the exponential neuron (not polynomial).

    The Kawaguchi-Kaelbling neuron is analysed by :mod:`symlandscape.expneuron` (exact
    route through the substitution ``U = exp(w/q)``, ``B = exp(b)``), not by classify/point.
    """
    if getattr(problem, "exp_neuron", None) is not None:
        raise ProblemError("exp_neuron", f"{what} does not handle the exponential neuron (the loss is not "
                           "polynomial in w, bexp)", None, "use symlandscape.expneuron (see docs/expneuron.md), "
                           "or drop exp_neuron to analyse the base network")


def _qq(q: Fraction):
    return QQ(q.numerator, q.denominator)


@dataclass
class LossModel:
    """Exact loss ``L(theta)`` with gradient and Hessian.

    Attributes
    ----------
    problem : Problem
    R : PolyRing
        The ring QQ[theta] (grevlex order).
    theta : tuple of PolyElement
        The parameters as ring generators, in design.md 3.2 order.
    L : PolyElement
    grad : list of PolyElement
    outputs : list of list of PolyElement
        The network's outputs, one list per sample.
    """

    problem: Problem
    R: PolyRing
    theta: tuple
    L: PolyElement
    grad: list
    outputs: list = field(default_factory=list, repr=False)
    _hess: list | None = field(default=None, repr=False)

    @property
    def names(self) -> list[str]:
        return self.problem.parameters

    @property
    def n(self) -> int:
        return len(self.theta)

    @property
    def hess(self) -> list[list[PolyElement]]:
        """The Hessian matrix of polynomials (computed once)."""
        if self._hess is None:
            n = self.n
            H = [[None] * n for _ in range(n)]
            for i in range(n):
                for j in range(i, n):
                    H[i][j] = H[j][i] = self.grad[i].diff(self.theta[j])
            self._hess = H
        return self._hess


def _forward(problem: Problem, R: PolyRing, theta, inputs=None) -> list:
    """Network outputs, one list of polynomials per sample (``inputs``: rows of ring elements
    instead of the problem's data, e.g. variables for the input)."""
    net = problem.network
    w = net.widths
    weights, biases = [], []
    k = 0
    for l in range(1, len(w)):
        W = [[theta[k + i * w[l - 1] + j] for j in range(w[l - 1])] for i in range(w[l])]
        k += w[l] * w[l - 1]
        b = None
        if net.bias:
            b = [theta[k + i] for i in range(w[l])]
            k += w[l]
        weights.append(W)
        biases.append(b)
    coeffs = [_qq(c) for c in net.coefficients] if net.activation == "polynomial" else None
    outputs = []
    for x in (problem.inputs if inputs is None else inputs):
        h = [R(_qq(v)) for v in x] if inputs is None else list(x)
        for l, (W, b) in enumerate(zip(weights, biases), start=1):
            z = []
            for i in range(len(W)):
                s = R.zero
                for j, hj in enumerate(h):
                    if hj:
                        s += W[i][j] * hj
                if b is not None:
                    s += b[i]
                z.append(s)
            if l < len(weights) and coeffs is not None:
                z = [_horner(coeffs, zi, R) for zi in z]
            h = z
        outputs.append(h)
    return outputs


def _horner(coeffs, z, R):
    acc = R(coeffs[-1])
    for c in reversed(coeffs[:-1]):
        acc = acc * z + c
    return acc


def build_loss(problem: Problem) -> LossModel:
    """Build the exact loss of a problem.

    ``L = scale * sum_i sum_k w_ik (f_k(x_i) - y_ik)^p + sum_w (l2_w / 2) w^2`` (see
    :class:`~symlandscape.spec.Loss`; p = 2 and w = 1 for the squared loss).

    Examples
    --------
    >>> from symlandscape.spec import parse_problem
    >>> p = parse_problem({"network": {"widths": [1, 1, 1]}, "data": {"inputs": [[1]], "targets": [[1]]}})
    >>> m = build_loss(p)
    >>> m.L
    1/2*W1[1,1]**2*W2[1,1]**2 - W1[1,1]*W2[1,1] + 1/2
    >>> m.grad[0]
    W1[1,1]*W2[1,1]**2 - W2[1,1]
    >>> q = parse_problem({"network": {"widths": [1, 1]}, "loss": {"kind": "power", "p": 4, "scale": "1"},
    ...                    "data": {"inputs": [[1]], "targets": [[1]]}})
    >>> build_loss(q).L
    W1[1,1]**4 - 4*W1[1,1]**3 + 6*W1[1,1]**2 - 4*W1[1,1] + 1
    """
    refuse_exp_neuron(problem, "the polynomial engine")
    if problem.network.activation not in ("linear", "polynomial"):
        raise ProblemError("network.activation", "the polynomial engine handles linear and polynomial activations",
                           problem.network.activation)
    names = problem.parameters
    R, *theta = ring([Symbol(s) for s in names], QQ, grevlex)
    outputs = _forward(problem, R, theta)
    loss = problem.loss
    L = R.zero
    for i, (out, y) in enumerate(zip(outputs, problem.targets)):
        for k, (o, yi) in enumerate(zip(out, y)):
            r = o - _qq(yi)
            L += _qq(loss.weight(i, k)) * r ** loss.p
    L = L * _qq(loss.scale)
    for t, lam in zip(theta, problem.l2_per_parameter()):
        if lam:
            L += _qq(lam) / 2 * t * t
    grad = [L.diff(t) for t in theta]
    return LossModel(problem, R, tuple(theta), L, grad, outputs)
