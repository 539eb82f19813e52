"""The problem embedded in a certificate, and the loss rebuilt from it.

``L(theta) = scale * sum_i sum_k w_ik (f_k(x_i) - y_ik)^p + sum over weights w of (l2_w / 2) w^2``
(loss kinds: ``squared`` p = 2, w = 1; ``power`` an even p, w = 1; ``weighted_squared`` p = 2,
one positive weight per sample and output) with
``f(x) = W_H h(... h(W_1 x + b_1) ...) + b_H`` (h on hidden layers only). The forward pass
is written once, for any exact ring: on Fractions or field elements it gives
``L(point)``, on :class:`~.polys.Poly` variables the loss polynomial.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .base import MAX_PARAMS, CheckError, LimitError, need_list, need_obj, parse_rational, show
from .linalg import solve
from .polys import Poly

__all__ = ["Problem", "parse_problem", "parameter_names", "loss_at", "LossModel", "least_squares_min",
           "weighted_least_squares_min", "feature_least_squares_min", "outputs_at", "stationarity_at"]

#: Loss kinds of polynomial problems (nonlinear problems: ``squared`` only).
LOSS_KINDS = ("squared", "power", "weighted_squared")
MAX_POWER = 8


@dataclass(frozen=True)
class Problem:
    """The checker's own copy of the model: widths, activation ``h(x) = sum c_k x^k``
    (``(0, 1)`` for linear), bias, loss scale, l2 (one matrix per layer), data rows, and the
    loss kind with its exponent ``power`` and ``weights`` (one row per sample; empty = all 1)."""

    widths: tuple
    activation: str
    coefficients: tuple
    bias: bool
    scale: Fraction
    l2: tuple
    inputs: tuple
    targets: tuple
    kind: str = "squared"
    power: int = 2
    weights: tuple = ()

    @property
    def names(self) -> list[str]:
        return parameter_names(self.widths, self.bias)

    @property
    def n_params(self) -> int:
        return len(self.names)

    def l2_per_parameter(self) -> list[Fraction]:
        """l2 weight of every parameter in order (0 for biases)."""
        out = []
        for l in range(1, len(self.widths)):
            out += [x for row in self.l2[l - 1] for x in row] + [Fraction(0)] * (self.widths[l] * self.bias)
        return out

    def weight_l2(self) -> list[Fraction]:
        """l2 weights of the weights (biases excluded)."""
        return [x for layer in self.l2 for row in layer for x in row]


def parameter_names(widths, bias: bool) -> list[str]:
    """Parameter names in certificate order.

    >>> parameter_names((2, 1, 1), True)
    ['W1[1,1]', 'W1[1,2]', 'b1[1]', 'W2[1,1]', 'b2[1]']
    """
    names = []
    for l in range(1, len(widths)):
        names += [f"W{l}[{i + 1},{j + 1}]" for i in range(widths[l]) for j in range(widths[l - 1])]
        names += [f"b{l}[{i + 1}]" for i in range(widths[l])] if bias else []
    return names


def _rows(value, where: str, cols: int) -> tuple:
    rows = need_list(value, where, nonempty=True)
    return tuple(tuple(parse_rational(x, f"{where}[{i}][{j}]")
                       for j, x in enumerate(need_list(row, f"{where}[{i}]", cols))) for i, row in enumerate(rows))


def parse_problem(obj) -> Problem:
    """Read the ``problem`` object of a certificate.

    Unknown keys are refused (an ignored key could change the loss). ``l2`` may be one
    rational, one per layer, or one matrix per layer (the canonical form).

    >>> p = parse_problem({"network": {"widths": [1, 1, 1], "activation": "linear", "bias": False},
    ...                    "loss": {"kind": "squared", "scale": "1/2"}, "l2": [[["0"]], [["0"]]],
    ...                    "data": {"inputs": [["1"]], "targets": [["1"]]}})
    >>> p.names, p.scale
    (['W1[1,1]', 'W2[1,1]'], Fraction(1, 2))
    """
    obj = need_obj(obj, "problem", ("name", "description", "network", "loss", "l2", "data"),
                   ("network", "loss", "data"))
    net = need_obj(obj["network"], "problem.network", ("widths", "activation", "bias", "coefficients"),
                   ("widths", "activation", "bias"))
    widths = need_list(net["widths"], "problem.network.widths", limit=MAX_PARAMS + 1)
    if len(widths) < 2:
        raise CheckError("problem.network.widths: expected at least 2 widths")
    for i, w in enumerate(widths):
        if isinstance(w, bool) or not isinstance(w, int) or w < 1:
            raise CheckError(f"problem.network.widths[{i}]: expected a positive integer, got {show(w)}")
        if w > MAX_PARAMS:
            raise LimitError(f"problem.network.widths[{i}]: more than {MAX_PARAMS} parameters")
    widths, bias = tuple(widths), net["bias"]
    if not isinstance(bias, bool):
        raise CheckError("problem.network.bias: expected true or false")
    n = sum(widths[l] * (widths[l - 1] + bias) for l in range(1, len(widths)))
    if n > MAX_PARAMS:
        raise LimitError(f"{n} parameters, more than {MAX_PARAMS}")
    activation = net["activation"]
    if activation == "linear" and "coefficients" not in net:
        coefficients = (Fraction(0), Fraction(1))
    elif activation == "polynomial":
        raw = need_list(net.get("coefficients"), "problem.network.coefficients", nonempty=True, limit=65)
        coefficients = tuple(parse_rational(c, f"problem.network.coefficients[{k}]") for k, c in enumerate(raw))
    elif activation == "linear":
        raise CheckError('problem.network.coefficients: only for activation "polynomial"')
    else:
        raise CheckError(f'problem.network.activation: {show(activation)} is not "linear" or "polynomial"')
    scale, l2, inputs, targets = _loss_and_data(obj, widths, LOSS_KINDS)
    kind, power, weights = _loss_shape(obj["loss"], len(targets), widths[-1])
    return Problem(widths, activation, coefficients, bias, scale, l2, inputs, targets, kind, power, weights)


def _loss_shape(loss: dict, m: int, dy: int) -> tuple:
    """``(kind, p, weights)`` of a loss object already read by :func:`_loss_and_data`."""
    kind = loss["kind"]
    if ("p" in loss) != (kind == "power"):
        raise CheckError('problem.loss.p: required for kind "power" and only there')
    if ("weights" in loss) != (kind == "weighted_squared"):
        raise CheckError('problem.loss.weights: required for kind "weighted_squared" and only there')
    if kind == "power":
        p = loss["p"]
        if isinstance(p, bool) or not isinstance(p, int) or p < 2 or p % 2 or p > MAX_POWER:
            raise CheckError(f"problem.loss.p: expected an even integer from 2 to {MAX_POWER}, got {show(p)}")
        return kind, p, ()
    if kind == "weighted_squared":
        rows = need_list(loss["weights"], "problem.loss.weights", m)
        weights = tuple(tuple(parse_rational(x, f"problem.loss.weights[{i}][{k}]")
                              for k, x in enumerate(need_list(r, f"problem.loss.weights[{i}]", dy)))
                        for i, r in enumerate(rows))
        if any(x <= 0 for r in weights for x in r):
            raise CheckError("problem.loss.weights: every weight must be positive")
        return kind, 2, weights
    return kind, 2, ()


def _loss_and_data(obj: dict, widths, kinds=("squared",)) -> tuple:
    """The loss scale, l2 weights, inputs and targets of a problem object (every activation)."""
    loss = need_obj(obj["loss"], "problem.loss", ("kind", "scale", "p", "weights"), ("kind", "scale"))
    if loss["kind"] not in kinds:
        raise CheckError(f'problem.loss.kind: {show(loss["kind"])} is not one of ' + ", ".join(map(show, kinds)))
    if "p" in loss and loss["kind"] != "power" or "weights" in loss and loss["kind"] != "weighted_squared":
        raise CheckError('problem.loss: "p" is only for kind "power", "weights" only for "weighted_squared"')
    scale = parse_rational(loss["scale"], "problem.loss.scale")
    if scale <= 0:
        raise CheckError("problem.loss.scale: must be positive")
    data = need_obj(obj["data"], "problem.data", ("inputs", "targets"), ("inputs", "targets"))
    inputs = _rows(data["inputs"], "problem.data.inputs", widths[0])
    targets = _rows(data["targets"], "problem.data.targets", widths[-1])
    if len(inputs) != len(targets):
        raise CheckError("problem.data: inputs and targets have different numbers of samples")
    return scale, _parse_l2(obj.get("l2", "0"), widths), inputs, targets


def _parse_l2(value, widths) -> tuple:
    def one(v, where):
        q = parse_rational(v, where)
        if q < 0:
            raise CheckError(f"{where}: must be >= 0")
        return q

    layers = len(widths) - 1
    if not isinstance(value, list):
        value = [one(value, "problem.l2")] * layers
    need_list(value, "problem.l2", layers)
    out = []
    for l, entry in enumerate(value, start=1):
        where = f"problem.l2[{l - 1}]"
        if not isinstance(entry, list):
            q = one(entry, where) if not isinstance(entry, Fraction) else entry
            out.append(tuple((q,) * widths[l - 1] for _ in range(widths[l])))
            continue
        rows = need_list(entry, where, widths[l])
        out.append(tuple(tuple(one(x, f"{where}[{i}][{j}]") for j, x in enumerate(need_list(r, f"{where}[{i}]",
                                                                                             widths[l - 1])))
                         for i, r in enumerate(rows)))
    return tuple(out)


def outputs_at(problem: Problem, params: list, zero=Fraction(0)) -> list:
    """The network outputs (one list per sample) at ``params`` (Fractions, field elements or Polys)."""
    w, pos, layers = problem.widths, 0, []
    for l in range(1, len(w)):
        W = [params[pos + i * w[l - 1]: pos + (i + 1) * w[l - 1]] for i in range(w[l])]
        pos += w[l] * w[l - 1]
        layers.append((W, params[pos: pos + w[l]] if problem.bias else [zero] * w[l]))
        pos += w[l] if problem.bias else 0
    if pos != len(params):
        raise CheckError(f"internal: {len(params)} values for {pos} parameters")
    coeffs, outs = problem.coefficients, []
    for x in problem.inputs:
        a = list(x)
        for l, (W, b) in enumerate(layers):
            a = [sum((wij * aj for wij, aj in zip(row, a) if aj), bi) for row, bi in zip(W, b)]
            if l < len(layers) - 1 and problem.activation == "polynomial":
                out = []
                for z in a:
                    acc = zero + coeffs[-1]
                    for c in reversed(coeffs[:-1]):
                        acc = acc * z + c
                    out.append(acc)
                a = out
        outs.append(a)
    return outs


def _power(r, e: int):
    out = r
    for _ in range(e - 1):
        out = out * r
    return out


def loss_at(problem: Problem, params: list, zero=Fraction(0)):
    """The loss at ``params`` (Fractions, field elements or Polys).

    >>> p = parse_problem({"network": {"widths": [1, 1, 1], "activation": "linear", "bias": False},
    ...                    "loss": {"kind": "squared", "scale": "1/2"},
    ...                    "data": {"inputs": [["1"]], "targets": [["1"]]}})
    >>> loss_at(p, [Fraction(2), Fraction(3)])
    Fraction(25, 2)
    """
    total, weights = zero, problem.weights
    for s, (a, y) in enumerate(zip(outputs_at(problem, params, zero), problem.targets)):
        for k, (ai, yi) in enumerate(zip(a, y)):
            term = _power(ai - yi, problem.power)
            total = total + (term * weights[s][k] if weights else term)
    total = total * problem.scale
    for theta, lam in zip(params, problem.l2_per_parameter()):
        if lam:
            total = total + (lam / 2) * (theta * theta)
    return total


def stationarity_at(problem: Problem, params: list, zero=Fraction(0)) -> list:
    """The gradient of the data loss with respect to the end-to-end affine map, up to the
    factor ``scale * p``: ``g_kj = sum_i w_ik r_ik^(p-1) x_ij`` (k output, j input, then
    ``j = dx + 1`` for the bias column ``x_i0 = 1`` when the network has biases), with
    residuals ``r_ik = f_k(x_i) - y_ik``. Order: output by output, inputs then bias.

    For a linear network without l2, ``L(theta) = l(P(theta), q(theta))`` with ``l`` convex
    in the map ``(P, q)``; where every ``g_kj`` vanishes, the map minimises ``l``, so the point is
    a global minimum of L.

    >>> p = parse_problem({"network": {"widths": [1, 1, 1], "activation": "linear", "bias": False},
    ...                    "loss": {"kind": "power", "p": 4, "scale": "1"},
    ...                    "data": {"inputs": [["1"], ["1"]], "targets": [["0"], ["2"]]}})
    >>> stationarity_at(p, [Fraction(1), Fraction(1)]), stationarity_at(p, [Fraction(2), Fraction(1)])
    ([Fraction(0, 1)], [Fraction(8, 1)])
    """
    outs, out = outputs_at(problem, params, zero), []
    xs = [list(x) + ([Fraction(1)] if problem.bias else []) for x in problem.inputs]
    for k in range(problem.widths[-1]):
        rs = [_power(a[k] - y[k], problem.power - 1) * (problem.weights[i][k] if problem.weights else 1)
              for i, (a, y) in enumerate(zip(outs, problem.targets))]
        for j in range(len(xs[0])):
            g = zero
            for r, x in zip(rs, xs):
                if x[j]:
                    g = g + r * x[j]
            out.append(g)
    return out


class LossModel:
    """The loss of a problem as a polynomial, with cached gradient and Hessian entries."""

    def __init__(self, problem: Problem):
        self.problem, self.n = problem, problem.n_params
        self._loss, self._grad, self._hess = None, None, {}

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
        """The Hessian matrix at a point."""
        return [[self.hessian_entry(i, j).evaluate(point) for j in range(self.n)] for i in range(self.n)]


def least_squares_min(problem: Problem) -> Fraction:
    """``min over P (and q) of sum_i ||P x_i + q - y_i||^2``, by the normal equations.

    >>> p = parse_problem({"network": {"widths": [1, 1], "activation": "linear", "bias": True},
    ...                    "loss": {"kind": "squared", "scale": "1"},
    ...                    "data": {"inputs": [["0"], ["1"], ["2"]], "targets": [["0"], ["1"], ["1"]]}})
    >>> least_squares_min(p)
    Fraction(1, 6)
    """
    xs = [list(x) + [Fraction(1)] * problem.bias for x in problem.inputs]
    ys, d, m = problem.targets, len(xs[0]), len(problem.targets[0])
    A = [[sum((x[i] * x[j] for x in xs), Fraction(0)) for j in range(d)] for i in range(d)]
    B = [[sum((x[i] * y[k] for x, y in zip(xs, ys)), Fraction(0)) for k in range(m)] for i in range(d)]
    PT = solve(A, B)[0]  # A P^T = X Y^T
    return sum(((sum((PT[i][k] * x[i] for i in range(d)), Fraction(0)) - y[k]) ** 2
                for x, y in zip(xs, ys) for k in range(m)), Fraction(0))


def weighted_least_squares_min(problem: Problem) -> Fraction:
    """``min over P (and q) of sum_i sum_k w_ik ((P x_i + q)_k - y_ik)^2`` (w = 1 without weights),
    output by output, by the weighted normal equations.

    >>> p = parse_problem({"network": {"widths": [1, 1], "activation": "linear", "bias": False},
    ...                    "loss": {"kind": "weighted_squared", "scale": "1", "weights": [["1"], ["2"]]},
    ...                    "data": {"inputs": [["1"], ["2"]], "targets": [["1"], ["3"]]}})
    >>> weighted_least_squares_min(p)
    Fraction(2, 9)
    """
    xs = [list(x) + [Fraction(1)] * problem.bias for x in problem.inputs]
    total = Fraction(0)
    for k in range(len(problem.targets[0])):
        ws = [row[k] for row in problem.weights] if problem.weights else [Fraction(1)] * len(xs)
        total += _residual(xs, [y[k] for y in problem.targets], ws)
    return total


def _residual(rows, ys, ws) -> Fraction:
    """``min over p of sum_i w_i (p . rows_i - y_i)^2``, by the weighted normal equations."""
    d = len(rows[0])
    A = [[sum((w * x[i] * x[j] for w, x in zip(ws, rows)), Fraction(0)) for j in range(d)] for i in range(d)]
    B = [[sum((w * y * x[i] for w, y, x in zip(ws, ys, rows)), Fraction(0))] for i in range(d)]
    p = [r[0] for r in solve(A, B)[0]] if d else []
    return sum((w * (sum((a * b for a, b in zip(p, x)), Fraction(0)) - y) ** 2 for w, y, x in zip(ws, ys, rows)),
               Fraction(0))


def feature_least_squares_min(problem: Problem) -> Fraction:
    """``sum_k min over beta of sum_i (beta . phi_k(x_i) - y_ik)^2``, with ``phi_k`` the monomials
    in the input that output k of the network can contain.

    The support is computed, not assumed: the forward pass runs with the parameters and the
    input as variables, and every monomial in the input with a non-zero coefficient (a
    polynomial in the parameters) is a feature. For every parameter value, output k is then a
    combination of its features, so the data term is at least this least-squares minimum.

    >>> p = parse_problem({"network": {"widths": [1, 1, 1], "activation": "polynomial", "bias": False,
    ...                                "coefficients": ["0", "1", "1"]},
    ...                    "loss": {"kind": "squared", "scale": "1"},
    ...                    "data": {"inputs": [["1"], ["-1"], ["2"]], "targets": [["1"], ["1"], ["1"]]}})
    >>> feature_least_squares_min(p)   # features x and x^2 (no constant term)
    Fraction(9, 11)
    """
    import dataclasses
    n, dx = problem.n_params, problem.widths[0]
    N = n + dx
    params = [Poly.var(N, j) for j in range(n)]
    symbolic = dataclasses.replace(problem, inputs=(tuple(Poly.var(N, n + i) for i in range(dx)),))
    outs = outputs_at(symbolic, params, Poly(N))[0]
    total = Fraction(0)
    for k, f in enumerate(outs):
        support = sorted({e[n:] for e in f.terms})
        feats = [[_monomial(x, a) for a in support] for x in problem.inputs]
        total += _residual(feats, [y[k] for y in problem.targets], [Fraction(1)] * len(feats))
    return total


def _monomial(x, a) -> Fraction:
    out = Fraction(1)
    for xi, ai in zip(x, a):
        out *= xi ** ai
    return out
