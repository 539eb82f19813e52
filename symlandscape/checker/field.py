"""The real number field Q(alpha): alpha is the unique root of a polynomial in an interval.

The polynomial need not be irreducible. Elements are polynomials in alpha reduced
modulo the current *modulus*: first the square-free part of the given polynomial,
later a factor of it that still vanishes at alpha, whenever a zero test or an
inversion splits one off (alpha stays its only root in the interval, so every
reduction stays valid). Decisions are exact:

* ``g(alpha) = 0`` iff ``gcd(g, modulus)`` has a root in the interval (Sturm count);
* the sign of a non-zero ``g(alpha)`` comes from exact interval evaluation on the
  isolating interval, bisected (at most ``MAX_REFINEMENTS`` times in all) until the
  enclosure excludes 0.
"""

from __future__ import annotations

from fractions import Fraction

from .base import MAX_FIELD_DEGREE, MAX_REFINEMENTS, CheckError, LimitError, fmt
from .polys import sturm_count, udivmod, ueval, ugcd, uinterval_eval, uinverse, umul, urem, uscale, usquarefree, utrim

__all__ = ["NumberField", "Alg"]


class NumberField:
    """Q(alpha), alpha the unique root of ``minpoly = [c0, ..., cd]`` in ``(lo, hi)``.

    Raises
    ------
    CheckError
        If ``minpoly`` is constant, ``lo >= hi``, an endpoint is a root, or the
        interval does not hold exactly one root.

    Examples
    --------
    >>> K = NumberField([Fraction(-2), Fraction(0), Fraction(1)], Fraction(1), Fraction(2))
    >>> a = K.alpha
    >>> a * a == 2, Fraction(141, 100) < a < Fraction(142, 100)
    (True, True)
    """

    def __init__(self, minpoly: list, lo: Fraction, hi: Fraction):
        p = utrim(minpoly)
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
            raise CheckError(f"field.interval: ({fmt(lo)}, {fmt(hi)}) holds {count} roots of the minimal "
                             "polynomial, not exactly one")
        self.lo, self.hi, self.exact, self.refinements = lo, hi, None, 0

    @property
    def alpha(self) -> "Alg":
        """The generator."""
        return Alg(self, [Fraction(0), Fraction(1)])

    def element(self, coeffs: list) -> "Alg":
        """``c0 + c1 alpha + ...``."""
        return Alg(self, coeffs)

    def reduce(self, c: list) -> list:
        """Remainder modulo the current modulus."""
        return urem(c, self.modulus)

    def _shrink(self, factor: list) -> None:
        self.modulus = uscale(factor, 1 / factor[-1])

    def is_zero(self, c: list) -> bool:
        """Exact test ``c(alpha) == 0``."""
        c = self.reduce(c)
        if len(c) <= 1:
            return not c
        a, b = uinterval_eval(c, self.lo, self.hi)
        if a > 0 or b < 0:  # cheap exact test first: the enclosure excludes 0
            return False
        g = ugcd(c, self.modulus)
        if len(g) <= 1:
            return False
        if sturm_count(g, self.lo, self.hi) > 0:
            self._shrink(g)
            return True
        self._shrink(udivmod(self.modulus, g)[0])  # alpha is a root of modulus / g
        return False

    def sign(self, c: list) -> int:
        """Exact sign of ``c(alpha)``: -1, 0 or 1."""
        nonzero = False
        while True:
            c = self.reduce(c)
            a, b = uinterval_eval(c, self.lo, self.hi) if len(c) > 1 else (c[0], c[0]) if c else (0, 0)
            if a > 0 or b < 0:
                return 1 if a > 0 else -1
            if not nonzero:
                if self.is_zero(c):
                    return 0
                nonzero = True
                continue
            self.refine()

    def refine(self) -> None:
        """Halve the isolating interval (or find alpha exactly: then the modulus is T - alpha)."""
        if self.refinements >= MAX_REFINEMENTS:
            raise LimitError(f"sign not decided after {MAX_REFINEMENTS} refinements of the interval")
        self.refinements += 1
        mid = (self.lo + self.hi) / 2
        v = ueval(self.modulus, mid)
        if v == 0:
            self.exact, self.modulus = mid, [-mid, Fraction(1)]
        elif (v > 0) == (ueval(self.modulus, self.lo) > 0):
            self.lo = mid
        else:
            self.hi = mid

    def inverse(self, c: list) -> list:
        """Coefficients of ``1 / c(alpha)``."""
        if self.is_zero(c):
            raise CheckError("division by zero in Q(alpha)")
        while True:
            c = self.reduce(c)
            inv = uinverse(c, self.modulus)
            if inv is not None:
                return self.reduce(inv)
            self._shrink(udivmod(self.modulus, ugcd(c, self.modulus))[0])  # gcd | c, c(alpha) != 0


def _cmp(test):
    def compare(self, other):
        d = self._diff(other)
        return NotImplemented if d is None else test(self.field.sign(d))
    return compare


class Alg:
    """An element of a :class:`NumberField`, with exact ``== != < <= > >=`` and ``bool``.

    >>> K = NumberField([Fraction(-2), Fraction(0), Fraction(1)], Fraction(1), Fraction(2))
    >>> x = 1 + K.alpha
    >>> x * x == 3 + 2 * K.alpha, (1 / x) * x == 1, str(x * x)
    (True, True, '3 + 2*alpha')
    """

    __slots__ = ("field", "c")
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, field: NumberField, coeffs: list):
        self.field, self.c = field, field.reduce([Fraction(x) for x in coeffs])

    def _co(self, x):
        if isinstance(x, Alg) and x.field is self.field:
            return x.c
        if isinstance(x, (int, Fraction)) and not isinstance(x, bool):
            return [Fraction(x)]
        return None

    def _diff(self, other, sign=-1):
        o = self._co(other)
        if o is None:
            return None
        n = max(len(self.c), len(o))
        return [(self.c[i] if i < len(self.c) else 0) + sign * (o[i] if i < len(o) else 0) for i in range(n)]

    def __add__(self, other):
        d = self._diff(other, 1)
        return NotImplemented if d is None else Alg(self.field, d)

    __radd__ = __add__

    def __neg__(self):
        return Alg(self.field, [-a for a in self.c])

    def __sub__(self, other):
        d = self._diff(other)
        return NotImplemented if d is None else Alg(self.field, d)

    def __rsub__(self, other):
        d = self._diff(other)
        return NotImplemented if d is None else Alg(self.field, [-x for x in d])

    def __mul__(self, other):
        o = self._co(other)
        return NotImplemented if o is None else Alg(self.field, umul(self.c, o))

    __rmul__ = __mul__

    def __truediv__(self, other):
        o = self._co(other)
        return NotImplemented if o is None else Alg(self.field, umul(self.c, self.field.inverse(o)))

    def __rtruediv__(self, other):
        o = self._co(other)
        return NotImplemented if o is None else Alg(self.field, umul(o, self.field.inverse(self.c)))

    def __pow__(self, k: int):
        result, base = Alg(self.field, [1]), self
        while k:
            result, k = (result * base if k & 1 else result), k >> 1
            base = base * base if k else base
        return result

    def __eq__(self, other):
        d = self._diff(other)
        return NotImplemented if d is None else self.field.is_zero(d)

    def __ne__(self, other):
        d = self._diff(other)
        return NotImplemented if d is None else not self.field.is_zero(d)

    __lt__ = _cmp(lambda s: s < 0)
    __le__ = _cmp(lambda s: s <= 0)
    __gt__ = _cmp(lambda s: s > 0)
    __ge__ = _cmp(lambda s: s >= 0)

    def __bool__(self):
        return not self.field.is_zero(self.c)

    def __repr__(self):
        return f"Alg({self})"

    def __str__(self):
        parts = []
        for i, a in enumerate(self.c):
            power = "alpha" + (f"^{i}" if i > 1 else "")
            if a:
                parts.append(fmt(a) if i == 0 else power if a == 1 else "-" + power if a == -1
                             else f"{fmt(a)}*{power}")
        return " + ".join(parts).replace("+ -", "- ") if parts else "0"
