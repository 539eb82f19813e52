"""Verification of certificates (docs/certificates.md, version 1): claims and hints.

The checker never searches: every step is an exact evaluation, an exact polynomial
identity, an exact elimination or a Sturm count on data the certificate provides.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from fractions import Fraction

from .base import (MAX_DEPTH, MAX_EXPONENT, MAX_FIELD_DEGREE, MAX_FILE_BYTES, MAX_ORDER, MAX_TERMS,
                   CheckError, JSONFloat, LimitError, charge, fmt, parse_int_text, parse_rational, reset_budget, short)
from .field import NumberField
from .linalg import charpoly, psd_nullity, rank, solve
from .polys import Poly, umul
from .problem import LossModel, Problem, least_squares_min, loss_at, parse_problem

__all__ = [
    "VERIFIED",
    "CONDITIONAL",
    "NOT_VERIFIED",
    "KINDS",
    "Result",
    "check_certificate",
    "check_file",
    "loads",
    "parse_num",
    "parse_poly",
    "verify_morse_bott",
]

VERIFIED = "VERIFIED"
CONDITIONAL = "VERIFIED CONDITIONALLY"
NOT_VERIFIED = "NOT VERIFIED"
KINDS = ("global_min", "local_min", "strict_saddle", "nonstrict_saddle", "local_max")

_TOP = {"format", "version", "problem", "parameters", "field", "claim", "hints", "provenance", "evidence"}
_HINTS = {"membership", "lower_bound", "better_point", "hessian", "negative_direction",
          "positive_direction", "descent_curve", "ascent_curve"}
_COMPLETENESS = ("the listed critical values include every real critical value of L "
                 "(the producer's completeness claim)")


@dataclass(frozen=True)
class Result:
    """Outcome of checking one certificate.

    Attributes
    ----------
    status : str
        ``"VERIFIED"``, ``"VERIFIED CONDITIONALLY"`` or ``"NOT VERIFIED"``.
    message : str
        The claim summary, or the reason when not verified.
    assumption : str or None
        What a conditional verification assumes.

    Examples
    --------
    >>> Result("NOT VERIFIED", "bad").line("c.json")
    's NOT VERIFIED c.json: bad'
    """

    status: str
    message: str
    assumption: str | None = None

    @property
    def ok(self) -> bool:
        """True unless NOT VERIFIED."""
        return self.status != NOT_VERIFIED

    @property
    def reason(self) -> str:
        """Alias of ``message``."""
        return self.message

    def line(self, file: str) -> str:
        """The status line for ``file``."""
        if self.status == CONDITIONAL:
            return f"s {CONDITIONAL} {file}: {self.message}; assumes: {self.assumption}"
        return f"s {self.status} {file}: {self.message}"


# --- reading ------------------------------------------------------------------------

def _float(text):
    return JSONFloat(text)


def _reject_constant(name):
    raise CheckError(f"{name} is not a number here")


def _int(text):
    return parse_int_text(text)


def _pairs(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise CheckError(f"duplicate key {short(repr(key), 60)} in a JSON object")
        out[key] = value
    return out


def loads(text: str):
    """Parse certificate JSON: no NaN or Infinity, no duplicate keys, bounded depth.

    JSON floats become inert :class:`JSONFloat` texts, refused wherever a number is read.

    Examples
    --------
    >>> loads('{"a": [1, "2/3"]}')
    {'a': [1, '2/3']}
    >>> loads('[NaN]')
    Traceback (most recent call last):
    ...
    symlandscape.checker.base.CheckError: NaN is not a number here
    """
    try:
        obj = json.loads(text, parse_float=_float, parse_int=_int,
                         parse_constant=_reject_constant, object_pairs_hook=_pairs)
    except RecursionError:
        raise LimitError(f"JSON nested deeper than {MAX_DEPTH} levels") from None
    except json.JSONDecodeError as exc:
        raise CheckError(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    _check_depth(obj)
    return obj


def _check_depth(obj) -> None:
    stack = [(obj, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                raise LimitError(f"JSON nested deeper than {MAX_DEPTH} levels")
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)


def check_file(path) -> Result:
    """Read and check one certificate file; never raises.

    Examples
    --------
    >>> check_file("/nonexistent/c.json").message
    'cannot read the file: no such file'
    """
    try:
        try:
            size = os.stat(path).st_size
            if size > MAX_FILE_BYTES:
                raise LimitError(f"file larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            with open(path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            raise CheckError("cannot read the file: no such file") from None
        except OSError as exc:
            raise CheckError(f"cannot read the file: {exc.strerror or exc}") from None
        if len(data) > MAX_FILE_BYTES:
            raise LimitError(f"file larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CheckError(f"not UTF-8 text (byte {exc.start})") from None
        obj = loads(text)
    except CheckError as exc:
        return Result(NOT_VERIFIED, short(str(exc), 400))
    except MemoryError:
        return Result(NOT_VERIFIED, "out of memory while reading the file")
    except Exception as exc:  # never crash on input
        return Result(NOT_VERIFIED, _internal(exc))
    return check_certificate(obj)


def _internal(exc: BaseException) -> str:
    try:
        text = short(str(exc), 200)
    except Exception:
        text = ""
    return f"internal error while checking ({type(exc).__name__}: {text}); not verified"


def check_certificate(obj) -> Result:
    """Check a parsed certificate (a dict as read from JSON); never raises.

    Examples
    --------
    >>> check_certificate({"format": "x"}).message
    "format: expected 'symlandscape-certificate'"
    """
    reset_budget()
    try:
        _check_depth(obj)
        return _check(obj)
    except CheckError as exc:
        return Result(NOT_VERIFIED, short(str(exc), 400))
    except RecursionError:
        return Result(NOT_VERIFIED, "structure too deep to check")
    except MemoryError:
        return Result(NOT_VERIFIED, "out of memory while checking")
    except Exception as exc:  # never crash on input
        return Result(NOT_VERIFIED, _internal(exc))
    finally:
        reset_budget(active=False)


# --- small parsers -------------------------------------------------------------------

def _obj(value, where: str, allowed: set, required: tuple = ()) -> dict:
    if not isinstance(value, dict):
        raise CheckError(f"{where}: expected an object")
    for key in value:
        if key not in allowed:
            raise CheckError(f"{where}: unknown key {short(repr(key), 60)}")
    for key in required:
        if key not in value:
            raise CheckError(f"{where}.{key}: missing")
    return value


def _list(value, where: str, length: int | None = None, nonempty: bool = False, limit: int = MAX_TERMS) -> list:
    if not isinstance(value, list):
        raise CheckError(f"{where}: expected a list")
    if length is not None and len(value) != length:
        raise CheckError(f"{where}: expected {length} entries, got {len(value)}")
    if nonempty and not value:
        raise CheckError(f"{where}: must not be empty")
    if len(value) > limit:
        raise LimitError(f"{where}: more than {limit} entries")
    return value


def _int_in(value, where: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise CheckError(f"{where}: expected an integer")
    if not lo <= value <= hi:
        raise LimitError(f"{where}: {value if abs(value) < 10**30 else 'huge'} outside {lo}..{hi}")
    return value


def parse_num(value, field: NumberField | None, where: str):
    """A rational, or (with a field) a list ``[a0, a1, ...]`` meaning ``a0 + a1 alpha + ...``."""
    if isinstance(value, list):
        if field is None:
            raise CheckError(f'{where}: a field element (list) needs "field" at the top level')
        _list(value, where, nonempty=True, limit=MAX_FIELD_DEGREE + 1)
        return field.element([parse_rational(x, f"{where}[{i}]") for i, x in enumerate(value)])
    return parse_rational(value, where)


def _nums(value, field, where: str, length: int) -> list:
    return [parse_num(x, field, f"{where}[{i}]") for i, x in enumerate(_list(value, where, length))]


def _rationals(value, where: str, length: int | None = None) -> list:
    return [parse_rational(x, f"{where}[{i}]") for i, x in enumerate(_list(value, where, length))]


def parse_poly(value, nvars: int, where: str) -> Poly:
    """A polynomial: a list of terms ``[coefficient, exponents]`` (``[]`` is zero).

    Examples
    --------
    >>> p = parse_poly([["3/2", [1, 0, 2]], ["-1", [0, 0, 0]]], 3, "p")
    >>> p.evaluate([Fraction(1), Fraction(5), Fraction(2)])
    Fraction(5, 1)
    """
    terms: dict = {}
    for k, term in enumerate(_list(value, where)):
        w = f"{where}[{k}]"
        if not isinstance(term, list) or len(term) != 2:
            raise CheckError(f"{w}: expected a term [coefficient, exponents]")
        c = parse_rational(term[0], f"{w}[0]")
        exps = _list(term[1], f"{w}[1]", nvars)
        e = tuple(_int_in(x, f"{w}[1][{i}]", 0, MAX_EXPONENT) for i, x in enumerate(exps))
        terms[e] = terms[e] + c if e in terms else c
    charge(len(terms))
    return Poly(nvars, terms)


def _polys(value, nvars: int, where: str, length: int | None = None) -> list[Poly]:
    return [parse_poly(p, nvars, f"{where}[{i}]") for i, p in enumerate(_list(value, where, length))]


def _parse_field(value) -> NumberField | None:
    if value is None:
        return None
    value = _obj(value, "field", {"minpoly", "interval"}, ("minpoly", "interval"))
    minpoly = _rationals(_list(value["minpoly"], "field.minpoly", limit=MAX_FIELD_DEGREE + 1), "field.minpoly")
    lo, hi = _rationals(value["interval"], "field.interval", 2)
    return NumberField(minpoly, lo, hi)


def _text(x) -> str:
    return fmt(x) if isinstance(x, (int, Fraction)) else str(x)


def _point_text(point: list) -> str:
    return short("(" + ", ".join(_text(x) for x in point) + ")", 80)


def _poly_text(p: Poly, names: list[str]) -> str:
    if p.is_zero():
        return "0"
    parts = []
    for e, c in sorted(p.terms.items(), reverse=True):
        mono = "*".join(names[i] + (f"^{k}" if k > 1 else "") for i, k in enumerate(e) if k)
        parts.append(fmt(c) if not mono else (mono if c == 1 else f"-{mono}" if c == -1 else f"{fmt(c)}*{mono}"))
    return " + ".join(parts).replace("+ -", "- ")


# --- context --------------------------------------------------------------------------

class _Ctx:
    def __init__(self, problem: Problem, field: NumberField | None):
        self.problem = problem
        self.field = field
        self.model = LossModel(problem)
        self.n = problem.n_params
        self.names = problem.names
        self._H = None

    def hessian(self, point):
        if self._H is None:
            self._H = self.model.hessian_at(point)
        return self._H


def _check(obj) -> Result:
    if not isinstance(obj, dict):
        raise CheckError("certificate: expected a JSON object at the top level")
    if obj.get("format") != "symlandscape-certificate":
        raise CheckError("format: expected 'symlandscape-certificate'")
    top = _obj(obj, "certificate", _TOP, ("format", "version", "problem", "parameters", "claim", "hints"))
    if isinstance(top["version"], bool) or top["version"] != 1:
        raise CheckError(f"version: {short(repr(top['version']), 40)} is not supported (this checker reads version 1)")
    problem = parse_problem(top["problem"])
    names = problem.names
    params = top["parameters"]
    if params != names:
        raise CheckError("parameters: do not match the problem's parameter order; expected "
                         + short(json.dumps(names), 200))
    field = _parse_field(top.get("field"))
    ctx = _Ctx(problem, field)
    claim = top["claim"]
    if not isinstance(claim, dict):
        raise CheckError("claim: expected an object")
    hints = _obj(top["hints"], "hints", _HINTS)
    ctype = claim.get("type")
    if ctype == "point":
        return _point_claim(ctx, _obj(claim, "claim", {"type", "point", "value", "kind"},
                                      ("point", "value", "kind")), hints)
    if ctype == "stratum":
        return _stratum_claim(ctx, _obj(claim, "claim", {"type", "equations", "inequations", "value", "kind"},
                                        ("equations", "value", "kind")), hints)
    raise CheckError(f"claim.type: expected 'point' or 'stratum', got {short(repr(ctype), 40)}")


def _kind(claim) -> str:
    kind = claim["kind"]
    if kind not in KINDS:
        raise CheckError(f"claim.kind: {short(repr(kind), 40)} is not one of {', '.join(KINDS)}")
    return kind


def _need(hints: dict, key: str, kind: str):
    if key not in hints:
        raise CheckError(f"hints.{key}: missing (required for kind {kind})")
    return hints[key]


def _method(hint, where: str, allowed: tuple) -> str:
    if not isinstance(hint, dict):
        raise CheckError(f"{where}: expected an object")
    method = hint.get("method")
    if method not in allowed:
        raise CheckError(f"{where}.method: {short(repr(method), 40)} does not fit; expected one of {', '.join(allowed)}")
    return method


# --- point claims ----------------------------------------------------------------------

def _point_claim(ctx: _Ctx, claim: dict, hints: dict) -> Result:
    kind = _kind(claim)
    point = _nums(claim["point"], ctx.field, "claim.point", ctx.n)
    value = parse_num(claim["value"], ctx.field, "claim.value")
    for i, g in enumerate(ctx.model.gradient):
        d = g.evaluate(point)
        if d != 0:
            raise CheckError(f"claim.point: not a critical point: dL/d{ctx.names[i]} = {_text(d)} there")
    actual = loss_at(ctx.problem, point)
    if actual != value:
        raise CheckError(f"claim.value: L(point) = {_text(actual)}, not {_text(value)}")
    assumption = None
    if kind == "global_min":
        detail, assumption = _lower_bound(ctx, value, _need(hints, "lower_bound", kind))
    elif kind == "local_min":
        better = _better_point(ctx, value, _need(hints, "better_point", kind))
        hint = _need(hints, "hessian", kind)
        method = _method(hint, "hints.hessian", ("positive_definite", "morse_bott"))
        if method == "positive_definite":
            _definite(ctx.hessian(point), "hints.hessian", negate=False)
            detail = f"Hessian positive definite; {better}"
        else:
            detail = verify_morse_bott(ctx.problem, point, hint, ctx.model) + "; " + better
    elif kind == "strict_saddle":
        neg = _direction(ctx, point, _need(hints, "negative_direction", kind), "hints.negative_direction", -1)
        pos = _direction(ctx, point, _need(hints, "positive_direction", kind), "hints.positive_direction", 1)
        detail = f"v^T H v = {neg} < 0, w^T H w = {pos} > 0"
    elif kind == "nonstrict_saddle":
        _method(_need(hints, "hessian", kind), "hints.hessian", ("positive_semidefinite",))
        nullity, reason = psd_nullity(ctx.hessian(point))
        if nullity is None:
            raise CheckError(f"hints.hessian: Hessian not positive semidefinite: {reason}")
        if nullity == 0:
            raise CheckError("hints.hessian: Hessian is positive definite, so the point is a strict local minimum")
        down = _point_curve(ctx, point, value, _need(hints, "descent_curve", kind), "hints.descent_curve", -1)
        if "positive_direction" in hints:
            up = "w^T H w = " + _direction(ctx, point, hints["positive_direction"], "hints.positive_direction", 1)
        elif "ascent_curve" in hints:
            up = "ascent " + _point_curve(ctx, point, value, hints["ascent_curve"], "hints.ascent_curve", 1)
        else:
            raise CheckError("hints: positive_direction or ascent_curve missing (required for kind nonstrict_saddle)")
        detail = f"Hessian PSD with nullity {nullity}; descent {down}; {up}"
    else:  # local_max
        _method(_need(hints, "hessian", kind), "hints.hessian", ("negative_definite",))
        _definite(ctx.hessian(point), "hints.hessian", negate=True)
        detail = "Hessian negative definite"
    summary = f"{kind} at {_point_text(point)} with L = {_text(value)} ({detail})"
    return Result(CONDITIONAL if assumption else VERIFIED, short(summary, 400), assumption)


def _definite(H, where: str, negate: bool) -> None:
    M = [[-x for x in row] for row in H] if negate else H
    nullity, reason = psd_nullity(M)
    word = "negative" if negate else "positive"
    if nullity is None:
        raise CheckError(f"{where}: Hessian not {word} definite: {reason}"
                         + (" (of -H)" if negate else ""))
    if nullity:
        raise CheckError(f"{where}: Hessian is singular (nullity {nullity}), not {word} definite")


def _better_point(ctx: _Ctx, value, hint) -> str:
    better = _rationals(hint, "hints.better_point", ctx.n)
    lb = loss_at(ctx.problem, better)
    if not lb < value:
        raise CheckError(f"hints.better_point: L there is {fmt(lb)}, not below the claimed value {_text(value)}")
    return f"better point has L = {fmt(lb)}"


def _direction(ctx: _Ctx, point, hint, where: str, sign: int) -> str:
    v = _nums(hint, ctx.field, where, ctx.n)
    H = ctx.hessian(point)
    q = Fraction(0)
    for i in range(ctx.n):
        if v[i]:
            for j in range(ctx.n):
                if v[j]:
                    q = q + v[i] * H[i][j] * v[j]
    if sign < 0 and not q < 0:
        raise CheckError(f"{where}: v^T H v = {_text(q)}, not negative")
    if sign > 0 and not q > 0:
        raise CheckError(f"{where}: w^T H w = {_text(q)}, not positive")
    return _text(q)


def _curve_vectors(value, where: str, parse) -> list:
    vecs = _list(value, where, nonempty=True, limit=MAX_ORDER)
    return [parse(c, f"{where}[{k}]") for k, c in enumerate(vecs)]


def _point_curve(ctx: _Ctx, point, value, hint, where: str, sign: int) -> str:
    cs = _curve_vectors(hint, where, lambda c, w: _nums(c, ctx.field, w, ctx.n))
    gamma = []
    for i in range(ctx.n):
        terms = {(0,): point[i]}
        for k, c in enumerate(cs, start=1):
            terms[(k,)] = c[i]
        gamma.append(Poly(1, terms))
    diff = Poly(1) + loss_at(ctx.problem, gamma, Poly(1)) - value
    if diff.is_zero():
        raise CheckError(f"{where}: L is constant along the curve")
    k = min(e[0] for e in diff.terms)
    c = diff.terms[(k,)]
    if (sign < 0 and not c < 0) or (sign > 0 and not c > 0):
        raise CheckError(f"{where}: L(gamma(t)) - L(point) starts with {_text(c)} t^{k}, which is not "
                         + ("negative" if sign < 0 else "positive"))
    return f"L(gamma(t)) - L = {_text(c)} t^{k} + ..."


# --- lower bounds (global_min) -----------------------------------------------------------

def _lower_bound(ctx: _Ctx, value, hint) -> tuple[str, str | None]:
    where = "hints.lower_bound"
    method = _method(hint, where, ("nonnegative", "least_squares", "eckart_young", "least_critical_value"))
    p = ctx.problem
    linear_unregularised = p.activation == "linear" and not any(p.weight_l2())
    if method == "nonnegative":
        _obj(hint, where, {"method"})
        if value != 0:
            raise CheckError(f"{where}: method nonnegative proves L >= 0, but the claimed value is {_text(value)}")
        return "lower bound: L >= 0", None
    if method == "least_squares":
        _obj(hint, where, {"method"})
        if not linear_unregularised:
            raise CheckError(f"{where}: least_squares needs a linear activation and every l2 = 0")
        bound = p.scale * least_squares_min(p)
        if value != bound:
            raise CheckError(f"{where}: the least squares bound is {fmt(bound)}, not the claimed value {_text(value)}")
        return f"lower bound: least squares value {fmt(bound)}", None
    if method == "eckart_young":
        _obj(hint, where, {"method", "eigenvalues"}, ("eigenvalues",))
        if not linear_unregularised or p.bias:
            raise CheckError(f"{where}: eckart_young needs a linear activation, no bias and every l2 = 0")
        bound = _eckart_young(p, _rationals(hint["eigenvalues"], f"{where}.eigenvalues", p.widths[-1]), where)
        if value != bound:
            raise CheckError(f"{where}: the Eckart-Young bound is {fmt(bound)}, not the claimed value {_text(value)}")
        return f"lower bound: Eckart-Young value {fmt(bound)} for rank {min(p.widths)}", None
    # least_critical_value
    _obj(hint, where, {"method", "critical_values"}, ("critical_values",))
    if p.bias:
        raise CheckError(f"{where}: least_critical_value needs bias false (unregularised biases can "
                         "keep L from attaining its infimum)")
    if not all(x > 0 for x in p.weight_l2()):
        raise CheckError(f"{where}: least_critical_value needs every l2 > 0 (L coercive)")
    values = [parse_num(x, ctx.field, f"{where}.critical_values[{i}]")
              for i, x in enumerate(_list(hint["critical_values"], f"{where}.critical_values", nonempty=True))]
    for i, c in enumerate(values):
        if not value <= c:
            raise CheckError(f"{where}.critical_values[{i}]: {_text(c)} is below the claimed value {_text(value)}")
    return f"L coercive, least of {len(values)} critical values", _COMPLETENESS


def _eckart_young(p: Problem, eigenvalues: list, where: str) -> Fraction:
    xs, ys = p.inputs, p.targets
    d, m = p.widths[0], p.widths[-1]
    M = [[sum((x[i] * x[j] for x in xs), Fraction(0)) for j in range(d)] for i in range(d)]
    XY = [[sum((x[i] * y[k] for x, y in zip(xs, ys)), Fraction(0)) for k in range(m)] for i in range(d)]
    Z, r = solve(M, XY)
    if r < d:
        raise CheckError(f"{where}: X X^T is singular, Eckart-Young bound not applicable")
    sigma = [[sum((XY[i][a] * Z[i][b] for i in range(d)), Fraction(0)) for b in range(m)] for a in range(m)]
    expected = [Fraction(1)]
    for lam in eigenvalues:
        expected = umul(expected, [-lam, Fraction(1)])
    if charpoly(sigma) != expected:
        raise CheckError(f"{where}.eigenvalues: not the eigenvalues of Sigma = Y X^T (X X^T)^-1 X Y^T "
                         "(characteristic polynomial differs)")
    top = sorted(eigenvalues, reverse=True)[:min(p.widths)]
    norm = sum((y * y for row in ys for y in row), Fraction(0))
    return p.scale * (norm - sum(top, Fraction(0)))


# --- Morse-Bott -------------------------------------------------------------------------------

def verify_morse_bott(problem: Problem, point: list, hint: dict, model: LossModel | None = None) -> str:
    """Check a Morse-Bott hint at a critical point: returns a summary or raises CheckError.

    Verifies ``phi(s0) = point`` with non-zero denominators, ``grad L(phi(s)) = 0``
    identically (denominators cleared), ``rank D phi(s0) = k``, and the Hessian at the
    point PSD with nullity exactly ``k``. The point must already be known critical.
    """
    where = "hints.hessian"
    model = model or LossModel(problem)
    n = problem.n_params
    hint = _obj(hint, where, {"method", "parametrization", "at", "rank"}, ("parametrization", "at", "rank"))
    k = _int_in(hint["rank"], f"{where}.rank", 1, n)
    s0 = _rationals(hint["at"], f"{where}.at", k)
    nums, dens = [], []
    for i, entry in enumerate(_list(hint["parametrization"], f"{where}.parametrization", n)):
        w = f"{where}.parametrization[{i}]"
        if isinstance(entry, dict):
            entry = _obj(entry, w, {"num", "den"}, ("num",))
            num = parse_poly(entry["num"], k, f"{w}.num")
            den = parse_poly(entry["den"], k, f"{w}.den") if "den" in entry else Poly.const(k, Fraction(1))
        elif isinstance(entry, list):
            num, den = parse_poly(entry, k, w), Poly.const(k, Fraction(1))
        else:
            num, den = Poly.const(k, parse_rational(entry, w)), Poly.const(k, Fraction(1))
        d0 = den.evaluate(s0)
        if d0 == 0:
            raise CheckError(f"{w}: denominator vanishes at s0")
        if num.evaluate(s0) / d0 != point[i]:
            raise CheckError(f"{w}: phi(s0) = {fmt(num.evaluate(s0) / d0)} differs from point coordinate "
                             f"{_text(point[i])}")
        nums.append(num)
        dens.append(den)
    jac = []
    for num, den in zip(nums, dens):
        n0, d0 = num.evaluate(s0), den.evaluate(s0)
        jac.append([(num.deriv(j).evaluate(s0) * d0 - n0 * den.deriv(j).evaluate(s0)) / (d0 * d0)
                    for j in range(k)])
    if rank(jac) != k:
        raise CheckError(f"{where}: the Jacobian of phi at s0 has rank {rank(jac)}, not {k}")
    # Common denominator D = product of the distinct denominators; phi_i = P_i / D.
    distinct: list[Poly] = []
    index = []
    for den in dens:
        pos = next((j for j, e in enumerate(distinct) if e == den), None)
        if pos is None:
            distinct.append(den)
            pos = len(distinct) - 1
        index.append(pos)
    D = Poly.const(k, Fraction(1))
    for e in distinct:
        D = D * e
    P = []
    for num, pos in zip(nums, index):
        other = num
        for j, e in enumerate(distinct):
            if j != pos:
                other = other * e
        P.append(other)
    for i, g in enumerate(model.gradient):
        deg = g.degree()
        homog = Poly(n + 1, {e + (deg - sum(e),): c for e, c in g.terms.items()})
        if not homog.compose(P + [D], k).is_zero():
            raise CheckError(f"{where}: dL/d{problem.names[i]} does not vanish identically along phi")
    nullity, reason = psd_nullity(model.hessian_at(point))
    if nullity is None:
        raise CheckError(f"{where}: Hessian not positive semidefinite: {reason}")
    if nullity != k:
        raise CheckError(f"{where}: Hessian nullity is {nullity}, not the manifold dimension {k}")
    return f"Morse-Bott: critical manifold of dimension {k}, Hessian PSD with nullity {k}"


# --- stratum claims ----------------------------------------------------------------------------

def _combo(cofactors: list[Poly], eqs: list[Poly], n: int) -> Poly:
    total = Poly(n)
    for c, e in zip(cofactors, eqs):
        if c:
            total = total + c * e
    return total


def _stratum_claim(ctx: _Ctx, claim: dict, hints: dict) -> Result:
    kind = _kind(claim)
    n, names = ctx.n, ctx.names
    eqs = _polys(claim["equations"], n, "claim.equations")
    ineqs = _polys(claim.get("inequations", []), n, "claim.inequations")
    value = parse_rational(claim["value"], "claim.value")
    ne = len(eqs)

    def cof(v, where):
        return _polys(v, n, where, ne)

    mem = _obj(_need(hints, "membership", kind), "hints.membership", {"gradient", "value"}, ("gradient", "value"))
    grad = _list(mem["gradient"], "hints.membership.gradient", n)
    for i, g in enumerate(ctx.model.gradient):
        if g != _combo(cof(grad[i], f"hints.membership.gradient[{i}]"), eqs, n):
            raise CheckError(f"hints.membership.gradient[{i}]: dL/d{names[i]} is not the stated combination "
                             "of the equations")
    vh = _obj(mem["value"], "hints.membership.value", {"power", "cofactors"}, ("power", "cofactors"))
    power = _int_in(vh["power"], "hints.membership.value.power", 1, MAX_ORDER)
    if (ctx.model.loss - value) ** power != _combo(cof(vh["cofactors"], "hints.membership.value.cofactors"), eqs, n):
        raise CheckError(f"hints.membership.value: (L - {fmt(value)})^{power} is not the stated combination "
                         "of the equations")
    assumption = None
    if kind == "global_min":
        detail, assumption = _lower_bound(ctx, value, _need(hints, "lower_bound", kind))
    elif kind == "strict_saddle":
        _parametric_direction(ctx, _need(hints, "negative_direction", kind), eqs, ineqs,
                              "hints.negative_direction", -1)
        _parametric_direction(ctx, _need(hints, "positive_direction", kind), eqs, ineqs,
                              "hints.positive_direction", 1)
        detail = "v^T H v < 0 and w^T H w > 0 on the stratum"
    elif kind == "nonstrict_saddle":
        h = _need(hints, "hessian", kind)
        _method(h, "hints.hessian", ("zero",))
        h = _obj(h, "hints.hessian", {"method", "cofactors"}, ("cofactors",))
        rows = _list(h["cofactors"], "hints.hessian.cofactors", n)
        for i in range(n):
            row = _list(rows[i], f"hints.hessian.cofactors[{i}]", n)
            for j in range(i, n):
                w = f"hints.hessian.cofactors[{i}][{j}]"
                if ctx.model.hessian_entry(i, j) != _combo(cof(row[j], w), eqs, n):
                    raise CheckError(f"{w}: H[{names[i]},{names[j]}] is not the stated combination of the equations")
        down = _stratum_curve(ctx, _need(hints, "descent_curve", kind), eqs, ineqs, "hints.descent_curve", -1)
        up = _stratum_curve(ctx, _need(hints, "ascent_curve", kind), eqs, ineqs, "hints.ascent_curve", 1)
        detail = f"Hessian zero on the stratum; descent curve of order {down}; ascent curve of order {up}"
    else:
        raise CheckError(f"claim.kind: {kind} for a stratum is not supported in certificate version 1")
    eq_text = ", ".join(_poly_text(e, names) + " = 0" for e in eqs) or "all of R^n"
    ineq_text = "".join(", " + _poly_text(g, names) + " != 0" for g in ineqs)
    summary = (f"stratum {{{short(eq_text + ineq_text, 160)}}}: every point is critical with L = {fmt(value)} "
               f"and is a {kind} ({detail})")
    return Result(CONDITIONAL if assumption else VERIFIED, short(summary, 400), assumption)


def _squares(value, ineqs: list[Poly], n: int, where: str) -> Poly:
    """Parse ``[[c, m], ...]`` (every c > 0, m_1 an inequation); return ``sum c m^2``."""
    entries = _list(value, where, nonempty=True)
    total = Poly(n)
    for j, entry in enumerate(entries):
        w = f"{where}[{j}]"
        if not isinstance(entry, list) or len(entry) != 2:
            raise CheckError(f"{w}: expected [c, polynomial]")
        c = parse_rational(entry[0], f"{w}[0]")
        if not c > 0:
            raise CheckError(f"{w}[0]: coefficient {fmt(c)} is not positive")
        m = parse_poly(entry[1], n, f"{w}[1]")
        if j == 0 and not any(m.terms == g.terms for g in ineqs):
            raise CheckError(f"{w}[1]: the first square must be one of the inequations")
        total = total + c * (m * m)
    return total


def _parametric_direction(ctx: _Ctx, hint, eqs, ineqs, where: str, sign: int) -> None:
    n = ctx.n
    hint = _obj(hint, where, {"vector", "squares", "cofactors"}, ("vector", "squares", "cofactors"))
    v = _polys(hint["vector"], n, f"{where}.vector", n)
    sq = _squares(hint["squares"], ineqs, n, f"{where}.squares")
    cof = _polys(hint["cofactors"], n, f"{where}.cofactors", len(eqs))
    q = Poly(n)
    for i in range(n):
        if v[i]:
            for j in range(i, n):
                if v[j]:
                    h = ctx.model.hessian_entry(i, j)
                    q = q + (v[i] * v[j] * h) * (1 if i == j else 2)
    lhs = q + sq if sign < 0 else q - sq
    if lhs != _combo(cof, eqs, n):
        raise CheckError(f"{where}: v^T H v {'+' if sign < 0 else '-'} sum c_j m_j^2 is not the stated "
                         "combination of the equations")


def _stratum_curve(ctx: _Ctx, hint, eqs, ineqs, where: str, sign: int) -> int:
    n, ne = ctx.n, len(eqs)
    hint = _obj(hint, where, {"coefficients", "order", "lower", "squares", "cofactors"},
                ("coefficients", "order", "lower", "squares", "cofactors"))
    cs = _curve_vectors(hint["coefficients"], f"{where}.coefficients", lambda c, w: _polys(c, n, w, n))
    m = _int_in(hint["order"], f"{where}.order", 1, MAX_ORDER)
    lower = _list(hint["lower"], f"{where}.lower", m - 1)
    sq = _squares(hint["squares"], ineqs, n, f"{where}.squares")
    cof = _polys(hint["cofactors"], n, f"{where}.cofactors", ne)
    N = n + 1
    t = Poly.var(N, n)
    gamma = []
    for i in range(n):
        g = Poly.var(N, i)
        for k, c in enumerate(cs, start=1):
            if c[i]:
                g = g + c[i].extend(N) * t ** k
        gamma.append(g)
    diff = Poly(N) + loss_at(ctx.problem, gamma, Poly(N)) - ctx.model.loss.extend(N)
    a = diff.split(n)
    for j in range(1, m):
        aj = a.get(j, Poly(n))
        if aj != _combo(_polys(lower[j - 1], n, f"{where}.lower[{j - 1}]", ne), eqs, n):
            raise CheckError(f"{where}.lower[{j - 1}]: the coefficient a_{j} of t^{j} is not the stated "
                             "combination of the equations")
    am = a.get(m, Poly(n))
    lhs = am + sq if sign < 0 else am - sq
    if lhs != _combo(cof, eqs, n):
        raise CheckError(f"{where}: a_{m} {'+' if sign < 0 else '-'} sum c_i m_i^2 is not the stated "
                         "combination of the equations")
    return m

