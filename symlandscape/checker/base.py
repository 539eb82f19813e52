"""Errors, limits, exact number parsing and the work budget of the checker.

Everything here uses the Python standard library only; the checker imports nothing
from the rest of symlandscape.
"""

from __future__ import annotations

import re
from fractions import Fraction

__all__ = [
    "CheckError",
    "LimitError",
    "JSONFloat",
    "MAX_FILE_BYTES",
    "MAX_DEPTH",
    "MAX_PARAMS",
    "MAX_DIGITS",
    "MAX_TERMS",
    "MAX_ORDER",
    "MAX_REFINEMENTS",
    "MAX_EXPONENT",
    "MAX_FIELD_DEGREE",
    "MAX_WORK",
    "parse_int_text",
    "parse_rational",
    "fmt",
    "short",
    "reset_budget",
    "charge",
]

#: Limits of docs/certificates.md ("Limits"), plus the checker's own (section "Checker").
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64
MAX_PARAMS = 200
MAX_DIGITS = 10_000
MAX_TERMS = 200_000
MAX_ORDER = 64
MAX_REFINEMENTS = 2_000
MAX_EXPONENT = 1_000
MAX_FIELD_DEGREE = 100
MAX_WORK = 30_000_000

_RATIONAL = re.compile(r"[+-]?([0-9]+)(?:/([0-9]+))?")
_BIG = 10 ** MAX_DIGITS
_PRINTABLE = 10 ** 1000


class CheckError(Exception):
    """The certificate is not verified; the message is the reason."""


class LimitError(CheckError):
    """A size or work limit was exceeded; the certificate is rejected."""


class JSONFloat(str):
    """The text of a JSON float. Kept inert: allowed only where the checker reads
    nothing (``evidence``, ``provenance``); refused wherever a number is read."""

    __slots__ = ()


def parse_int_text(text: str) -> int:
    """Convert a decimal integer string with at most ``MAX_DIGITS`` digits.

    Works around the interpreter's limit on ``int(str)`` conversions (4300 digits by
    default) by converting in chunks.

    Examples
    --------
    >>> parse_int_text("-12")
    -12
    >>> len(str(parse_int_text("9" * 5000) % 10**5))
    5
    """
    sign = -1 if text[:1] == "-" else 1
    digits = text.lstrip("+-")
    if not digits.isdigit() or not digits.isascii():
        raise CheckError(f"not an integer: {short(text)}")
    if len(digits) > MAX_DIGITS:
        raise LimitError(f"integer with more than {MAX_DIGITS} digits")
    n = 0
    for i in range(0, len(digits), 4000):
        chunk = digits[i:i + 4000]
        n = n * 10 ** len(chunk) + int(chunk)
    return sign * n


def parse_rational(value: object, where: str) -> Fraction:
    """Read one rational: a string ``"p/q"`` or ``"p"``, or a JSON integer.

    Parameters
    ----------
    value : object
        The JSON value.
    where : str
        Location for the error message.

    Examples
    --------
    >>> parse_rational("-6/4", "x")
    Fraction(-3, 2)
    >>> parse_rational(7, "x")
    Fraction(7, 1)
    >>> parse_rational("0.5", "claim.value")
    Traceback (most recent call last):
    ...
    symlandscape.checker.base.CheckError: claim.value: expected a rational "p/q" or "p", got '0.5'
    """
    if isinstance(value, JSONFloat):
        raise CheckError(f'{where}: the JSON float {short(value, 40)} is not exact; write a rational '
                         'string such as "1/2"')
    if isinstance(value, bool):
        raise CheckError(f"{where}: expected a rational, got a boolean")
    if isinstance(value, int):
        if abs(value) >= _BIG:
            raise LimitError(f"{where}: integer with more than {MAX_DIGITS} digits")
        return Fraction(value)
    if isinstance(value, str):
        m = _RATIONAL.fullmatch(value)
        if m is None:
            raise CheckError(f'{where}: expected a rational "p/q" or "p", got {short(repr(value))}')
        if len(m.group(1)) > MAX_DIGITS or len(m.group(2) or "") > MAX_DIGITS:
            raise LimitError(f"{where}: integer with more than {MAX_DIGITS} digits")
        num_text, _, den_text = value.partition("/")
        num = parse_int_text(num_text)
        den = parse_int_text(den_text) if den_text else 1
        if den == 0:
            raise CheckError(f"{where}: zero denominator")
        return Fraction(num, den)
    raise CheckError(f'{where}: expected a rational "p/q" or "p", got {type(value).__name__}')


def fmt(q: object) -> str:
    """Text of a rational (``"p/q"``/``"p"``); very long numbers are abbreviated.

    Examples
    --------
    >>> fmt(Fraction(-1, 2)), fmt(Fraction(3))
    ('-1/2', '3')
    """
    if isinstance(q, (int, Fraction)):
        q = Fraction(q)
        if abs(q.numerator) >= _PRINTABLE or q.denominator >= _PRINTABLE:
            return f"<rational with about {int(max(abs(q.numerator), q.denominator).bit_length() * 0.30103)} digits>"
        return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"
    return short(str(q))


def short(text: str, limit: int = 120) -> str:
    """Cut a text to ``limit`` characters, on one line.

    Examples
    --------
    >>> short("abc"), short("x" * 10, 5)
    ('abc', 'xx...')
    """
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


_work = [0, False]  # operations counted, budget active


def reset_budget(active: bool = True) -> None:
    """Start (or, with ``active=False``, end) the work budget of one certificate."""
    _work[0] = 0
    _work[1] = active


def charge(amount: int) -> None:
    """Count ``amount`` elementary coefficient operations; while a certificate is being
    checked, reject beyond ``MAX_WORK``."""
    _work[0] += amount
    if _work[1] and _work[0] > MAX_WORK:
        raise LimitError(f"checking needs more than {MAX_WORK} coefficient operations (work limit)")
