"""The real number field Q(alpha), alpha given by a polynomial and an isolating interval.

``alpha`` is the unique real root of ``minpoly`` in the open interval ``(lo, hi)``. The
polynomial need not be irreducible. Elements are polynomials in alpha with rational
coefficients, reduced modulo the current *modulus*: the square-free part of ``minpoly``
at first, replaced by a proper factor that still vanishes at alpha whenever a zero
test or an inversion finds one (every factor used keeps alpha as its only root in the
interval, so reductions stay valid). Decisions are exact:

* ``g(alpha) == 0`` iff ``gcd(g, modulus)`` has a root in the interval (Sturm count);
* the sign of a non-zero ``g(alpha)`` comes from exact interval evaluation over
  Fractions on the isolating interval, bisected (at most ``MAX_REFINEMENTS`` times in
  total) until the enclosure excludes 0.
"""

from __future__ import annotations

from fractions import Fraction

from .base import MAX_FIELD_DEGREE, MAX_REFINEMENTS, CheckError, LimitError, fmt
from .polys import (sturm_count, udivmod, ueval, ugcd, uinterval_eval, umul, uscale, usquarefree,
                    utrim, uxgcd)

__all__ = ["NumberField", "Alg"]


class NumberField:
    """Q(alpha) for the unique root alpha of ``minpoly`` in ``(lo, hi)``.

    Parameters
    ----------
    minpoly : list of Fraction
        ``[c0, c1, ..., cd]``, the polynomial ``c0 + c1 T + ... + cd T^d``.
    lo, hi : Fraction
        The open isolating interval.

    Raises
    ------
    CheckError
        If the polynomial is constant, ``lo >= hi``, an endpoint is a root, or the
        interval does not hold exactly one root.

    Examples
    --------
    >>> K = NumberField([Fraction(-2), Fraction(0), Fraction(1)], Fraction(1), Fraction(2))
    >>> a = K.alpha
    >>> a * a == 2, a > Fraction(141, 100), a < Fraction(142, 100)
    (True, True, True)
    """

    def __init__(self, minpoly: list, lo: Fraction, hi: Fraction):
        p = utrim([Fraction(c) for c in minpoly])
        if len(p) < 2:
            raise CheckError("field.minpoly: must have degree >= 1")
        if len(p) - 1 > MAX_FIELD_DEGREE:
            raise LimitError(f"field.minpoly: degree above the limit {MAX_FIELD_DEGREE}")
        if not lo < hi:
            raise CheckError("field.interval: need lo < hi")
        if ueval(p, lo) == 0 or ueval(p, hi) == 0:
            raise CheckError("field.interval: an endpoint is a root of the minimal polynomial")
        self.modulus = usquarefree(p)
        count = sturm_count(self.modulus, lo, hi)
        if count != 1:
            raise CheckError(f"field.interval: ({fmt(lo)}, {fmt(hi)}) holds {count} roots of the "
                             "minimal polynomial, not exactly one")
        self.lo, self.hi = lo, hi
        self.exact: Fraction | None = None
        self.refinements = 0

    @property
    def alpha(self) -> "Alg":
        """The generator."""
        return Alg(self, [Fraction(0), Fraction(1)])

    def element(self, coeffs: list) -> "Alg":
        """The element ``c0 + c1 alpha + ...``."""
        return Alg(self, [Fraction(c) for c in coeffs])

    def reduce(self, c: list) -> list:
        """Remainder modulo the current modulus."""
        c = utrim(c)
        if len(c) >= len(self.modulus):
            c = udivmod(c, self.modulus)[1]
        return c

    def _shrink(self, factor: list) -> None:
        """Replace the modulus by a factor of it that vanishes at alpha."""
        self.modulus = uscale(factor, 1 / factor[-1])

    def is_zero(self, c: list) -> bool:
        """Exact test ``c(alpha) == 0``."""
        c = self.reduce(c)
        if len(c) <= 1:
            return not c
        if self.exact is not None:
            return ueval(c, self.exact) == 0
        g = ugcd(c, self.modulus)
        if len(g) <= 1:
            return False
        if sturm_count(g, self.lo, self.hi) > 0:
            self._shrink(g)
            return True
        self._shrink(udivmod(self.modulus, g)[0])
        return False

    def sign(self, c: list) -> int:
        """Exact sign of ``c(alpha)``: -1, 0 or 1."""
        if self.is_zero(c):
            return 0
        c = self.reduce(c)
        if len(c) == 1:
            return 1 if c[0] > 0 else -1
        while True:
            if self.exact is not None:
                v = ueval(c, self.exact)
                return (v > 0) - (v < 0)
            a, b = uinterval_eval(c, self.lo, self.hi)
            if a > 0:
                return 1
            if b < 0:
                return -1
            self.refine()

    def refine(self) -> None:
        """Halve the isolating interval (or find alpha exactly)."""
        if self.refinements >= MAX_REFINEMENTS:
            raise LimitError(f"sign not decided after {MAX_REFINEMENTS} refinements of the interval")
        self.refinements += 1
        mid = (self.lo + self.hi) / 2
        v = ueval(self.modulus, mid)
        if v == 0:
            self.exact = mid
            self.modulus = [-mid, Fraction(1)]
        elif (v > 0) == (ueval(self.modulus, self.lo) > 0):
            self.lo = mid
        else:
            self.hi = mid

    def inverse(self, c: list) -> list:
        """Inverse of ``c(alpha)``, which must be non-zero."""
        if self.is_zero(c):
            raise CheckError("division by zero in Q(alpha)")
        while True:
            c = self.reduce(c)
            g, s, _ = uxgcd(c, self.modulus)
            if len(g) == 1:
                return self.reduce(s)
            # g divides c, and c(alpha) != 0, so alpha is a root of modulus / g.
            self._shrink(udivmod(self.modulus, g)[0])

    def describe(self) -> str:
        """Short text of the field."""
        return "Q(alpha)"


def _coeffs(K: NumberField, x):
    if isinstance(x, Alg):
        if x.field is not K:
            raise CheckError("internal: elements of different fields mixed")
        return x.c
    if isinstance(x, (int, Fraction)) and not isinstance(x, bool):
        return [Fraction(x)]
    return None


class Alg:
    """An element of a :class:`NumberField`; exact ``== < >`` and ``bool``.

    Examples
    --------
    >>> K = NumberField([Fraction(-2), Fraction(0), Fraction(1)], Fraction(1), Fraction(2))
    >>> x = 1 + K.alpha
    >>> x * x == 3 + 2 * K.alpha, (1 / x) * x == 1
    (True, True)
    """

    __slots__ = ("field", "c")
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, field: NumberField, coeffs: list):
        self.field = field
        self.c = field.reduce(coeffs)

    def _new(self, c):
        return Alg(self.field, c)

    def __add__(self, other):
        o = _coeffs(self.field, other)
        if o is None:
            return NotImplemented
        n = max(len(self.c), len(o))
        return self._new([(self.c[i] if i < len(self.c) else 0) + (o[i] if i < len(o) else 0)
                          for i in range(n)])

    __radd__ = __add__

    def __neg__(self):
        return self._new([-a for a in self.c])

    def __sub__(self, other):
        o = _coeffs(self.field, other)
        if o is None:
            return NotImplemented
        return self + self._new([-a for a in o])

    def __rsub__(self, other):
        o = _coeffs(self.field, other)
        if o is None:
            return NotImplemented
        return self._new(o) - self

    def __mul__(self, other):
        o = _coeffs(self.field, other)
        if o is None:
            return NotImplemented
        return self._new(umul(self.c, o))

    __rmul__ = __mul__

    def __truediv__(self, other):
        o = _coeffs(self.field, other)
        if o is None:
            return NotImplemented
        return self._new(umul(self.c, self.field.inverse(o)))

    def __rtruediv__(self, other):
        o = _coeffs(self.field, other)
        if o is None:
            return NotImplemented
        return self._new(umul(o, self.field.inverse(self.c)))

    def __pow__(self, k: int):
        result, base = self._new([Fraction(1)]), self
        while k:
            if k & 1:
                result = result * base
            k >>= 1
            if k:
                base = base * base
        return result

    def _cmp(self, other):
        o = _coeffs(self.field, other)
        if o is None:
            return None
        n = max(len(self.c), len(o))
        diff = [(self.c[i] if i < len(self.c) else 0) - (o[i] if i < len(o) else 0) for i in range(n)]
        return self.field.sign(diff)

    def __eq__(self, other):
        o = _coeffs(self.field, other)
        if o is None:
            return NotImplemented
        n = max(len(self.c), len(o))
        return self.field.is_zero([(self.c[i] if i < len(self.c) else 0) - (o[i] if i < len(o) else 0)
                                   for i in range(n)])

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __lt__(self, other):
        s = self._cmp(other)
        return NotImplemented if s is None else s < 0

    def __le__(self, other):
        s = self._cmp(other)
        return NotImplemented if s is None else s <= 0

    def __gt__(self, other):
        s = self._cmp(other)
        return NotImplemented if s is None else s > 0

    def __ge__(self, other):
        s = self._cmp(other)
        return NotImplemented if s is None else s >= 0

    def __bool__(self):
        return not self.field.is_zero(self.c)

    def __repr__(self):
        return f"Alg({self})"

    def __str__(self):
        if not self.c:
            return "0"
        parts = []
        for i, a in enumerate(self.c):
            if a:
                power = "alpha" + (f"^{i}" if i > 1 else "")
                parts.append(fmt(a) if i == 0 else power if a == 1 else "-" + power if a == -1
                             else f"{fmt(a)}*{power}")
        return " + ".join(parts).replace("+ -", "- ") if parts else "0"
