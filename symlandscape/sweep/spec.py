"""The sweep-spec format: a family of problems in one JSON file (docs/sweep.md).

A spec names the networks (an explicit list or a generator: lists of widths,
activations, biases), the loss, the data (explicit, or seeded random rationals from a
given set), the regularisation options (none, one l2 for all weights, one random
rational per layer or per weight, as in the count tables of Mehta et al. 2022 and
Bharadwaj's thesis, see literature.md section 2.2), the seeds, a per-problem time limit
and the exact backend. :func:`parse_sweep_spec` validates everything up front; every
error is a :class:`~symlandscape.errors.ProblemError` naming the field, the value and
what to write instead.

Examples
--------
>>> s = parse_sweep_spec({"name": "demo", "networks": {"widths": [[1, 1, 1], [1, 1, 1, 1]]},
...                       "data": {"samples": 1, "entries": {"uniform": ["0", "1"], "denominator": 10}},
...                       "regularisation": ["none", {"per_weight": {"uniform": ["0", "1"], "denominator": 10}}],
...                       "seeds": {"first": 0, "count": 2}})
>>> [n.label for n in s.networks], [r.label for r in s.regularisations], s.seeds, s.timeout
(['1-1-1 linear', '1-1-1-1 linear'], ['none', 'per_weight U[0,1]/10'], (0, 1), 60.0)
>>> parse_sweep_spec({"networks": {"widths": [1, 1, 1], "activation": "relu"}, "data": {"samples": 1}})
Traceback (most recent call last):
...
symlandscape.errors.ProblemError: networks.activation: a sweep classifies with the polynomial engine (got 'relu'); use "linear" or "polynomial" (ReLU-type and smooth networks: symlandscape hunt)
"""

from __future__ import annotations

import difflib
import json
import math
import random
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..ballroute import ROUTES
from ..errors import ProblemError
from ..exact import format_rational, parse_rational
from ..spec import MAX_LAYERS, MAX_SAMPLES, MAX_WIDTH, POLYNOMIAL_ACTIVATIONS, load_problem, parse_problem, \
    problem_to_dict, read_json_file

__all__ = ["SweepSpec", "NetworkChoice", "Distribution", "DataSpec", "Regularisation", "parse_sweep_spec",
           "load_sweep_spec", "FORMAT", "BACKEND_NAMES", "ROUTES", "DEFAULT_TIMEOUT"]

FORMAT = "symlandscape-sweep"
#: Exact engines a spec may name (``null``: the fastest installed, see symlandscape.backends).
BACKEND_NAMES = ("sympy", "flint", "singular", "msolve")
#: Seconds per problem when the spec does not say.
DEFAULT_TIMEOUT = 60.0
MAX_SEEDS = 100_000
MAX_DENOMINATOR = 10 ** 6

_TOP_KEYS = ("format", "version", "name", "description", "base", "networks", "loss", "data", "regularisation",
             "seeds", "timeout", "backend", "route", "force")

_NET_KEYS = ("widths", "activation", "bias", "coefficients")
_DATA_KEYS = ("inputs", "targets", "samples", "entries", "input_entries", "target_entries")
_REG_KINDS = ("l2", "per_layer", "per_weight")


def _unknown(obj: dict, allowed: tuple[str, ...], where: str) -> None:
    for key in obj:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            raise ProblemError(f"{where}{key}", "unknown key", None,
                               f'did you mean "{close[0]}"?' if close else "allowed keys: " + ", ".join(allowed))


def _canon(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class Distribution:
    """How one random rational is drawn: uniformly from ``choices``, or ``k / denominator``
    with the integer ``k`` uniform in ``[low * denominator, high * denominator]``.

    Examples
    --------
    >>> d = Distribution.parse({"uniform": ["-1", "1"], "denominator": 4}, "entries")
    >>> d.label, d.json()
    ('U[-1,1]/4', {'uniform': ['-1', '1'], 'denominator': 4})
    >>> rng = random.Random(0)
    >>> [format_rational(d.draw(rng)) for _ in range(4)]
    ['1/2', '1/2', '-1', '0']
    """

    choices: tuple[Fraction, ...] = ()
    low: Fraction | None = None
    high: Fraction | None = None
    denominator: int = 1

    @classmethod
    def parse(cls, value: Any, field: str) -> "Distribution":
        hint = 'write a list of rationals such as ["-1", "0", "1/2"], or {"uniform": ["0", "1"], "denominator": 10}'
        if isinstance(value, list):
            if not value:
                raise ProblemError(field, "empty list of choices", value, hint)
            return cls(choices=tuple(parse_rational(x, f"{field}[{i}]") for i, x in enumerate(value)))
        if not isinstance(value, dict):
            raise ProblemError(field, "expected a list of rationals or a uniform range", value, hint)
        _unknown(value, ("uniform", "denominator"), f"{field}.")
        rng = value.get("uniform")
        if not isinstance(rng, list) or len(rng) != 2:
            raise ProblemError(f"{field}.uniform", "expected [low, high] (two rationals)", rng, 'e.g. ["0", "1"]')
        lo, hi = (parse_rational(x, f"{field}.uniform[{i}]") for i, x in enumerate(rng))
        if lo > hi:
            raise ProblemError(f"{field}.uniform", "low is above high", rng, "write [low, high] with low <= high")
        q = value.get("denominator", 1)
        if isinstance(q, bool) or not isinstance(q, int) or not 1 <= q <= MAX_DENOMINATOR:
            raise ProblemError(f"{field}.denominator", f"expected an integer from 1 to {MAX_DENOMINATOR}", q,
                               "e.g. 10 draws multiples of 1/10")
        if math.ceil(lo * q) > math.floor(hi * q):
            raise ProblemError(f"{field}", f"no multiple of 1/{q} lies in [{format_rational(lo)}, "
                               f"{format_rational(hi)}]", value, "widen the range or raise the denominator")
        return cls(low=lo, high=hi, denominator=q)

    def draw(self, rng: random.Random) -> Fraction:
        """One rational (``rng`` is a seeded :class:`random.Random`)."""
        if self.choices:
            return self.choices[rng.randrange(len(self.choices))]
        k = rng.randint(math.ceil(self.low * self.denominator), math.floor(self.high * self.denominator))
        return Fraction(k, self.denominator)

    def json(self) -> Any:
        if self.choices:
            return [format_rational(c) for c in self.choices]
        return {"uniform": [format_rational(self.low), format_rational(self.high)], "denominator": self.denominator}

    @property
    def label(self) -> str:
        if self.choices:
            return "{" + ",".join(format_rational(c) for c in self.choices) + "}"
        return f"U[{format_rational(self.low)},{format_rational(self.high)}]" + (
            f"/{self.denominator}" if self.denominator != 1 else "")


@dataclass(frozen=True)
class NetworkChoice:
    """One architecture: a ``network`` object of a problem file, and its label."""

    network: dict

    @property
    def widths(self) -> tuple[int, ...]:
        return tuple(self.network["widths"])

    @property
    def label(self) -> str:
        net = self.network
        act = net["activation"]
        if act == "polynomial":
            act = "poly[" + ",".join(net["coefficients"]) + "]"
        return "-".join(map(str, net["widths"])) + " " + act + ("+bias" if net["bias"] else "")


@dataclass(frozen=True)
class DataSpec:
    """Explicit data (``inputs``, ``targets``), or ``samples`` random rows drawn from
    ``input_entries`` / ``target_entries`` (dimensions from each network's widths)."""

    inputs: tuple | None = None
    targets: tuple | None = None
    samples: int = 0
    input_entries: Distribution | None = None
    target_entries: Distribution | None = None

    @property
    def random(self) -> bool:
        return self.inputs is None

    def json(self) -> dict:
        if not self.random:
            return {"inputs": [[format_rational(x) for x in r] for r in self.inputs],
                    "targets": [[format_rational(x) for x in r] for r in self.targets]}
        return {"samples": self.samples, "input_entries": self.input_entries.json(),
                "target_entries": self.target_entries.json()}


@dataclass(frozen=True)
class Regularisation:
    """One regularisation option.

    ``kind`` is ``"none"``, ``"l2"`` (``value``: anything the problem format's ``l2``
    accepts), ``"per_layer"`` or ``"per_weight"`` (``dist``: one random rational per
    layer or per weight, drawn with the job's seed)."""

    kind: str
    value: Any = None
    dist: Distribution | None = None
    name: str | None = None

    @property
    def random(self) -> bool:
        return self.dist is not None

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        if self.kind == "none":
            return "none"
        if self.kind == "l2":
            return "l2=" + (self.value if isinstance(self.value, str) else _canon(self.value))
        return f"{self.kind} {self.dist.label}"

    def json(self) -> Any:
        if self.kind == "none":
            return "none"
        return {self.kind: self.value if self.kind == "l2" else self.dist.json()}


@dataclass(frozen=True)
class SweepSpec:
    """A validated sweep spec (see :func:`parse_sweep_spec`)."""

    name: str
    description: str
    networks: tuple[NetworkChoice, ...]
    loss: dict
    data: DataSpec
    regularisations: tuple[Regularisation, ...]
    seeds: tuple[int, ...]
    timeout: float | None
    backend: str | None
    force: bool
    route: str = "auto"

    @property
    def combinations(self) -> int:
        """networks x regularisations x seeds (jobs before identical problems are merged)."""
        return len(self.networks) * len(self.regularisations) * len(self.seeds)


# --------------------------------------------------------------------------------------
def _choices(value: Any, field: str, scalar) -> list:
    """A value or a list of alternatives: ``scalar(v)`` tells a single value."""
    if isinstance(value, list) and value and not scalar(value):
        return value
    return [value]


def _parse_networks(value: Any) -> tuple[NetworkChoice, ...]:
    items = value if isinstance(value, list) else [value]
    if not items:
        raise ProblemError("networks", "empty list", value, 'give at least one network, e.g. {"widths": [1, 1, 1]}')
    out: list[NetworkChoice] = []
    for k, item in enumerate(items):
        where = f"networks[{k}]." if isinstance(value, list) else "networks."
        if not isinstance(item, dict):
            raise ProblemError(where[:-1], "expected an object with widths (and activation, bias)", item,
                               'e.g. {"widths": [[1, 1, 1], [1, 2, 1]], "activation": "linear", "bias": false}')
        _unknown(item, _NET_KEYS, where)
        if "widths" not in item:
            raise ProblemError(f"{where}widths", "missing", None, "e.g. [1, 1, 1], or a list of such lists")
        widths_list = _choices(item["widths"], f"{where}widths", lambda v: all(not isinstance(x, list) for x in v))
        acts = _choices(item.get("activation", "linear"), f"{where}activation", lambda v: False)
        biases = _choices(item.get("bias", False), f"{where}bias", lambda v: False)
        coeffs_list = _choices(item.get("coefficients"), f"{where}coefficients",
                               lambda v: all(not isinstance(x, list) for x in v))
        for i, w in enumerate(widths_list):
            f = f"{where}widths" + (f"[{i}]" if item["widths"] is not w else "")
            if not isinstance(w, list) or len(w) < 2 or len(w) > MAX_LAYERS + 1 or any(
                    isinstance(x, bool) or not isinstance(x, int) or not 1 <= x <= MAX_WIDTH for x in w):
                raise ProblemError(f, f"expected [input, hidden..., output]: 2 to {MAX_LAYERS + 1} integers from 1 "
                                   f"to {MAX_WIDTH}", w, "e.g. [1, 1, 1]; several architectures: [[1, 1, 1], [1, 2, 1]]")
        for a in acts:
            if a not in POLYNOMIAL_ACTIVATIONS:
                raise ProblemError(f"{where}activation", "a sweep classifies with the polynomial engine", a,
                                   'use "linear" or "polynomial" (ReLU-type and smooth networks: symlandscape hunt)')
        for b in biases:
            if not isinstance(b, bool):
                raise ProblemError(f"{where}bias", "expected true, false or a list of them", b, "e.g. [false, true]")
        for w in widths_list:
            for a in acts:
                for b in biases:
                    for c in (coeffs_list if a == "polynomial" else [None]):
                        net = {"widths": list(w), "activation": a, "bias": b}
                        if a == "polynomial":
                            if c is None:
                                raise ProblemError(f"{where}coefficients", 'missing (activation "polynomial")', None,
                                                   'h(x) = c0 + c1 x + ...; e.g. ["0", "1", "1/2"]')
                            net["coefficients"] = c
                        elif "coefficients" in item and "polynomial" not in acts:
                            raise ProblemError(f"{where}coefficients", 'only for activation "polynomial"')
                        out.append(NetworkChoice(_canonical_network(net, where)))
    seen, unique = set(), []
    for n in out:
        key = _canon(n.network)
        if key not in seen:
            seen.add(key)
            unique.append(n)
    return tuple(unique)


def _canonical_network(net: dict, where: str) -> dict:
    """The network as ``problem_to_dict`` writes it (validated by the problem parser)."""
    w = net["widths"]
    dummy = {"network": net, "data": {"inputs": [[0] * w[0]], "targets": [[0] * w[-1]]}}
    try:
        return problem_to_dict(parse_problem(dummy))["network"]
    except ProblemError as exc:
        raise ProblemError(where + exc.field.removeprefix("network."), exc.message, exc.value, exc.hint) from None


def _parse_data(value: Any) -> DataSpec:
    if not isinstance(value, dict):
        raise ProblemError("data", "expected an object", value,
                           'explicit: {"inputs": [[1]], "targets": [[2]]}; random: {"samples": 2, "entries": ["-1", "0", "1"]}')
    _unknown(value, _DATA_KEYS, "data.")
    explicit = "inputs" in value or "targets" in value
    rnd = [k for k in ("samples", "entries", "input_entries", "target_entries") if k in value]
    if explicit and rnd:
        raise ProblemError(f"data.{rnd[0]}", "explicit data (inputs, targets) and random data cannot be mixed", None,
                           "remove one of them")
    if explicit:
        for k in ("inputs", "targets"):
            if k not in value:
                raise ProblemError(f"data.{k}", "missing", None, "explicit data needs both inputs and targets")
        rows = {}
        for k in ("inputs", "targets"):
            m = value[k]
            if not isinstance(m, list) or not m or not all(isinstance(r, list) and r for r in m):
                raise ProblemError(f"data.{k}", "expected a non-empty list of rows (one per sample)", m, "e.g. [[1], [2]]")
            rows[k] = tuple(tuple(parse_rational(x, f"data.{k}[{i}][{j}]") for j, x in enumerate(r))
                            for i, r in enumerate(m))
            if len({len(r) for r in rows[k]}) != 1:
                raise ProblemError(f"data.{k}", "ragged: rows of different lengths", m)
        if len(rows["inputs"]) != len(rows["targets"]):
            raise ProblemError("data.targets", f"has {len(rows['targets'])} rows but data.inputs has "
                               f"{len(rows['inputs'])}", None, "give one target row per input row")
        return DataSpec(inputs=rows["inputs"], targets=rows["targets"])
    m = value.get("samples")
    if isinstance(m, bool) or not isinstance(m, int) or not 1 <= m <= MAX_SAMPLES:
        raise ProblemError("data.samples", f"expected an integer from 1 to {MAX_SAMPLES}", m,
                           "the number of random samples, e.g. 1 (or give explicit inputs and targets)")
    default = value.get("entries", ["-1", "0", "1"])
    dist = Distribution.parse(default, "data.entries")
    din = Distribution.parse(value["input_entries"], "data.input_entries") if "input_entries" in value else dist
    dout = Distribution.parse(value["target_entries"], "data.target_entries") if "target_entries" in value else dist
    return DataSpec(samples=m, input_entries=din, target_entries=dout)


def _parse_regularisations(value: Any) -> tuple[Regularisation, ...]:
    items = value if isinstance(value, list) else [value]
    if not items:
        raise ProblemError("regularisation", "empty list", value, 'write ["none"] for no regularisation')
    out = []
    for k, item in enumerate(items):
        f = f"regularisation[{k}]" if isinstance(value, list) else "regularisation"
        hint = ('one of: "none", {"l2": "1/10"}, {"per_layer": DIST}, {"per_weight": DIST} '
                '(DIST: ["0", "1/2", "1"] or {"uniform": ["0", "1"], "denominator": 10})')
        if item == "none":
            out.append(Regularisation("none"))
            continue
        if not isinstance(item, dict):
            raise ProblemError(f, "unknown regularisation", item, hint)
        _unknown(item, _REG_KINDS + ("label",), f + ".")
        kinds = [x for x in _REG_KINDS if x in item]
        if len(kinds) != 1:
            raise ProblemError(f, "expected exactly one of l2, per_layer, per_weight", item, hint)
        label = item.get("label")
        if label is not None and (not isinstance(label, str) or not label.strip()):
            raise ProblemError(f"{f}.label", "expected a non-empty string", label)
        kind = kinds[0]
        if kind == "l2":
            v = item["l2"]
            _check_l2_numbers(v, f"{f}.l2")
            out.append(Regularisation("l2", value=_canon_l2(v), name=label))
        else:
            d = Distribution.parse(item[kind], f"{f}.{kind}")
            if (d.choices and min(d.choices) < 0) or (not d.choices and d.low < 0):
                raise ProblemError(f"{f}.{kind}", "regularisation weights must be >= 0", item[kind],
                                   'e.g. {"uniform": ["0", "1"], "denominator": 10}')
            out.append(Regularisation(kind, dist=d, name=label))
    labels = [r.label for r in out]
    for i, lab in enumerate(labels):
        if lab in labels[:i]:
            raise ProblemError(f"regularisation[{i}]", "repeats an earlier option", lab,
                               'remove it, or give it a different "label"')
    return tuple(out)


def _check_l2_numbers(v: Any, field: str) -> None:
    if isinstance(v, list):
        for i, x in enumerate(v):
            _check_l2_numbers(x, f"{field}[{i}]")
        return
    q = parse_rational(v, field)
    if q < 0:
        raise ProblemError(field, "must be >= 0", format_rational(q), 'write "0" for no regularisation')


def _canon_l2(v: Any) -> Any:
    return [_canon_l2(x) for x in v] if isinstance(v, list) else format_rational(parse_rational(v, "l2"))


def _parse_seeds(value: Any) -> tuple[int, ...]:
    hint = 'write a list such as [0, 1, 2] or {"first": 0, "count": 10}'
    if isinstance(value, dict):
        _unknown(value, ("first", "count"), "seeds.")
        a, n = value.get("first", 0), value.get("count")
        for k, v, lo in (("first", a, 0), ("count", n, 1)):
            if isinstance(v, bool) or not isinstance(v, int) or v < lo:
                raise ProblemError(f"seeds.{k}", f"expected an integer >= {lo}", v, hint)
        if n > MAX_SEEDS:
            raise ProblemError("seeds.count", f"more than {MAX_SEEDS} seeds", n)
        return tuple(range(a, a + n))
    if not isinstance(value, list) or not value:
        raise ProblemError("seeds", "expected a non-empty list of integers or {first, count}", value, hint)
    for i, s in enumerate(value):
        if isinstance(s, bool) or not isinstance(s, int) or s < 0:
            raise ProblemError(f"seeds[{i}]", "expected an integer >= 0", s, hint)
        if s in value[:i]:
            raise ProblemError(f"seeds[{i}]", "repeats an earlier seed", s, "each seed once")
    if len(value) > MAX_SEEDS:
        raise ProblemError("seeds", f"more than {MAX_SEEDS} seeds", len(value))
    return tuple(value)


def parse_sweep_spec(obj: Any, base_dir: str | Path | None = None) -> SweepSpec:
    """Validate a sweep spec (the parsed JSON of a sweep file).

    Parameters
    ----------
    obj : dict
        The spec (docs/sweep.md).
    base_dir : path, optional
        Folder against which a ``"base"`` problem file path is resolved (the spec's folder).

    Raises
    ------
    ProblemError
        Naming the field, the value and what to write instead.
    """
    if not isinstance(obj, dict):
        raise ProblemError("(top level)", "expected a JSON object", type(obj).__name__)
    if obj.get("format", FORMAT) != FORMAT:
        raise ProblemError("format", "not a sweep spec", obj.get("format"),
                           f'a sweep spec has "format": "{FORMAT}" (or no format key); problems go to classify')
    if "network" in obj and "networks" not in obj:
        raise ProblemError("network", "unknown key", None,
                           'a sweep spec lists "networks" (this looks like a problem file: give it as "base")')
    _unknown(obj, _TOP_KEYS, "")
    if obj.get("version", 1) != 1:
        raise ProblemError("version", "unsupported version", obj.get("version"), "this symlandscape reads version 1")
    name = obj.get("name", "sweep")
    if not isinstance(name, str) or not name.strip() or len(name) > 80:
        raise ProblemError("name", "expected a non-empty string (at most 80 characters)", name)
    description = obj.get("description", "")
    if not isinstance(description, str):
        raise ProblemError("description", "expected a string", description)

    base = _parse_base(obj["base"], base_dir) if "base" in obj else None
    if "networks" in obj:
        networks = _parse_networks(obj["networks"])
    elif base is not None:
        networks = (NetworkChoice(base["network"]),)
        if base["network"]["activation"] not in POLYNOMIAL_ACTIVATIONS:
            raise ProblemError("base.network.activation", "a sweep classifies with the polynomial engine",
                               base["network"]["activation"], "use a linear or polynomial network")
    else:
        raise ProblemError("networks", "missing", None,
                           'add "networks": {"widths": [[1, 1, 1], [1, 2, 1]]} (or a "base" problem)')

    loss = obj.get("loss", base["loss"] if base else {"kind": "squared", "scale": "1/2"})
    w0 = networks[0].widths
    try:
        loss = problem_to_dict(parse_problem({"network": {"widths": list(w0)}, "loss": loss,
                                              "data": {"inputs": [[0] * w0[0]], "targets": [[0] * w0[-1]]}}))["loss"]
    except ProblemError as exc:
        raise ProblemError(exc.field, exc.message, exc.value, exc.hint) from None

    if "data" in obj:
        data = _parse_data(obj["data"])
    elif base is not None:
        data = _parse_data(base["data"])
    else:
        raise ProblemError("data", "missing", None,
                           'add "data": {"samples": 1, "entries": {"uniform": ["0", "1"], "denominator": 10}} '
                           'or explicit {"inputs": ..., "targets": ...}')
    if not data.random:
        for k, n in enumerate(networks):
            if len(data.inputs[0]) != n.widths[0] or len(data.targets[0]) != n.widths[-1]:
                raise ProblemError("data", f"explicit data has {len(data.inputs[0])} input and "
                                   f"{len(data.targets[0])} output column(s) but network {n.label} needs "
                                   f"{n.widths[0]} and {n.widths[-1]}", None,
                                   "use random data (samples, entries), or networks with these input/output widths")

    if "regularisation" in obj:
        regs = _parse_regularisations(obj["regularisation"])
    elif base is not None and any(x != "0" for layer in base["l2"] for row in layer for x in row):
        regs = (Regularisation("l2", value=base["l2"], name="base l2"),)
    else:
        regs = (Regularisation("none"),)
    for r in regs:
        if r.kind == "l2" and isinstance(r.value, list):
            for n in networks:
                if len(r.value) != len(n.widths) - 1:
                    raise ProblemError("regularisation.l2", f"a list has one entry per layer, but network {n.label} "
                                       f"has {len(n.widths) - 1} layers", r.value,
                                       "write one rational for all weights, or use per_layer / per_weight")

    seeds = _parse_seeds(obj.get("seeds", [0]))
    timeout = obj.get("timeout", DEFAULT_TIMEOUT)
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float))
                                or not 0 < timeout < 10 ** 7):
        raise ProblemError("timeout", "expected seconds per problem (a positive number) or null for no limit",
                           timeout, "e.g. 60")
    backend = obj.get("backend")
    if backend is not None and backend not in BACKEND_NAMES:
        close = difflib.get_close_matches(str(backend), BACKEND_NAMES, n=1)
        raise ProblemError("backend", "unknown exact backend", backend,
                           (f'did you mean "{close[0]}"? ' if close else "") + "one of: " + ", ".join(BACKEND_NAMES)
                           + ", or null for the fastest installed")
    force = obj.get("force", False)
    if not isinstance(force, bool):
        raise ProblemError("force", "expected true or false", force,
                           "true classifies problems beyond the size limits of docs/audit.md")
    route = obj.get("route", "auto")
    if route not in ROUTES:
        raise ProblemError("route", "unknown classify route", route,
                           'one of "auto" (the ball route for finite critical sets of 30 or more complex points), '
                           '"exact" (exact coordinates everywhere) or "balls"')
    return SweepSpec(name.strip(), description, networks, loss, data, regs, seeds,
                     None if timeout is None else float(timeout), backend, force, route)


def _parse_base(value: Any, base_dir) -> dict:
    """The base problem (a problem dictionary or a path to a problem file), canonical."""
    if isinstance(value, str):
        path = Path(value)
        if not path.is_absolute() and base_dir is not None:
            path = Path(base_dir) / path
        try:
            prob = load_problem(path)
        except ProblemError as exc:
            raise ProblemError(f"base ({path}): {exc.field}", exc.message, exc.value, exc.hint) from None
    elif isinstance(value, dict):
        try:
            prob = parse_problem(value)
        except ProblemError as exc:
            raise ProblemError(f"base.{exc.field}", exc.message, exc.value, exc.hint) from None
    else:
        raise ProblemError("base", "expected a problem object or the path of a problem file", value,
                           'e.g. "examples/chain3.json" (relative to the spec file)')
    return problem_to_dict(prob)


def load_sweep_spec(path: str | Path) -> SweepSpec:
    """Read and validate a sweep-spec file (errors name the file and the field)."""
    p = Path(path)
    obj = read_json_file(p, "docs/sweep.md has a complete example")
    try:
        return parse_sweep_spec(obj, base_dir=p.parent)
    except ProblemError as exc:
        raise ProblemError(f"{path}: {exc.field}", exc.message, exc.value, exc.hint) from None
