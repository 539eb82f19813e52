"""Reading certificate JSON safely, and its numbers, polynomials and number field."""

from __future__ import annotations

import json

from .base import (MAX_DEPTH, MAX_EXPONENT, MAX_FIELD_DEGREE, CheckError, JSONFloat, LimitError, charge,
                   need_int, need_list, need_obj, parse_int_text, parse_rational, show)
from .field import NumberField
from .polys import Poly

__all__ = ["loads", "check_depth", "parse_num", "parse_nums", "parse_rationals", "parse_poly", "parse_polys",
           "parse_field"]


def _pairs(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise CheckError(f"duplicate key {show(key)} in a JSON object")
        out[key] = value
    return out


def _constant(name):
    raise CheckError(f"{name} is not a number here")


def loads(text: str):
    """Parse certificate JSON: no NaN or Infinity, no duplicate keys, depth <= 64.

    JSON floats become inert :class:`~.base.JSONFloat` texts, refused wherever a number
    is read (so floats in ``evidence`` do no harm).

    >>> loads('{"a": [1, "2/3"]}')
    {'a': [1, '2/3']}
    >>> loads('[NaN]')
    Traceback (most recent call last):
    ...
    symlandscape.checker.base.CheckError: NaN is not a number here
    """
    try:
        obj = json.loads(text, parse_float=JSONFloat, parse_int=parse_int_text, parse_constant=_constant,
                         object_pairs_hook=_pairs)
    except RecursionError:
        raise LimitError(f"JSON nested deeper than {MAX_DEPTH} levels") from None
    except json.JSONDecodeError as exc:
        raise CheckError(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    check_depth(obj)
    return obj


def check_depth(obj) -> None:
    """Refuse lists/objects nested deeper than ``MAX_DEPTH`` (iterative, cycle-safe)."""
    stack = [(obj, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                raise LimitError(f"JSON nested deeper than {MAX_DEPTH} levels")
            stack.extend((child, depth + 1) for child in (value.values() if isinstance(value, dict) else value))


def parse_num(value, field: NumberField | None, where: str):
    """A rational, or (with a field) a list ``[a0, a1, ...]`` meaning ``a0 + a1 alpha + ...``."""
    if not isinstance(value, list):
        return parse_rational(value, where)
    if field is None:
        raise CheckError(f'{where}: a field element (list) needs "field" at the top level')
    return field.element(parse_rationals(need_list(value, where, nonempty=True, limit=MAX_FIELD_DEGREE + 1),
                                         where))


def parse_nums(value, field, where: str, length: int | None = None) -> list:
    """A list of numbers (rational or field elements)."""
    return [parse_num(x, field, f"{where}[{i}]") for i, x in enumerate(need_list(value, where, length))]


def parse_rationals(value, where: str, length: int | None = None) -> list:
    """A list of rationals."""
    return [parse_rational(x, f"{where}[{i}]") for i, x in enumerate(need_list(value, where, length))]


def parse_poly(value, nvars: int, where: str) -> Poly:
    """A polynomial: a list of terms ``[coefficient, exponents]`` (``[]`` is zero).

    >>> from fractions import Fraction
    >>> p = parse_poly([["3/2", [1, 0, 2]], ["-1", [0, 0, 0]]], 3, "p")
    >>> p.evaluate([Fraction(1), Fraction(5), Fraction(2)])
    Fraction(5, 1)
    """
    terms: dict = {}
    for k, term in enumerate(need_list(value, where)):
        w = f"{where}[{k}]"
        if not isinstance(term, list) or len(term) != 2:
            raise CheckError(f"{w}: expected a term [coefficient, exponents], got {show(term)}")
        c = parse_rational(term[0], f"{w}[0]")
        e = tuple(need_int(x, f"{w}[1][{i}]", 0, MAX_EXPONENT)
                  for i, x in enumerate(need_list(term[1], f"{w}[1]", nvars)))
        terms[e] = terms[e] + c if e in terms else c
    charge(len(terms))
    return Poly(nvars, terms)


def parse_polys(value, nvars: int, where: str, length: int | None = None) -> list[Poly]:
    """A list of polynomials."""
    return [parse_poly(p, nvars, f"{where}[{i}]") for i, p in enumerate(need_list(value, where, length))]


def parse_field(value) -> NumberField | None:
    """The top-level ``field`` entry: ``null`` or ``{"minpoly": [...], "interval": [lo, hi]}``."""
    if value is None:
        return None
    value = need_obj(value, "field", ("minpoly", "interval"), ("minpoly", "interval"))
    minpoly = parse_rationals(need_list(value["minpoly"], "field.minpoly", limit=MAX_FIELD_DEGREE + 1),
                              "field.minpoly")
    lo, hi = parse_rationals(value["interval"], "field.interval", 2)
    return NumberField(minpoly, lo, hi)
