"""Exact real algebraic numbers: the number field Q(alpha) and points over it.

``alpha`` is the unique real root of an irreducible polynomial ``m`` in an isolating
interval ``(lo, hi)`` with rational end points. Elements of Q(alpha) are polynomials in
alpha of degree < deg m. Zero tests are exact (reduction modulo ``m``); signs are decided
by refining the interval until exact interval evaluation excludes zero, which always
happens for a non-zero element. Floats are never used to decide.

Rational numbers are the special case ``m = T - q`` (degree 1).
"""

from __future__ import annotations

from fractions import Fraction
from functools import cached_property

import mpmath
from sympy import QQ
from sympy.polys.densearith import dup_add, dup_mul, dup_neg, dup_rem, dup_sub, dup_mul_ground
from sympy.polys.densetools import dup_eval
from sympy.polys.euclidtools import dup_invert

from .exact import format_rational

__all__ = ["AlgebraicField", "AlgebraicPoint", "RATIONALS", "to_fraction"]


def to_fraction(c) -> Fraction:
    """A sympy QQ/ZZ element, int or Fraction as a Fraction."""
    if isinstance(c, Fraction):
        return c
    if isinstance(c, int):
        return Fraction(c)
    return Fraction(int(c.numerator), int(c.denominator))


def _strip(f):
    i = 0
    while i < len(f) and not f[i]:
        i += 1
    return f[i:]


def _interval_eval(f, lo: Fraction, hi: Fraction):
    """Exact interval enclosure of a dense polynomial (highest degree first) on [lo, hi]."""
    a = b = Fraction(0)
    for c in f:
        c = to_fraction(c)
        # [a, b] * [lo, hi] + c
        prods = (a * lo, a * hi, b * lo, b * hi)
        a, b = min(prods) + c, max(prods) + c
    return a, b


class AlgebraicField:
    """The real number field Q(alpha).

    Parameters
    ----------
    minpoly : list
        Dense coefficients over QQ, highest degree first, irreducible over Q.
    lo, hi : Fraction
        An interval containing exactly one real root of ``minpoly`` (open interval when
        the degree is at least 2; for degree 1 the root is exact and the interval is
        ignored).

    Examples
    --------
    >>> K = AlgebraicField([QQ(1), QQ(0), QQ(-2)], Fraction(1), Fraction(2))   # sqrt(2)
    >>> a = K.gen
    >>> K.is_zero(K.sub(K.mul(a, a), K.from_rational(2)))
    True
    >>> K.sign(K.sub(a, K.from_rational(Fraction(141, 100))))
    1
    >>> mpmath.nstr(K.approx(a, 20), 20)
    '1.4142135623730950488'
    """

    def __init__(self, minpoly, lo: Fraction, hi: Fraction):
        m = _strip([QQ(c) if not isinstance(c, type(QQ(1))) else c for c in minpoly])
        lead = m[0]
        self.m = [c / lead for c in m]
        self.degree = len(self.m) - 1
        if self.degree < 1:
            raise ValueError("minimal polynomial must have degree >= 1")
        if self.degree == 1:
            root = to_fraction(-self.m[1])
            self.lo = self.hi = root
        else:
            self.lo, self.hi = Fraction(lo), Fraction(hi)
            self._sign_lo = self._msign(self.lo)
            if self._sign_lo == 0 or self._msign(self.hi) == 0 or self._sign_lo == self._msign(self.hi):
                # sympy isolating intervals of irreducible polynomials have a sign change;
                # anything else is a bug upstream.
                raise ValueError("interval does not bracket a simple root")

    # -- construction ---------------------------------------------------------------
    @classmethod
    def rational(cls, q) -> "AlgebraicField":
        """The field Q, presented as Q(q) for a rational q."""
        q = to_fraction(q)
        return cls([QQ(1), -QQ(q.numerator, q.denominator)], q, q)

    @property
    def is_rational(self) -> bool:
        return self.degree == 1

    @property
    def gen(self):
        return self.reduce([QQ(1), QQ(0)])

    def from_rational(self, q):
        q = to_fraction(q)
        return _strip([QQ(q.numerator, q.denominator)])

    # -- arithmetic on dense lists ------------------------------------------------------
    def _flint_ops(self):
        """``(U, modulus)`` for python-flint's univariate arithmetic when it may be used here and
        the field is not Q, else None. SymPy's dense arithmetic on the large rational
        coefficients of Q(alpha) was 85% of classifying the 17 points of an (H, d) = (2, 1)
        network; FLINT's gives the same exact results."""
        if self.degree < 2:
            return None
        from .backends.upoly import upolys
        U = upolys()
        if not U.flint:
            return None
        mod = self.__dict__.get("_flint_modulus")
        if mod is None:
            mod = self._flint_modulus = U.from_dense(self.m)
        return U, mod

    def reduce(self, f):
        f = _strip(list(f))
        if len(f) > self.degree:
            ops = self._flint_ops()
            if ops is not None:
                U, mod = ops
                return U.to_dense(U.rem(U.from_dense(f), mod))
            f = dup_rem(f, self.m, QQ)
        return f

    def add(self, f, g):
        return dup_add(f, g, QQ)

    def sub(self, f, g):
        return dup_sub(f, g, QQ)

    def neg(self, f):
        return dup_neg(f, QQ)

    def mul(self, f, g):
        if not f or not g:
            return []
        ops = self._flint_ops()
        if ops is not None:
            U, mod = ops
            return U.to_dense(U.mulmod(U.from_dense(f), U.from_dense(g), mod))
        return self.reduce(dup_mul(f, g, QQ))

    def scale(self, f, q):
        return dup_mul_ground(f, q, QQ)

    def inv(self, f):
        if self.is_zero(f):
            raise ZeroDivisionError("inverse of zero in Q(alpha)")
        if len(f) == 1:
            return [QQ(1) / f[0]]
        ops = self._flint_ops()
        if ops is not None:
            U, mod = ops
            return U.to_dense(U.invmod(U.from_dense(f), mod))
        return self.reduce(dup_invert(f, self.m, QQ))

    def is_zero(self, f) -> bool:
        return not self.reduce(f)

    # -- order ------------------------------------------------------------------------
    def _msign(self, x: Fraction) -> int:
        v = to_fraction(dup_eval(self.m, QQ(x.numerator, x.denominator), QQ))
        return (v > 0) - (v < 0)

    def refine(self) -> None:
        """Halve the isolating interval."""
        if self.is_rational:
            return
        mid = (self.lo + self.hi) / 2
        s = self._msign(mid)
        if s == self._sign_lo:
            self.lo = mid
        else:
            self.hi = mid

    def sign(self, f, max_steps: int = 100_000) -> int:
        """Exact sign of an element (-1, 0 or 1)."""
        f = self.reduce(f)
        if not f:
            return 0
        if self.is_rational or len(f) == 1:
            v = to_fraction(dup_eval(f, QQ(self.lo.numerator, self.lo.denominator), QQ))
            return (v > 0) - (v < 0)
        for _ in range(max_steps):
            a, b = _interval_eval(f, self.lo, self.hi)
            if a > 0:
                return 1
            if b < 0:
                return -1
            self.refine()
        raise ArithmeticError("sign not decided within the refinement limit")  # pragma: no cover

    def compare(self, f, g) -> int:
        return self.sign(self.sub(f, g))

    # -- output -----------------------------------------------------------------------
    def approx(self, f, dps: int = 30) -> mpmath.mpf:
        """Decimal approximation (evidence only, never used to decide)."""
        f = self.reduce(f)
        with mpmath.workdps(dps + 10):
            if self.is_rational:
                v = to_fraction(dup_eval(f, QQ(self.lo.numerator, self.lo.denominator), QQ)) if f else Fraction(0)
                return +mpmath.mpf(v.numerator) / v.denominator
            target = Fraction(1, 10 ** (dps + 5)) * (1 + abs(self.lo) + abs(self.hi))
            while self.hi - self.lo > target:
                self.refine()
            x = mpmath.mpf(self.lo.numerator) / self.lo.denominator
            x += (mpmath.mpf(self.hi.numerator) / self.hi.denominator - x) / 2
            acc = mpmath.mpf(0)
            for c in f:
                c = to_fraction(c)
                acc = acc * x + mpmath.mpf(c.numerator) / c.denominator
            return +acc

    def minpoly_integer(self) -> list[int]:
        """Integer coefficients of the minimal polynomial, lowest degree first."""
        from math import lcm
        fr = [to_fraction(c) for c in self.m]
        d = 1
        for c in fr:
            d = lcm(d, c.denominator)
        return [int(c * d) for c in reversed(fr)]

    def field_json(self) -> dict | None:
        if self.is_rational:
            return None
        return {"minpoly": [str(c) for c in self.minpoly_integer()],
                "interval": [format_rational(self.lo), format_rational(self.hi)]}

    def element_json(self, f):
        """An element as ``"p/q"`` when rational, else ``["a0", "a1", ...]`` (lowest first)."""
        f = self.reduce(f)
        if len(f) <= 1:
            return format_rational(to_fraction(f[0]) if f else Fraction(0))
        return [format_rational(to_fraction(c)) for c in reversed(f)]

    def element_text(self, f) -> str:
        """Human-readable text of an element: a rational, or a polynomial in alpha."""
        j = self.element_json(f)
        if isinstance(j, str):
            return j
        terms = []
        for k, c in enumerate(j):
            if c != "0":
                terms.append(c if k == 0 else f"({c})*a" + (f"^{k}" if k > 1 else ""))
        return " + ".join(terms)

    def element_rational(self, f) -> Fraction | None:
        f = self.reduce(f)
        if len(f) <= 1:
            return to_fraction(f[0]) if f else Fraction(0)
        return None

    def describe(self) -> str:
        if self.is_rational:
            return "Q"
        terms = []
        for k, c in enumerate(self.minpoly_integer()):
            if c:
                terms.append(f"{c}" + ("" if k == 0 else ("*a" if k == 1 else f"*a^{k}")))
        return f"a: root of {' + '.join(terms)} in ({format_rational(self.lo)}, {format_rational(self.hi)})"


RATIONALS = AlgebraicField.rational(0)


class AlgebraicPoint:
    """A point with coordinates in a real number field.

    Examples
    --------
    >>> p = AlgebraicPoint.rational([Fraction(1), Fraction(-1, 2)])
    >>> p.is_rational, p.json()
    (True, ['1', '-1/2'])
    """

    def __init__(self, field: AlgebraicField, coords: list):
        self.field = field
        self.coords = [field.reduce(c) for c in coords]
        # identity of the root at construction time (the interval is refined later)
        self._root = (field.lo, field.hi)

    @classmethod
    def rational(cls, values) -> "AlgebraicPoint":
        K = AlgebraicField.rational(0)
        return cls(K, [K.from_rational(v) for v in values])

    @property
    def is_rational(self) -> bool:
        return all(len(c) <= 1 for c in self.coords)

    def rational_coords(self) -> list[Fraction] | None:
        if not self.is_rational:
            return None
        return [self.field.element_rational(c) for c in self.coords]

    def json(self) -> list:
        return [self.field.element_json(c) for c in self.coords]

    def approx(self, dps: int = 30) -> list:
        return [self.field.approx(c, dps) for c in self.coords]

    def evaluate(self, poly):
        """Evaluate a sympy ``PolyElement`` at the point; returns a field element."""
        K = self.field
        cache: dict[tuple[int, int], list] = {}

        def power(i, e):
            key = (i, e)
            if key not in cache:
                cache[key] = self.coords[i] if e == 1 else K.mul(power(i, e - 1), self.coords[i])
            return cache[key]

        acc = []
        for monom, coeff in poly.terms():
            term = [coeff]
            for i, e in enumerate(monom):
                if e:
                    term = K.mul(term, power(i, e))
                    if not term:
                        break
            if term:
                acc = K.add(acc, term)
        return K.reduce(acc)

    @cached_property
    def key(self):
        """Identity: rational coordinates, or (minimal polynomial, coordinates, root interval)."""
        if self.is_rational:
            return ("Q", tuple(self.field.element_json(c) for c in self.coords))
        return (tuple(self.field.minpoly_integer()), tuple(tuple(c) for c in self.coords), self._root)
