"""Dense univariate polynomials over QQ for rational univariate representations.

The interface format is a list of QQ coefficients, highest degree first (SymPy's
``dup`` format). Arithmetic uses python-flint's ``fmpq_poly`` when it is installed and
SymPy's univariate ring otherwise; both are exact.
"""

from __future__ import annotations

from sympy import QQ
from sympy.polys.rings import ring

from ..errors import SolverError
from .base import flint_allowed
from .polytext import qq_to_fraction

try:
    import flint as _flint
except ImportError:  # pragma: no cover - flint comes with the "fast" extra
    _flint = None

__all__ = ["UPolys", "upolys"]

_QQ_IS_FMPQ = _flint is not None and QQ.dtype is _flint.fmpq


class UPolys:
    """Exact univariate arithmetic over QQ; elements are engine objects, converted at the edges.

    Parameters
    ----------
    use_flint : bool, optional
        Use python-flint (default when importable).

    Examples
    --------
    >>> U = UPolys()
    >>> a = U.from_dense([QQ(1), QQ(0), QQ(-2)])       # T^2 - 2
    >>> U.to_dense(U.rem(U.mul(U.T, U.T), a))
    [2]
    >>> U.to_dense(U.invmod(U.T, a))                    # 1/T = T/2 mod T^2 - 2
    [1/2, 0]
    """

    def __init__(self, use_flint: bool | None = None):
        if use_flint is None:
            use_flint = flint_allowed(_flint)
        if use_flint and _flint is None:  # pragma: no cover
            raise SolverError("python-flint is not installed")
        self.flint = bool(use_flint)
        if self.flint:
            self.T = _flint.fmpq_poly([0, 1])
            self.one = _flint.fmpq_poly([1])
            self.zero = _flint.fmpq_poly([])
        else:
            self.R, self.T = ring("T", QQ)
            self.one = self.R.one
            self.zero = self.R.zero

    # conversions -------------------------------------------------------------------
    def from_dense(self, coeffs) -> object:
        """From QQ (or int, Fraction) coefficients, highest degree first."""
        if self.flint:
            fq = _flint.fmpq
            return _flint.fmpq_poly([c if type(c) is fq else fq(*_pq(c)) for c in reversed(list(coeffs))])
        p = self.R.zero
        for c in coeffs:
            p = p * self.T + QQ(*_pq(c))
        return p

    def to_dense(self, p) -> list:
        """To QQ coefficients, highest degree first ([] for zero)."""
        if self.flint:
            if _QQ_IS_FMPQ:  # SymPy's rationals are FLINT's (its ground types): no conversion
                return list(reversed(p.coeffs()))
            return [QQ(int(c.p), int(c.q)) for c in reversed(p.coeffs())]
        return list(p.to_dense()) if p else []

    def const(self, c) -> object:
        return self.from_dense([c])

    # arithmetic --------------------------------------------------------------------
    def degree(self, p) -> int:
        """Degree (-1 for the zero polynomial)."""
        if self.flint:
            return int(p.degree())
        return p.degree() if p else -1

    def mul(self, a, b):
        return a * b

    def add(self, a, b):
        return a + b

    def sub(self, a, b):
        return a - b

    def scale(self, a, c):
        if self.flint:
            return a * _flint.fmpq(*_pq(c))
        return a * QQ(*_pq(c))

    def rem(self, a, m):
        return a % m

    def mulmod(self, a, b, m):
        return (a * b) % m

    def derivative(self, a):
        return a.derivative() if self.flint else a.diff(self.T)

    def gcd(self, a, b):
        """Monic greatest common divisor."""
        g = a.gcd(b)
        return self.monic(g)

    def monic(self, a):
        if self.flint:
            if a.is_zero():
                return a
            return a / a.coeffs()[-1]
        return a.monic() if a else a

    def invmod(self, a, m):
        """The inverse of ``a`` modulo ``m``; SolverError when they have a common factor."""
        if self.flint:
            g, s, _t = a.xgcd(m)
            if g.degree() != 0:
                raise SolverError("polynomial not invertible modulo the minimal polynomial")
            return (s / g.coeffs()[0]) % m
        s, _t, g = a.gcdex(m)
        if g.degree() != 0:
            raise SolverError("polynomial not invertible modulo the minimal polynomial")
        return (s * (1 / g.LC)) % m

    def is_zero(self, a) -> bool:
        return a.is_zero() if self.flint else not a

    def is_squarefree(self, a) -> bool:
        """True when ``a`` is non-zero with no repeated factor."""
        if self.is_zero(a):
            return False
        return self.degree(a.gcd(self.derivative(a))) == 0

    def compose_mod(self, a, h, m):
        """``a(h) mod m`` by Horner's rule."""
        out = self.zero
        for c in self.to_dense(a):
            out = (out * h + self.const(c)) % m
        return out


def _pq(c) -> tuple[int, int]:
    if isinstance(c, int):
        return c, 1
    f = qq_to_fraction(c) if not hasattr(c, "numerator") or not isinstance(c.numerator, int) else c
    return int(f.numerator), int(f.denominator)


_DEFAULT: dict = {}


def upolys() -> UPolys:
    """The shared default :class:`UPolys` (flint when available and allowed here)."""
    use = flint_allowed(_flint)
    if use not in _DEFAULT:
        _DEFAULT[use] = UPolys(use)
    return _DEFAULT[use]
