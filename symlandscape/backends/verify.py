"""Exact checks of engine answers: rational univariate representations and point sets.

:func:`verify_rur` proves that the ``n_points`` points described by an RUR are
distinct common zeros of the generators (it does not, by itself, prove that no zero is
missing: see :meth:`symlandscape.backends.Backend.count_points`).
:func:`same_points` proves that two RURs describe the same set of points.

The check never reduces modulo ``chi`` over QQ (remainders modulo a polynomial with
large coefficients have coefficients about ``deg chi`` times larger). Instead, with
``x_i = q_i(T) / d(T)`` and everything scaled to integer polynomials, it forms the
homogenised ``F(T) = d^deg(f) f(q/d)`` exactly in ``Z[T]`` and tests that ``chi``
divides it (an exact division in ``Z[T]``; ``chi`` is primitive).
"""

from __future__ import annotations

import math

from sympy import QQ
from sympy.polys.rings import PolyRing

from ..errors import SolverError
from .base import RUR, flint_allowed
from .polytext import integer_terms, qq_to_fraction
from .upoly import UPolys, upolys

try:
    import flint as _flint
except ImportError:  # pragma: no cover
    _flint = None

__all__ = ["verify_rur", "same_points", "count_real_roots"]


def _check_shape(rur: RUR, n: int) -> None:
    if not isinstance(rur.n_points, int) or rur.n_points < 0:
        raise SolverError("RUR: bad number of points")
    if len(rur.chi) != rur.n_points + 1 or not rur.chi or not rur.chi[0]:
        raise SolverError("RUR: chi does not have degree n_points")
    if len(rur.weights) != n or len(rur.numerators) != n:
        raise SolverError("RUR: weights and coords need one entry per variable")
    if any(not isinstance(w, int) for w in rur.weights):
        raise SolverError("RUR: weights must be integers")
    if not rur.denominator or not rur.denominator[0]:
        raise SolverError("RUR: zero denominator")


class _ZPolys:
    """Integer polynomials: flint's fmpz_poly, or SymPy's QQ[T] (exact, slower) without flint."""

    def __init__(self):
        self.flint = flint_allowed(_flint)
        if not self.flint:  # SymPy alone: without python-flint, or inside base.sympy_only()
            from sympy.polys.rings import ring

            self.R, self.T = ring("T", QQ)

    def from_ints(self, coeffs_high_first: list[int]):
        if self.flint:
            return _flint.fmpz_poly(list(reversed(coeffs_high_first)))
        p = self.R.zero  # pragma: no cover
        for c in coeffs_high_first:  # pragma: no cover
            p = p * self.T + c
        return p  # pragma: no cover

    def gen(self):
        return self.from_ints([1, 0])

    def const(self, c: int):
        return self.from_ints([c])

    def is_zero(self, p) -> bool:
        return p.is_zero() if self.flint else not p

    def divides(self, b, a) -> bool:
        """Whether the primitive polynomial ``b`` divides ``a`` in Z[T] (equivalently Q[T])."""
        if self.is_zero(a):
            return True
        if self.flint:
            # exact division: fmpz_poly divrem leaves remainder 0 exactly when b | a
            _q, r = divmod(a, b)
            return r.is_zero()
        return not (a % b)  # pragma: no cover

    def coprime(self, a, b) -> bool:
        return a.gcd(b).degree() == 0

    def derivative(self, a):
        return a.derivative() if self.flint else a.diff(self.T)


def _scaled_ints(polys: list[list]) -> list[list[int]]:
    """Integer multiples (one common factor) of dense QQ polynomials."""
    fr = [[qq_to_fraction(c) for c in p] for p in polys]
    den = 1
    for p in fr:
        for c in p:
            den = den * c.denominator // math.gcd(den, c.denominator)
    return [[int(c * den) for c in p] for p in fr]


def _primitive(coeffs: list[int]) -> list[int]:
    g = 0
    for c in coeffs:
        g = math.gcd(g, c)
    return [c // g for c in coeffs] if g > 1 else coeffs


def verify_rur(rur: RUR, polys, R: PolyRing, method: str = "exact") -> None:
    """Prove that ``rur`` describes ``n_points`` distinct common zeros of ``polys``.

    Checks, exactly: ``chi`` has degree ``n_points`` and is squarefree; the
    denominator does not vanish at its roots; ``l(x(T)) = T`` at every root (so distinct
    roots give distinct points and ``l`` separates them); every generator vanishes at
    every point.

    Parameters
    ----------
    rur : RUR
    polys : list of PolyElement
    R : PolyRing
    method : {"exact", "modular"}
        "exact" (default) proves everything. "modular" checks that the generators
        vanish modulo ``chi`` only modulo 4 random 62-bit primes (much faster for
        hundreds of points; a wrong answer passes with probability below about
        ``(bits of the remainder) / 2^56`` per prime, i.e. never in practice, but
        that part is then not a proof). The other checks stay exact.

    Raises
    ------
    SolverError
        If any check fails.

    Examples
    --------
    >>> from sympy.polys.rings import ring
    >>> from sympy.polys.orderings import grevlex
    >>> R, x, y = ring("x,y", QQ, grevlex)
    >>> r = RUR(2, [0, 1], [QQ(1), QQ(0), QQ(-1, 2)], [[QQ(2), QQ(0)], [QQ(1), QQ(0)]])
    >>> verify_rur(r, [x**2 - 2, x*y - 1], R)
    >>> verify_rur(r, [x**2 - 3], R)
    Traceback (most recent call last):
    ...
    symlandscape.errors.SolverError: RUR check failed: a generator does not vanish at the points
    """
    n = R.ngens
    _check_shape(rur, n)
    if rur.n_points == 0:
        if rur.chi != [QQ(1)] and len(rur.chi) != 1:
            raise SolverError("RUR: empty variety needs chi = [1]")
        return
    Z = _ZPolys()
    chi = Z.from_ints(_primitive(_scaled_ints([rur.chi])[0]))
    if not Z.coprime(chi, Z.derivative(chi)):
        raise SolverError("RUR check failed: chi is not squarefree")
    scaled = _scaled_ints(list(rur.numerators) + [rur.denominator])
    P = [Z.from_ints(c) if c else Z.const(0) for c in scaled[:n]]
    D0 = Z.from_ints(scaled[n])
    if len(rur.denominator) > 1 and not Z.coprime(chi, D0):
        raise SolverError("RUR check failed: the denominator vanishes at a point")
    lin = Z.const(0)
    for w, p in zip(rur.weights, P):
        if w:
            lin = lin + p * w
    if not Z.divides(chi, lin - Z.gen() * D0):
        raise SolverError("RUR check failed: the linear form is not T at the points")
    if method == "modular" and Z.flint:
        _vanish_modular(polys, P, D0, chi)
        return
    if method not in ("exact", "modular"):
        raise ValueError(f"method must be 'exact' or 'modular', not {method!r}")
    for f in polys:
        if f and not Z.divides(chi, _homogenised(f, P, D0, Z)):
            raise SolverError("RUR check failed: a generator does not vanish at the points")


def _random_prime(rng) -> int:
    while True:
        c = rng.getrandbits(62) | (1 << 61) | 1
        if _flint.fmpz(c).is_prime():
            return c


def _vanish_modular(polys, P, D0, chi, rounds: int = 4) -> None:
    """The generators vanish at the points, checked modulo random primes (Monte Carlo)."""
    import random

    rng = random.SystemRandom()
    lc = int(chi.coeffs()[-1])
    done = 0
    while done < rounds:
        p = _random_prime(rng)
        if lc % p == 0:
            continue
        done += 1

        def red(a):
            return _flint.nmod_poly([int(c) % p for c in a.coeffs()] or [0], p)

        chip = red(chi)
        Pp = [red(a) for a in P]
        Dp = red(D0)
        for f in polys:
            if not f:
                continue
            terms = integer_terms(f)
            deg = max(sum(m) for m, _ in terms)
            total = _flint.nmod_poly([0], p)
            for m, c in terms:
                t = _flint.nmod_poly([c % p], p)
                for i, e in enumerate(m):
                    if e:
                        t = (t * Pp[i].pow_mod(e, chip)) % chip
                k = deg - sum(m)
                if k:
                    t = (t * Dp.pow_mod(k, chip)) % chip
                total += t
            if not (total % chip).is_zero():
                raise SolverError("RUR check failed: a generator does not vanish at the points")


def _homogenised(f, P: list, D0, Z: _ZPolys):
    """``d^deg(f) * f(q/d)`` (times the denominator of ``f``) in Z[T].

    Each term is a product of factors ``q_i`` and ``d``; the terms are visited in
    sorted order, keeping only the stack of partial products along the current
    prefix, so shared prefixes are multiplied once and memory stays at a few products
    (caching every partial product took more than 10 GB at 641 points).
    """
    terms = integer_terms(f)
    deg = max(sum(m) for m, _ in terms)
    keyed = []
    for m, c in terms:
        key = (-1,) * (deg - sum(m))
        for i, e in enumerate(m):
            key += (i,) * e
        keyed.append((key, c))
    keyed.sort()
    stack: list[tuple[int, object]] = []  # (factor index, product up to it)
    path: tuple = ()
    one = Z.const(1)
    total = Z.const(0)
    for key, c in keyed:
        k = 0
        while k < len(path) and k < len(key) and path[k] == key[k]:
            k += 1
        del stack[k:]
        for i in key[k:]:
            prev = stack[-1][1] if stack else one
            stack.append((i, prev * (D0 if i < 0 else P[i])))
        path = key
        prod = stack[-1][1] if stack else one
        total = total + prod * c
    return total


def same_points(a: RUR, b: RUR, R: PolyRing, U: UPolys | None = None) -> bool:
    """Whether two RURs (each verified) describe the same points.

    Exact: maps every point of ``b`` into ``a``'s parametrization and compares
    coordinates modulo ``chi_b``; with equal counts and squarefree ``chi`` this proves
    equality of the point sets (hence of the real points too). Uses the polynomial
    form (meant for up to a few hundred points).
    """
    U = U or upolys()
    if a.n_points != b.n_points:
        return False
    if a.n_points == 0:
        return True
    chib = U.from_dense(b.chi)
    gb = [U.rem(U.from_dense(g), chib) for g in b.coords]
    la = U.zero
    for w, g in zip(a.weights, gb):
        if w:
            la = la + U.scale(g, w)
    if not U.is_zero(U.compose_mod(U.from_dense(a.chi), la, chib)):
        return False
    for ga, g in zip(a.coords, gb):
        if not U.is_zero(U.rem(U.sub(U.compose_mod(U.from_dense(ga), la, chib), g), chib)):
            return False
    return True


def count_real_roots(chi: list) -> int:
    """Exact number of distinct real roots of a dense QQ polynomial.

    Uses FLINT's certified real root isolation when available, else Sturm sequences.

    Examples
    --------
    >>> count_real_roots([QQ(1), QQ(0), QQ(-2)])
    2
    """
    if len(chi) <= 1:
        return 0
    if flint_allowed(_flint):
        coeffs = _scaled_ints([chi])[0]
        p = _flint.fmpz_poly(list(reversed(coeffs)))
        sq = p // p.gcd(p.derivative())
        return len(sq.complex_roots()) - _nonreal(sq)
    from sympy.polys.rootisolation import dup_count_real_roots

    return int(dup_count_real_roots(list(chi), QQ))


def _nonreal(p) -> int:
    """Number of non-real roots of a squarefree fmpz_poly.

    FLINT isolates the roots and returns the real ones with an exactly zero imaginary
    part; every other root is certified non-real.
    """
    return sum(1 for z, _m in p.complex_roots() if not z.imag.is_zero())
