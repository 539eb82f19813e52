"""Exact text form of polynomials for the external engines, and a parser for their output.

The engines (Singular, msolve) read and print polynomials as text. This module writes a
:class:`~sympy.polys.rings.PolyElement` in their syntax and reads their printed
polynomials back into a ring, exactly. The parser is a small recursive-descent parser
for sums of products of rational numbers and variable powers; it never evaluates text
as code, and anything it does not recognise raises
:class:`~symlandscape.errors.SolverError`.

It also parses msolve's nested list output (lists of integers, rationals
``a / b`` or ``a / 2^k`` and quoted names).
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from sympy import QQ
from sympy.polys.rings import PolyElement, PolyRing

from ..errors import SolverError

__all__ = [
    "big_int",
    "int_str",
    "qq_to_fraction",
    "fraction_to_qq",
    "integer_terms",
    "format_poly",
    "parse_poly",
    "parse_poly_list",
    "parse_nested",
]


_MAX_EXP = 100_000  # no engine prints larger exponents for our problems
_CHUNK = 4000  # below Python's default limit on int <-> str conversions (4300 digits)
_LIMIT = 10 ** _CHUNK  # computed once: 10 ** _CHUNK in int_str took a quarter of a classification

try:  # python-flint converts decimal strings of any length quickly
    from flint import fmpz as _fmpz
except ImportError:  # pragma: no cover - flint is installed with the "fast" extra
    _fmpz = None


def big_int(digits: str) -> int:
    """A decimal string of any length as an int (Python limits ``int(str)`` to 4300 digits).

    Examples
    --------
    >>> big_int("-" + "9" * 5000) == -(10 ** 5000 - 1)
    True
    """
    neg = digits.startswith("-")
    body = digits[1:] if neg or digits.startswith("+") else digits
    if not body.isdigit() or not body.isascii():
        raise SolverError(f"not an integer: {digits[:40]!r}")
    if len(body) <= _CHUNK:
        v = int(body)
    elif _fmpz is not None:
        v = int(_fmpz(body))
    else:
        v = _dc_int(body)
    return -v if neg else v


def _dc_int(body: str) -> int:
    if len(body) <= _CHUNK:
        return int(body)
    k = len(body) // 2
    return _dc_int(body[:-k]) * 10 ** k + _dc_int(body[-k:])


def int_str(n: int) -> str:
    """An int of any size in decimal (see :func:`big_int`).

    Examples
    --------
    >>> len(int_str(10 ** 6000))
    6001
    """
    n = int(n)
    if -_LIMIT < n < _LIMIT:
        return str(n)
    if _fmpz is not None:
        return str(_fmpz(n))
    return ("-" if n < 0 else "") + _dc_str(abs(n), None)


def _dc_str(n: int, width: int | None) -> str:
    if n < _LIMIT:
        s = str(n)
        return s.zfill(width) if width else s
    k = len(bin(n)) * 3 // 20  # about half the decimal digits
    hi, lo = divmod(n, 10 ** k)
    return _dc_str(hi, (width - k) if width else None) + _dc_str(lo, k)


def qq_to_fraction(c) -> Fraction:
    """An element of sympy's QQ (whatever its ground type) as a Fraction.

    Examples
    --------
    >>> qq_to_fraction(QQ(-3, 4))
    Fraction(-3, 4)
    """
    return Fraction(int(QQ.numer(c)), int(QQ.denom(c)))


def fraction_to_qq(q: Fraction):
    """A Fraction (or int) as an element of sympy's QQ."""
    q = Fraction(q)
    return QQ(q.numerator, q.denominator)


def integer_terms(p: PolyElement) -> list[tuple[tuple[int, ...], int]]:
    """The terms of ``p`` times the least common denominator of its coefficients.

    The result generates the same ideal as ``p`` (a non-zero rational multiple).

    Examples
    --------
    >>> from sympy.polys.rings import ring
    >>> R, x, y = ring("x,y", QQ)
    >>> sorted(integer_terms(x**2 / 2 - y / 3))
    [((0, 1), -2), ((2, 0), 3)]
    """
    terms = [(m, qq_to_fraction(c)) for m, c in p.terms()]
    den = 1
    for _, c in terms:
        den = den * c.denominator // math.gcd(den, c.denominator)
    return [(m, int(c * den)) for m, c in terms]


def format_poly(p: PolyElement, names: list[str], rational: bool = False) -> str:
    """``p`` in the ``c*x^e*y`` syntax shared by Singular and msolve.

    Parameters
    ----------
    p : PolyElement
    names : list of str
        The engine's name of each ring generator.
    rational : bool
        Keep rational coefficients (``3/4*x``); otherwise clear denominators first
        (the result is then a non-zero integer multiple of ``p``).

    Examples
    --------
    >>> from sympy.polys.rings import ring
    >>> R, x, y = ring("x,y", QQ)
    >>> format_poly(x**2 * y / 2 - 3, ["x(1)", "x(2)"])
    'x(1)^2*x(2)-6'
    >>> format_poly(x**2 * y / 2 - 3, ["a", "b"], rational=True)
    '1/2*a^2*b-3'
    """
    if not p:
        return "0"
    if rational:
        terms = [(m, qq_to_fraction(c)) for m, c in p.terms()]
    else:
        terms = integer_terms(p)
    out = []
    for k, (m, c) in enumerate(terms):
        sign = "-" if c < 0 else ("+" if k else "")
        a = abs(c)
        factors = [f"{names[i]}^{e}" if e > 1 else names[i] for i, e in enumerate(m) if e]
        if a != 1 or not factors:
            factors.insert(0, int_str(a.numerator) + (f"/{int_str(a.denominator)}" if a.denominator != 1 else ""))
        out.append(sign + "*".join(factors))
    return "".join(out)


_TOKEN = re.compile(r"\s*(?:(\d+)|([A-Za-z_][A-Za-z_0-9]*(?:\(\d+\))?)|(.))", re.S)


def _tokens(text: str) -> list[tuple[str, str]]:
    out = []
    pos = 0
    n = len(text)
    while pos < n:
        m = _TOKEN.match(text, pos)
        if m is None:  # only trailing whitespace left
            break
        pos = m.end()
        num, name, op = m.groups()
        if num is not None:
            out.append(("num", num))
        elif name is not None:
            out.append(("name", name))
        elif op is not None:
            if op.isspace():
                continue
            out.append(("op", op))
    return out


class _PolyParser:
    def __init__(self, text: str, varmap: dict[str, int], nvars: int):
        self.toks = _tokens(text)
        self.i = 0
        self.varmap = varmap
        self.n = nvars
        self.text = text

    def fail(self, what: str):
        near = " ".join(t for _, t in self.toks[max(0, self.i - 3): self.i + 3])
        raise SolverError(f"cannot parse engine output: {what} near {near!r}")

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else ("end", "")

    def take(self):
        t = self.peek()
        self.i += 1
        return t

    def poly(self) -> dict[tuple[int, ...], Fraction]:
        out: dict[tuple[int, ...], Fraction] = {}
        sign = 1
        kind, val = self.peek()
        if (kind, val) in (("op", "-"), ("op", "+")):
            self.take()
            sign = -1 if val == "-" else 1
        while True:
            mon, c = self.term()
            c *= sign
            out[mon] = out.get(mon, Fraction(0)) + c
            kind, val = self.peek()
            if (kind, val) in (("op", "-"), ("op", "+")):
                self.take()
                sign = -1 if val == "-" else 1
                continue
            break
        return {m: c for m, c in out.items() if c}

    def integer(self, limit: int | None = None) -> int:
        kind, val = self.take()
        if kind != "num":
            self.fail("expected an integer")
        v = big_int(val)
        if limit is not None and v > limit:
            self.fail(f"exponent {v} above {limit}")
        return v

    def term(self) -> tuple[tuple[int, ...], Fraction]:
        coeff = Fraction(1)
        exps = [0] * self.n
        while True:
            kind, val = self.take()
            if kind == "num":
                q = Fraction(big_int(val))
                if self.peek() == ("op", "/"):
                    self.take()
                    d = self.integer()
                    if self.peek() == ("op", "^"):
                        self.take()
                        d = d ** self.integer(_MAX_EXP)
                    if d == 0:
                        self.fail("division by zero")
                    q /= d
                elif self.peek() == ("op", "^"):
                    self.take()
                    q = q ** self.integer(_MAX_EXP)
                coeff *= q
            elif kind == "name":
                if val not in self.varmap:
                    self.fail(f"unknown variable {val!r}")
                e = 1
                if self.peek() == ("op", "^"):
                    self.take()
                    e = self.integer(_MAX_EXP)
                exps[self.varmap[val]] += e
            else:
                self.fail(f"unexpected {val!r}")
            if self.peek() == ("op", "*"):
                self.take()
                continue
            return tuple(exps), coeff


def _to_ring(d: dict[tuple[int, ...], Fraction], R: PolyRing) -> PolyElement:
    return R.from_dict({m: fraction_to_qq(c) for m, c in d.items() if c}) if d else R.zero


def parse_poly(text: str, varmap: dict[str, int], R: PolyRing) -> PolyElement:
    """Parse one printed polynomial into ``R``.

    Parameters
    ----------
    text : str
        E.g. ``"3*x(1)^2*x(2)-7/2"``.
    varmap : dict
        Engine name of each variable -> index of the ring generator.
    R : PolyRing

    Raises
    ------
    SolverError
        On anything but a polynomial in the given variables.

    Examples
    --------
    >>> from sympy.polys.rings import ring
    >>> R, x, y = ring("x,y", QQ)
    >>> parse_poly("-3/4*x(1)^2*x(2)+x(2)-1", {"x(1)": 0, "x(2)": 1}, R)
    -3/4*x**2*y + y - 1
    >>> parse_poly("x(1)+import", {"x(1)": 0, "x(2)": 1}, R)
    Traceback (most recent call last):
    ...
    symlandscape.errors.SolverError: cannot parse engine output: unknown variable 'import' near 'x(1) + import'
    """
    p = _PolyParser(text, varmap, R.ngens)
    d = p.poly()
    if p.i != len(p.toks):
        p.fail("trailing text")
    return _to_ring(d, R)


def parse_poly_list(text: str, varmap: dict[str, int], R: PolyRing) -> list[PolyElement]:
    """Parse ``[p1, p2, ...]`` (msolve's basis output; a trailing ``:`` is allowed)."""
    p = _PolyParser(text, varmap, R.ngens)
    out = []
    if p.take() != ("op", "["):
        p.fail("expected '['")
    if p.peek() == ("op", "]"):
        p.take()
    else:
        while True:
            out.append(_to_ring(p.poly(), R))
            kind, val = p.take()
            if (kind, val) == ("op", ","):
                continue
            if (kind, val) == ("op", "]"):
                break
            p.fail("expected ',' or ']'")
    if p.peek() == ("op", ":"):
        p.take()
    if p.i != len(p.toks):
        p.fail("trailing text")
    return out


_NESTED = re.compile(r"\s*(?:(-?\d+)|'([A-Za-z_][A-Za-z_0-9]*)'|(\S))", re.S)


def parse_nested(text: str):
    """Parse msolve's nested list output into Python lists of int, Fraction and str.

    Numbers may be integers, ``a / b`` or ``a / 2^k``; names are quoted. A trailing
    ``:`` is allowed.

    Examples
    --------
    >>> parse_nested("[0, [2, ['x', 'y'], [-3 / 2^2, 5]]]:")
    [0, [2, ['x', 'y'], [Fraction(-3, 4), 5]]]
    """
    toks = []
    pos = 0
    while pos < len(text):
        m = _NESTED.match(text, pos)
        if m is None:
            break
        pos = m.end()
        toks.append(m.groups())
    i = 0

    def fail(msg):
        raise SolverError(f"cannot parse msolve output: {msg} (token {i})")

    def value():
        nonlocal i
        if i >= len(toks):
            fail("unexpected end")
        num, name, op = toks[i]
        i += 1
        if num is not None:
            q = big_int(num)
            if i < len(toks) and toks[i][2] == "/":
                i += 1
                if i >= len(toks) or toks[i][0] is None:
                    fail("expected a denominator")
                d = big_int(toks[i][0])
                i += 1
                if i < len(toks) and toks[i][2] == "^":
                    i += 1
                    if i >= len(toks) or toks[i][0] is None:
                        fail("expected an exponent")
                    e = big_int(toks[i][0])
                    if e > _MAX_EXP:
                        fail("exponent too large")
                    d = d ** e
                    i += 1
                if d <= 0:
                    fail("bad denominator")
                return Fraction(q, d)
            return q
        if name is not None:
            return name
        if op == "[":
            out = []
            if i < len(toks) and toks[i][2] == "]":
                i += 1
                return out
            while True:
                out.append(value())
                if i >= len(toks):
                    fail("unclosed list")
                sep = toks[i][2]
                i += 1
                if sep == ",":
                    continue
                if sep == "]":
                    return out
                fail(f"unexpected {sep!r}")
        fail(f"unexpected {op!r}")

    v = value()
    if i < len(toks) and toks[i][2] == ":":
        i += 1
    if i != len(toks):
        fail("trailing text")
    return v
