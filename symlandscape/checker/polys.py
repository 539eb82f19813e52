"""Exact polynomial arithmetic.

* :class:`Poly`: sparse multivariate polynomials, a dict ``exponent tuple -> coefficient``.
  Coefficients are Fractions or number-field elements (:class:`~.field.Alg`): any type with
  exact ``+ - *`` and an exact zero test (``bool``). Zero coefficients are never stored.
* univariate dense lists ``[c0, c1, ..., cd]`` of Fractions, without trailing zeros
  (``u*`` functions): minimal polynomials, Sturm sequences, characteristic polynomials.
"""

from __future__ import annotations

import math
from fractions import Fraction

from .base import MAX_BITS, MAX_EXPONENT, MAX_TERMS, CheckError, LimitError, charge

__all__ = ["Poly", "utrim", "uadd", "uscale", "umul", "urem", "udivmod", "uinverse", "ugcd", "uderiv", "ueval",
           "usquarefree", "sturm_count", "uinterval_eval"]


class Poly:
    """Sparse polynomial in ``n`` variables with exact coefficients.

    Examples
    --------
    >>> x, y = Poly.var(2, 0), Poly.var(2, 1)
    >>> p = (x + y) ** 2 - x * x
    >>> sorted(p.terms.items())
    [((0, 2), Fraction(1, 1)), ((1, 1), Fraction(2, 1))]
    >>> p.deriv(1).evaluate([Fraction(3), Fraction(1)])
    Fraction(8, 1)
    """

    __slots__ = ("n", "terms")
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, n: int, terms: dict | None = None):
        self.n = n
        self.terms = {e: c for e, c in terms.items() if c} if terms else {}
        if len(self.terms) > MAX_TERMS:
            raise LimitError(f"a polynomial has more than {MAX_TERMS} terms")

    @classmethod
    def const(cls, n: int, c) -> "Poly":
        """The constant polynomial ``c``."""
        return cls(n, {(0,) * n: c})

    @classmethod
    def var(cls, n: int, i: int) -> "Poly":
        """Variable number ``i`` (0-based)."""
        return cls(n, {tuple(int(k == i) for k in range(n)): Fraction(1)})

    def _other(self, other) -> "Poly":
        if not isinstance(other, Poly):
            return Poly.const(self.n, other)
        if other.n != self.n:
            raise CheckError(f"internal: polynomials in {self.n} and {other.n} variables mixed")
        return other

    def __add__(self, other):
        other = self._other(other)
        out = dict(self.terms)
        for e, c in other.terms.items():
            out[e] = out[e] + c if e in out else c
        charge(len(other.terms))
        return Poly(self.n, out)

    __radd__ = __add__

    def __neg__(self):
        return Poly(self.n, {e: -c for e, c in self.terms.items()})

    def __sub__(self, other):
        return self + (-self._other(other))

    def __rsub__(self, other):
        return self._other(other) - self

    def __mul__(self, other):
        if not isinstance(other, Poly):
            charge(len(self.terms))
            return Poly(self.n, {e: c * other for e, c in self.terms.items()} if other else None)
        other = self._other(other)
        charge(len(self.terms) * len(other.terms))
        out: dict = {}
        for e1, c1 in self.terms.items():
            for e2, c2 in other.terms.items():
                e = tuple([a + b for a, b in zip(e1, e2)])
                out[e] = out[e] + c1 * c2 if e in out else c1 * c2
            if len(out) > MAX_TERMS:
                raise LimitError(f"a polynomial has more than {MAX_TERMS} terms")
        return Poly(self.n, out)

    __rmul__ = __mul__

    def __pow__(self, k: int):
        if not 0 <= k <= MAX_EXPONENT:
            raise LimitError(f"power {k} outside 0..{MAX_EXPONENT}")
        result, base = Poly.const(self.n, Fraction(1)), self
        while k:
            if k & 1:
                result = result * base
            k >>= 1
            base = base * base if k else base
        return result

    def __eq__(self, other):
        if isinstance(other, (Poly, int, Fraction)):
            return not (self - other).terms
        return NotImplemented

    def __bool__(self):
        return bool(self.terms)

    def __repr__(self):
        return f"Poly({self.n}, {self.terms!r})"

    def is_zero(self) -> bool:
        """True for the zero polynomial."""
        return not self.terms

    def degree(self) -> int:
        """Total degree (-1 for zero)."""
        return max((sum(e) for e in self.terms), default=-1)

    def deriv(self, i: int) -> "Poly":
        """Partial derivative in variable ``i``.

        >>> x = Poly.var(1, 0)
        >>> (x ** 3).deriv(0) == 3 * x * x
        True
        """
        return Poly(self.n, {e[:i] + (e[i] - 1,) + e[i + 1:]: c * e[i] for e, c in self.terms.items() if e[i]})

    def evaluate(self, values, zero=Fraction(0)):
        """Value at ``values``: Fractions, field elements or Polys (powers are cached)."""
        if len(values) != self.n:
            raise CheckError(f"internal: {len(values)} values for {self.n} variables")
        cache: dict = {}

        def power(i, k):
            if (i, k) not in cache:
                if isinstance(values[i], Fraction) and k * _size(values[i]) > MAX_BITS:
                    raise LimitError(f"a number with more than {MAX_BITS} bits would arise (x^{k})")
                half = power(i, k // 2) if k > 1 else None
                cache[(i, k)] = values[i] if k == 1 else half * half * (values[i] if k % 2 else 1)
            return cache[(i, k)]

        charge(len(self.terms))
        total = zero
        for e, c in self.terms.items():
            term = c
            for i, k in enumerate(e):
                if k:
                    term = term * power(i, k)
            total = total + term
        return total

    def compose(self, values: list["Poly"], n: int) -> "Poly":
        """Substitute polynomials in ``n`` variables.

        >>> x = Poly.var(1, 0)
        >>> (x * x).compose([x + 1], 1) == x * x + 2 * x + 1
        True
        """
        return Poly(n) + self.evaluate(values, Poly(n))

    def split(self, i: int) -> dict:
        """``{k: coefficient of variable_i^k}``, the coefficients without variable ``i``.

        >>> x, t = Poly.var(2, 0), Poly.var(2, 1)
        >>> parts = (x * t * t + 3 * t).split(1)
        >>> sorted(parts), parts[2] == Poly.var(1, 0)
        ([1, 2], True)
        """
        out: dict = {}
        for e, c in self.terms.items():
            out.setdefault(e[i], {})[e[:i] + e[i + 1:]] = c
        return {k: Poly(self.n - 1, d) for k, d in out.items()}

    def extend(self, n: int) -> "Poly":
        """The same polynomial in ``n >= self.n`` variables (new ones appended)."""
        return Poly(n, {e + (0,) * (n - self.n): c for e, c in self.terms.items()})


# --- univariate dense polynomials over Q --------------------------------------------------

def utrim(p: list) -> list:
    """Drop trailing zeros."""
    p = list(p)
    while p and not p[-1]:
        p.pop()
    return p


def _size(x) -> int:
    x = Fraction(x)
    return abs(x.numerator).bit_length() + x.denominator.bit_length()


def uadd(p: list, q: list) -> list:
    """Sum."""
    n = max(len(p), len(q))
    return utrim([(p[i] if i < len(p) else 0) + (q[i] if i < len(q) else 0) for i in range(n)])


def uscale(p: list, c) -> list:
    """Scalar multiple."""
    return utrim([c * a for a in p])


def _over_z(p: list) -> tuple[list[int], int]:
    """``(P, d)`` with ``p = P / d`` (integer coefficients, one denominator)."""
    d = math.lcm(*(Fraction(c).denominator for c in p)) if p else 1
    return [Fraction(c).numerator * (d // Fraction(c).denominator) for c in p], d


def umul(p: list, q: list) -> list:
    """Product (computed over Z with one common denominator).

    >>> umul([Fraction(1), Fraction(1)], [Fraction(-1), Fraction(1)])
    [Fraction(-1, 1), Fraction(0, 1), Fraction(1, 1)]
    """
    if not p or not q:
        return []
    (P, dp), (Q, dq) = _over_z(p), _over_z(q)
    charge(len(p) * len(q) * (1 + (_bits(P) + _bits(Q)) // 2048))
    return [Fraction(x, dp * dq) for x in _ints_mul(P, Q)]


def urem(p: list, q: list) -> list:
    """Remainder of ``p`` by non-zero ``q`` (pseudo-division over Z).

    >>> urem([Fraction(1), Fraction(0), Fraction(1)], [Fraction(-2), Fraction(0), Fraction(1)])
    [Fraction(3, 1)]
    """
    p = utrim(p)
    if len(p) < len(q):
        return p
    (P, dp), Q = _over_z(p), _primitive(q)
    _, r, mult = _pseudo_divide(P, Q)
    return [Fraction(x, dp * mult) for x in r]


def udivmod(p: list, q: list) -> tuple[list, list]:
    """Quotient and remainder by non-zero ``q``.

    >>> udivmod([Fraction(-1), Fraction(0), Fraction(1)], [Fraction(-1), Fraction(1)])
    ([Fraction(1, 1), Fraction(1, 1)], [])
    """
    q, r = utrim(q), utrim(p)
    charge(max(1, len(r) - len(q) + 1) * len(q) * (1 + (_size(r[-1] if r else 0) + _size(q[-1])) // 2048))
    quot = [Fraction(0)] * max(0, len(r) - len(q) + 1)
    while len(r) >= len(q):
        c, k = Fraction(r[-1]) / q[-1], len(r) - len(q)
        quot[k] = c
        for i, b in enumerate(q):
            r[k + i] -= c * b
        r.pop()
        r = utrim(r)
    return utrim(quot), r


def _ints_mul(p: list[int], q: list[int]) -> list[int]:
    out = [0] * (len(p) + len(q) - 1) if p and q else []
    for i, x in enumerate(p):
        if x:
            for j, y in enumerate(q):
                out[i + j] += x * y
    return utrim(out)


def _bits(p: list) -> int:
    return max((abs(x).bit_length() for x in p), default=0)


def _pseudo_divide(a: list[int], b: list[int]) -> tuple[list[int], list[int], int]:
    """``(q, r, mult)`` with ``mult * a = q * b + r``, ``mult > 0`` a power of ``|lc(b)|``."""
    charge(max(1, len(a) - len(b) + 1) * len(b) * (1 + (_bits(a) + _bits(b)) // 2048))
    lead, sign = abs(b[-1]), (1 if b[-1] > 0 else -1)
    r, q, mult = list(a), [0] * max(0, len(a) - len(b) + 1), 1
    while len(r) >= len(b):
        c, k = r[-1] * sign, len(r) - len(b)
        r, q, mult = [x * lead for x in r], [x * lead for x in q], mult * lead
        q[k] += c
        for i, y in enumerate(b):
            r[k + i] -= c * y
        r = utrim(r[:-1])
    return q, r, mult


def uinverse(c: list, m: list) -> list | None:
    """``1/c mod m`` (Fractions), or ``None`` when ``gcd(c, m) != 1``.

    Extended Euclid with integer pseudo-remainders: the remainders are kept primitive,
    the cofactor of ``c`` as an integer polynomial over one common denominator.

    >>> uinverse([Fraction(1), Fraction(1)], [Fraction(-2), Fraction(0), Fraction(1)])
    [Fraction(-1, 1), Fraction(1, 1)]
    """
    a, _ = _primitive(m, scaled=True)
    b, beta = _primitive(c, scaled=True)
    ta, tb, den_a, den_b = [], [1], 1, 1  # remainder r == (t / den) * b_initial  (mod m)
    while len(b) > 1:
        q, r, mult = _pseudo_divide(a, b)
        if not r:
            return None
        qt = _ints_mul(q, tb)
        n = max(len(ta), len(qt))
        t = utrim([(ta[i] * mult * den_b if i < len(ta) else 0) - (qt[i] * den_a if i < len(qt) else 0)
                   for i in range(n)])
        g = math.gcd(*r)
        r, den = [x // g for x in r], den_a * den_b * g
        h = math.gcd(math.gcd(*t), den) if t else den
        a, b, ta, tb, den_a, den_b = b, r, tb, [x // h for x in t], den_b, den // h
    if not b:
        return None
    f = beta / (den_b * b[0])
    return utrim([x * f for x in tb])


def _primitive(p: list, scaled: bool = False):
    """``s * p`` with coprime integer coefficients for a positive rational ``s``
    (and ``s`` too, when ``scaled``)."""
    p = utrim(p)
    den = math.lcm(*(Fraction(c).denominator for c in p)) if p else 1
    ints = [int(Fraction(c) * den) for c in p]
    g = math.gcd(*ints) if ints else 1
    if _bits(ints) > MAX_BITS:
        raise LimitError(f"polynomial coefficients with more than {MAX_BITS} bits")
    ints = [x // g for x in ints]
    return (ints, Fraction(den, g)) if scaled else ints


def _prs(p: list, q: list) -> list[list[int]]:
    """Primitive remainder sequence ``p, q, -rem, ...`` over Z, every element a *positive*
    multiple of the Euclidean (Sturm) remainder, so signs are those of the Sturm sequence."""
    seq = [_primitive(p), _primitive(q)]
    while seq[-1]:
        seq.append([-x for x in _primitive(_pseudo_divide(seq[-2], seq[-1])[1])])
    return seq[:-1]


def ugcd(p: list, q: list) -> list:
    """Monic gcd (by the primitive remainder sequence over Z).

    >>> ugcd([Fraction(-1), Fraction(0), Fraction(1)], [Fraction(1), Fraction(1)])
    [Fraction(1, 1), Fraction(1, 1)]
    """
    if not utrim(p) or not utrim(q):
        g = utrim(p) or utrim(q)
    else:
        g = _prs(p, q)[-1]
    return uscale([Fraction(c) for c in g], 1 / Fraction(g[-1])) if g else []


def uderiv(p: list) -> list:
    """Derivative."""
    return utrim([i * p[i] for i in range(1, len(p))])


def ueval(p: list, x):
    """Value at ``x`` (Horner)."""
    acc = Fraction(0)
    for c in reversed(p):
        acc = acc * x + c
    return acc


def usquarefree(p: list) -> list:
    """Monic square-free part ``p / gcd(p, p')``.

    >>> usquarefree([Fraction(1), Fraction(2), Fraction(1)])
    [Fraction(1, 1), Fraction(1, 1)]
    """
    quo = udivmod(p, ugcd(p, uderiv(p)))[0]
    return uscale(quo, 1 / quo[-1])


def sturm_count(p: list, lo: Fraction, hi: Fraction) -> int:
    """Number of distinct real roots of ``p`` in ``(lo, hi)``; needs ``p(lo), p(hi) != 0``.

    >>> m = [Fraction(-2), Fraction(0), Fraction(1)]
    >>> sturm_count(m, Fraction(0), Fraction(2)), sturm_count(m, Fraction(-2), Fraction(2))
    (1, 2)
    """
    seq = _prs(p, uderiv(p)) if len(utrim(p)) > 1 else [utrim(p)]

    def changes(x):
        signs = [s > 0 for s in (ueval(q, x) for q in seq) if s]
        return sum(a != b for a, b in zip(signs, signs[1:]))

    return changes(lo) - changes(hi)


def uinterval_eval(p: list, lo: Fraction, hi: Fraction) -> tuple[Fraction, Fraction]:
    """Exact bounds ``(a, b)`` of ``p`` on ``[lo, hi]`` (Horner in interval arithmetic).

    >>> uinterval_eval([Fraction(0), Fraction(1)], Fraction(1), Fraction(2))
    (Fraction(1, 1), Fraction(2, 1))
    """
    a = b = Fraction(0)
    for c in reversed(p):
        prods = (a * lo, a * hi, b * lo, b * hi)
        a, b = min(prods) + c, max(prods) + c
    return a, b
