"""Certified kinds of the real points of a proved RUR, by ball arithmetic (python-flint / Arb).

The exact route (:mod:`symlandscape.points`, :mod:`symlandscape.pointkind`) computes in
Q(alpha); with hundreds of complex critical points its field elements have thousands of
digits and it stops scaling. This module decides the same questions with *rigorous*
ball arithmetic instead (every Arb ball provably contains the exact number; a
comparison is answered only when the balls decide it), starting from a rational
univariate representation whose correctness and completeness were proved exactly
(:meth:`symlandscape.backends.msolve.MsolveBackend.zero_dim_rur`):

* real points: the minimal polynomial ``chi`` is factored over Q (FLINT) and the roots of
  each factor are isolated by Arb (``fmpz_poly.complex_roots``); a root is real when
  its ball has an exactly zero imaginary part (Arb returns such a ball only for a
  certified real root), so the number of real points is exact;
* coordinates ``x_i = q_i(t) / d(t)``, the Hessian and the loss are evaluated in ball
  arithmetic at a ball around the root;
* inertia: :func:`ball_inertia` performs a symmetric elimination whose pivots are
  certified non-zero (1x1 pivots excluding 0, or 2x2 pivots with a certified negative
  determinant). By Sylvester's law of inertia the pivot signs are the eigenvalue signs
  of the *exact* Hessian. When no pivot can be certified (for instance a singular
  Hessian) it returns None: the ball method refuses, it never guesses;
* the global minimum (coercive losses): the least critical value, found by comparing
  value balls; values that balls cannot separate are proved *equal* when the points
  are images of each other under an exact symmetry of the loss (sign flips of hidden
  units, checked as polynomial identities), and otherwise the verdict is ``undecided``.

Floats never decide: every sign comes from a ball that excludes zero. The verdicts are
proved inside the engine; they carry no certificate for the independent checker (their
coordinates are algebraic numbers of degree up to ``deg chi``; see
docs/certificates.md).

References
----------
Johansson, "Arb: efficient arbitrary-precision midpoint-radius interval arithmetic",
IEEE Trans. Computers 66(8), 2017. Sylvester's law of inertia: Horn & Johnson,
*Matrix Analysis*, Thm. 4.5.8.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from fractions import Fraction

from .errors import SolverError
from .inertia import Inertia
from .krawczyk import _eval_terms, _powers, ball_terms, refine_real_box

try:
    import flint
except ImportError:  # pragma: no cover - the ball route needs python-flint
    flint = None

__all__ = ["ball_inertia", "RealRoots", "sign_symmetries", "BallPoint", "BallValue", "classify_rur_points",
           "classify_ball_points", "BallClassification", "BoxPoint", "BoxSource"]


# --------------------------------------------------------------------------------------------
# inertia
def _certified_nonzero(b) -> bool:
    return not b.contains(0)


def ball_inertia(A) -> Inertia | None:
    """Inertia of the exact symmetric matrix enclosed by the ball matrix ``A``, or None.

    ``A`` is a square list of lists of ``flint.arb``; every ball is assumed to contain the
    corresponding entry of an exact symmetric matrix ``M``. Symmetric Gaussian
    elimination is run with pivots that are certified non-zero: a diagonal ball that
    excludes 0 (a 1x1 pivot whose sign is then certain), or a 2x2 block whose
    determinant ball is certainly negative (one positive and one negative eigenvalue).
    Each step replaces ``M`` by a congruent block-diagonal matrix and a Schur complement
    that the balls still enclose, so by Sylvester's law of inertia the count is the
    inertia of ``M``.

    Returns None when no pivot can be certified, in particular whenever ``M`` is
    singular (no ball computation can prove a zero eigenvalue): the caller must then
    decide exactly or report the point as undecided.

    Examples
    --------
    >>> from flint import arb
    >>> ball_inertia([[arb(2), arb(1)], [arb(1), arb(-3)]])
    Inertia(pos=1, neg=1, zero=0)
    >>> ball_inertia([[arb(0), arb(1)], [arb(1), arb(0)]])      # needs a 2x2 pivot
    Inertia(pos=1, neg=1, zero=0)
    >>> ball_inertia([[arb(1), arb(1)], [arb(1), arb(1)]]) is None   # singular: refused
    True
    >>> ball_inertia([[arb("1 +/- 0.1"), arb(0)], [arb(0), arb("2 +/- 3")]]) is None  # sign unknown
    True
    """
    A = [list(row) for row in A]
    pos = neg = 0
    while A:
        n = len(A)
        best, k = None, None
        for i in range(n):
            d = A[i][i]
            if _certified_nonzero(d):
                lower = abs(d).lower()
                if best is None or lower > best:
                    best, k = lower, i
        if k is not None:
            d = A[k][k]
            if d > 0:
                pos += 1
            else:
                neg += 1
            rest = [i for i in range(n) if i != k]
            col = {i: A[i][k] / d for i in rest}
            A = [[A[i][j] - col[i] * A[k][j] for j in rest] for i in rest]
            continue
        pair = None
        for i in range(n):
            for j in range(i + 1, n):
                det = A[i][i] * A[j][j] - A[i][j] * A[i][j]
                if det < 0:
                    pair = (i, j, det)
                    break
            if pair:
                break
        if pair is None:
            return None
        i, j, det = pair
        pos += 1
        neg += 1
        a, b, c = A[i][i], A[i][j], A[j][j]
        # E^{-1} = [[c, -b], [-b, a]] / det
        rest = [r for r in range(n) if r not in (i, j)]
        new = []
        for r in rest:
            row = []
            for s in rest:
                u = (A[r][i] * c - A[r][j] * b) * A[i][s] + (A[r][j] * a - A[r][i] * b) * A[j][s]
                row.append(A[r][s] - u / det)
            new.append(row)
        A = new
    return Inertia(pos, neg, 0)


# --------------------------------------------------------------------------------------------
# real roots of chi
def _arf_fraction(x) -> Fraction:
    """An exact Fraction from an arb whose radius is zero (a dyadic number)."""
    m, e = x.mid().man_exp()
    m, e = int(m), int(e)
    return Fraction(m * 2 ** e) if e >= 0 else Fraction(m, 2 ** -e)


def _ball_interval(x) -> tuple[Fraction, Fraction]:
    """Rational end points enclosing the real ball ``x`` (outward)."""
    mid = _arf_fraction(x.mid())
    r = x.rad()
    m, e = r.mid().man_exp() if not r.is_zero() else (0, 0)
    rad = Fraction(int(m) * 2 ** int(e)) if int(e) >= 0 else Fraction(int(m), 2 ** -int(e))
    return mid - rad, mid + rad


def _newton(f, df, x, prec: int):
    """Interval Newton refinement of the unique root of ``f`` in the ball ``x`` to ``prec`` bits.

    ``f``, ``df`` are fmpz_poly. When ``f'`` does not vanish on ``x``, the root lies in
    ``N = m - f(m) / f'(x)`` as well as in ``x``, so ``x`` is replaced by the
    intersection (the root stays enclosed). Returns None when ``f'(x)`` contains 0.
    """
    with flint.ctx.workprec(prec):
        F = flint.arb_poly(f.coeffs())
        dF = flint.arb_poly(df.coeffs())
        x = flint.arb(x)
        for _ in range(200):
            if x.rel_accuracy_bits() >= prec - 16:
                return x
            m = flint.arb(x.mid())
            der = dF(x)
            if der.contains(0):
                return None
            N = m - F(m) / der
            if not x.overlaps(N):
                raise SolverError("interval Newton lost the root (a ball does not contain it)")  # pragma: no cover
            new = x.intersection(N)
            if not new.rad() < x.rad() / 2:
                return new
            x = new
        return x


class RealRoots:
    """The real roots of a squarefree integer polynomial, isolated and refinable.

    The polynomial is factored over Q; the roots of every factor are isolated with Arb.
    ``balls[k]`` encloses the k-th real root (increasing), ``factors[k]`` is its
    irreducible factor. All balls are pairwise disjoint.

    Examples
    --------
    >>> import flint
    >>> R = RealRoots(flint.fmpz_poly([-2, 0, 1]) * flint.fmpz_poly([1, 0, 1]) * flint.fmpz_poly([-1, 3]))
    >>> len(R), [round(float(b.mid()), 6) for b in R.balls], [f.degree() for f in R.factors]
    (3, [-1.414214, 0.333333, 1.414214], [2, 1, 2])
    """

    def __init__(self, chi):
        self.chi = chi
        _c, facs = chi.factor()
        if any(e != 1 for _f, e in facs):
            raise SolverError("the RUR polynomial is not squarefree")
        self.factor_degrees = sorted(f.degree() for f, _e in facs)
        items = []
        for f, _e in facs:
            if f.degree() == 1:
                c0, c1 = f.coeffs()
                items.append((flint.arb(flint.fmpq(-int(c0), int(c1))), f))
                continue
            for z, _m in f.complex_roots():
                if z.imag.is_zero():
                    items.append((z.real, f))
        items.sort(key=lambda t: float(t[0].mid()))
        self.balls = [b for b, _ in items]
        self.factors = [f for _, f in items]
        self.prec = 64
        self._separate()

    def __len__(self) -> int:
        return len(self.balls)

    def _separate(self) -> None:
        for _ in range(20):
            if all(not self.balls[k].overlaps(self.balls[k + 1]) for k in range(len(self.balls) - 1)):
                return
            self.refine(self.prec * 2)
        raise SolverError("real roots of distinct factors could not be separated")  # pragma: no cover

    def refine(self, prec: int) -> None:
        """Shrink every ball to about ``prec`` bits of relative accuracy."""
        out = []
        cache: dict = {}
        for b, f in zip(self.balls, self.factors):
            if f.degree() == 1:
                c0, c1 = f.coeffs()
                with flint.ctx.workprec(prec):
                    out.append(flint.arb(flint.fmpq(-int(c0), int(c1))))
                continue
            nb = _newton(f, f.derivative(), b, prec)
            if nb is None:
                # fall back to a fresh isolation at this precision; keep the ball inside the old one
                key = (id(f), prec)
                if key not in cache:
                    with flint.ctx.workprec(prec):
                        cache[key] = [z.real for z, _m in f.complex_roots() if z.imag.is_zero()]
                cands = [r for r in cache[key] if b.contains(r)]
                if len(cands) != 1:
                    raise SolverError("root refinement lost track of a real root")  # pragma: no cover
                nb = cands[0]
            out.append(nb)
        self.balls = out
        self.prec = max(self.prec, prec)

    def interval(self, k: int) -> tuple[Fraction, Fraction]:
        """Rational end points of an interval holding the k-th real root and no other root of chi."""
        return _ball_interval(self.balls[k])


# --------------------------------------------------------------------------------------------
# symmetries
_NAME = re.compile(r"^([Wb])(\d+)\[(\d+)(?:,(\d+))?\]$")


def sign_symmetries(model) -> list[tuple[int, ...]]:
    """Hidden-unit sign flips that leave the loss invariant, each proved as a polynomial identity.

    Flipping hidden unit ``j`` of layer ``k`` negates row ``j`` of ``W_k``, ``b_k[j]``
    and column ``j`` of ``W_{k+1}``; for odd activations (linear) it is a symmetry of
    the network function and of the l2 term. Negating only the unit's incoming weights
    (row ``j`` of ``W_k`` and ``b_k[j]``) negates its pre-activation: a symmetry for even
    activations (``x^2``, ``1 + x^2``). Each candidate is kept only when
    ``L(flip(x)) == L(x)`` holds exactly. Returns the index sets of the kept flips.

    Examples
    --------
    >>> from symlandscape.backends.instances import deep_linear
    >>> sign_symmetries(deep_linear([1, 2, 1]))
    [(0, 2), (1, 3)]
    """
    parsed = {}
    for i, name in enumerate(model.names):
        m = _NAME.match(name)
        if m:
            parsed[i] = (m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4)) if m.group(4) else None)
    layers = max((p[1] for p in parsed.values()), default=0)
    R = model.R
    out = []
    for k in range(1, layers):
        units = sorted({p[2] for p in parsed.values() if p[1] == k})
        for j in units:
            full = tuple(sorted(i for i, (kind, lay, r, c) in parsed.items()
                                if (lay == k and r == j) or (kind == "W" and lay == k + 1 and c == j)))
            incoming = tuple(sorted(i for i, (kind, lay, r, c) in parsed.items() if lay == k and r == j))
            for idx in dict.fromkeys((full, incoming)):
                if not idx:
                    continue
                sub = [(R.gens[i], -R.gens[i]) for i in idx]
                if model.L.compose(sub) == model.L:
                    out.append(idx)
    return out


def _group(flips: list[tuple[int, ...]], n: int, limit: int = 1 << 10) -> list[list[int]]:
    """Sign vectors of the group generated by commuting involutions (capped at ``limit``)."""
    elems = [tuple([1] * n)]
    for f in flips:
        if len(elems) * 2 > limit:
            break
        new = []
        for e in elems:
            v = list(e)
            for i in f:
                v[i] = -v[i]
            new.append(tuple(v))
        elems = list(dict.fromkeys(elems + new))
    return [list(e) for e in elems[1:]]


# --------------------------------------------------------------------------------------------
# points and values
def _coarse(lo: Fraction, hi: Fraction, bits: int = 96) -> tuple[Fraction, Fraction]:
    """An outward rounding of ``[lo, hi]`` to dyadic end points with about ``bits`` significant bits."""
    big = max(abs(lo), abs(hi), Fraction(1, 1 << 1000))
    k = bits - (big.numerator.bit_length() - big.denominator.bit_length())
    scale = Fraction(2) ** k
    return Fraction(math.floor(lo * scale)) / scale, Fraction(math.ceil(hi * scale)) / scale


def _fmt_interval(lo: Fraction, hi: Fraction) -> list[str]:
    from .exact import format_rational
    return [format_rational(lo), format_rational(hi)]


class _RurField:
    """Stands in for an AlgebraicField in reports: describes the root of the RUR."""

    def __init__(self, point: "BallPoint"):
        self.p = point

    def field_json(self) -> dict:
        lo, hi = self.p.interval
        return {"rur_root": {"interval": _fmt_interval(lo, hi), "factor_degree": self.p.degree,
                             "meaning": "t is the only root of chi in the interval; x_i = q_i(t)/d(t) "
                                        "(the proved rational univariate representation)"}}

    def describe(self) -> str:
        lo, hi = self.p.interval
        return (f"t: the real root of a degree-{self.p.degree} factor of the RUR polynomial in "
                f"[{float(lo):.6g}, {float(hi):.6g}]")

    def element_text(self, c) -> str:
        return c

    def approx(self, c, dps: int = 30):  # pragma: no cover - reports use the point's approx
        raise NotImplementedError


class BallPoint:
    """A real point of a proved RUR, known by its root ball (coordinates as Arb balls).

    ``json()`` describes each coordinate by its RUR index and the isolating interval of
    ``t`` (or gives the exact rationals when ``t`` is rational); ``approx()`` gives
    decimals (evidence). Exact field arithmetic is not available on this point (see the
    module notes).
    """

    def __init__(self, index: int, degree: int, interval, coords, exact: list[Fraction] | None = None):
        self.index = index
        self.degree = degree
        self.interval = interval
        self.balls = coords
        self.exact = exact
        self.field = _RurField(self)

    @property
    def is_rational(self) -> bool:
        return self.exact is not None

    @property
    def coords(self) -> list[str]:
        return [f"q_{i + 1}(t)/d(t) ~ {b.mid().str(12, radius=False)}" for i, b in enumerate(self.balls)]

    def json(self) -> list:
        if self.exact is not None:
            from .exact import format_rational
            return [format_rational(q) for q in self.exact]
        lo, hi = self.interval
        return [{"rur_coordinate": i + 1, "t_interval": _fmt_interval(lo, hi)} for i in range(len(self.balls))]

    def approx(self, dps: int = 30) -> list:
        import mpmath
        with mpmath.workdps(dps):
            return [mpmath.mpf(b.mid().str(dps + 5, radius=False)) for b in self.balls]

    @property
    def key(self):
        return ("RUR", self.index)


class _BoxField:
    """Stands in for an AlgebraicField in reports: the point is the only critical point in its box."""

    def __init__(self, point: "BoxPoint"):
        self.p = point

    def field_json(self) -> dict:
        return {"isolating_box": {
            "box": [_fmt_interval(*_coarse(*_ball_interval(b))) for b in self.p.balls],
            "meaning": "the only critical point (zero of grad L) in this box, real; proved by the Krawczyk test "
                       "in ball arithmetic, and complete with the other boxes (their number equals dim Q[x]/I)"}}

    def describe(self) -> str:
        return "the only critical point in a proved Krawczyk box (coordinates are enclosed by its intervals)"

    def element_text(self, c) -> str:
        return c

    def approx(self, c, dps: int = 30):  # pragma: no cover - reports use the point's approx
        raise NotImplementedError


class BoxPoint(BallPoint):
    """A real critical point known by a proved isolating box (see :mod:`symlandscape.krawczyk`)."""

    def __init__(self, index: int, balls):
        super().__init__(index, 0, None, balls, None)
        self.field = _BoxField(self)

    @property
    def coords(self) -> list[str]:
        return [f"x_{i + 1} ~ {b.mid().str(12, radius=False) if not b.contains(0) else '0'}"
                for i, b in enumerate(self.balls)]

    def json(self) -> list:
        return [{"interval": _fmt_interval(*_coarse(*_ball_interval(b)))} for b in self.balls]

    def approx(self, dps: int = 30) -> list:
        """Decimals of a point of the box (0 for a coordinate whose interval contains 0)."""
        import mpmath
        with mpmath.workdps(dps):
            return [mpmath.mpf(0) if b.contains(0) else mpmath.mpf(b.mid().str(dps + 5, radius=False))
                    for b in self.balls]

    @property
    def key(self):
        return ("box", self.index)


class BoxSource:
    """The real points of an :class:`~symlandscape.krawczyk.Isolation`, for :func:`classify_ball_points`.

    Boxes are refined (a smaller proved box inside the old one) when a higher precision
    is asked for.
    """

    complete = "disjoint Krawczyk boxes, as many as dim Q[x]/I"
    factor_degrees: list = []

    def __init__(self, system, isolation):
        self.system = system
        self.boxes = isolation.real_boxes
        self.n_complex = isolation.dimension
        self.prec = 256  # boxes are refined to about 75 digits: reports and evidence print up to 50

    def __len__(self) -> int:
        return len(self.boxes)

    def describe(self) -> str:
        return f"{len(self.boxes)} real boxes among {self.n_complex} proved complex ones"

    def refine(self, prec: int) -> None:
        pass  # lazily, per point, in coords

    def coords(self, k: int, prec: int, max_prec: int):
        if self.boxes[k].prec < prec:
            self.boxes[k] = refine_real_box(self.system, self.boxes[k], prec)
        return list(self.boxes[k].balls)

    def point(self, k: int, coords) -> BoxPoint:
        return BoxPoint(k, coords)

    def certificate(self, model, k: int, kind: str, lower: list[int]) -> dict | None:
        """Claim and hints of the box-point certificate of point ``k`` (see :mod:`symlandscape.boxcert`)."""
        from .boxcert import box_claim
        better = [[_arf_fraction(b.mid()) for b in self.boxes[j].balls] for j in lower]
        return box_claim(model, self.system, self.boxes[k].balls, kind, better)


@dataclass
class BallValue:
    """A critical value known by a ball, with its symmetry class (equal values are proved equal).

    ``compare`` answers exactly when the balls are disjoint or the points lie in one
    symmetry orbit (then the values are equal); otherwise it orders by midpoints for
    presentation only (:attr:`decided` tells which).
    """

    ball: object
    orbit: int

    @property
    def is_rational(self) -> bool:
        return False

    def compare(self, other) -> int:
        if isinstance(other, BallValue) and other.orbit == self.orbit:
            return 0
        ob = other.ball if isinstance(other, BallValue) else None
        if ob is None:  # pragma: no cover
            return 0
        if self.ball < ob:
            return -1
        if self.ball > ob:
            return 1
        return (float(self.ball.mid()) > float(ob.mid())) - (float(self.ball.mid()) < float(ob.mid()))

    def approx(self, dps: int = 30):
        import mpmath
        with mpmath.workdps(dps):
            return mpmath.mpf(self.ball.mid().str(dps + 5, radius=False))

    def json(self) -> dict:
        lo, hi = _coarse(*_ball_interval(self.ball))
        return {"exact": "L at the point (algebraic; enclosed by the interval)",
                "approx": self.ball.mid().str(20, radius=False),
                "enclosure": _fmt_interval(lo, hi)}

    def text(self) -> str:
        return "~" + self.ball.mid().str(15, radius=False)


@dataclass
class BallClassification:
    """Result of :func:`classify_rur_points`."""

    n_complex: int
    verdicts: list
    gmin: BallValue | None
    gmin_reason: str
    notes: list = field(default_factory=list)
    prec: int = 0
    factor_degrees: list = field(default_factory=list)


def _scaled_rur(rur):
    from .backends.verify import _primitive, _scaled_ints
    chi = flint.fmpz_poly(list(reversed(_primitive(_scaled_ints([rur.chi])[0]))))
    sc = _scaled_ints(list(rur.numerators) + [rur.denominator])
    P = [flint.fmpz_poly(list(reversed(s))) if s else flint.fmpz_poly([]) for s in sc[:-1]]
    return chi, P, flint.fmpz_poly(list(reversed(sc[-1])))


class _Coords:
    """``x_i = P_i(t) / D0(t)`` in ball arithmetic, with the Arb polynomials built once per precision."""

    def __init__(self, P, D0):
        self.P, self.D0 = P, D0
        self._prec, self._polys = None, None

    def __call__(self, t, prec: int):
        with flint.ctx.workprec(prec):
            if self._prec != prec:
                self._polys = ([flint.arb_poly(p.coeffs()) if p.degree() >= 0 else None for p in self.P],
                               flint.arb_poly(self.D0.coeffs()))
                self._prec = prec
            Ps, Dp = self._polys
            d = Dp(t)
            if d.contains(0):
                return None
            return [p(t) / d if p is not None else flint.arb(0) for p in Ps]


class _RurSource:
    """The real points of a proved RUR: roots of ``chi`` and ``x_i = q_i(t) / d(t)``."""

    complete = "proved RUR"

    def __init__(self, rur):
        self.chi, self.P, self.D0 = _scaled_rur(rur)
        self._coords = _Coords(self.P, self.D0)
        self.roots = RealRoots(self.chi)
        self.n_complex = self.chi.degree()
        self.factor_degrees = self.roots.factor_degrees
        height = max([self.chi.height_bits(), self.D0.height_bits()]
                     + [p.height_bits() for p in self.P if p.degree() >= 0])
        self.prec = height + 256

    def __len__(self) -> int:
        return len(self.roots)

    def describe(self) -> str:
        return (f"{len(self.roots)} real roots of chi (degree {self.chi.degree()}; factors "
                f"{self.roots.factor_degrees})")

    def refine(self, prec: int) -> None:
        self.roots.refine(prec)

    def coords(self, k: int, prec: int, max_prec: int):
        x, p = None, prec
        while x is None:
            if p > max_prec:
                raise SolverError("the RUR denominator is not separated from 0 at a root")  # pragma: no cover
            if p > self.roots.prec:
                self.roots.refine(p)
            x = self._coords(self.roots.balls[k], p)
            p *= 2
        return x

    def point(self, k: int, coords) -> "BallPoint":
        lo, hi = self.roots.interval(k)
        exact = _rational_point(self.roots.factors[k], self.P, self.D0)
        return BallPoint(k, self.roots.factors[k].degree(), (lo, hi), coords, exact)


def classify_rur_points(model, rur, coercive_reason: str | None, max_prec: int = 1 << 17,
                        progress=None) -> BallClassification:
    """Kinds of every real point of a proved, complete RUR of ``grad L = 0``.

    Parameters
    ----------
    model : LossModel
    rur : RUR
        Proved correct and complete (every complex critical point, each once).
    coercive_reason : str or None
        Why ``L`` attains its infimum (then the least critical value is the global
        minimum); None when that is not known (no ``global_min`` verdict is then given).
    max_prec : int
        Largest working precision (bits) tried before a question is left undecided.

    Returns
    -------
    BallClassification

    Raises
    ------
    SolverError
        When python-flint is missing, ``chi`` is not squarefree, or a point of least
        critical value has a Hessian with a certified negative eigenvalue (an engine bug).

    Examples
    --------
    The regularised scalar 2-chain (literature.md 2.2): 5 complex critical points, 3 real.

    >>> from sympy import QQ
    >>> from symlandscape.backends.base import RUR
    >>> from symlandscape.backends.instances import deep_linear
    >>> from symlandscape.backends.sympy_backend import SympyBackend
    >>> m = deep_linear([1, 1, 1])
    >>> rur = SympyBackend().zero_dim_rur(list(m.grad), m.R)
    >>> res = classify_rur_points(m, rur, "coercive: every weight is regularised")
    >>> res.n_complex, sorted(v.kind for v in res.verdicts)
    (5, ['global_min', 'global_min', 'strict_saddle'])
    """
    if flint is None:  # pragma: no cover
        raise SolverError("the ball route needs python-flint (pip install python-flint)")
    return classify_ball_points(model, _RurSource(rur), coercive_reason, max_prec, progress)


def classify_ball_points(model, source, coercive_reason: str | None, max_prec: int = 1 << 17,
                         progress=None) -> BallClassification:
    """Kinds of the real critical points given by ``source``, a complete list of them.

    ``source`` is the RUR source above or :class:`symlandscape.boxkind.BoxSource`
    (Krawczyk boxes). It gives the number of real points (``len``), their coordinates
    as Arb balls at a requested precision (``coords``), a report point (``point``), the
    number of complex points (``n_complex``), the starting precision (``prec``) and a
    phrase naming the completeness proof (``complete``). See
    :func:`classify_rur_points` for the verdicts.
    """
    from .pointkind import PointVerdict

    say = progress or (lambda msg: None)
    n = model.n
    say("balls: " + source.describe())
    prec = source.prec
    hess = [[ball_terms(model.hess[i][j]) for j in range(n)] for i in range(n)]
    Lc = ball_terms(model.L)
    maxe = max((max(mo) for mo in model.L.monoms()), default=1) or 1
    m = len(source)
    flips = sign_symmetries(model)
    group = _group(flips, n)
    coords: list = [None] * m
    values: list = [None] * m
    inert: list = [None] * m
    hmats: list = [None] * m  # the Hessian balls, for the saddle test when the inertia is not certified
    orbit = list(range(m))

    def find(a):
        while orbit[a] != a:
            orbit[a] = orbit[orbit[a]]
            a = orbit[a]
        return a

    def evaluate(k: int) -> None:
        x = source.coords(k, prec, max_prec)
        with flint.ctx.workprec(prec):
            powers = _powers(x, flint.arb(1), maxe)
            coords[k] = x
            values[k] = _eval_terms(Lc, powers, flint.arb(0))
            H = [[None] * n for _ in range(n)]
            for i in range(n):
                for j in range(i, n):
                    H[i][j] = H[j][i] = _eval_terms(hess[i][j], powers, flint.arb(0))
            hmats[k] = H
            inert[k] = ball_inertia(H)

    def identify(k: int, g: list[int]) -> int | None:
        """Index of the real point g(p_k), or None.

        g(p_k) is a real critical point (g fixes L), so it lies in the ball vector of
        exactly one listed point; when only one ball vector meets g's image of p_k's
        balls (negation is exact), that is the point.
        """
        img = [-x if s < 0 else x for s, x in zip(g, coords[k])]
        hits = [j for j in range(m) if all(a.overlaps(b) for a, b in zip(img, coords[j]))]
        return hits[0] if len(hits) == 1 else None

    todo = list(range(m))
    rounds = 0
    while True:
        source.refine(prec)
        for k in todo:
            evaluate(k)
        # orbits under the symmetry group
        for k in range(m):
            for g in group:
                j = identify(k, g)
                if j is not None and find(j) != find(k):
                    orbit[find(j)] = find(k)
        undecided_inertia = [k for k in range(m) if inert[k] is None]
        low = _least_group(values, find)
        rounds += 1
        # a singular Hessian never becomes decidable: retry Hessians at most twice
        if undecided_inertia and rounds > 2:
            undecided_inertia = []
        if (not undecided_inertia and low is not None) or prec * 2 > max_prec:
            break
        prec *= 2
        say(f"balls: raising the precision to {prec} bits ({len(undecided_inertia)} Hessians undecided, "
            f"least value {'separated' if low is not None else 'not separated'})")
        todo = sorted(set(undecided_inertia) | (set() if low is not None else set(_candidates(values))))
    orbits = [find(k) for k in range(m)]
    vals = [BallValue(values[k], orbits[k]) for k in range(m)]
    low = _least_group(values, find)
    gmin, gmin_reason = None, ""
    notes = []
    if low is not None and coercive_reason:
        gmin = vals[low[0]]
        gmin_reason = (coercive_reason + f"; the critical set is complete ({source.complete}) and the least "
                       "critical value is separated from the others by certified value balls; the points that "
                       "attain it are images of each other under exact sign-flip symmetries of the loss")
    elif m and low is None:
        notes.append("the least critical value is not decided: value balls of points in different symmetry "
                     f"orbits overlap at {prec} bits")
    verdicts = []
    for k in range(m):
        pt = source.point(k, coords[k])
        I = inert[k]
        hints = {"method": "ball_arithmetic", "precision_bits": prec}
        in_low = low is not None and k in low
        above = any(values[k] > values[j] for j in range(m) if j != k)
        if gmin is not None and in_low:
            if I is not None and I.neg:
                raise SolverError("a point of least critical value has a Hessian with a negative eigenvalue")
            kind, why = "global_min", "its value is the least critical value and " + gmin_reason
        elif I is None and _saddle_directions(hmats[k], prec):
            kind, why = "strict_saddle", ("the Hessian is not certified non-singular, but certified ball arithmetic "
                                          "gives v^T H v < 0 and w^T H w > 0 for two rational directions (float "
                                          "eigenvectors): it has a negative and a positive eigenvalue")
        elif I is None:
            kind, why = "undecided", (f"the Hessian could not be certified non-singular in ball arithmetic at "
                                      f"{prec} bits (possibly singular); exact arithmetic was not attempted")
        elif I.neg and I.pos:
            kind, why = "strict_saddle", (f"certified ball LDL^T: the Hessian has {I.neg} negative and {I.pos} "
                                          "positive eigenvalues")
        elif I.neg == 0 and above:
            kind, why = "local_min", ("certified ball LDL^T: the Hessian is positive definite, and another "
                                      "critical point has a certainly smaller loss")
        elif I.neg == 0:
            kind, why = "undecided", ("strict local minimum (certified positive definite Hessian), but whether it "
                                      "is global is not decided")
        else:
            kind, why = "local_max", "certified ball LDL^T: the Hessian is negative definite"
        v = PointVerdict(pt, vals[k], kind, why, I, hints)
        v.certifiable = False
        if kind != "undecided" and hasattr(source, "certificate"):
            lower = [j for j in range(m) if values[j] < values[k]]
            v.box_certificate = source.certificate(model, k, kind, lower)
            v.certifiable = v.box_certificate is not None
        verdicts.append(v)
    return BallClassification(source.n_complex, verdicts, gmin, gmin_reason, notes, prec,
                              list(getattr(source, "factor_degrees", [])))


def _saddle_directions(H, prec: int) -> bool:
    """Whether directions v, w with v^T H v < 0 < w^T H w are certified for the ball matrix ``H``.

    v and w are float eigenvectors of the midpoint matrix (exact dyadic rationals); only
    the ball values of the two quadratic forms decide. A negative and a positive eigenvalue
    make the point a strict saddle even when the Hessian is singular.
    """
    import numpy as np
    n = len(H)
    Hf = np.array([[float(H[i][j].mid()) for j in range(n)] for i in range(n)])
    if not np.all(np.isfinite(Hf)):
        return False
    _w, V = np.linalg.eigh((Hf + Hf.T) / 2)
    with flint.ctx.workprec(prec):
        def form(v):
            va = [flint.arb(float(c)) for c in v]
            return sum((va[i] * H[i][j] * va[j] for i in range(n) for j in range(n)), flint.arb(0))
        return bool(form(V[:, 0]) < 0 and form(V[:, -1]) > 0)


def _rational_point(f, P, D0) -> list[Fraction] | None:
    """Exact coordinates ``P_i(r) / D0(r)`` when the root ``r`` of ``f`` is rational (degree 1)."""
    if f.degree() != 1:
        return None
    c0, c1 = f.coeffs()
    r = flint.fmpq(-int(c0), int(c1))
    d = flint.fmpq_poly(D0)(r)
    out = []
    for p in P:
        v = flint.fmpq_poly(p)(r) / d if p.degree() >= 0 else flint.fmpq(0)
        out.append(Fraction(int(v.p), int(v.q)))
    return out


def _candidates(values) -> list[int]:
    """Indices whose value is not certainly above the least upper bound of all value balls."""
    m = len(values)
    if not m:
        return []
    up = min(range(m), key=lambda k: values[k].upper())
    return [k for k in range(m) if not values[k] > values[up]]


def _least_group(values, find) -> list[int] | None:
    """Indices of the points of least value when the balls decide it (one orbit), else None.

    Every point outside the candidates has a value certainly above some candidate's; the
    candidates all lie in one symmetry orbit exactly when their values are proved equal.
    """
    cand = _candidates(values)
    if not cand:
        return []
    roots = {find(k) for k in cand}
    if len(roots) != 1:
        return None
    return cand


def _log2(x: int) -> int:  # pragma: no cover - kept for precision heuristics
    return int(math.log2(max(abs(x), 1)))
