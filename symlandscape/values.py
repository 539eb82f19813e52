"""Exact real algebraic numbers for critical values: comparison and printing.

A value is a rational, or the unique root of an irreducible polynomial in an isolating
interval. Two values with different minimal polynomials are never equal (irreducible
monic polynomials share no root), so equality and order are decided exactly by
refinement.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
from sympy import QQ, Poly, Symbol

from .algebraic import AlgebraicField, _interval_eval, to_fraction
from .exact import format_rational

__all__ = ["RealAlgebraic"]

_T = Symbol("T")


class RealAlgebraic:
    """A real algebraic number.

    Examples
    --------
    >>> a = RealAlgebraic.from_fraction(Fraction(1, 2))
    >>> b = RealAlgebraic.roots([QQ(1), QQ(0), QQ(-2)])[1]   # sqrt(2)
    >>> a < b, b.compare(b), b.json()["minpoly"]
    (True, 0, ['-2', '0', '1'])
    """

    def __init__(self, field: AlgebraicField):
        self.field = field  # the number is the generator alpha of this field

    @classmethod
    def from_fraction(cls, q) -> "RealAlgebraic":
        return cls(AlgebraicField.rational(to_fraction(q)))

    @classmethod
    def roots(cls, poly) -> list["RealAlgebraic"]:
        """The real roots of an irreducible polynomial (dense QQ, highest first), ascending."""
        lead = poly[0]
        m = [c / lead for c in poly]
        if len(m) == 2:
            return [cls.from_fraction(to_fraction(-m[1]))]
        P = Poly([to_fraction(c) for c in m], _T, domain=QQ)
        return [cls(AlgebraicField(m, to_fraction(a), to_fraction(b))) for (a, b), _ in P.intervals()]

    @classmethod
    def identify(cls, K: AlgebraicField, f, poly) -> "RealAlgebraic":
        """The number f(alpha) (an element of K), known to be a root of the irreducible ``poly``."""
        candidates = cls.roots(poly)
        if not candidates:
            raise ArithmeticError("element claimed to be a real root of a polynomial with no real root")
        if len(candidates) == 1:
            return candidates[0]
        f = K.reduce(f)
        for _ in range(10_000):
            if K.is_rational or len(f) <= 1:
                from sympy.polys.densetools import dup_eval
                v = to_fraction(dup_eval(f, QQ(K.lo.numerator, K.lo.denominator), QQ)) if f else Fraction(0)
                lo = hi = v
            else:
                lo, hi = _interval_eval(f, K.lo, K.hi)
            hits = [c for c in candidates if not (c.field.hi < lo or c.field.lo > hi)]
            if len(hits) == 1:
                return hits[0]
            K.refine()
            for c in hits:
                c.field.refine()
        raise ArithmeticError("could not identify the root")  # pragma: no cover

    @classmethod
    def of_element(cls, K: AlgebraicField, f) -> "RealAlgebraic":
        """The real number f(alpha) for an element of K, via its minimal polynomial over Q."""
        f = K.reduce(f)
        if len(f) <= 1:
            return cls.from_fraction(to_fraction(f[0]) if f else Fraction(0))
        # Krylov: powers of f in the basis 1, alpha, ..., alpha^(d-1) until dependent
        from sympy import Matrix, Rational
        d = K.degree
        vecs = []
        power = [QQ(1)]
        for k in range(d + 1):
            dense = [QQ(0)] * (d - len(power)) + list(power)
            vecs.append([Rational(int(c.numerator), int(c.denominator)) for c in reversed(dense)])
            M = Matrix(vecs).T
            ns = M.nullspace()
            if ns:
                coeffs = list(ns[0])
                poly = [QQ(int(c.p), int(c.q)) for c in reversed(coeffs)]
                while poly and not poly[0]:
                    poly = poly[1:]
                from sympy.polys.factortools import dup_factor_list
                _, facs = dup_factor_list(poly, QQ)
                for fac, _e in facs:
                    val = []
                    for c in fac:
                        val = K.add(K.mul(val, f), [c] if c else [])
                    if K.is_zero(val):
                        return cls.identify(K, f, fac)
                raise ArithmeticError("no factor of the relation vanishes")  # pragma: no cover
            power = K.mul(power, f)
        raise ArithmeticError("no relation found")  # pragma: no cover

    @property
    def is_rational(self) -> bool:
        return self.field.is_rational

    @property
    def fraction(self) -> Fraction | None:
        return self.field.lo if self.field.is_rational else None

    def compare(self, other: "RealAlgebraic") -> int:
        """-1, 0 or 1 as self <, =, > other (exact)."""
        A, B = self.field, other.field
        if A.is_rational and B.is_rational:
            return (A.lo > B.lo) - (A.lo < B.lo)
        same_poly = not A.is_rational and not B.is_rational and A.m == B.m
        for _ in range(100_000):
            # open isolating intervals (closed points for rationals); values differ when
            # the intervals are separated
            if A.hi <= B.lo and not (A.is_rational and B.is_rational):
                return -1
            if B.hi <= A.lo and not (A.is_rational and B.is_rational):
                return 1
            if same_poly:
                lo, hi = max(A.lo, B.lo), min(A.hi, B.hi)
                if _count(A, lo, hi) == 1 and _count(A, A.lo, A.hi) == 1 and _count(A, B.lo, B.hi) == 1:
                    return 0
            A.refine()
            B.refine()
        raise ArithmeticError("comparison did not terminate")  # pragma: no cover

    def __lt__(self, other):
        return self.compare(other) < 0

    def __eq__(self, other):
        return isinstance(other, RealAlgebraic) and self.compare(other) == 0

    def __hash__(self):  # pragma: no cover - values are compared, not hashed
        return hash(tuple(self.field.minpoly_integer()))

    def approx(self, dps: int = 30):
        return self.field.approx(self.field.gen if not self.field.is_rational else
                                 self.field.from_rational(self.field.lo), dps)

    def text(self) -> str:
        if self.is_rational:
            return format_rational(self.field.lo)
        return self.field.describe().replace("a: root of", "root of")

    def json(self, dps: int = 20) -> dict:
        """``{"exact": "p/q", "approx": "..."}`` or with the minimal polynomial and interval."""
        approx = mpmath.nstr(self.approx(dps + 5), dps)
        if self.is_rational:
            return {"exact": format_rational(self.field.lo), "approx": approx}
        return {"exact": self.text(), "minpoly": [str(c) for c in self.field.minpoly_integer()],
                "interval": [format_rational(self.field.lo), format_rational(self.field.hi)], "approx": approx}


def _count(K: AlgebraicField, lo, hi) -> int:
    P = Poly([to_fraction(c) for c in K.m], _T, domain=QQ)
    return P.count_roots(lo, hi)
