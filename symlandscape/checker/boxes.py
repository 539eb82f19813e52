"""Box point claims: one critical point proved in a rational box (docs/certificates.md, Addition 12).

The ball route proves critical points whose coordinates are algebraic numbers of huge
degree; a certificate then gives a box ``X = [lo_1, hi_1] x ... x [lo_n, hi_n]`` instead of
the point. Everything here is exact rational interval arithmetic (:class:`Interval`, end
points :class:`fractions.Fraction`, no rounding, no floats):

1. **Krawczyk test.** With ``f = grad L``, ``J`` its Jacobian (the Hessian of L), the
   center ``c`` in X and a rational preconditioner Y,
   ``K = c - Y f(c) + (I - Y J(X)) (X - c)``. If K lies in the interior of X, then X holds
   exactly one zero z of f (Krawczyk 1969; Rump, *Acta Numerica* 19 (2010), Thm. 13.4;
   Neumaier, *Interval Methods for Systems of Equations* (1990), Thm. 5.1.7). ``J(X)``
   encloses every Jacobian on X entry by entry, which is all the theorem needs (the mean
   value theorem row by row).
2. **Inertia.** With a rational congruence C, ``M = C H(X) C^T`` (H(X) = J(X)) is strictly
   diagonally dominant when ``mig(M_ii) > sum_{j != i} mag(M_ij)`` for every row. Then for
   every symmetric A in H(X), in particular the Hessian at z, ``B = C A C^T`` is symmetric
   and strictly diagonally dominant; so is ``D + t (B - D)`` (D its diagonal) for every t
   in [0, 1], hence non-singular (Levy-Desplanques / Gershgorin), and by continuity of the
   eigenvalues B has as many positive (negative) eigenvalues as D has positive (negative)
   entries, and none zero. ``det B = det(C)^2 det A != 0``, and by Sylvester's law of
   inertia (Horn & Johnson, *Matrix Analysis*, Thm. 4.5.8) A has the inertia (p, q, 0) of B.
3. **Value.** ``L(X)``, the loss polynomial evaluated in interval arithmetic, contains
   ``L(z)``; the claimed value interval must contain ``L(X)``.

The kind then follows from (p, q): ``strict_saddle`` (p >= 1 and q >= 1), ``local_max``
(q = n), ``local_min`` (p = n, with a rational ``better_point`` below the value interval:
not global) and ``global_min`` (p = n; that the value is the least one rests on the
producer's completeness proof, so the result is conditional).
"""

from __future__ import annotations

from fractions import Fraction

from .base import MAX_BITS, CheckError, LimitError, charge, fmt, need_list, need_obj, short, show
from .parse import parse_rationals
from .problem import LossModel, parse_problem

__all__ = ["Interval", "BOX_KINDS", "BOX_HINTS", "GLOBALITY", "box_point_claim", "krawczyk", "congruence_inertia",
           "kind_from_inertia"]

BOX_KINDS = ("global_min", "local_min", "strict_saddle", "local_max")
#: ``provenance`` and ``evidence`` are inert here, as at the top level.
BOX_HINTS = ("center", "preconditioner", "congruence", "better_point", "provenance", "evidence")
GLOBALITY = ("the producer's proof that these boxes hold every critical point (their number equals "
             "dim Q[x]/I) and that this value is the least critical value")


def _rat(x) -> Fraction:
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int) and not isinstance(x, bool):
        return Fraction(x)
    raise TypeError(f"interval end points are int or Fraction, not {type(x).__name__}")


def _size(q: Fraction) -> int:
    return abs(q.numerator).bit_length() + q.denominator.bit_length()


def _cost(a: "Interval", b: "Interval") -> None:
    """Refuse operands whose result could exceed ``MAX_BITS``; charge the work, which grows
    about quadratically with the size (gcds of the Fraction arithmetic)."""
    bits = max(_size(a.lo), _size(a.hi)) + max(_size(b.lo), _size(b.hi))
    if bits > MAX_BITS:
        raise LimitError(f"a number with more than {MAX_BITS} bits would arise (interval arithmetic)")
    charge(2 + (bits >> 9) ** 2 // 2)


class Interval:
    """A closed interval ``[lo, hi]`` with exact rational end points (no rounding).

    Operations are ``+``, ``-``, ``*`` and negation, with another interval or with an
    int/Fraction on either side (a number is the point interval). Each result contains
    every value of the operation on points of the operands.

    Examples
    --------
    >>> x = Interval(1, 2)
    >>> x * x - x
    Interval(-1, 3)
    >>> 3 - Interval(Fraction(1, 2), 1), Fraction(-1, 2) * x
    (Interval(2, 5/2), Interval(-1, -1/2))
    >>> Interval(-1, 2).contains(0), Interval(-1, 2).mig(), Interval(-3, 2).mag()
    (True, Fraction(0, 1), Fraction(3, 1))
    >>> Interval(1, 2).strictly_inside(Fraction(1, 2), 3), Interval(1, 2).strictly_inside(1, 3)
    (True, False)
    """

    __slots__ = ("lo", "hi")

    def __init__(self, lo, hi=None):
        self.lo = _rat(lo)
        self.hi = self.lo if hi is None else _rat(hi)
        if self.lo > self.hi:
            raise CheckError(f"internal: empty interval [{fmt(self.lo)}, {fmt(self.hi)}]")

    @staticmethod
    def _of(x):
        if isinstance(x, Interval):
            return x
        if isinstance(x, (int, Fraction)) and not isinstance(x, bool):
            return Interval(x)
        return None

    def __add__(self, other):
        o = self._of(other)
        if o is None:
            return NotImplemented
        _cost(self, o)
        if self.lo == self.hi and o.lo == o.hi:
            return Interval(self.lo + o.lo)
        return Interval(self.lo + o.lo, self.hi + o.hi)

    __radd__ = __add__

    def __neg__(self):
        return Interval(-self.hi, -self.lo)

    def __sub__(self, other):
        o = self._of(other)
        if o is None:
            return NotImplemented
        return self + (-o)

    def __rsub__(self, other):
        o = self._of(other)
        if o is None:
            return NotImplemented
        return o + (-self)

    def __mul__(self, other):
        o = self._of(other)
        if o is None:
            return NotImplemented
        _cost(self, o)
        if self.lo == self.hi and o.lo == o.hi:
            return Interval(self.lo * o.lo)
        if o.lo == o.hi:  # a number times an interval: two products
            y = o.lo
            return Interval(y * self.lo, y * self.hi) if y >= 0 else Interval(y * self.hi, y * self.lo)
        if self.lo == self.hi:
            y = self.lo
            return Interval(y * o.lo, y * o.hi) if y >= 0 else Interval(y * o.hi, y * o.lo)
        ps = (self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi)
        return Interval(min(ps), max(ps))

    __rmul__ = __mul__

    def __eq__(self, other):
        o = self._of(other)
        return NotImplemented if o is None else (self.lo, self.hi) == (o.lo, o.hi)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self):
        return f"Interval({fmt(self.lo)}, {fmt(self.hi)})"

    def contains(self, x) -> bool:
        """``lo <= x <= hi``."""
        return self.lo <= x <= self.hi

    def inside(self, lo, hi) -> bool:
        """``[self.lo, self.hi]`` is a subset of ``[lo, hi]``."""
        return lo <= self.lo and self.hi <= hi

    def strictly_inside(self, lo, hi) -> bool:
        """``[self.lo, self.hi]`` lies in the open interval ``(lo, hi)``."""
        return lo < self.lo and self.hi < hi

    def mig(self) -> Fraction:
        """The least ``|x|`` over the interval."""
        return Fraction(0) if self.lo <= 0 <= self.hi else min(abs(self.lo), abs(self.hi))

    def mag(self) -> Fraction:
        """The greatest ``|x|`` over the interval."""
        return max(abs(self.lo), abs(self.hi))

    def text(self) -> str:
        """``[lo, hi]`` for messages (see :func:`num`)."""
        return f"[{num(self.lo)}, {num(self.hi)}]"


def num(q) -> str:
    """A rational for messages: exact when short, else a 17-digit decimal marked ``~``.

    >>> num(Fraction(3, 4)), num(Fraction(1, 7 ** 60))
    ('3/4', '~1.9684192301175999e-51')
    """
    text = fmt(q)
    if len(text) <= 40:
        return text
    try:
        return f"~{float(q):.17g}"
    except OverflowError:
        return text


def _sum(items, zero=None):
    total = Interval(0) if zero is None else zero
    for x in items:
        total = total + x
    return total


def _matrix(value, where: str, n: int) -> list[list[Fraction]]:
    rows = need_list(value, where, n)
    return [parse_rationals(row, f"{where}[{i}]", n) for i, row in enumerate(rows)]


def krawczyk(f_center: list, J: list, Y: list, center: list, box: list) -> list:
    """The Krawczyk enclosure ``K = c - Y f(c) + (I - Y J) (X - c)``, one interval per coordinate.

    ``f_center``: f at the center (Fractions); ``J``: an interval matrix enclosing every
    Jacobian of f on the box; ``Y``: a rational matrix; ``box``: intervals.

    >>> # f(x) = x^2 - 2 on X = [1.4, 1.5], c = 1.45, Y = 1 / f'(c)
    >>> K = krawczyk([Fraction(841, 400) - 2], [[2 * Interval(Fraction(7, 5), Fraction(3, 2))]],
    ...              [[Fraction(20, 58)]], [Fraction(29, 20)], [Interval(Fraction(7, 5), Fraction(3, 2))])
    >>> K[0].strictly_inside(Fraction(7, 5), Fraction(3, 2))
    True
    """
    n = len(center)
    d = [box[j] - center[j] for j in range(n)]
    out = []
    for i in range(n):
        acc = Interval(center[i]) - _sum(Y[i][l] * Interval(f_center[l]) for l in range(n) if Y[i][l] and f_center[l])
        for j in range(n):
            m = _sum(Y[i][l] * J[l][j] for l in range(n) if Y[i][l])
            acc = acc + ((1 if i == j else 0) - m) * d[j]
        out.append(acc)
    return out


def congruence_inertia(H: list, C: list) -> tuple[int, int, int | None, str]:
    """Inertia by congruence: ``(p, q, bad_row, detail)`` for ``M = C H C^T`` (H an interval
    matrix, C rational). When M is strictly diagonally dominant (``mig(M_ii) > sum_{j != i}
    mag(M_ij)`` in every row) ``bad_row`` is None and p, q count the positive and negative
    diagonal entries; otherwise ``bad_row`` is the first failing row (0-based) and
    ``detail`` says why.

    >>> H = [[Interval(2), Interval(Fraction(-1, 10), Fraction(1, 10))],
    ...      [Interval(Fraction(-1, 10), Fraction(1, 10)), Interval(-3)]]
    >>> I2 = [[Fraction(1), Fraction(0)], [Fraction(0), Fraction(1)]]
    >>> congruence_inertia(H, I2)[:3]
    (1, 1, None)
    >>> congruence_inertia(H, [[Fraction(1), Fraction(1)], [Fraction(1), Fraction(1)]])[2]
    0
    """
    n = len(H)
    CH = [[_sum(C[i][l] * H[l][k] for l in range(n) if C[i][l]) for k in range(n)] for i in range(n)]
    p = q = 0
    for i in range(n):
        row = [_sum(CH[i][k] * C[j][k] for k in range(n) if C[j][k]) for j in range(n)]
        off = sum((row[j].mag() for j in range(n) if j != i), Fraction(0))
        if row[i].contains(0):
            return p, q, i, f"M_{i + 1}{i + 1} = {row[i].text()} contains 0"
        if not row[i].mig() > off:
            return p, q, i, (f"|M_{i + 1}{i + 1}| >= {num(row[i].mig())} is not above the sum "
                             f"{num(off)} of the other |M_{i + 1}j|")
        if row[i].lo > 0:
            p += 1
        else:
            q += 1
    return p, q, None, ""


def kind_from_inertia(kind: str, p: int, q: int, n: int) -> str | None:
    """Why the inertia (p, q, 0) of a non-degenerate critical point does not fit ``kind``
    (None when it fits; ``local_min``/``global_min`` need p = n, ``local_max`` q = n,
    ``strict_saddle`` p >= 1 and q >= 1).

    >>> kind_from_inertia("local_max", 0, 3, 3) is None, kind_from_inertia("strict_saddle", 3, 0, 3)
    (True, 'the Hessian is positive definite (inertia (3, 0, 0)): a strict local minimum, not a saddle')
    """
    if p + q != n:
        raise CheckError(f"internal: inertia ({p}, {q}) for {n} parameters")
    if kind in ("local_min", "global_min") and q:
        return f"the Hessian has {q} negative eigenvalue(s) (inertia ({p}, {q}, 0)): not a local minimum"
    if kind == "local_max" and p:
        return f"the Hessian has {p} positive eigenvalue(s) (inertia ({p}, {q}, 0)): not a local maximum"
    if kind == "strict_saddle" and not (p and q):
        which = "positive" if p else "negative"
        what = "minimum" if p else "maximum"
        return f"the Hessian is {which} definite (inertia ({p}, {q}, 0)): a strict local {what}, not a saddle"
    return None


def box_point_claim(top: dict) -> tuple[str, str | None]:
    """Verify a ``box_point`` certificate (``top``: its top-level object, keys already
    checked); return ``(summary, assumption or None)``.

    The problem is parsed and the parameter order checked as for point claims; ``field``
    must be null or absent (every number is rational). See the module docstring for the
    mathematics; every failing check raises :class:`~.base.CheckError` naming the field.
    """
    if top.get("field") is not None:
        raise CheckError("field: must be null for a box_point claim (every number is rational)")
    problem = parse_problem(top["problem"])
    if top["parameters"] != problem.names:
        raise CheckError("parameters: do not match the problem's parameter order; expected "
                         + short(", ".join(problem.names), 200))
    names, n = problem.names, problem.n_params
    claim = need_obj(top["claim"], "claim", ("type", "box", "value", "kind"), ("box", "value", "kind"))
    hints = need_obj(top["hints"], "hints", BOX_HINTS, ("center", "preconditioner", "congruence"))
    kind = claim["kind"]
    if kind not in BOX_KINDS:
        raise CheckError(f"claim.kind: {show(kind)} is not one of {', '.join(BOX_KINDS)} (for a box_point claim)")

    # --- parsing (cheap) before any arithmetic ---
    lo, hi = [], []
    for i, pair in enumerate(need_list(claim["box"], "claim.box", n)):
        where = f"claim.box[{i}]"
        a, b = parse_rationals(pair, where, 2)
        if not a < b:
            raise CheckError(f"{where}: lo = {num(a)} is not below hi = {num(b)} ({names[i]})")
        lo.append(a)
        hi.append(b)
    v_lo, v_hi = parse_rationals(claim["value"], "claim.value", 2)
    if v_lo > v_hi:
        raise CheckError(f"claim.value: lo = {num(v_lo)} is above hi = {num(v_hi)}")
    c = parse_rationals(hints["center"], "hints.center", n)
    for i in range(n):
        if not lo[i] <= c[i] <= hi[i]:
            raise CheckError(f"hints.center[{i}]: {num(c[i])} is outside the box [{num(lo[i])}, {num(hi[i])}] "
                             f"({names[i]})")
    Y = _matrix(hints["preconditioner"], "hints.preconditioner", n)
    C = _matrix(hints["congruence"], "hints.congruence", n)
    better = None
    if kind == "local_min":
        if "better_point" not in hints:
            raise CheckError("hints.better_point: missing (required for kind local_min)")
        better = parse_rationals(hints["better_point"], "hints.better_point", n)

    # --- 1. Krawczyk: exactly one critical point in X ---
    model = LossModel(problem)
    X = [Interval(lo[i], hi[i]) for i in range(n)]
    # f(c) exactly, through point intervals: every operation is size-checked and charged by size
    fc = [g.evaluate([Interval(x) for x in c], zero=Interval(0)).lo for g in model.gradient]
    J: list = [[None] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            J[i][j] = J[j][i] = model.hessian_entry(i, j).evaluate(X, zero=Interval(0))
    for i, k in enumerate(krawczyk(fc, J, Y, c, X)):
        if not k.strictly_inside(lo[i], hi[i]):
            raise CheckError(f"hints.preconditioner: the Krawczyk test fails in coordinate {i + 1} ({names[i]}): "
                             f"K = {k.text()} is not inside the box {X[i].text()}")

    # --- 2. inertia of the Hessian at that point ---
    p, q, bad, detail = congruence_inertia(J, C)
    if bad is not None:
        raise CheckError(f"hints.congruence: M = C H(X) C^T is not strictly diagonally dominant in row {bad + 1}: "
                         + detail)

    # --- 3. the value ---
    LX = model.loss.evaluate(X, zero=Interval(0))
    if not LX.inside(v_lo, v_hi):
        raise CheckError(f"claim.value: the enclosure L(X) = {LX.text()} is not inside "
                         f"[{num(v_lo)}, {num(v_hi)}]")

    # --- 4. the kind ---
    why = kind_from_inertia(kind, p, q, n)
    if why is not None:
        raise CheckError(f"claim.kind: {kind} does not hold: {why}")
    assumption, detail = None, ""
    if kind == "local_min":
        lb = model.loss.evaluate([Interval(x) for x in better], zero=Interval(0)).lo  # exact, charged by size
        if not lb < v_lo:
            raise CheckError(f"hints.better_point: L there is {num(lb)}, not below the value interval's lower end "
                             f"{num(v_lo)}")
        detail = f", not global (better point has L = {num(lb)})"
    elif kind == "global_min":
        detail = " (a strict local minimum; that it is global is not checked)"
        assumption = GLOBALITY
    return (f"box_point: the box holds exactly one critical point (Krawczyk test); Hessian inertia ({p}, {q}, 0) "
            f"by congruence to a strictly diagonally dominant matrix; L in [{num(v_lo)}, {num(v_hi)}]: "
            f"{kind}{detail}"), assumption
