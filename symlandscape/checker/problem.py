"""The problem embedded in a certificate, and the loss rebuilt from it.

``L(theta) = scale * sum_i ||f(x_i) - y_i||^2 + sum over weights w of (l2_w / 2) w^2`` with
``f(x) = W_H h(... h(W_1 x + b_1) ...) + b_H`` (h on hidden layers only). The forward pass
is written once, generically: run on Fractions or field elements it gives ``L(point)``;
run on :class:`~symlandscape.checker.polys.Poly` variables it gives ``L`` as a polynomial.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .base import MAX_PARAMS, CheckError, LimitError, parse_rational
from .linalg import solve
from .polys import Poly

__all__ = ["Problem", "parse_problem", "parameter_names", "loss_at", "LossModel", "least_squares_min"]

_TOP = {"name", "description", "network", "loss", "l2", "data"}
_NETWORK = {"widths", "activation", "bias", "coefficients"}


@dataclass(frozen=True)
class Problem:
    """A network, exact data and the squared loss (the checker's own copy of the model).

    Attributes
    ----------
    widths : tuple of int
        Input, hidden..., output widths.
    activation : str
        ``"linear"`` or ``"polynomial"``.
    coefficients : tuple of Fraction
        ``h(x) = c0 + c1 x + ...`` (``(0, 1)`` for linear).
    bias : bool
    scale : Fraction
    l2 : tuple
        One matrix per layer shaped like the weight matrix.
    inputs, targets : tuple of tuple of Fraction
        One row per sample.
    """

    widths: tuple
    activation: str
    coefficients: tuple
    bias: bool
    scale: Fraction
    l2: tuple
    inputs: tuple
    targets: tuple

    @property
    def n_params(self) -> int:
        return len(parameter_names(self.widths, self.bias))

    @property
    def names(self) -> list[str]:
        return parameter_names(self.widths, self.bias)

    def l2_per_parameter(self) -> list[Fraction]:
        """l2 weight of every parameter in order (0 for biases)."""
        out = []
        for l in range(1, len(self.widths)):
            for row in self.l2[l - 1]:
                out.extend(row)
            if self.bias:
                out.extend([Fraction(0)] * self.widths[l])
        return out

    def weight_l2(self) -> list[Fraction]:
        """l2 weights of the weights only (biases excluded)."""
        return [x for layer in self.l2 for row in layer for x in row]


def parameter_names(widths, bias: bool) -> list[str]:
    """Parameter names in certificate order.

    Examples
    --------
    >>> parameter_names((2, 1, 1), True)
    ['W1[1,1]', 'W1[1,2]', 'b1[1]', 'W2[1,1]', 'b2[1]']
    """
    names = []
    for l in range(1, len(widths)):
        for i in range(widths[l]):
            for j in range(widths[l - 1]):
                names.append(f"W{l}[{i + 1},{j + 1}]")
        if bias:
            names.extend(f"b{l}[{i + 1}]" for i in range(widths[l]))
    return names


def _obj(value, where: str, allowed: set, required: tuple = ()) -> dict:
    if not isinstance(value, dict):
        raise CheckError(f"{where}: expected an object")
    for key in value:
        if key not in allowed:
            raise CheckError(f"{where}: unknown key {key!r}")
    for key in required:
        if key not in value:
            raise CheckError(f"{where}.{key}: missing")
    return value


def _rows(value, where: str, cols: int) -> tuple:
    if not isinstance(value, list) or not value:
        raise CheckError(f"{where}: expected a non-empty list of rows")
    out = []
    for i, row in enumerate(value):
        if not isinstance(row, list) or len(row) != cols:
            raise CheckError(f"{where}[{i}]: expected a list of {cols} rationals")
        out.append(tuple(parse_rational(x, f"{where}[{i}][{j}]") for j, x in enumerate(row)))
    return tuple(out)


def parse_problem(obj) -> Problem:
    """Read the ``problem`` object of a certificate.

    Unknown keys are rejected (an ignored key could change the loss). ``l2`` may be one
    rational, one per layer, or one matrix per layer (the canonical form).

    Examples
    --------
    >>> p = parse_problem({"network": {"widths": [1, 1, 1], "activation": "linear", "bias": False},
    ...                    "loss": {"kind": "squared", "scale": "1/2"}, "l2": [[["0"]], [["0"]]],
    ...                    "data": {"inputs": [["1"]], "targets": [["1"]]}})
    >>> p.names, p.scale
    (['W1[1,1]', 'W2[1,1]'], Fraction(1, 2))
    """
    obj = _obj(obj, "problem", _TOP, ("network", "loss", "data"))
    net = _obj(obj["network"], "problem.network", _NETWORK, ("widths", "activation", "bias"))
    widths = net["widths"]
    if not isinstance(widths, list) or len(widths) < 2:
        raise CheckError("problem.network.widths: expected a list of at least 2 widths")
    if len(widths) > MAX_PARAMS + 1:
        raise LimitError(f"more than {MAX_PARAMS} parameters")
    for i, w in enumerate(widths):
        if isinstance(w, bool) or not isinstance(w, int) or w < 1:
            raise CheckError(f"problem.network.widths[{i}]: expected a positive integer")
        if w > MAX_PARAMS:
            raise LimitError(f"more than {MAX_PARAMS} parameters")
    widths = tuple(widths)
    bias = net["bias"]
    if not isinstance(bias, bool):
        raise CheckError("problem.network.bias: expected true or false")
    n = sum(widths[l] * widths[l - 1] + (widths[l] if bias else 0) for l in range(1, len(widths)))
    if n > MAX_PARAMS:
        raise LimitError(f"{n} parameters, more than {MAX_PARAMS}")
    activation = net["activation"]
    if activation == "linear":
        if "coefficients" in net:
            raise CheckError('problem.network.coefficients: only for activation "polynomial"')
        coefficients = (Fraction(0), Fraction(1))
    elif activation == "polynomial":
        raw = net.get("coefficients")
        if not isinstance(raw, list) or not raw:
            raise CheckError("problem.network.coefficients: expected a non-empty list [c0, c1, ...]")
        if len(raw) > 65:
            raise LimitError("problem.network.coefficients: activation degree above 64")
        coefficients = tuple(parse_rational(c, f"problem.network.coefficients[{k}]") for k, c in enumerate(raw))
    else:
        raise CheckError(f'problem.network.activation: {activation!r} is not "linear" or "polynomial"')
    loss = _obj(obj["loss"], "problem.loss", {"kind", "scale"}, ("kind", "scale"))
    if loss["kind"] != "squared":
        raise CheckError(f'problem.loss.kind: {loss["kind"]!r} is not "squared"')
    scale = parse_rational(loss["scale"], "problem.loss.scale")
    if scale <= 0:
        raise CheckError("problem.loss.scale: must be positive")
    data = _obj(obj["data"], "problem.data", {"inputs", "targets"}, ("inputs", "targets"))
    inputs = _rows(data["inputs"], "problem.data.inputs", widths[0])
    targets = _rows(data["targets"], "problem.data.targets", widths[-1])
    if len(inputs) != len(targets):
        raise CheckError("problem.data: inputs and targets have different numbers of samples")
    l2 = _parse_l2(obj.get("l2", "0"), widths)
    return Problem(widths, activation, coefficients, bias, scale, l2, inputs, targets)


def _parse_l2(value, widths) -> tuple:
    def check(v, where):
        q = parse_rational(v, where)
        if q < 0:
            raise CheckError(f"{where}: must be >= 0")
        return q

    def full(l, q):
        return tuple(tuple(q for _ in range(widths[l - 1])) for _ in range(widths[l]))

    layers = len(widths) - 1
    if not isinstance(value, list):
        q = check(value, "problem.l2")
        return tuple(full(l, q) for l in range(1, layers + 1))
    if len(value) != layers:
        raise CheckError(f"problem.l2: expected one entry per layer ({layers}), got {len(value)}")
    out = []
    for l, entry in enumerate(value, start=1):
        where = f"problem.l2[{l - 1}]"
        if isinstance(entry, list):
            if len(entry) != widths[l] or any(not isinstance(r, list) or len(r) != widths[l - 1] for r in entry):
                raise CheckError(f"{where}: expected a {widths[l]}x{widths[l - 1]} matrix shaped like W{l}")
            out.append(tuple(tuple(check(x, f"{where}[{i}][{j}]") for j, x in enumerate(r))
                             for i, r in enumerate(entry)))
        else:
            out.append(full(l, check(entry, where)))
    return tuple(out)


def loss_at(problem: Problem, params: list, zero=Fraction(0)):
    """The loss at ``params`` (Fractions, field elements or Polys; any exact ring).

    Examples
    --------
    >>> p = parse_problem({"network": {"widths": [1, 1, 1], "activation": "linear", "bias": False},
    ...                    "loss": {"kind": "squared", "scale": "1/2"},
    ...                    "data": {"inputs": [["1"]], "targets": [["1"]]}})
    >>> loss_at(p, [Fraction(2), Fraction(3)])
    Fraction(25, 2)
    """
    w = problem.widths
    if len(params) != problem.n_params:
        raise CheckError(f"internal: {len(params)} values for {problem.n_params} parameters")
    layers, pos = [], 0
    for l in range(1, len(w)):
        W = [params[pos + i * w[l - 1]: pos + (i + 1) * w[l - 1]] for i in range(w[l])]
        pos += w[l] * w[l - 1]
        b = params[pos: pos + w[l]] if problem.bias else None
        pos += w[l] if problem.bias else 0
        layers.append((W, b))
    coeffs = problem.coefficients
    total = zero
    for x, y in zip(problem.inputs, problem.targets):
        a = list(x)
        for l, (W, b) in enumerate(layers):
            z = []
            for i, row in enumerate(W):
                s = b[i] if b is not None else zero
                for wij, aj in zip(row, a):
                    if aj:
                        s = s + wij * aj
                z.append(s)
            if l < len(layers) - 1 and problem.activation == "polynomial":
                out = []
                for zi in z:
                    acc = zero + coeffs[-1]
                    for c in reversed(coeffs[:-1]):
                        acc = acc * zi + c
                    out.append(acc)
                z = out
            a = z
        for ai, yi in zip(a, y):
            r = ai - yi
            total = total + r * r
    total = total * problem.scale
    for theta, lam in zip(params, problem.l2_per_parameter()):
        if lam:
            total = total + (lam / 2) * (theta * theta)
    return total


class LossModel:
    """The loss of a problem as a polynomial, with cached gradient and Hessian."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.n = problem.n_params
        self._loss = None
        self._grad = None
        self._hess: dict = {}

    @property
    def loss(self) -> Poly:
        if self._loss is None:
            n = self.n
            self._loss = Poly(n) + loss_at(self.problem, [Poly.var(n, i) for i in range(n)], Poly(n))
        return self._loss

    @property
    def gradient(self) -> list[Poly]:
        if self._grad is None:
            self._grad = [self.loss.deriv(i) for i in range(self.n)]
        return self._grad

    def hessian_entry(self, i: int, j: int) -> Poly:
        i, j = min(i, j), max(i, j)
        if (i, j) not in self._hess:
            self._hess[(i, j)] = self.gradient[i].deriv(j)
        return self._hess[(i, j)]

    def hessian_at(self, point: list) -> list[list]:
        """The Hessian matrix at a point (exact entries)."""
        n = self.n
        H = [[None] * n for _ in range(n)]
        for i in range(n):
            for j in range(i, n):
                H[i][j] = H[j][i] = self.hessian_entry(i, j).evaluate(point)
        return H


def least_squares_min(problem: Problem) -> Fraction:
    """``min over P (and q) of sum_i ||P x_i + q - y_i||^2`` by the normal equations.

    Examples
    --------
    >>> p = parse_problem({"network": {"widths": [1, 1], "activation": "linear", "bias": True},
    ...                    "loss": {"kind": "squared", "scale": "1"},
    ...                    "data": {"inputs": [["0"], ["1"], ["2"]], "targets": [["0"], ["1"], ["1"]]}})
    >>> least_squares_min(p)
    Fraction(1, 6)
    """
    xs = [list(x) + ([Fraction(1)] if problem.bias else []) for x in problem.inputs]
    ys = problem.targets
    d, m = len(xs[0]), len(ys[0])
    A = [[sum((x[i] * x[j] for x in xs), Fraction(0)) for j in range(d)] for i in range(d)]
    B = [[sum((x[i] * y[k] for x, y in zip(xs, ys)), Fraction(0)) for k in range(m)] for i in range(d)]
    PT, _ = solve(A, B)  # A P^T = X Y^T
    total = Fraction(0)
    for x, y in zip(xs, ys):
        for k in range(m):
            r = sum((PT[i][k] * x[i] for i in range(d)), Fraction(0)) - y[k]
            total += r * r
    return total
