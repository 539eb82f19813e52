"""Problems: network, exact data, loss; parsing and validation of problem files.

The problem-file format is the contract of design.md section 3.1. Parameter order
(section 3.2): layer 1 first; within a layer the weight matrix row-major, then its bias;
names ``W1[1,1]``, ``W1[1,2]``, ..., ``b1[1]`` (1-based, as in the papers).
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from .errors import ProblemError
from .exact import format_rational, parse_rational

__all__ = [
    "Network",
    "Loss",
    "Problem",
    "ACTIVATIONS",
    "PIECEWISE_ACTIVATIONS",
    "SMOOTH_ACTIVATIONS",
    "parse_problem",
    "load_problem",
    "read_json_file",
    "problem_to_dict",
    "parameter_names",
    "ExpNeuron",
    "exp_neuron_names",
]

#: Activations that give a polynomial loss.
POLYNOMIAL_ACTIVATIONS = ("linear", "polynomial")
#: Piecewise-linear activations h(x) = max(s+ x, 0) + min(s- x, 0) (Yun et al. 2019): piecewise polynomial loss.
PIECEWISE_ACTIVATIONS = ("relu", "leaky_relu")
#: Smooth transcendental activations (interval proofs, symlandscape.nonlinear).
SMOOTH_ACTIVATIONS = ("sigmoid", "tanh", "bent_identity")
ACTIVATIONS = POLYNOMIAL_ACTIVATIONS + PIECEWISE_ACTIVATIONS + SMOOTH_ACTIVATIONS
#: Loss kinds: ``scale * sum_{i,k} w_ik (f_k(x_i) - y_ik)^p`` with (p, w) = (2, 1), (p, 1), (2, weights).
LOSS_KINDS = ("squared", "power", "weighted_squared")
#: Largest exponent of a ``"power"`` loss (the loss degree grows with it).
MAX_POWER = 8
MAX_WIDTH = 64
MAX_LAYERS = 16
MAX_SAMPLES = 10_000

_TOP_KEYS = ("name", "network", "loss", "l2", "data", "description", "exp_neuron")
_NETWORK_KEYS = ("widths", "activation", "bias", "coefficients", "slopes")
_LOSS_KEYS = ("kind", "scale", "p", "weights")
_DATA_KEYS = ("inputs", "targets")


@dataclass(frozen=True)
class Network:
    """A fully connected network.

    Attributes
    ----------
    widths : tuple of int
        Input width, hidden widths..., output width.
    activation : str
        ``"linear"`` or ``"polynomial"`` (acts on hidden layers; the output is linear).
    bias : bool
        Whether every layer has a bias vector.
    coefficients : tuple of Fraction
        For ``"polynomial"``: ``h(x) = c0 + c1 x + c2 x^2 + ...``; empty otherwise.
    slopes : tuple of Fraction
        For ``"relu"`` ``(1, 0)`` and for ``"leaky_relu"`` ``(s+, s-)``:
        ``h(x) = max(s+ x, 0) + min(s- x, 0)``; empty otherwise.
    """

    widths: tuple[int, ...]
    activation: str = "linear"
    bias: bool = False
    coefficients: tuple[Fraction, ...] = ()
    slopes: tuple[Fraction, ...] = ()

    @property
    def n_layers(self) -> int:
        """Number of weight matrices (hidden layers + 1)."""
        return len(self.widths) - 1

    @property
    def n_params(self) -> int:
        n = 0
        for l in range(1, len(self.widths)):
            n += self.widths[l] * self.widths[l - 1] + (self.widths[l] if self.bias else 0)
        return n


@dataclass(frozen=True)
class Loss:
    """The data term ``scale * sum_i sum_k w_ik (f_k(x_i) - y_ik)^p``.

    ``"squared"``: p = 2, every w_ik = 1 (the loss of every paper reproduced here);
    ``"power"``: an even p >= 2, every w_ik = 1; ``"weighted_squared"``: p = 2 and one
    positive weight per sample and output (a convex, non-isotropic quadratic of the
    outputs, as in weighted low-rank approximation). Every kind is convex and coercive in
    the outputs, and >= 0.

    Attributes
    ----------
    kind : str
    scale : Fraction
    p : int
        The exponent (2 unless ``kind == "power"``).
    weights : tuple of tuple of Fraction
        For ``"weighted_squared"``: one row per sample, one weight per output; empty otherwise.
    """

    kind: str = "squared"
    scale: Fraction = Fraction(1, 2)
    p: int = 2
    weights: tuple = ()

    @property
    def is_squared(self) -> bool:
        """True for the plain squared loss (the only kind with least-squares shortcuts)."""
        return self.kind == "squared"

    def weight(self, i: int, k: int) -> Fraction:
        """The weight of sample ``i`` (0-based), output ``k``.

        Examples
        --------
        >>> Loss("weighted_squared", Fraction(1), 2, ((Fraction(1), Fraction(3)),)).weight(0, 1)
        Fraction(3, 1)
        >>> Loss().weight(5, 0)
        Fraction(1, 1)
        """
        return self.weights[i][k] if self.weights else Fraction(1)


@dataclass(frozen=True)
class ExpNeuron:
    """The exponential neuron of Kawaguchi & Kaelbling (AISTATS 2020, arXiv 1901.00279).

    Per output ``k`` the network output gains ``g_k(x) = a_k exp(w_k^T x + bexp_k)`` and
    the loss gains ``(l2/2) a_k^2`` (the same ``l2/2`` convention as the weights; the
    paper's regulariser is an l2 penalty on ``a``, its constant is not checked against the
    text). Parameters, after the network's: per output ``a[k]``, ``w[k,1..dx]``, ``bexp[k]``.
    """

    l2: Fraction


def exp_neuron_names(dx: int, dy: int) -> list[str]:
    """Names of the exponential-neuron parameters (after the network's).

    Examples
    --------
    >>> exp_neuron_names(2, 1)
    ['a[1]', 'w[1,1]', 'w[1,2]', 'bexp[1]']
    """
    return [n for k in range(1, dy + 1) for n in [f"a[{k}]"] + [f"w[{k},{j}]" for j in range(1, dx + 1)]
            + [f"bexp[{k}]"]]


@dataclass(frozen=True)
class Problem:
    """A network, exact data and a loss.

    Attributes
    ----------
    l2 : tuple of tuple of tuple of Fraction
        One matrix per layer, shaped like that layer's weight matrix: the loss gains
        ``(l2/2) * w**2`` for every weight ``w``. Biases are not regularised.
    inputs, targets : tuple of tuple of Fraction
        One row per sample.
    """

    network: Network
    loss: Loss
    l2: tuple[tuple[tuple[Fraction, ...], ...], ...]
    inputs: tuple[tuple[Fraction, ...], ...]
    targets: tuple[tuple[Fraction, ...], ...]
    name: str = "problem"
    description: str = ""
    exp_neuron: ExpNeuron | None = None

    @property
    def n_params(self) -> int:
        return len(self.parameters) if self.exp_neuron else self.network.n_params

    @property
    def parameters(self) -> list[str]:
        names = parameter_names(self.network)
        if self.exp_neuron:
            names += exp_neuron_names(self.network.widths[0], self.network.widths[-1])
        return names

    def l2_per_parameter(self) -> list[Fraction]:
        """The l2 weight of every parameter in parameter order (0 for biases)."""
        out: list[Fraction] = []
        w = self.network.widths
        for l in range(1, len(w)):
            for i in range(w[l]):
                out.extend(self.l2[l - 1][i])
            if self.network.bias:
                out.extend([Fraction(0)] * w[l])
        return out

    def is_regularised(self) -> bool:
        """True when every weight (not bias) has a positive l2 weight."""
        return all(x > 0 for layer in self.l2 for row in layer for x in row)


def parameter_names(network: Network) -> list[str]:
    """Names of the parameters in the order of design.md 3.2.

    Examples
    --------
    >>> parameter_names(Network((2, 1, 1), bias=True))
    ['W1[1,1]', 'W1[1,2]', 'b1[1]', 'W2[1,1]', 'b2[1]']
    """
    names = []
    w = network.widths
    for l in range(1, len(w)):
        for i in range(w[l]):
            for j in range(w[l - 1]):
                names.append(f"W{l}[{i + 1},{j + 1}]")
        if network.bias:
            for i in range(w[l]):
                names.append(f"b{l}[{i + 1}]")
    return names


def _unknown_keys(obj: dict, allowed: tuple[str, ...], where: str) -> None:
    for key in obj:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f'did you mean "{close[0]}"?' if close else "allowed keys: " + ", ".join(allowed)
            raise ProblemError(f"{where}{key}" if where else str(key), "unknown key", None, hint)


def _need(obj: dict, key: str, where: str) -> Any:
    if key not in obj:
        raise ProblemError(f"{where}{key}", "missing", None, f'add "{key}" (see docs/problem-format.md)')
    return obj[key]


def _matrix(value: Any, field: str, cols: int | None = None,
            cols_source: str | None = None) -> tuple[tuple[Fraction, ...], ...]:
    if not isinstance(value, list):
        raise ProblemError(field, "expected a list of rows (one list per sample)", value)
    if not value:
        raise ProblemError(field, "empty", value, "give at least one sample, e.g. [[1]]")
    if len(value) > MAX_SAMPLES:
        raise ProblemError(field, f"more than {MAX_SAMPLES} rows", len(value))
    rows = []
    for i, row in enumerate(value):
        if not isinstance(row, list):
            raise ProblemError(f"{field}[{i}]", "expected a list (one row per sample)", row,
                               "write each sample as a list, e.g. [1] for a scalar")
        if cols is None:
            cols = len(row)
        if len(row) != cols and cols_source:
            what = "ragged: " if i and isinstance(value[0], list) and len(value[0]) == cols else ""
            raise ProblemError(f"{field}[{i}]", f"{what}has {len(row)} entries but {cols_source} is {cols}", row,
                               f"give {cols} number(s) per row, or change {cols_source}")
        if len(row) != cols:
            raise ProblemError(f"{field}[{i}]", f"ragged: has {len(row)} entries, row 0 has {cols}", row)
        rows.append(tuple(parse_rational(x, f"{field}[{i}][{j}]") for j, x in enumerate(row)))
    return tuple(rows)


def parse_problem(obj: Any) -> Problem:
    """Validate a problem dictionary (the parsed JSON of a problem file).

    Raises
    ------
    ProblemError
        Naming the field, the value and what to write instead.

    Examples
    --------
    >>> p = parse_problem({"network": {"widths": [1, 1, 1]}, "data": {"inputs": [[1]], "targets": [[1]]}})
    >>> p.parameters, p.loss.scale
    (['W1[1,1]', 'W2[1,1]'], Fraction(1, 2))
    """
    if not isinstance(obj, dict):
        raise ProblemError("(top level)", "expected a JSON object", type(obj).__name__)
    if obj.get("format") in ("symlandscape-certificate", "symlandscape-report"):
        raise ProblemError("(top level)", f"this is a {obj['format'][13:]} file, not a problem file", None,
                           'check certificates with "symlandscape check FILE"; the problem is its "problem" field'
                           if obj["format"].endswith("certificate") else "give the problem file that was classified")
    _unknown_keys(obj, _TOP_KEYS, "")
    name = obj.get("name", "problem")
    if not isinstance(name, str):
        raise ProblemError("name", "expected a string", name)
    net = _need(obj, "network", "")
    if not isinstance(net, dict):
        raise ProblemError("network", "expected an object", net)
    _unknown_keys(net, _NETWORK_KEYS, "network.")
    widths = _need(net, "widths", "network.")
    if not isinstance(widths, list) or len(widths) < 2:
        raise ProblemError("network.widths", "expected a list [input, hidden..., output] of at least 2 widths",
                           widths, "e.g. [1, 1, 1]")
    if len(widths) > MAX_LAYERS + 1:
        raise ProblemError("network.widths", f"more than {MAX_LAYERS} layers", widths)
    for i, w in enumerate(widths):
        if isinstance(w, bool) or not isinstance(w, int) or w < 1:
            raise ProblemError(f"network.widths[{i}]", "expected a positive integer", w)
        if w > MAX_WIDTH:
            raise ProblemError(f"network.widths[{i}]", f"width above the limit {MAX_WIDTH}", w)
    activation = net.get("activation", "linear")
    if activation not in ACTIVATIONS:
        close = difflib.get_close_matches(str(activation), ACTIVATIONS, n=1)
        raise ProblemError("network.activation", "unknown activation", activation,
                           (f'did you mean "{close[0]}"? ' if close else "") + "one of: " + ", ".join(ACTIVATIONS))
    bias = net.get("bias", False)
    if not isinstance(bias, bool):
        raise ProblemError("network.bias", "expected true or false", bias)
    coefficients: tuple[Fraction, ...] = ()
    if activation == "polynomial":
        coeffs = _need(net, "coefficients", "network.")
        if not isinstance(coeffs, list) or not coeffs:
            raise ProblemError("network.coefficients", "expected a non-empty list [c0, c1, ...]", coeffs,
                               'h(x) = c0 + c1 x + c2 x^2 + ...; e.g. ["0", "1", "1/2"]')
        coefficients = tuple(parse_rational(c, f"network.coefficients[{k}]") for k, c in enumerate(coeffs))
        while len(coefficients) > 1 and coefficients[-1] == 0:
            coefficients = coefficients[:-1]
    elif "coefficients" in net:
        raise ProblemError("network.coefficients", f'only for activation "polynomial", not "{activation}"')
    slopes = _parse_slopes(net, activation)
    network = Network(tuple(widths), activation, bias, coefficients, slopes)

    loss_obj = obj.get("loss", {})
    if not isinstance(loss_obj, dict):
        raise ProblemError("loss", "expected an object", loss_obj, '{"kind": "squared", "scale": "1/2"}')
    _unknown_keys(loss_obj, _LOSS_KEYS, "loss.")

    data = _need(obj, "data", "")
    if not isinstance(data, dict):
        raise ProblemError("data", "expected an object with inputs and targets", data)
    _unknown_keys(data, _DATA_KEYS, "data.")
    inputs = _matrix(_need(data, "inputs", "data."), "data.inputs", widths[0], "the input width network.widths[0]")
    targets = _matrix(_need(data, "targets", "data."), "data.targets", widths[-1],
                      "the output width network.widths[-1]")
    if len(inputs) != len(targets):
        raise ProblemError("data.targets", f"has {len(targets)} samples but data.inputs has {len(inputs)}",
                           None, "give one target row per input row")
    loss = _parse_loss(loss_obj, activation, len(targets), widths[-1])

    l2 = _parse_l2(obj.get("l2", "0"), network)
    description = obj.get("description", "")
    if not isinstance(description, str):
        raise ProblemError("description", "expected a string", description)
    exp = _parse_exp_neuron(obj["exp_neuron"]) if "exp_neuron" in obj else None
    return Problem(network, loss, l2, inputs, targets, name, description, exp)


def _parse_exp_neuron(value: Any) -> ExpNeuron:
    """``{"l2": "1/10"}``: the Kawaguchi-Kaelbling neuron with a positive l2 weight on ``a``."""
    if not isinstance(value, dict):
        raise ProblemError("exp_neuron", "expected an object", value, 'e.g. {"l2": "1/10"}')
    _unknown_keys(value, ("l2",), "exp_neuron.")
    lam = parse_rational(_need(value, "l2", "exp_neuron."), "exp_neuron.l2")
    if lam <= 0:
        raise ProblemError("exp_neuron.l2", "must be positive", format_rational(lam),
                           'the elimination needs the penalty (l2/2) a^2 with l2 > 0, e.g. "1/10"')
    return ExpNeuron(lam)


def _parse_loss(obj: dict, activation: str, m: int, dy: int) -> Loss:
    """The ``loss`` object: kind, scale, and p (``"power"``) or weights (``"weighted_squared"``)."""
    kind = obj.get("kind", "squared")
    if kind not in LOSS_KINDS:
        close = difflib.get_close_matches(str(kind), LOSS_KINDS, n=1)
        raise ProblemError("loss.kind", "unknown loss", kind,
                           (f'did you mean "{close[0]}"? ' if close else "") + "one of: " + ", ".join(LOSS_KINDS))
    scale = parse_rational(obj.get("scale", "1/2"), "loss.scale")
    if scale <= 0:
        raise ProblemError("loss.scale", "must be positive", format_rational(scale), 'e.g. "1/2" or 1')
    if kind != "squared" and activation not in POLYNOMIAL_ACTIVATIONS:
        raise ProblemError("loss.kind", f'"{kind}" needs a linear or polynomial activation, not "{activation}"',
                           kind, 'use "kind": "squared" (the piecewise and interval engines assume it)')
    if "p" in obj and kind != "power":
        raise ProblemError("loss.p", f'only for "kind": "power", not "{kind}"', obj["p"],
                           'remove "p", or write "kind": "power"')
    if "weights" in obj and kind != "weighted_squared":
        raise ProblemError("loss.weights", f'only for "kind": "weighted_squared", not "{kind}"', None,
                           'remove "weights", or write "kind": "weighted_squared"')
    if kind == "power":
        p = _need(obj, "p", "loss.")
        if isinstance(p, bool) or not isinstance(p, int) or p < 2 or p % 2 or p > MAX_POWER:
            raise ProblemError("loss.p", f"expected an even integer from 2 to {MAX_POWER}", p,
                               "an odd power is not bounded below; e.g. 4 for sum (f - y)^4")
        return Loss(kind, scale, p)
    if kind == "weighted_squared":
        raw = _need(obj, "weights", "loss.")
        field_ = "loss.weights"
        if not isinstance(raw, list) or len(raw) != m:
            raise ProblemError(field_, f"expected one row per sample ({m} rows of {dy} weights)",
                               raw if not isinstance(raw, list) else f"{len(raw)} rows",
                               'e.g. [["1", "2"], ["3", "1/2"]] for 2 samples and 2 outputs')
        rows = []
        for i, row in enumerate(raw):
            if not isinstance(row, list) or len(row) != dy:
                raise ProblemError(f"{field_}[{i}]", f"expected {dy} weight(s), one per output", row,
                                   "give one positive rational per output")
            ws = tuple(parse_rational(x, f"{field_}[{i}][{k}]") for k, x in enumerate(row))
            for k, q in enumerate(ws):
                if q <= 0:
                    raise ProblemError(f"{field_}[{i}][{k}]", "must be positive", format_rational(q),
                                       "a zero weight drops the term (remove the sample instead); "
                                       "a negative one makes the loss unbounded below")
            rows.append(ws)
        return Loss(kind, scale, 2, tuple(rows))
    return Loss(kind, scale)


def _parse_slopes(net: dict, activation: str) -> tuple[Fraction, ...]:
    """Slopes ``(s+, s-)`` of a ReLU-type activation (Yun et al. 2019, h = max(s+ x, 0) + min(s- x, 0))."""
    if activation == "relu":
        if "slopes" in net:
            raise ProblemError("network.slopes", 'not for "relu" (slopes 1 and 0)', net["slopes"],
                               'use "activation": "leaky_relu" with "slopes": [s+, s-]')
        return (Fraction(1), Fraction(0))
    if activation != "leaky_relu":
        if "slopes" in net:
            raise ProblemError("network.slopes", f'only for activation "leaky_relu", not "{activation}"')
        return ()
    raw = _need(net, "slopes", "network.")
    if not isinstance(raw, list) or len(raw) != 2:
        raise ProblemError("network.slopes", "expected [s+, s-] (two rationals)", raw,
                           'h(x) = max(s+ x, 0) + min(s- x, 0); e.g. ["1", "1/10"]')
    sp, sm = (parse_rational(c, f"network.slopes[{k}]") for k, c in enumerate(raw))
    if sp == sm:
        raise ProblemError("network.slopes", "s+ = s- makes the activation linear", raw,
                           'use "activation": "linear" (or different slopes)')
    return (sp, sm)


def _parse_l2(value: Any, network: Network):
    w = network.widths
    n_layers = len(w) - 1

    def full(l: int, q: Fraction):
        return tuple(tuple(q for _ in range(w[l - 1])) for _ in range(w[l]))

    def check(q: Fraction, field: str) -> Fraction:
        if q < 0:
            raise ProblemError(field, "must be >= 0", format_rational(q), 'write "0" for no regularisation')
        return q

    if not isinstance(value, list):
        q = check(parse_rational(value, "l2"), "l2")
        return tuple(full(l, q) for l in range(1, n_layers + 1))
    if len(value) != n_layers:
        raise ProblemError("l2", f"expected one entry per layer ({n_layers}), got {len(value)}", value,
                           'write one rational for all weights, e.g. "1/10"')
    layers = []
    for l, entry in enumerate(value, start=1):
        f = f"l2[{l - 1}]"
        if isinstance(entry, list):
            if len(entry) != w[l] or any(not isinstance(r, list) or len(r) != w[l - 1] for r in entry):
                raise ProblemError(f, f"expected a {w[l]}x{w[l - 1]} matrix shaped like W{l}", entry)
            layers.append(tuple(tuple(check(parse_rational(x, f"{f}[{i}][{j}]"), f"{f}[{i}][{j}]")
                                      for j, x in enumerate(row)) for i, row in enumerate(entry)))
        else:
            layers.append(full(l, check(parse_rational(entry, f), f)))
    return tuple(layers)


def load_problem(path: str | Path) -> Problem:
    """Read and validate a problem file.

    Raises
    ------
    ProblemError
        If the file is missing, not JSON, or invalid.
    """
    return parse_problem(read_json_file(path, "see docs/problem-format.md for a complete example"))


def read_json_file(path: str | Path, example: str) -> Any:
    """The JSON value in a file; a missing file, unreadable file, bad JSON or NaN/Infinity raises a
    :class:`ProblemError` naming the file (``example`` says where a complete example is)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProblemError(str(path), "no such file", None, "check the path") from None
    except OSError as exc:
        raise ProblemError(str(path), f"cannot read: {exc.strerror}") from exc
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ProblemError(str(path), f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", None,
                           f"fix the JSON syntax there ({example})") from exc


def _reject_constant(name: str):
    raise ProblemError("(JSON)", f"{name} is not a number here", name, 'write a finite rational such as "1/2"')


def _loss_to_dict(loss: Loss) -> dict:
    out: dict[str, Any] = {"kind": loss.kind, "scale": format_rational(loss.scale)}
    if loss.kind == "power":
        out["p"] = loss.p
    if loss.kind == "weighted_squared":
        out["weights"] = [[format_rational(x) for x in row] for row in loss.weights]
    return out


def problem_to_dict(problem: Problem) -> dict:
    """Canonical dictionary of a problem (all numbers as ``"p/q"`` strings, l2 per weight).

    This is the form embedded in certificates; ``parse_problem`` reads it back unchanged.
    """
    fr = format_rational
    net: dict[str, Any] = {"widths": list(problem.network.widths), "activation": problem.network.activation,
                           "bias": problem.network.bias}
    if problem.network.activation == "polynomial":
        net["coefficients"] = [fr(c) for c in problem.network.coefficients]
    if problem.network.activation == "leaky_relu":
        net["slopes"] = [fr(c) for c in problem.network.slopes]
    out = {
        "name": problem.name,
        "network": net,
        "loss": _loss_to_dict(problem.loss),
        "l2": [[[fr(x) for x in row] for row in layer] for layer in problem.l2],
        "data": {"inputs": [[fr(x) for x in row] for row in problem.inputs],
                 "targets": [[fr(x) for x in row] for row in problem.targets]},
    }
    if problem.exp_neuron:
        out["exp_neuron"] = {"l2": fr(problem.exp_neuron.l2)}
    return out
