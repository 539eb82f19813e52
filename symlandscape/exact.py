"""Exact rational numbers from user input.

Problem files hold numbers as JSON integers, ``"p/q"`` strings or decimal strings
(``"0.25"``, read exactly as 1/4). A JSON float is refused, because its binary value is
not what the user wrote.
"""

from __future__ import annotations

import re
from fractions import Fraction

from .errors import ProblemError

__all__ = ["parse_rational", "format_rational"]

_RATIONAL = re.compile(r"^\s*[+-]?\d+\s*(/\s*\d+\s*)?$")
_DECIMAL = re.compile(r"^\s*[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?\s*$")
_MAX_DIGITS = 1000


def parse_rational(value: object, field: str) -> Fraction:
    """Read one exact rational number.

    Parameters
    ----------
    value : int or str
        A JSON integer, ``"p/q"``, or a decimal string such as ``"0.1"`` or ``"1e-3"``.
    field : str
        Where the value sits, for the error message.

    Returns
    -------
    Fraction

    Raises
    ------
    ProblemError
        For floats, booleans, non-numeric strings, zero denominators, NaN and inf.

    Examples
    --------
    >>> parse_rational("3/6", "x")
    Fraction(1, 2)
    >>> parse_rational("0.1", "x")
    Fraction(1, 10)
    >>> parse_rational(0.1, "data.inputs[0][0]")
    Traceback (most recent call last):
    ...
    symlandscape.errors.ProblemError: data.inputs[0][0]: floats are not exact (got 0.1); write the number as a string, e.g. "0.1" or "1/10"
    """
    if isinstance(value, bool):
        raise ProblemError(field, "expected a number, not a boolean", value, 'write e.g. 1 or "1/2"')
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ProblemError(field, "NaN and infinity are not numbers here", value,
                               'write a finite rational such as "1/2"')
        raise ProblemError(field, "floats are not exact", value,
                           f'write the number as a string, e.g. "{value!r}" or "{_suggest(value)}"')
    if isinstance(value, str):
        text = value.strip()
        if len(text) > _MAX_DIGITS:
            raise ProblemError(field, f"number has more than {_MAX_DIGITS} characters", value[:40] + "...")
        if _RATIONAL.match(text):
            num, _, den = text.partition("/")
            if den and int(den) == 0:
                raise ProblemError(field, "zero denominator", value, 'write "p/q" with q != 0')
            return Fraction(int(num), int(den)) if den else Fraction(int(num))
        if _DECIMAL.match(text):
            return Fraction(text)
        raise ProblemError(field, "not an exact number", value,
                           'write an integer, "p/q" or a decimal string such as "0.25"')
    raise ProblemError(field, f"expected a number, got {type(value).__name__}", value,
                       'write an integer, "p/q" or a decimal string')


def _suggest(value: float) -> str:
    f = Fraction(repr(value))
    return f"{f.numerator}/{f.denominator}" if f.denominator != 1 else str(f.numerator)


def format_rational(q: Fraction) -> str:
    """Canonical text of a rational: ``"p/q"`` or ``"p"``.

    Examples
    --------
    >>> format_rational(Fraction(-3, 6))
    '-1/2'
    >>> format_rational(Fraction(4))
    '4'
    """
    q = Fraction(q)
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"
