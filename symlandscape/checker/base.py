"""Errors, limits, exact number parsing, message helpers and the work budget.

Standard library only; the checker imports nothing from the rest of symlandscape.
"""

from __future__ import annotations

import re
from fractions import Fraction

__all__ = ["CheckError", "LimitError", "JSONFloat", "MAX_FILE_BYTES", "MAX_DEPTH", "MAX_PARAMS", "MAX_DIGITS",
           "MAX_TERMS", "MAX_ORDER", "MAX_REFINEMENTS", "MAX_EXPONENT", "MAX_FIELD_DEGREE", "MAX_WORK", "MAX_BITS",
           "parse_int_text", "parse_rational", "fmt", "short", "show", "need_obj", "need_list", "need_int",
           "reset_budget", "charge"]

#: Limits of docs/certificates.md ("Limits"), and the checker's own (its "Checker" section).
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64
MAX_PARAMS = 200
MAX_DIGITS = 10_000
MAX_TERMS = 200_000
MAX_ORDER = 64
MAX_REFINEMENTS = 2_000
MAX_EXPONENT = 1_000
MAX_FIELD_DEGREE = 64
MAX_WORK = 30_000_000
MAX_BITS = 2_000_000

_RATIONAL = re.compile(r"[+-]?([0-9]+)(?:/([0-9]+))?")
_BIG = 10 ** MAX_DIGITS
_PRINTABLE = 10 ** 1000


class CheckError(Exception):
    """The certificate is not verified; the message is the reason."""


class LimitError(CheckError):
    """A size or work limit was exceeded; the certificate is rejected."""


class JSONFloat(str):
    """The text of a JSON float: inert, allowed only where the checker reads nothing
    (``evidence``, ``provenance``), refused wherever a number is read."""

    __slots__ = ()


def parse_int_text(text: str) -> int:
    """A decimal integer of at most ``MAX_DIGITS`` digits (converted in chunks, so the
    interpreter's 4300-digit limit on ``int(str)`` does not apply).

    >>> parse_int_text("-12"), parse_int_text("9" * 5000) % 1000
    (-12, 999)
    """
    digits = text[1:] if text[:1] in "+-" else text
    if not (digits.isascii() and digits.isdigit()):
        raise CheckError(f"not an integer: {show(text)}")
    if len(digits) > MAX_DIGITS:
        raise LimitError(f"integer with more than {MAX_DIGITS} digits")
    n = 0
    for i in range(0, len(digits), 4000):
        n = n * 10 ** len(digits[i:i + 4000]) + int(digits[i:i + 4000])
    return -n if text[:1] == "-" else n


def parse_rational(value: object, where: str) -> Fraction:
    """A rational: a string ``"p/q"`` or ``"p"``, or a JSON integer.

    >>> parse_rational("-6/4", "x"), parse_rational(7, "x")
    (Fraction(-3, 2), Fraction(7, 1))
    >>> parse_rational("0.5", "claim.value")
    Traceback (most recent call last):
    ...
    symlandscape.checker.base.CheckError: claim.value: expected a rational "p/q" or "p", got '0.5'
    """
    if isinstance(value, JSONFloat):
        raise CheckError(f'{where}: the JSON float {short(value, 40)} is not exact; write a string such as "1/2"')
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) >= _BIG:
            raise LimitError(f"{where}: integer with more than {MAX_DIGITS} digits")
        return Fraction(value)
    if not isinstance(value, str) or _RATIONAL.fullmatch(value) is None:
        raise CheckError(f'{where}: expected a rational "p/q" or "p", got {show(value)}')
    num, _, den = value.partition("/")
    try:
        q = Fraction(parse_int_text(num), parse_int_text(den) if den else 1)
    except ZeroDivisionError:
        raise CheckError(f"{where}: zero denominator") from None
    except LimitError as exc:
        raise LimitError(f"{where}: {exc}") from None
    return q


def fmt(q: object) -> str:
    """Text of a rational (``"p/q"`` or ``"p"``), abbreviated when very long.

    >>> fmt(Fraction(-1, 2)), fmt(3), fmt(10 ** 2000)
    ('-1/2', '3', '<number with about 2001 digits>')
    """
    if not isinstance(q, (int, Fraction)):
        return short(str(q))
    q = Fraction(q)
    if abs(q.numerator) >= _PRINTABLE or q.denominator >= _PRINTABLE:
        return f"<number with about {max(abs(q.numerator), q.denominator).bit_length() * 30103 // 100000 + 1} digits>"
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def short(text: str, limit: int = 120) -> str:
    """One line of at most ``limit`` characters.

    >>> short("a\\n b"), short("x" * 10, 5)
    ('a b', 'xx...')
    """
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def show(value: object) -> str:
    """A short description of an untrusted JSON value for messages (never fails).

    >>> show("relu"), show(None), show([1, 2]), show(10 ** 5000)[:16]
    ("'relu'", 'null', 'a list of 2 entries', '<number with abo')
    """
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, int):
        return fmt(value)
    if isinstance(value, JSONFloat):
        return short(value, 40)
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, list):
        return f"a list of {len(value)} entries"
    return "an object" if isinstance(value, dict) else f"a {type(value).__name__}"


def need_obj(value, where: str, allowed, required=()) -> dict:
    """``value`` as an object with only ``allowed`` keys and every ``required`` key."""
    if not isinstance(value, dict):
        raise CheckError(f"{where}: expected an object, got {show(value)}")
    for key in value:
        if key not in allowed:
            raise CheckError(f"{where}: unknown key {show(key)}")
    for key in required:
        if key not in value:
            raise CheckError(f"{where}.{key}: missing")
    return value


def need_list(value, where: str, length: int | None = None, nonempty: bool = False, limit: int = MAX_TERMS) -> list:
    """``value`` as a list (of exactly ``length`` entries, when given)."""
    if not isinstance(value, list):
        raise CheckError(f"{where}: expected a list, got {show(value)}")
    if length is not None and len(value) != length:
        raise CheckError(f"{where}: expected {length} entries, got {len(value)}")
    if nonempty and not value:
        raise CheckError(f"{where}: must not be empty")
    if len(value) > limit:
        raise LimitError(f"{where}: more than {limit} entries")
    return value


def need_int(value, where: str, lo: int, hi: int) -> int:
    """``value`` as an integer in ``lo..hi``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise CheckError(f"{where}: expected an integer, got {show(value)}")
    if not lo <= value <= hi:
        raise LimitError(f"{where}: {show(value)} outside {lo}..{hi}")
    return value


_work = [0, False]  # operations counted, budget active


def reset_budget(active: bool = True) -> None:
    """Start (or, with ``active=False``, end) the work budget of one certificate."""
    _work[0], _work[1] = 0, active


def charge(amount: int) -> None:
    """Count ``amount`` coefficient operations; while a certificate is being checked,
    reject beyond ``MAX_WORK`` (so the checker never hangs)."""
    _work[0] += amount
    if _work[1] and _work[0] > MAX_WORK:
        raise LimitError(f"checking needs more than {MAX_WORK} coefficient operations (work limit)")
