"""Every complex zero of a square polynomial system, each in a proved isolating box.

For ``grad L = 0`` with finitely many complex solutions this module proves the complete
solution set without a rational univariate representation:

1. ``D = dim Q[x]/I`` is computed exactly (Singular's ``std``, an exact algorithm), so
   ``I`` has at most ``D`` distinct complex zeros (``D`` counts them with multiplicity);
2. approximations of all zeros come from the eigenvectors of a multiplication matrix of
   ``Q[x]/I`` (:func:`approximate_zeros`, Stetter's eigenvector method), polished by
   Newton's method in floating point. Floats only *propose*; nothing below trusts them;
3. around each approximation a box ``X`` is proved to contain a zero by the Krawczyk
   test in ball arithmetic (Arb): ``K(X) = m - Y f(m) + (I - Y J(X)) (X - m)`` lies in
   the interior of ``X`` (Krawczyk 1969; Rump, *Acta Numerica* 19 (2010), Thm. 13.4
   for real and complex boxes). Real zeros get a *real* box (the test in real
   arithmetic proves a real zero); the others get a complex box whose imaginary part
   excludes 0 in some coordinate (no real point);
4. the boxes are checked pairwise disjoint. ``D`` disjoint boxes, each holding a zero,
   give at least ``D`` distinct zeros; with at most ``D`` this proves that every zero is
   simple and lies in exactly one box, and that the real zeros are exactly those of the
   real boxes.

Symmetries cut the work: hidden-unit sign flips proved to fix the loss
(:func:`symlandscape.ballkind.sign_symmetries`) and complex conjugation map zeros to
zeros, so one box per orbit is proved and the others are its exact images (negating
or conjugating a ball is exact). Their disjointness is checked like the rest.

If an approximation is missing or a box cannot be proved, :class:`IsolationError` is
raised and the caller falls back to another route: floats can make this route fail,
never make it wrong.

References
----------
R. Krawczyk, "Newton-Algorithmen zur Bestimmung von Nullstellen mit Fehlerschranken",
Computing 4 (1969). S. M. Rump, "Verification methods: rigorous results using
floating-point arithmetic", Acta Numerica 19 (2010), section 13. H. J. Stetter,
*Numerical Polynomial Algebra*, SIAM 2004, chapter 2 (eigenvectors of multiplication
matrices). F. Johansson, "Arb", IEEE Trans. Computers 66(8), 2017.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import SolverError

try:
    import flint
except ImportError:  # pragma: no cover - this route needs python-flint
    flint = None

__all__ = ["IsolationError", "ball_terms", "ball_value", "PolySystem", "approximate_zeros", "newton_polish", "distinct_zeros", "Isolation",
           "isolate_zeros", "refine_real_box"]


class IsolationError(SolverError):
    """The isolating boxes could not be proved (the caller should take another route)."""


# --------------------------------------------------------------------------------------------
# ball evaluation of polynomials
def ball_terms(poly) -> list:
    """A PolyElement over QQ as ``[(fmpq coefficient, [(variable, exponent), ...]), ...]``."""
    return [(flint.fmpq(int(c.numerator), int(c.denominator)), [(i, int(e)) for i, e in enumerate(m) if e])
            for m, c in poly.terms()]


def _powers(x, one, maxdeg: int) -> list:
    """``pw[i][e] = x[i] ** e`` for ``e <= maxdeg`` (repeated products of balls)."""
    pw = []
    for xi in x:
        row = [one]
        for _ in range(maxdeg):
            row.append(row[-1] * xi)
        pw.append(row)
    return pw


def _eval_terms(terms, pw, zero):
    acc = zero
    for c, m in terms:
        t = None
        for i, e in m:
            t = pw[i][e] if t is None else t * pw[i][e]
        acc = acc + (c if t is None else t * c)
    return acc


def ball_value(terms, x, kind=None):
    """An enclosure of the polynomial ``terms`` (from :func:`ball_terms`) over the ball vector ``x``.

    Examples
    --------
    >>> from sympy import QQ
    >>> from sympy.polys.rings import ring
    >>> R, a, b = ring("a,b", QQ)
    >>> v = ball_value(ball_terms(a**2 * b - QQ(1, 2)), [flint.arb(2), flint.arb(3)])
    >>> v.contains(flint.arb(23) / 2) and v.rad() == 0
    True
    """
    kind = kind or flint.arb
    maxdeg = max((e for _c, m in terms for _i, e in m), default=0)
    return _eval_terms(terms, _powers(x, kind(1), maxdeg), kind(0))


# --------------------------------------------------------------------------------------------
# the system, evaluated in floats (proposals) and in balls (proofs)
class PolySystem:
    """A square system ``f`` and its Jacobian ``J``, compiled for numpy and for Arb.

    Parameters
    ----------
    f : list of PolyElement
        ``n`` polynomials over QQ in ``n`` variables.
    jac : list of list of PolyElement
        ``jac[i][j] = d f_i / d x_j`` (for ``f = grad L`` this is the Hessian).

    Examples
    --------
    >>> from sympy import QQ
    >>> from sympy.polys.rings import ring
    >>> R, x, y = ring("x,y", QQ)
    >>> S = PolySystem([x**2 - 2, y - x], [[2*x, R(0)], [R(-1), R(1)]])
    >>> S.n, [complex(v) for v in S.f_float(np.array([[1.0, 1.0]]))[0]]
    (2, [(-1+0j), 0j])
    """

    def __init__(self, f, jac):
        self.n = len(f)
        if any(len(row) != self.n for row in jac) or len(jac) != self.n:
            raise ValueError("PolySystem: the Jacobian must be n x n")
        self._f = [self._compile(p) for p in f]
        self._jac = [[self._compile(p) for p in row] for row in jac]
        self.symmetric = all(jac[i][j] == jac[j][i] for i in range(self.n) for j in range(i))
        self.maxdeg = max([0] + [e for p in self._f for _c, m in p for e in m]
                          + [e for row in self._jac for p in row for _c, m in p for e in m])
        self._np = [self._numpy(p) for p in self._f]
        self._ball_f = [ball_terms(p) for p in f]
        self._ball_jac = [[ball_terms(p) for p in row] for row in jac]
        self._np_jac = [[self._numpy(p) for p in row] for row in self._jac]

    @staticmethod
    def _compile(poly):
        from fractions import Fraction
        out = []
        for monom, c in poly.terms():
            q = Fraction(int(c.numerator), int(c.denominator))
            out.append((q, tuple(int(e) for e in monom)))
        return out

    def _numpy(self, terms):
        if not terms:
            return None
        E = np.array([m for _c, m in terms], dtype=np.int64).reshape(len(terms), self.n)
        c = np.array([float(q) for q, _m in terms])
        return E, c

    # floats ----------------------------------------------------------------------------
    def _eval_np(self, compiled, X):
        if compiled is None:
            return np.zeros(X.shape[0], dtype=X.dtype)
        E, c = compiled
        mon = np.ones((X.shape[0], E.shape[0]), dtype=X.dtype)
        for i in range(self.n):
            col = E[:, i]
            if col.any():
                mon = mon * X[:, i:i + 1] ** col[None, :]
        return mon @ c

    def f_float(self, X):
        """``f`` at every row of ``X`` (floats; proposals only)."""
        return np.stack([self._eval_np(p, X) for p in self._np], axis=1)

    def jac_float(self, X):
        """``J`` at every row of ``X``: an array of shape ``(len(X), n, n)``."""
        return np.stack([np.stack([self._eval_np(p, X) for p in row], axis=1) for row in self._np_jac], axis=1)

    # balls -----------------------------------------------------------------------------
    def f_ball(self, x, kind):
        """``f`` at the ball vector ``x`` (``kind`` is ``flint.arb`` or ``flint.acb``)."""
        pw = _powers(x, kind(1), self.maxdeg)
        return [_eval_terms(p, pw, kind(0)) for p in self._ball_f]

    def jac_ball(self, x, kind):
        """An enclosure of ``J`` over the box ``x`` (a list of lists of balls)."""
        pw = _powers(x, kind(1), self.maxdeg)
        n = self.n
        out = [[None] * n for _ in range(n)]
        for i in range(n):
            for j in range(n):
                if self.symmetric and j < i:
                    out[i][j] = out[j][i]
                else:
                    out[i][j] = _eval_terms(self._ball_jac[i][j], pw, kind(0))
        return out


# --------------------------------------------------------------------------------------------
# proposals
def approximate_zeros(table, n: int) -> np.ndarray:
    """Approximations of all ``D`` zeros from a multiplication table (floats; proposals only).

    ``table`` is a :class:`symlandscape.backends.singular.MultiplicationTable`. The left
    eigenvectors of the multiplication matrix are the evaluations of the monomial basis at
    the zeros (Stetter 2004, Thm. 2.23), so ``x_i = v N_i / v N_0``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from symlandscape.backends.singular import MultiplicationTable
    >>> # Q[x]/(x^2 - 2): basis (x, 1); multiplication by x; normal forms of 1 and x
    >>> t = MultiplicationTable(2, [(1, 0, Fraction(2)), (0, 1, Fraction(1))],
    ...                         [(1, 0, Fraction(1)), (0, 1, Fraction(1))])
    >>> sorted(round(float(z.real), 9) for z in approximate_zeros(t, 1)[:, 0])
    [-1.414213562, 1.414213562]
    """
    D = table.dimension
    M = np.zeros((D, D))
    N = np.zeros((D, n + 1))
    try:
        for a, b, v in table.M:
            M[a, b] = float(v)
        for a, b, v in table.N:
            N[a, b] = float(v)
    except OverflowError as exc:
        raise IsolationError("the multiplication matrix has entries beyond the float range") from exc
    _w, V = np.linalg.eig(M.T)
    vals = N.T @ V  # (n + 1) x D
    with np.errstate(divide="ignore", invalid="ignore"):
        X = (vals[1:] / vals[0]).T
    basis = getattr(table, "basis", None)
    if basis:
        # x_i = v[x_i m] / v[m] for the basis monomial m with the largest |v[m]| whose product with x_i
        # is in the basis: for points with large coordinates v[1] is tiny beside v[m] and the
        # quotient by it loses every digit
        index = {e: a for a, e in enumerate(basis)}
        for i in range(n):
            pairs = [(a, index[e[:i] + (e[i] + 1,) + e[i + 1:]]) for a, e in enumerate(basis)
                     if e[:i] + (e[i] + 1,) + e[i + 1:] in index]
            if not pairs:
                continue
            low = np.array([a for a, _b in pairs])
            high = np.array([b for _a, b in pairs])
            best = np.abs(V[low, :]).argmax(axis=0)  # per eigenvector
            cols = np.arange(D)
            with np.errstate(divide="ignore", invalid="ignore"):
                xi = V[high[best], cols] / V[low[best], cols]
            ok = np.isfinite(xi)
            X[ok, i] = xi[ok]
    if not np.all(np.isfinite(X)):
        raise IsolationError("an eigenvector does not evaluate to a point (v N_0 = 0)")
    return X


def newton_polish(system: PolySystem, X: np.ndarray, steps: int = 8) -> np.ndarray:
    """A few Newton steps at every row of ``X`` in complex floats (proposals only)."""
    X = np.array(X, dtype=complex)
    for _ in range(steps):
        F = system.f_float(X)
        J = system.jac_float(X)
        try:
            step = np.linalg.solve(J, F[:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:
            step = np.zeros_like(X)
            for k in range(X.shape[0]):
                try:
                    step[k] = np.linalg.solve(J[k], F[k])
                except np.linalg.LinAlgError:
                    pass
        step[~np.isfinite(step)] = 0
        X = X - step
    return X


def _newton_steps(system: PolySystem, X: np.ndarray) -> np.ndarray:
    """The Newton step at every row (inf where the Jacobian is singular)."""
    F = system.f_float(X)
    J = system.jac_float(X)
    out = np.full(X.shape, np.inf, dtype=complex)
    for k in range(X.shape[0]):
        try:
            out[k] = np.linalg.solve(J[k], F[k])
        except np.linalg.LinAlgError:
            pass
    return out


def distinct_zeros(system: PolySystem, proposal_sets, dimension: int, steps: int = 30) -> np.ndarray:
    """``dimension`` distinct, Newton-converged approximations gathered from several proposal sets.

    Each set (for instance the eigenvector proposals of different linear forms) is polished
    by Newton's method; rows whose last Newton step is not tiny are dropped, and rows that
    converged to an already kept zero are merged. ``proposal_sets`` may be a generator: it
    is consumed only until ``dimension`` zeros are found (floats; proposals only).

    Raises
    ------
    IsolationError
        When the sets run out before ``dimension`` distinct zeros are found.
    """
    kept = np.zeros((0, system.n), dtype=complex)
    for P in proposal_sets:
        X = newton_polish(system, P, steps=steps)
        scale = 1.0 + np.abs(X).max(axis=1)
        step = np.abs(_newton_steps(system, X)).max(axis=1)
        X = X[np.isfinite(step) & (step <= 1e-10 * scale)]
        for x in X:
            sc = 1.0 + np.abs(x).max()
            if kept.shape[0] and np.abs(kept - x).max(axis=1).min() <= 1e-8 * sc:
                continue
            kept = np.vstack([kept, x[None, :]])
        if kept.shape[0] >= dimension:
            break
    if kept.shape[0] != dimension:
        raise IsolationError(f"the proposals converge to {kept.shape[0]} distinct zeros, not {dimension}")
    return kept


# --------------------------------------------------------------------------------------------
# proofs
def _eye(Mat, n: int):
    return Mat([[1 if i == j else 0 for j in range(n)] for i in range(n)])


def _inverse_float(J):
    try:
        return np.linalg.inv(J)
    except np.linalg.LinAlgError:
        return None


def _krawczyk(system: PolySystem, mid, rad: float, kind, Yf=None):
    """The box around ``mid`` (exact balls of ``kind``, arb or acb) with radius ``rad`` in every real
    and imaginary part, if the Krawczyk test proves a zero in it, else None.

    ``Yf``: the preconditioner (a float matrix, exact as dyadic rationals); default the float
    inverse of the Jacobian at ``mid``. Real balls prove a real zero.
    """
    n = system.n
    real = kind is flint.arb
    Mat = flint.arb_mat if real else flint.acb_mat
    X = [flint.arb(m, rad) if real else flint.acb(flint.arb(m.real, rad), flint.arb(m.imag, rad)) for m in mid]
    fm = system.f_ball(mid, kind)
    if Yf is None:
        Jm = np.array([[float(v.mid()) if real else complex(float(v.real.mid()), float(v.imag.mid())) for v in row]
                       for row in system.jac_ball(mid, kind)])
        Yf = _inverse_float(Jm)
    if Yf is None or not np.all(np.isfinite(Yf)):
        return None
    Y = Mat([[flint.arb(float(v)) if real else flint.acb(float(v.real), float(v.imag)) for v in row] for row in Yf])
    JX = Mat(system.jac_ball(X, kind))
    C = _eye(Mat, n) - Y * JX
    dX = Mat([[X[j] - mid[j]] for j in range(n)])
    K = Mat([[m] for m in mid]) - Y * Mat([[v] for v in fm]) + C * dX
    for i in range(n):
        k = K[i, 0]
        inside = (X[i].contains_interior(k) if real
                  else X[i].real.contains_interior(k.real) and X[i].imag.contains_interior(k.imag))
        if not inside:
            return None
    return X


def _krawczyk_real(system: PolySystem, mid, rad: float, Yf=None):
    """:func:`_krawczyk` on a real box: a proved *real* zero."""
    return _krawczyk(system, mid, rad, flint.arb, Yf)


def _krawczyk_complex(system: PolySystem, mid, rad: float):
    """:func:`_krawczyk` on a complex box."""
    return _krawczyk(system, mid, rad, flint.acb)


def _newton_ball(system: PolySystem, x, kind, prec: int, steps: int = 60):
    """Newton's method at ``prec`` bits from ``x`` (midpoints only: a proposal); exact dyadic midpoints."""
    with flint.ctx.workprec(prec):
        for _ in range(steps):
            x = [kind(v.mid()) for v in x]
            f = system.f_ball(x, kind)
            J = system.jac_ball(x, kind)
            Mat = flint.arb_mat if kind is flint.arb else flint.acb_mat
            try:
                step = Mat(J).solve(Mat([[v] for v in f]))
            except (ZeroDivisionError, ValueError):
                return x
            new = [x[i] - step[i, 0] for i in range(system.n)]
            size = max(abs(step[i, 0]).mid() for i in range(system.n))
            x = new
            if float(size) <= 2.0 ** (-prec + 8) * (1 + max(float(abs(v).mid()) for v in x)):
                break
        return [kind(v.mid()) for v in x]


@dataclass
class Box:
    """A box proved to hold a zero: ``balls`` (arb for a real box, acb for a complex one).

    ``real`` tells whether the zero is proved real (a real box) or proved non-real (an
    imaginary part excludes 0). ``prec`` is about the number of bits to which the midpoint
    approximates the zero (53 for a box around a float).
    """

    balls: list
    real: bool
    prec: int
    source: str = "proved"  # "proved" or "image" (exact image of a proved box under a symmetry)


@dataclass
class Isolation:
    """All ``dimension`` complex zeros, in pairwise disjoint proved boxes (see the module notes)."""

    dimension: int
    boxes: list
    proved: int  # boxes proved directly (one per symmetry orbit); the others are exact images

    @property
    def real_boxes(self) -> list:
        """The real boxes, sorted by their first coordinate (one per real zero)."""
        reals = [b for b in self.boxes if b.real]
        return sorted(reals, key=lambda b: [float(v.mid()) for v in b.balls])


def _prove_one(system: PolySystem, z: np.ndarray, sep: float, want_real: bool):
    """A proved box around the approximation ``z`` (real, or with an imaginary part excluding 0), or None."""
    scale = 1.0 + float(np.max(np.abs(z)))
    kind = flint.arb if want_real else flint.acb
    # the box must stay apart from the other proposals, and a complex one off the real space
    limit = sep / 4 if want_real else min(sep, float(np.max(np.abs(z.imag)))) / 4
    for prec in (128, 256, 512):
        with flint.ctx.workprec(prec):
            mid = [flint.arb(float(v.real)) if want_real else flint.acb(float(v.real), float(v.imag)) for v in z]
            if prec > 128:
                mid = _newton_ball(system, mid, kind, prec)
            for e in (1e-12, 1e-9, 1e-6, 1e-4) if prec == 128 else (2.0 ** (-prec // 2), 1e-12, 1e-8):
                r = e * scale
                if r >= limit:
                    break
                X = _krawczyk(system, mid, r, kind)
                if X is not None and (want_real or any(not b.imag.contains(0) for b in X)):
                    return Box(X, want_real, 53 if prec == 128 else prec)  # a float midpoint: about 53 bits
    return None


def _image(box: Box, signs, conj: bool) -> Box:
    balls = []
    for s, b in zip(signs, box.balls):
        c = b.conjugate() if conj and not box.real else b
        balls.append(-c if s < 0 else c)
    return Box(balls, box.real, box.prec, "image")


def _intervals(box: Box, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Float end points rounded outward: real parts then imaginary parts."""
    lo = np.empty(2 * n)
    hi = np.empty(2 * n)
    for i, b in enumerate(box.balls):
        parts = (b, None) if box.real else (b.real, b.imag)
        for k, p in enumerate(parts):
            j = i + k * n
            if p is None:
                lo[j] = hi[j] = 0.0
                continue
            lo[j] = np.nextafter(float(p.lower()), -np.inf)
            hi[j] = np.nextafter(float(p.upper()), np.inf)
    return lo, hi


def _disjoint(boxes: list, n: int) -> bool:
    """Whether the boxes are pairwise disjoint (outward-rounded float end points: rigorous)."""
    if len(boxes) < 2:
        return True
    ends = [_intervals(b, n) for b in boxes]
    lo = np.array([e[0] for e in ends])
    hi = np.array([e[1] for e in ends])
    for k in range(len(boxes) - 1):
        # box k overlaps box j when every coordinate interval overlaps
        ov = np.all((lo[k] <= hi[k + 1:]) & (lo[k + 1:] <= hi[k]), axis=1)
        if ov.any():
            return False
    return True


def _orbits(X: np.ndarray, group: list, tol: float):
    """Orbit representatives and, for each point, (representative, signs, conj) with g(rep) ~ point."""
    D, n = X.shape
    gens = [(np.array(s, dtype=float), False) for s in group] + [(np.ones(n), True)]
    scale = 1.0 + np.abs(X).max(axis=1)
    perms = []
    for s, conj in gens:
        Y = (np.conj(X) if conj else X) * s
        d = np.abs(Y[:, None, :] - X[None, :, :]).max(axis=2)
        j = d.argmin(axis=1)
        ok = d[np.arange(D), j] < tol * scale
        perms.append((s, conj, np.where(ok, j, -1)))
    owner: list = [None] * D
    for r in range(D):
        if owner[r] is not None:
            continue
        owner[r] = (r, np.ones(n), False)
        queue = [r]
        while queue:
            k = queue.pop()
            _rep, sk, ck = owner[k]
            for s, conj, perm in perms:
                j = int(perm[k])
                if j >= 0 and owner[j] is None:
                    owner[j] = (r, s * sk, ck != conj)
                    queue.append(j)
    return owner


def isolate_zeros(system: PolySystem, dimension: int, X: np.ndarray, symmetries: list | None = None,
                  progress=None) -> Isolation:
    """Prove that ``X`` approximates all ``dimension`` zeros, with disjoint isolating boxes.

    Parameters
    ----------
    system : PolySystem
    dimension : int
        ``dim Q[x]/I`` for the ideal generated by the system, computed exactly by the
        caller (an upper bound on the number of distinct zeros).
    X : ndarray
        ``dimension x n`` complex approximations (for instance from
        :func:`approximate_zeros` and :func:`newton_polish`).
    symmetries : list of sign vectors, optional
        Diagonal sign changes ``x -> s * x`` proved to map zeros to zeros (the sign
        flips of :func:`symlandscape.ballkind.sign_symmetries`, as vectors of +-1).
        Complex conjugation is always used (real coefficients).

    Returns
    -------
    Isolation

    Raises
    ------
    IsolationError
        When fewer than ``dimension`` disjoint boxes can be proved.

    Examples
    --------
    >>> from sympy import QQ
    >>> from sympy.polys.rings import ring
    >>> R, x, y = ring("x,y", QQ)
    >>> S = PolySystem([x**2 - 2, y**2 + 1], [[2*x, R(0)], [R(0), 2*y]])
    >>> X = np.array([[1.4, 1j], [1.4, -1j], [-1.4, 1j], [-1.4, -1j]])
    >>> iso = isolate_zeros(S, 4, newton_polish(S, X))
    >>> len(iso.boxes), len(iso.real_boxes)
    (4, 0)
    """
    if flint is None:  # pragma: no cover
        raise IsolationError("isolating boxes need python-flint")
    say = progress or (lambda msg: None)
    X = np.asarray(X, dtype=complex)
    n = system.n
    if X.shape != (dimension, n):
        raise IsolationError(f"expected {dimension} approximations of {n} coordinates, got shape {X.shape}")
    if dimension == 0:
        return Isolation(0, [], 0)
    if not np.all(np.isfinite(X)):
        raise IsolationError("an approximation is not finite")
    scale = 1.0 + np.abs(X).max(axis=1)
    dist = np.abs(X[:, None, :] - X[None, :, :]).max(axis=2)
    np.fill_diagonal(dist, np.inf)
    sep = dist.min(axis=1)
    if np.any(sep <= 1e-9 * scale):
        raise IsolationError("two approximations coincide (a multiple zero or a missed one)")
    real = np.abs(X.imag).max(axis=1) <= 1e-7 * scale
    for attempt, group in enumerate(([list(s) for s in (symmetries or [])], [])):
        if attempt and not symmetries:
            break
        owner = _orbits(X, group, 1e-6)
        reps = sorted({o[0] for o in owner})
        proved: dict[int, Box] = {}
        for r in reps:
            box = _prove_one(system, X[r], float(sep[r]), bool(real[r]))
            if box is None and real[r]:  # a non-real zero very close to the real space
                box = _prove_one(system, X[r], float(sep[r]), False)
            if box is None:
                raise IsolationError(f"no Krawczyk box could be proved around approximation {r}")
            proved[r] = box
        boxes = []
        for k in range(dimension):
            r, s, conj = owner[k]
            boxes.append(proved[r] if k == r else _image(proved[r], s, conj))
        if _disjoint(boxes, n):
            say(f"isolation: {dimension} disjoint boxes ({len(reps)} proved, the rest images under "
                f"{len(group)} sign flips and conjugation); {sum(b.real for b in boxes)} real")
            return Isolation(dimension, boxes, len(reps))
        say("isolation: symmetry images overlap; proving every box")
    raise IsolationError("the proved boxes are not pairwise disjoint")


def refine_real_box(system: PolySystem, box: Box, prec: int) -> Box:
    """A smaller real box inside ``box``, proved at ``prec`` bits (``box`` itself if that fails).

    The new box lies inside the old one, so it holds the same (unique) zero.
    """
    if not box.real or box.prec >= prec:
        return box
    with flint.ctx.workprec(prec):
        mid = _newton_ball(system, [flint.arb(b.mid()) for b in box.balls], flint.arb, prec)
        scale = 1.0 + max(abs(float(m)) for m in mid)
        for e in (2.0 ** (-prec + prec // 8), 2.0 ** (-prec // 2)):
            X = _krawczyk_real(system, mid, e * scale)
            if X is not None and all(o.contains(b) for o, b in zip(box.balls, X)):
                return Box(X, True, prec, box.source)
    return box

