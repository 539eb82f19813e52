"""Classification of positive-dimensional critical components, by stratification.

A component K = V(J) with value c (algorithms.md, "stratify, then recurse"):

* c is the proven global minimum: every point of K is a global minimum (one stratum);
* otherwise a certificate that holds on K away from a proper subvariety Z is sought:

  - *zero-diagonal pairs*: if ``H_ii`` vanishes on K and ``h = H_ij`` does not, the
    direction ``v = (H_jj^2 + 1) e_i - H_ij e_j`` has
    ``v^T H v = -2 (h (H_jj - 1/4))^2 - 15/8 h^2`` modulo J: a strict saddle wherever
    ``h != 0``;
  - *vanishing Hessian*: if H vanishes on K and the cubic coefficient ``c(theta)`` of
    ``L(theta + t d0)`` does not (d0 a fixed direction), the line ``theta - t c d0``
    gives ``L = L(theta) - c^4 t^3 + ...``: a non-strict saddle wherever ``c != 0``;

  and Z (where every such h or c vanishes) is decomposed and classified in turn, down to
  points, which :mod:`symlandscape.pointkind` decides.
* where no certificate is found, the stratum is ``undecided`` and its exact sample
  points are classified and reported as such.

Every identity is an exact polynomial identity modulo J, with the cofactors that let a
checker verify it by expansion (division by the reduced Groebner basis).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations

from sympy import QQ, Symbol
from sympy.polys.rings import ring

from .algebraic import AlgebraicPoint, to_fraction
from .points import solve_zero_dim
from .solve import decompose, engine_allowed, groebner_basis

__all__ = ["Stratum", "poly_json", "cofactors", "cofactors_many", "sample_points", "StrataAnalyser", "convex_stationary_claim"]


@dataclass
class Stratum:
    """Points of V(equations) where not all of ``excluded`` vanish.

    ``certificates`` holds one parametric claim per excluded polynomial g (valid on
    ``V(equations) ∩ {g != 0}``); their union is the stratum. A stratum with no
    excluded polynomials is all of V(equations).
    """

    equations: list
    excluded: list
    dimension: int
    kind: str
    reason: str
    value: object  # RealAlgebraic
    claims: list = field(default_factory=list)  # dicts: {"inequations": [...], "hints": {...}}
    sample_points: list = field(default_factory=list)  # AlgebraicPoint
    sample_verdicts: list = field(default_factory=list)  # PointVerdict for sample points
    scope: str = "stratum"  # "stratum": the kind is proven on every point; "sample": only at samples
    on_value: bool = False  # only the points of V(equations) where L equals ``value`` (a split component)
    positive: list = field(default_factory=list)  # polynomials required to be > 0 on the stratum
    chart: object = None  # gauge.Chart: with gauge fixing the stratum stands for its orbit


def poly_json(p) -> list:
    """A PolyElement as ``[[coefficient, exponents], ...]`` (the certificate format)."""
    from .exact import format_rational
    return [[format_rational(to_fraction(c)), list(m)] for m, c in sorted(p.terms())]


def cofactors(f, G) -> list | None:
    """Polynomials a_k with ``f = sum a_k G[k]`` exactly, or None if f is not in the ideal.

    Elements ``x_i - c`` of G (gauge equations, fixed coordinates) are divided out first
    by exact substitution, ``f = (x_i - c) q + f(x_i = c)``, which is much faster than
    general division of a large f; the rest is divided by the other elements.

    Examples
    --------
    >>> from sympy import QQ
    >>> from sympy.polys.rings import ring
    >>> R, x, y = ring("x,y", QQ)
    >>> G = [x - 1, y**2 - 2]
    >>> f = x**3 * y**2 - 2 + (y**2 - 2) * y
    >>> a = cofactors(f, G)
    >>> sum((c * g for c, g in zip(a, G)), R.zero) == f, cofactors(f + 1, G)
    (True, None)
    """
    return cofactors_many([f], G)[0]


def cofactors_many(F, G) -> list:
    """``[cofactors(f, G) for f in F]``; the large remainders are divided in one Singular run."""
    out, todo = [], []
    for f in F:
        if not f:
            out.append([f.ring.zero for _ in G])
            continue
        q, rest_f, rest = _divide_coordinates(f, G)
        out.append(q)
        if rest_f:
            todo.append((len(out) - 1, f, rest_f, rest))
    # one Singular run for the whole batch once it is large (SymPy's division is quadratic in the terms)
    big = [x for x in todo if x[3]] if sum(len(x[2].terms()) for x in todo) >= FAST_DIVISION_TERMS else []
    fast = {}
    if big and all(x[3] == big[0][3] for x in big):
        found = _fast_division([G[k] for k in big[0][3]], [x[2] for x in big])
        if found is not None:
            fast = {x[0]: a for x, a in zip(big, found)}
    for pos, original, f, rest in todo:
        if pos in fast:
            if fast[pos] is False:
                out[pos] = None
                continue
            for k, a in zip(rest, fast[pos]):
                out[pos][k] = a
            continue
        q, r = f.div([G[k] for k in rest])
        if r:  # G not reduced (another element holds x_i): plain division decides
            q, r = original.div(G)
            out[pos] = None if r else q
            continue
        for k, a in zip(rest, q):
            out[pos][k] = a
    return out


def _divide_coordinates(f, G):
    """Divide f by the elements ``x_i - c`` of G by exact substitution: ``(quotients, remainder,
    indices of the other elements)``."""
    R = f.ring
    out = [R.zero] * len(G)
    rest = []
    for k, g in enumerate(G):
        lin = _coordinate_equation(g)
        if lin is None:
            rest.append(k)
            continue
        i, c = lin
        # f = sum coef x^j m:  (f - f(x = c)) / (x - c) = sum coef m sum_{t<j} x^t c^(j-1-t)
        q, f0 = {}, {}
        for mono, coef in f.terms():
            j = mono[i]
            base = mono[:i] + (0,) + mono[i + 1:]
            f0[base] = f0.get(base, 0) + coef * c ** j
            for t in range(j):
                e = mono[:i] + (t,) + mono[i + 1:]
                q[e] = q.get(e, 0) + coef * c ** (j - 1 - t)
        out[k] = R.from_dict({e: v for e, v in q.items() if v}) if q else R.zero
        f = R.from_dict({e: v for e, v in f0.items() if v}) if f0 else R.zero
    return out, f, rest


#: From this many terms on, cofactors are computed by Singular's ``division`` when it is
#: installed (SymPy's multivariate division is quadratic in the number of terms: this was
#: 70% of the time of unregularised (2,2,2,2) with 3 samples).
FAST_DIVISION_TERMS = 150


def _singular_for(R, orders=("grevlex",)):
    """Singular, when it is installed and allowed and the ring's order is one it is given in."""
    return engine_allowed("singular") if str(R.order) in orders else None


def _fast_division(G, F):
    """Singular's quotients of each f in F by the Groebner basis G, checked: a list with, per f, its
    quotients or False (f not in the ideal); or None (Singular not available, not a grevlex ring,
    or it failed)."""
    from .errors import SolverError
    R = F[0].ring
    sing = _singular_for(R)
    if sing is None:
        return None
    try:
        qs = sing.division(G, list(F), R)
    except SolverError:
        return None
    out = []
    for f, q in zip(F, qs):
        if q is None:
            out.append(False)
        elif sum((a * g for a, g in zip(q, G) if a), R.zero) != f:  # a garbled transcript: do not trust it
            return None
        else:
            out.append(q)
    return out


def factor_list(p):
    """``p.factor_list()`` by python-flint when it is installed (SymPy's multivariate
    factorisation was 40% of the classification of (2,2,2,2) with 3 samples), else SymPy."""
    from .errors import SolverError
    fl = engine_allowed("flint")
    if fl is not None and not p.is_ground:
        try:
            return fl.factor_list(p)
        except (SolverError, ValueError, TypeError):
            pass
    return p.factor_list()


def normal_forms(F, J) -> list:
    """``[f.rem(J) for f in F]``, by one Singular run when it is installed and some f is large (the
    minors' normal forms dominated the stratification of (2,2,2,2) with 3 samples). A normal form
    only guides the search for a certificate; every identity used is checked by cofactors."""
    if not F or not J:
        return list(F)
    sing = _singular_for(F[0].ring, ("grevlex", "ProductOrder(grevlex, grevlex)"))
    if sing is not None and sum(len(f.terms()) for f in F) >= FAST_DIVISION_TERMS:
        from .errors import SolverError
        try:
            return sing.normal_forms(list(J), list(F), F[0].ring)
        except SolverError:
            pass
    return [f.rem(J) for f in F]


def _coordinate_equation(g):
    """``(i, c)`` when g = x_i - c for a rational c, else None."""
    if g.LC != 1 or sum(g.LM) != 1:
        return None
    i = g.LM.index(1)
    c = g.ring.gens[i] - g
    return (i, c.LC if c else g.ring.domain.zero) if c.is_ground else None


def sample_points(J, R, independent, limit: int = 8, loss=None, values: int = 1) -> list[AlgebraicPoint]:
    """Exact real points of V(J), found by fixing the independent variables to rationals.

    Returns one point (a rational one when found) or, with ``loss`` and ``values > 1`` (a
    component whose loss takes several conjugate real values), one point per distinct real
    value of ``loss`` found, up to ``values`` of them, ordered by value. An empty list means
    none was found, not that none exists.
    """
    from .values import RealAlgebraic
    n = R.ngens
    trials = [1, 2, -1, 3, -2, Fraction(1, 2), 5, -3]
    found: list[AlgebraicPoint] = []
    by_value: list = []  # (RealAlgebraic, point)

    def simplest(pts):
        return sorted(pts, key=lambda p: (not p.is_rational, p.field.degree))
    for k in range(limit):
        vals = [trials[(k + j) % len(trials)] for j in range(len(independent))]
        extra = []
        for i, v in zip(independent, vals):
            v = Fraction(v)
            extra.append(R.gens[i] - QQ(v.numerator, v.denominator))
        G = groebner_basis(list(J) + extra, R)
        if not G or any(g.is_ground for g in G):
            continue
        from .solve import dimension
        if dimension(G, n) != 0:
            continue
        S = solve_zero_dim(G, R)
        pts = simplest(S.real_points)
        if values > 1 and loss is not None:
            for p in pts:
                v = RealAlgebraic.of_element(p.field, p.evaluate(loss))
                if not any(v.compare(w) == 0 for w, _ in by_value):
                    by_value.append((v, p))
            if len(by_value) >= values:
                break
            continue
        if pts:
            found.append(pts[0])
            if pts[0].is_rational:
                break
    if values > 1 and loss is not None:
        from functools import cmp_to_key
        by_value.sort(key=cmp_to_key(lambda a, b: a[0].compare(b[0])))
        return [p for _, p in by_value]
    return simplest(found)[:1]


class StrataAnalyser:
    """Stratifies positive-dimensional components of the critical set of a loss model."""

    def __init__(self, model, progress=None, max_depth: int = 6):
        self.model = model
        self.R = model.R
        self.progress = progress
        self.max_depth = max_depth
        self._Rt = None
        self.cache: dict = {}

    # -- helpers ---------------------------------------------------------------------
    def _series_ring(self):
        if self._Rt is None:
            names = [str(s) for s in self.R.symbols] + ["t_"]
            Rt, *gens = ring([Symbol(s) for s in names], QQ, self.R.order)
            self._Rt = (Rt, gens)
        return self._Rt

    def line_coefficients(self, d, order: int) -> list:
        """Coefficients a_k(theta), k <= order, of L(theta + t d(theta)) as polynomials in theta."""
        Rt, gens = self._series_ring()
        t = gens[-1]
        n = self.model.n
        subs = []
        for i in range(n):
            di = d[i].set_ring(Rt) if d[i] else Rt.zero
            subs.append((gens[i], gens[i] + t * di))
        Lt = self.model.L.set_ring(Rt).compose(subs)
        coeffs = [self.R.zero for _ in range(order + 1)]
        for monom, c in Lt.terms():
            k = monom[-1]
            if k <= order:
                coeffs[k] += self.R({monom[:-1]: c})
        return coeffs

    # -- methods ---------------------------------------------------------------------
    def zero_diagonal_pairs(self, J, Hnf):
        n = self.model.n
        out = []
        for i in range(n):
            if Hnf[i][i]:
                continue
            for j in range(n):
                if j != i and Hnf[i][j]:
                    out.append((i, j))
        return out

    def pair_claim(self, J, Hnf, i, j) -> dict | None:
        R = self.R
        n = self.model.n
        h, hjj = Hnf[i][j], Hnf[j][j]
        H = self.model.hess
        a = hjj * hjj + 1
        claims = {}
        for sign, name in ((-1, "negative_direction"), (1, "positive_direction")):
            v = [R.zero] * n
            v[i] = a
            v[j] = -h if sign < 0 else h
            q = a * a * H[i][i] + 2 * a * v[j] * H[i][j] + v[j] * v[j] * H[j][j]
            m1 = h
            m2 = h * (hjj - QQ(1, 4)) if sign < 0 else h * (hjj + QQ(1, 4))
            squares = [(QQ(15, 8), m1), (QQ(2), m2)]
            target = q + sum((c * m * m for c, m in squares), R.zero) if sign < 0 else \
                q - sum((c * m * m for c, m in squares), R.zero)
            cof = cofactors(target, J)
            if cof is None:
                return None
            claims[name] = {"vector": [poly_json(x) for x in v],
                            "squares": [[_qtext(c), poly_json(m)] for c, m in squares],
                            "cofactors": [poly_json(x) for x in cof]}
        return {"inequations": [h], "hints": claims}

    def psd_hint(self, J, gram) -> dict | None:
        """The certificate of ``H = sum_k c_k l_k l_k^T`` modulo J (``zero`` when gram is empty)."""
        R = self.R
        n = self.model.n
        H = self.model.hess
        hz = []
        for i in range(n):
            row = []
            for k in range(n):
                if k >= i:
                    target = H[i][k] - sum((c * l[i] * l[k] for c, l in gram), R.zero)
                    cof = cofactors(target, J)
                else:
                    cof = [R.zero for _ in J]
                if cof is None:
                    return None
                row.append([poly_json(x) for x in cof])
            hz.append(row)
        if not gram:
            return {"method": "zero", "cofactors": hz}
        return {"method": "gram", "terms": [[_qtext(c), [poly_json(x) for x in l]] for c, l in gram],
                "cofactors": hz}

    def gram(self, J, Hnf, max_terms: int | None = None) -> list | None:
        """``[(c_k, l_k)]`` with ``H = sum_k c_k l_k l_k^T`` modulo J and rationals c_k > 0.

        Symmetric elimination with constant positive pivots: a diagonal entry that is a
        positive rational modulo J is eliminated exactly (its row divided by the pivot stays
        polynomial). Returns None when the remainder does not vanish and has no such pivot
        (the method does not apply; nothing is claimed). ``l_k`` has a 1 at its pivot and 0
        at earlier pivots, so the kernel is easy to parametrise (:meth:`kernel_basis`).
        """
        terms, rest = self.gram_with_rest(J, Hnf, max_terms)
        if any(rest[i][j] for i in range(self.model.n) for j in range(self.model.n)):
            return None
        return terms

    def gram_with_rest(self, J, Hnf, max_terms: int | None = None):
        """``(terms, M)``: the constant-pivot elimination of :meth:`gram` and what remains of H."""
        n = self.model.n
        M = [[Hnf[i][j] for j in range(n)] for i in range(n)]
        terms = []
        while any(M[i][j] for i in range(n) for j in range(n)):
            if max_terms is not None and len(terms) >= max_terms:
                break
            piv = [i for i in range(n) if M[i][i].is_ground and M[i][i] and M[i][i].LC > 0]
            if not piv:
                break
            i = min(piv, key=lambda k: (sum(len(x.terms()) for x in M[k]), k))
            c = M[i][i].LC
            row = [x.quo_ground(c) for x in M[i]]
            for a in range(n):
                if not row[a]:
                    continue
                for b in range(n):
                    if row[b]:
                        M[a][b] = (M[a][b] - c * row[a] * row[b]).rem(J)
            terms.append((c, row, i))
        return terms, M

    def kernel_basis(self, gram) -> list:
        """Polynomial vectors ``(free index, d)`` spanning ``{d : l_k . d = 0 for all k}`` pointwise."""
        n = self.model.n
        R = self.R
        pivots = [p for _c, _l, p in gram]
        out = []
        for f in range(n):
            if f in pivots:
                continue
            d = [R.zero] * n
            d[f] = R.one
            for c, l, p in reversed(gram):
                d[p] = -sum((l[x] * d[x] for x in range(n) if x != p and d[x]), R.zero)
            out.append((f, d))
        return out

    def curve_claim(self, J, d0, order: int, c, gram=()) -> dict | None:
        """Hessian positive semidefinite on J (``gram``, empty: zero); the order-``order``
        coefficient of L along d0 (a kernel vector of H) is c != 0 modulo J.

        Odd order: the line ``theta + t (-+c) d0`` gives ``a = -+c^(order+1)``. Even order:
        one coordinate p of d0 is replaced by ``-+c`` (exact for losses linear in that
        coordinate's direction, e.g. products); every identity is checked by division.
        """
        R = self.R
        n = self.model.n
        psd = self.psd_hint(J, [(cc, l) for cc, l, *_ in gram])
        if psd is None:
            return None
        hints = {"hessian": psd}
        g = c.monic()  # the inequation; the curve uses c itself so that the sign works out
        if order % 2:
            variants = [None]
        else:
            variants = [p for p in range(n) if d0[p]]
        for sign, name in ((-1, "descent_curve"), (1, "ascent_curve")):
            found = None
            for p in variants:
                if p is None:
                    d = [(sign * c) * R(x) for x in d0]
                else:
                    if not R(d0[p]).is_ground:
                        continue
                    d = [R(x) for x in d0]
                    d[p] = sign * c
                a = self.line_coefficients(d, order)
                top = a[order].rem(J)
                sq = _negative_square(-top if sign > 0 else top)
                if sq is None:
                    continue
                kappa, u = sq
                lower = []
                for k in range(1, order):
                    cof = cofactors(a[k], J)
                    if cof is None:
                        break
                    lower.append([poly_json(x) for x in cof])
                else:
                    target = a[order] + kappa * u * u if sign < 0 else a[order] - kappa * u * u
                    cof = cofactors(target, J)
                    if cof is not None and _is_power_of(u, g):
                        found = {"coefficients": [[poly_json(x) for x in d]], "order": order, "lower": lower,
                                 "squares": [[_qtext(kappa), poly_json(u)]], "cofactors": [poly_json(x) for x in cof]}
                        break
            if found is None:
                return None
            hints[name] = found
        return {"inequations": [g], "hints": hints}

    def trace_witness(self, J, Hnf, gauss_newton: bool = False) -> dict | None:
        """``tr H = sum c_k m_k^2`` modulo J with c_k > 0 (monomial squares), or None.

        With tr H >= 0, a negative eigenvalue forces a positive one: the point is not a
        local maximum. ``gauss_newton``: also try the squares of the outputs' derivatives
        (:meth:`_gauss_newton_squares`); it succeeds far more often, so it is kept for the
        last search (bordered minors), where it does not widen the cheaper searches.
        """
        from .solve import _key
        key = ("trace", _key(J))  # cached per component: the value pieces of one component share it
        if key not in self.cache:
            tr = sum((Hnf[i][i] for i in range(self.model.n)), self.R.zero)
            squares = []
            for monom, c in tr.terms():
                if c <= 0 or any(e % 2 for e in monom):
                    squares = None
                    break
                squares.append((c, self.R({tuple(e // 2 for e in monom): QQ(1)})))
            self.cache[key] = self._trace_identity(J, squares)
        if self.cache[key] is not None or not gauss_newton:
            return self.cache[key]
        if key + ("gauss-newton",) not in self.cache:
            self.cache[key + ("gauss-newton",)] = self._trace_identity(J, self._gauss_newton_squares())
        return self.cache[key + ("gauss-newton",)]

    def _trace_identity(self, J, squares) -> dict | None:
        """The hint for ``tr H - sum c m^2`` in J, or None (also for ``squares`` None)."""
        if squares is None:
            return None
        full = sum((self.model.hess[i][i] for i in range(self.model.n)), self.R.zero)
        cof = cofactors(full - sum((c * m * m for c, m in squares), self.R.zero), J)
        if cof is None:
            return None
        return {"squares": [[_qtext(c), poly_json(m)] for c, m in squares], "cofactors": [poly_json(x) for x in cof]}

    def _gauss_newton_squares(self):
        """``[(c, m)]`` with ``tr H = sum c m^2 + (residual terms)`` for a weighted squared loss.

        ``L = s sum w_ik r_ik^2 + sum l2_j theta_j^2 / 2`` has ``H_jj = 2 s sum w_ik (d r_ik / d theta_j)^2
        + 2 s sum w_ik r_ik d^2 r_ik / d theta_j^2 + l2_j``; the residual terms vanish identically when
        every output is affine in each single parameter (linear networks), else they must lie in J.
        """
        model, problem = self.model, self.model.problem
        if problem.loss.p != 2 or not model.outputs:
            return None
        from .loss import _qq
        sq = []
        for i, out in enumerate(model.outputs):
            for k, o in enumerate(out):
                c = 2 * _qq(problem.loss.scale) * _qq(problem.loss.weight(i, k))
                if c <= 0:
                    return None
                for t in model.theta:
                    d = o.diff(t)
                    if d:
                        sq.append((c, d))
        for lam in problem.l2_per_parameter():
            if lam:
                sq.append((_qq(lam), self.R.one))
        return sq

    def negative_minor_claims(self, J, Hnf, max_size: int = 4, max_subsets: int = 400,
                              max_claims: int = 8) -> tuple[list, list]:
        """Strict-saddle claims from principal minors ``det H_SS = -kappa u^2`` on V(J).

        ``det H_SS < 0`` forces a negative eigenvalue of ``H_SS``, hence a direction in the
        coordinate subspace S with ``v^T H v < 0``. For |S| = 2 the block also has a positive
        eigenvalue; for larger S a non-negative trace (:meth:`trace_witness`) rules out a
        local maximum.
        """
        from itertools import combinations as _comb
        n = self.model.n
        trace = None
        claims, excluded = [], []
        tried = 0
        for k in range(2, max_size + 1):
            if k > 2 and trace is None:
                trace = self.trace_witness(J, Hnf) or False
            if k > 2 and not trace:
                break
            subsets = list(_comb(range(n), k))[:max(0, max_subsets - tried)]
            dets = normal_forms([_det([[Hnf[i][j] for j in S] for i in S]) for S in subsets], J)
            for S, d in zip(subsets, dets):
                tried += 1
                if tried > max_subsets or len(claims) >= max_claims:
                    break
                neg = _negative_square(d)
                if neg is None:
                    continue
                kappa, u = neg
                if _already_excluded(u, excluded):
                    continue
                det_full = _det([[self.model.hess[i][j] for j in S] for i in S])
                cof = cofactors(det_full + kappa * u * u, J)
                if cof is None:
                    continue
                hints = {"negative_minor": {"indices": list(S), "squares": [[_qtext(kappa), poly_json(u)]],
                                            "cofactors": [poly_json(x) for x in cof]}}
                if k > 2:
                    hints["nonnegative_trace"] = trace
                claims.append({"inequations": [u], "hints": hints})
                excluded.append(u)
        if any(e.is_ground for e in excluded):
            return claims, []  # a claim with a constant inequation covers all of V(J)
        return claims, excluded

    def curve_candidates(self, J, max_order: int = 8, max_candidates: int = 80, kernel=None):
        """Kernel directions d0 with the lowest non-vanishing order k >= 3 of L along d0.

        ``kernel``: ``[(free index, vector)]`` from :meth:`kernel_basis` (default: the unit
        vectors, for a Hessian that vanishes on V(J)); candidates are sums of up to three
        basis vectors (and of all those on parameters that vanish on V(J)). Yields
        ``(d0, k, c)`` with ``c = a_k(theta; d0)`` reduced modulo J (non-zero) and
        ``a_1 .. a_{k-1}`` vanishing on V(J).
        """
        n = self.model.n
        R = self.R
        if kernel is None:
            kernel = [(i, [R.one if a == i else R.zero for a in range(n)]) for i in range(n)]
        basis = dict(kernel)
        zero_vars = [i for i in basis if not self.R.gens[i].rem(J)]
        seen = set()
        cands = []

        def add(S):
            key = tuple(sorted(S))
            if key and key not in seen:
                seen.add(key)
                cands.append(key)
        add(zero_vars)
        for size in (1, 2, 3):
            for S in combinations(zero_vars, size):
                add(S)
        for size in (1, 2, 3):
            for S in combinations(sorted(basis), size):
                add(S)
        for key in cands[:max_candidates]:
            d0 = [sum((basis[f][a] for f in key), R.zero) for a in range(n)]
            a = self.line_coefficients(d0, max_order)
            for k in range(1, max_order + 1):
                c = a[k].rem(J)
                if c:
                    if k >= 3:
                        yield d0, k, c
                    break

def _radical_part(p):
    """The product of the distinct irreducible factors of p (monic), for comparing zero sets."""
    if p.is_ground:
        return p.ring.one
    _, facs = factor_list(p)
    out = p.ring.one
    for f, _e in facs:
        out *= f
    return out.monic()


def _is_power_of(u, g) -> bool:
    """Whether u equals g^k for some 1 <= k <= 8 (the checker's rule for the first square)."""
    p = g
    for _ in range(8):
        if p == u:
            return True
        p = p * g
    return False


def _det(rows):
    """Determinant of a small square matrix of polynomials (cofactor expansion)."""
    k = len(rows)
    if k == 1:
        return rows[0][0]
    if k == 2:
        return rows[0][0] * rows[1][1] - rows[0][1] * rows[1][0]
    total = rows[0][0].ring.zero
    for c in range(k):
        if rows[0][c]:
            minor = [r[:c] + r[c + 1:] for r in rows[1:]]
            term = rows[0][c] * _det(minor)
            total = total + term if c % 2 == 0 else total - term
    return total


def _negative_square(M):
    """``(kappa, u)`` with ``M = -kappa u^2`` and kappa > 0, when the factorisation shows it; else None."""
    if not M:
        return None
    if M.is_ground:
        return (-M.LC, M.ring.one) if M.LC < 0 else None
    lc, facs = factor_list(M)
    if lc >= 0 or any(e % 2 for _, e in facs):
        return None
    u = M.ring.one
    for f, e in facs:
        u *= f ** (e // 2)
    return -lc, u


def _qtext(c) -> str:
    from .exact import format_rational
    return format_rational(to_fraction(c))


def _value_relation(model, value_poly):
    """The polynomial q(L) whose vanishing pins the value (q = value_poly, monic over QQ)."""
    R = model.R
    acc = R.zero
    for c in value_poly:
        acc = acc * model.L + c
    return acc


def membership_hint(model, J, value_poly) -> dict | None:
    """Cofactor hints proving grad L = 0 on V(J) and q(L) = 0 there (q = value_poly).

    For a rational value q = T - c, this proves L = c on V(J).
    """
    grads = []
    for g in model.grad:
        c = cofactors(g, J)
        if c is None:
            return None
        grads.append([poly_json(a) for a in c])
    if len(value_poly) > 2:
        # the certificate states q with integer coefficients (_int_poly): use exactly that q
        ints = [QQ(int(c)) for c in reversed(_int_poly(value_poly))]
        diff = _value_relation(model, ints)
    else:
        diff = _value_relation(model, value_poly)
    power = diff
    for e in range(1, 9):
        c = cofactors(power, J)
        if c is not None:
            value = {"power": e, "cofactors": [poly_json(a) for a in c]}
            if len(value_poly) > 2:
                value["minpoly"] = _int_poly(value_poly)
            return {"gradient": grads, "value": value}
        power = power * diff
    return None


def _int_poly(p) -> list[str]:
    from math import lcm
    fr = [to_fraction(c) for c in p]
    d = 1
    for c in fr:
        d = lcm(d, c.denominator)
    return [str(int(c * d)) for c in reversed(fr)]


@dataclass
class GlobalContext:
    """What the stratifier needs to know about the whole problem."""

    gmin: object  # RealAlgebraic or None
    gmin_hint: dict | None
    gmin_reason: str
    global_points: list
    floor: object = None  # a proven lower bound of the loss (RealAlgebraic) or None


def _already_excluded(g, excluded) -> bool:
    """Whether g has the zero set of a polynomial already in ``excluded`` (same radical)."""
    r = _radical_part(g)
    return any(_same_up_to_scalar(r, _radical_part(e)) for e in excluded)


def _same_up_to_scalar(p, q) -> bool:
    if p.LM != q.LM:
        return False
    return p * q.LC == q * p.LC


def analyse_component(an: StrataAnalyser, comp, ctx: GlobalContext, depth: int = 0) -> list:
    """Strata (and classified points) covering the real points of one component.

    Returns a list of :class:`Stratum` (positive-dimensional pieces) and
    ``(AlgebraicPoint, RealAlgebraic, PointVerdict)`` triples (points found in lower strata).
    """
    from .pointkind import classify_point
    from .values import RealAlgebraic

    from .solve import _key
    key = _key(comp.gb)
    if key in an.cache:
        return []  # already analysed: its strata and points are in the result once
    an.cache[key] = True
    model = an.model
    R = an.R
    J = comp.gb
    out: list = []
    if comp.dimension == 0:
        S = solve_zero_dim(J, R)
        for p in S.real_points:
            val = (RealAlgebraic.identify(p.field, p.evaluate(model.L), comp.value_poly) if comp.value_poly
                   else RealAlgebraic.of_element(p.field, p.evaluate(model.L)))
            out.append((p, val, classify_point(model, p, val, ctx.gmin, ctx.gmin_hint, ctx.global_points,
                                               ctx.gmin_reason)))
        return out
    if an.progress:
        an.progress(f"stratify: component of dimension {comp.dimension} (depth {depth})")
    samples = comp.samples if comp.samples is not None else sample_points(
        J, R, comp.independent, loss=model.L, values=_real_value_count(comp))
    if comp.value is not None:
        value = RealAlgebraic.from_fraction(comp.value)
    elif comp.value_poly and len(RealAlgebraic.roots(comp.value_poly)) == 1:
        value = RealAlgebraic.roots(comp.value_poly)[0]
    else:
        # irreducible over Q but the loss may take several conjugate real values on its real
        # points: no single value is claimed (certificates say "L is a root of q")
        value = None
    memb = membership_hint(model, J, comp.value_poly) if comp.value_poly else None

    def make(kind, reason, excluded, claims, scope="stratum"):
        good = [p for p in samples
                if not excluded or any(not p.field.is_zero(p.evaluate(g)) for g in excluded)]
        st = Stratum(list(J), list(excluded), comp.dimension, kind, reason, value, claims, good, scope=scope)
        for c in claims:
            c["hints"]["membership"] = memb
        return st

    def recurse(extra):
        if depth >= an.max_depth:
            st = Stratum(list(J) + list(extra), [], comp.dimension - 1, "undecided",
                         "stratification depth limit reached", value, [], [], scope="sample")
            return [st]
        D = decompose(list(J) + list(extra), model.L, R)
        res = []
        for sub in D.components:
            res.extend(analyse_component(an, sub, ctx, depth + 1))
        return res

    if memb is None:
        st = make("undecided", "membership identities not found within the degree limit", [], [], "sample")
        return [st] + _sample_verdicts(an, st, ctx)
    if ctx.gmin_hint and ctx.gmin_hint.get("method") == "convex_stationary" and (
            value is None or value.compare(ctx.gmin) == 0):
        # (a component whose only real value differs from the minimum yet whose map is stationary has no
        # real point at all: it is not reported as a global minimum, and is analysed like any other)
        claim = convex_stationary_claim(model, J)
        if claim is not None:
            st = make("global_min", "the end-to-end map is a stationary point of the convex loss of the map on "
                      "the whole component (the stationarity polynomials lie in its ideal)", [], [claim])
            if st.value is None:
                st.value = ctx.gmin  # every real point is a global minimum: the value is the minimum
            return [st]
    if ctx.gmin is not None and value is not None and comp.value is not None and value.compare(ctx.gmin) == 0:
        claim = {"inequations": [], "hints": {"lower_bound": ctx.gmin_hint}}
        st = make("global_min", "the value equals the proven global minimum" +
                  (f" ({ctx.gmin_reason})" if ctx.gmin_reason else ""), [], [claim])
        return [st]
    n = model.n
    H = model.hess
    Hnf = [[None] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            Hnf[i][j] = Hnf[j][i] = H[i][j].rem(J)
    pairs = an.zero_diagonal_pairs(J, Hnf)
    claims, excluded = [], []
    for i, j in pairs:
        h = Hnf[i][j]
        if any(_same_up_to_scalar(h, g) for g in excluded):
            continue
        c = an.pair_claim(J, Hnf, i, j)
        if c is not None:
            claims.append(c)
            excluded.append(h)
    if claims:
        st = make("strict_saddle", "a Hessian diagonal entry vanishes on the component while an entry of its "
                  "row does not: a 2x2 principal minor is negative", excluded, claims)
        return [st] + recurse(excluded)
    claims, excluded = an.negative_minor_claims(J, Hnf)
    if claims:
        st = make("strict_saddle", "a principal minor of the Hessian is negative on the component (so the "
                  "Hessian has a negative eigenvalue), away from the excluded set", excluded, claims)
        return [st] + (recurse(excluded) if excluded else [])
    gram = an.gram(J, Hnf)
    if gram is not None:
        kernel = an.kernel_basis(gram) if gram else None
        for d0, order, c in an.curve_candidates(J, kernel=kernel):
            claim = an.curve_claim(J, d0, order, c, gram)
            if claim is not None:
                c = claim["inequations"][0]
                what = ("the Hessian vanishes on the component" if not gram else
                        "the Hessian is a sum of squares of linear forms on the component (positive semidefinite)")
                st = make("nonstrict_saddle", f"{what} and the loss decreases at order {order} along a line in "
                          "its kernel", [c], [claim])
                return [st] + recurse([c])
        if gram and value is not None and len(gram) == n - comp.dimension:
            st = _whole_morse_bott(an, comp, ctx, J, gram, value, samples, memb)
            if st is not None:
                return [st]
    if value is None and comp.value_poly:
        pieces = _analyse_by_value(an, comp, ctx, J, Hnf, samples, memb, recurse)
        if pieces is not None:
            return pieces
    if value is not None and gram is None:
        pieces = _analyse_by_sign(an, comp, ctx, J, Hnf, samples, memb, value, recurse)
        if pieces is not None:
            return pieces
        pieces = _analyse_single_value(an, comp, J, Hnf, samples, memb, value, recurse)
        if pieces is not None:
            return pieces
    st = make("undecided", "no certificate valid on the whole component was found; only sample points are "
              "classified", [], [], "sample")
    return [st] + _sample_verdicts(an, st, ctx)


def _real_value_count(comp) -> int:
    """How many real values the loss can take on a component (real roots of its value polynomial)."""
    from .values import RealAlgebraic
    if comp.value is not None or not comp.value_poly:
        return 1
    return max(1, len(RealAlgebraic.roots(comp.value_poly)))


def _value_basis(an, J, dimension: int):
    """Groebner basis of ``J + (z - L)`` in ``R[x, z]`` with z smallest, cached per component.

    Singular's basis in the block order ``(grevlex in x) > (z)`` when Singular is installed;
    without it, SymPy's lex basis (components up to :data:`LEX_VALUE_DIM` only). SymPy's lex
    basis ran for over five minutes on a 4-dimensional component of (3,2,3) with 3 samples,
    where Singular's block order takes seconds.

    Modulo this basis a polynomial in the parameters reduces to one whose coefficients are
    polynomials in z of degree below deg q, where q(z) generates the elimination ideal: the
    arithmetic of ``Q(alpha)[x] / (J + (L - alpha))`` for a root alpha of q, written over Q.
    """
    from .solve import _key
    key = ("value", _key(J))
    if key not in an.cache:
        from sympy.polys.groebnertools import groebner
        from sympy.polys.orderings import ProductOrder, grevlex
        singular = engine_allowed("singular")
        n = len(an.R.gens)
        # a block order (grevlex in x) > (z): as good as lex for these normal forms, far cheaper
        order = ProductOrder((grevlex, lambda m: m[:n]), (grevlex, lambda m: m[n:])) if singular else "lex"
        Rz, *gens = ring([Symbol(str(x)) for x in an.R.symbols] + [Symbol("z_")], QQ, order)
        z = gens[-1]
        F = [g.set_ring(Rz) for g in J] + [z - an.model.L.set_ring(Rz)]
        an.cache[key] = (Rz, z, singular.elimination_basis(F, Rz, 1) if singular else groebner(F, Rz))
    return an.cache[key]


#: Without Singular, components of dimension up to this use SymPy's lex basis for the value
#: split; larger ones need Singular (a block-order basis), and are not split without it.
LEX_VALUE_DIM = 6
#: Largest component dimension for which the value split is attempted (with Singular).
MAX_VALUE_DIM = 10
#: Why a stratum certified by :mod:`symlandscape.nonstrict` is a non-strict saddle.
SCHUR_REASON = ("the Hessian is positive semidefinite (a positive definite principal block whose Schur complement "
                "vanishes) and the loss decreases at odd order along a line in its kernel")
#: Candidates (principal minors negative at the piece's sample) tried by the sign-guided search.
GUIDED_CANDIDATES = 60
#: How many of them are reduced in one batch.
GUIDED_CHUNK = 12


def _value_minor(an, J, Hnf, S, alpha, Rz, z, G):
    """``(w, u)`` with ``det H_SS + w(L) u^2`` in J and ``w(alpha) > 0``, or None (any size |S|).

    ``det H_SS`` is reduced modulo ``J + (z - L)``; when the normal form factors as
    ``-w(z) u^2`` with u free of z, the identity holds with L in place of z, and on the
    real points where L = alpha the minor is negative wherever u != 0.
    """
    (d,) = normal_forms([_det([[Hnf[i][j] for j in S] for i in S]).set_ring(Rz)], G)
    shapes = _value_shapes(an, d, alpha, Rz, z, quadratic=False)
    return (shapes[0][0][0], shapes[0][0][1]) if shapes else None


def _in_L(an, cz):
    """``c(L)`` for the coefficients ``cz`` of a polynomial c(z), lowest degree first."""
    return sum((c * an.model.L ** e for e, c in enumerate(cz)), an.R.zero)


def _at_alpha(K, W, zi: int):
    """A polynomial in z alone (ring Rz, z the generator ``zi``) evaluated at alpha, in K = Q(alpha)."""
    return K.reduce(list(reversed(_z_coeffs(W, zi))))


def _z_coeffs(p, zi: int) -> list:
    """A polynomial in z alone (ring Rz, z the last generator) as coefficients, lowest degree first."""
    out = [QQ(0)] * (max((m[zi] for m in p.monoms()), default=0) + 1) if p else []
    for m, c in p.terms():
        out[m[zi]] += c
    return out


def _value_shapes(an, d, alpha, Rz, z, quadratic: bool = True, J=None) -> list:
    """Ways to write a normal form ``d`` (in ``Rz``, modulo ``J + (z - L)``) as ``-sum c_j(z) m_j^2``.

    Returns a list of shapes ``[(c_j, m_j), ...]`` (``c_j`` coefficients of a polynomial in z,
    lowest degree first, with ``c_j(alpha) > 0``; ``m_j`` polynomials in the parameters, free of
    z), the first square of each shape being its inequation: where ``m_1 != 0`` on the piece
    (L = alpha there), ``d < 0``. The factorisation of d is read as ``lc W(z) F U^2`` (W the
    factors in z alone, U^2 the even powers free of z); ``F = 1`` gives one shape
    ``[(-lc W, U)]``. With ``quadratic``, every factor of F may also be a quadratic form in some
    parameters (coefficients in Q[z]) that is semidefinite at alpha
    (:func:`_form_squares`); when their product with ``lc W`` is negative semidefinite,
    ``d = -sum c_J (prod_i w_{i,J_i} U)^2`` and there is one shape per square. Squares whose
    linear forms have coefficients in Q(alpha) carry them as polynomials in ``h``, the normal
    form of L modulo J (``h = L`` on V(J)); the checked identity modulo J covers that.
    """
    if not d:
        return []
    zi = len(Rz.gens) - 1
    lc, facs = factor_list(d)
    W, U, F = Rz(lc), an.R.one, []
    for f, e in facs:
        monoms = f.monoms()
        if all(m[:zi] == (0,) * zi for m in monoms):
            W *= f ** e
        elif not any(m[zi] for m in monoms):
            U *= f.set_ring(an.R) ** (e // 2)
            if e % 2:
                F.append(f)
        elif e > 1:
            return []  # a power of a factor with z inside: not of this form
        else:
            F.append(f)
    K = alpha.field
    c0 = _at_alpha(K, W, zi)
    if not F:
        return [[(_z_coeffs(-W, zi), U)]] if K.sign(c0) < 0 else []
    if not quadratic or len(F) > 2 or J is None:
        return []
    sign = K.sign(c0)
    terms = [(c0 if sign > 0 else K.neg(c0), U)]
    for f in F:
        found = _form_squares(an, f, K, zi, J)
        if found is None:
            return []
        s_f, sq = found
        sign *= s_f
        terms = [(K.mul(c, c2), m * m2) for c, m in terms for c2, m2 in sq]
    if sign >= 0 or not terms:
        return []
    squares = [(_lowest_first(c), m) for c, m in terms]
    return [[sq] + [t for t in squares if t is not sq] for sq in squares]


def _lowest_first(c) -> list:
    return list(reversed(c)) if c else [QQ(0)]


def _form_squares(an, f, K, zi: int, J):
    """``f(y; alpha) = sigma sum c_j w_j(y)^2`` with ``c_j > 0`` in ``K = Q(alpha)``, or None.

    f is a quadratic form in some parameters y with coefficients in Q[z] (ring Rz, z last),
    semidefinite at alpha. Definite forms first try rational linear forms w_j
    (:func:`_dominant_squares`); otherwise the exact LDL^T over K gives ``w_j = y_j +
    sum l_ji(alpha) y_i``, written with ``h`` (the normal form of L modulo J) for alpha.
    Returns ``(sigma, [(c_j, w_j as a polynomial in the parameters)])``.
    """
    if any(sum(m[:zi]) != 2 for m in f.monoms()):
        return None
    Rz, R = f.ring, an.R
    ys = sorted({i for m in f.monoms() for i in range(zi) if m[i]})
    k = len(ys)
    entries = {}
    for m, c in f.terms():
        idx = [i for i in ys for _ in range(m[i])]
        a, b = ys.index(idx[0]), ys.index(idx[1])
        entries.setdefault((a, b), Rz.zero)
        entries[(a, b)] += Rz({(0,) * zi + (m[zi],): c if a == b else c / 2})
    M = [[_at_alpha(K, entries.get((min(a, b), max(a, b)), Rz.zero), zi)
          for b in range(k)] for a in range(k)]
    sigma = next((K.sign(M[a][a]) for a in range(k) if K.sign(M[a][a])), 0)
    if not sigma:
        return None
    N = [[M[a][b] if sigma > 0 else K.neg(M[a][b]) for b in range(k)] for a in range(k)]
    found = _dominant_squares(K, N)
    if found is not None:
        forms = [sum((QQ(t.numerator, t.denominator) * R.gens[ys[j]] for j, t in enumerate(row) if t), R.zero)
                 for row in found["T"]]
        sq = [(a, forms[i]) for i, a in enumerate(found["diagonal"])]
        sq += [(b, forms[i] + s * forms[j]) for (i, j), (b, s) in found["pairs"].items()]
        return sigma, [(c, w) for c, w in sq if not K.is_zero(c)]
    ldl = _exact_ldl(K, N)
    if ldl is None:
        return None
    h = _loss_normal_form(an, J)

    def at_h(c):  # c(alpha) written with h for alpha
        acc = R.zero
        for q in c:
            acc = acc * h + q
        return acc
    sq = []
    for j, (dj, row) in enumerate(ldl):
        if dj is None:
            continue
        w = R.gens[ys[j]] + sum((at_h(row[i]) * R.gens[ys[i]] for i in range(j + 1, k) if row[i]), R.zero)
        sq.append((dj, w))
    return sigma, sq


def _exact_ldl(K, N):
    """``y^T N y = sum_j d_j (y_j + sum_{i>j} l_ji y_i)^2`` over K for a positive semidefinite N.

    Returns ``[(d_j or None, [l_ji])]`` (None: a zero pivot, whose row must vanish), or None
    when N is not positive semidefinite in this pivot order.
    """
    k = len(N)
    A = [row[:] for row in N]
    out = []
    for j in range(k):
        p = A[j][j]
        sp = K.sign(p)
        if sp < 0:
            return None
        if sp == 0:
            if any(not K.is_zero(A[j][i]) for i in range(j + 1, k)):
                return None
            out.append((None, [[]] * k))
            continue
        inv = K.inv(p)
        row = [[]] * k
        for i in range(j + 1, k):
            row[i] = K.mul(A[j][i], inv)
        for a in range(j + 1, k):
            for b in range(j + 1, k):
                A[a][b] = K.sub(A[a][b], K.mul(A[j][a], row[b]))
        out.append((p, row))
    return out


def _loss_normal_form(an, J):
    """The normal form of L modulo J, cached (on V(J) it equals L; it is often a few terms)."""
    from .solve import _key
    key = ("loss-nf", _key(J))
    if key not in an.cache:
        an.cache[key] = an.model.L.rem(J)
    return an.cache[key]


def _dominant_squares(K, N, denominators=(1, 10 ** 3, 10 ** 6, 10 ** 12)):
    """``y^T N y = sum_i a_i w_i^2 + sum_{i<j} b_ij (w_i + s_ij w_j)^2`` with ``a_i > 0``, ``b_ij > 0``.

    N is a symmetric matrix over ``K = Q(alpha)`` (dense elements); ``w = T y`` for a rational
    unit upper-triangular T, the rounded transpose of N's LDL^T factor (floats only choose T),
    so that ``N' = T^-T N T^-1`` is strictly diagonally dominant; then
    ``a_i = N'_ii - sum_j |N'_ij|``, ``b_ij = |N'_ij|`` and ``s_ij = sign N'_ij``, all exact.
    Returns ``{"T": rows of T, "diagonal": [a_i], "pairs": {(i, j): (b_ij, s_ij)}}`` or None
    (N not positive definite, or no rounding made it dominant).
    """
    import mpmath

    k = len(N)
    with mpmath.workdps(40):
        A = mpmath.matrix([[K.approx(N[a][b], 40) for b in range(k)] for a in range(k)])
        Lf = mpmath.eye(k)
        D = [mpmath.mpf(0)] * k
        for j in range(k):
            D[j] = A[j, j] - sum(Lf[j, t] ** 2 * D[t] for t in range(j))
            if D[j] <= 0:
                return None
            for i in range(j + 1, k):
                Lf[i, j] = (A[i, j] - sum(Lf[i, t] * Lf[j, t] * D[t] for t in range(j))) / D[j]
        approx = [[Lf[j, i] for j in range(k)] for i in range(k)]  # T ~ L^T (rows)
    for den in denominators:
        T = [[Fraction(1) if i == j else (Fraction(0) if j < i else
              Fraction(round(approx[i][j] * den), den)) for j in range(k)] for i in range(k)]
        Ti = _unit_upper_inverse(T)
        # N' = Ti^T N Ti
        Np = [[[] for _ in range(k)] for _ in range(k)]
        for a in range(k):
            for b in range(a, k):
                acc = []
                for p in range(k):
                    if not Ti[p][a]:
                        continue
                    for q in range(k):
                        if Ti[q][b]:
                            t = Ti[p][a] * Ti[q][b]
                            acc = K.add(acc, K.scale(N[p][q], QQ(t.numerator, t.denominator)))
                Np[a][b] = Np[b][a] = K.reduce(acc)
        signs = [[K.sign(Np[a][b]) for b in range(k)] for a in range(k)]
        diagonal, ok = [], True
        for i in range(k):
            a = Np[i][i]
            for j in range(k):
                if j != i and signs[i][j]:
                    a = K.sub(a, Np[i][j] if signs[i][j] > 0 else K.neg(Np[i][j]))
            if K.sign(a) <= 0:
                ok = False
                break
            diagonal.append(a)
        if ok:
            pairs = {(i, j): (Np[i][j] if signs[i][j] > 0 else K.neg(Np[i][j]), signs[i][j])
                     for i in range(k) for j in range(i + 1, k) if signs[i][j]}
            return {"T": T, "diagonal": diagonal, "pairs": pairs}
    return None


def _unit_upper_inverse(T):
    """Inverse of a unit upper-triangular rational matrix."""
    k = len(T)
    inv = [[Fraction(int(i == j)) for j in range(k)] for i in range(k)]
    for i in range(k - 1, -1, -1):
        for j in range(i + 1, k):
            inv[i][j] = -sum((T[i][t] * inv[t][j] for t in range(i + 1, j + 1)), Fraction(0))
    return inv


class _ValueMinors:
    """Minors of the Hessian modulo the value basis G of ``J + (z - L)``, memoised.

    The entries are reduced first (one batch of normal forms, cached per component); minors are
    expanded from them and reduced in batches, so they stay far smaller than the minors of the
    Hessian itself (products of those grew to ~8000 terms on (2,2,2,2) with 3 samples). The
    normal forms only guide the search: every identity used is checked by cofactors modulo J.
    """

    def __init__(self, an, J, Rz, G):
        from .solve import _key
        key = ("value-hessian", _key(J))
        n = an.model.n
        if key not in an.cache:
            flat = normal_forms([an.model.hess[i][j].set_ring(Rz) for i in range(n) for j in range(i, n)], G)
            H = [[None] * n for _ in range(n)]
            it = iter(flat)
            for i in range(n):
                for j in range(i, n):
                    H[i][j] = H[j][i] = next(it)
            an.cache[key] = H
        self.H, self.G, self.Rz = an.cache[key], G, Rz
        self.memo: dict = {}  # S -> det H[S, S] modulo G

    def principals(self, subsets: list) -> list:
        """``det H[S, S]`` modulo G for several S at once: expanded from the reduced entries and
        reduced in one batch (:func:`normal_forms`: one Singular run when they are large). On a
        4-dimensional component of (3,2,3) with 3 samples, reducing every Laplace product with
        SymPy took 60% of the classification."""
        todo = [tuple(S) for S in subsets if tuple(S) not in self.memo]
        if todo:
            raw = [_det([[self.H[a][b] for b in S] for a in S]) for S in todo]
            self.memo.update(zip(todo, normal_forms(raw, self.G)))
        return [self.memo[tuple(S)] for S in subsets]

    def products(self, pairs: list) -> list:
        """``det H[S, S] det H[S', S']`` modulo G for pairs (S, S'), reduced in one batch."""
        self.principals([S for S, _ in pairs] + [Sp for _, Sp in pairs])
        return normal_forms([self.memo[S] * self.memo[Sp] for S, Sp in pairs], self.G)


def _sample_signs(an, sample):
    """``sign(S)``: the sign of ``det H_SS`` at an exact sample point (0, or (-1)^negative eigenvalues)."""
    from .inertia import evaluate_matrix, inertia
    Hs = evaluate_matrix(sample, an.model.hess)
    signs = {}

    def sign(S):
        if S not in signs:
            ine = inertia(sample.field, [[Hs[i][j] for j in S] for i in S])
            signs[S] = 0 if ine.zero else (-1) ** ine.neg
        return signs[S]
    return sign


def _squares_claim(an, J, key, S, det_full, shapes, trace):
    """Claims from the shapes of one minor: ``det_full + sum c_j(L) m_j^2`` in J (one cofactor
    computation for all shapes: they only order the same squares differently), or []."""
    total = det_full + sum((_in_L(an, cz) * m * m for cz, m in shapes[0]), an.R.zero)
    cof = cofactors(total, J)
    if cof is None:
        return []
    out = []
    for shape in shapes:
        if len(shape) == 1:  # the form of addition 5: multiplier w(L), one square
            hint = {"indices": list(S), "multiplier": [_qtext(c) for c in shape[0][0]],
                    "squares": [["1", poly_json(shape[0][1])]]}
        else:  # addition 15: polynomial coefficients c_j(L)
            hint = {"indices": list(S), "squares": [[[_qtext(c) for c in cz], poly_json(m)] for cz, m in shape]}
        hint["cofactors"] = [poly_json(x) for x in cof]
        hints = {key: hint}
        if len(S) > 2 or key == "negative_bordered_minor":
            hints["nonnegative_trace"] = trace
        out.append(({"inequations": [shape[0][1]], "hints": hints}, shape[0][1]))
    return out


def _guided_value_claims(an, J, alpha, Rz, z, G, sample, trace, max_size: int = 6,
                         max_candidates: int | None = None, max_claims: int = 4) -> tuple[list, list]:
    """Strict-saddle claims on a value piece from principal minors that are negative at its sample.

    Only minors with ``det H_SS < 0`` at the piece's exact sample point can be negative on the
    whole piece, so only those are reduced (with :class:`_ValueMinors`) and read by
    :func:`_value_shapes`: ``-w(L) u^2``, or a negative (semi)definite quadratic form in some
    parameters times ``u^2``. On the 7-dimensional rank-one saddle pieces of unregularised
    (2,2,2,2) with 3 samples (Kawaguchi 2016, Thm 2.3) 3x3 minors of the first form decide
    every piece (many 5x5 minors there have the second form); with 2 samples certificates of
    the second form are used. Sizes beyond 2 need ``trace`` (a non-negative trace rules out
    a local maximum).
    """
    n = an.model.n
    max_candidates = GUIDED_CANDIDATES if max_candidates is None else max_candidates
    sign = _sample_signs(an, sample)
    minors = _ValueMinors(an, J, Rz, G)
    claims, excluded, tried = [], [], 0

    def candidates():  # in chunks, so that one batch of normal forms serves several minors
        chunk = []
        for k in range(2, min(max_size, n) + 1 if trace else 3):
            for S in combinations(range(n), k):
                if sign(S) < 0:
                    chunk.append(S)
                    if len(chunk) == GUIDED_CHUNK:
                        yield chunk
                        chunk = []
        if chunk:
            yield chunk
    for chunk in candidates():
        chunk = chunk[:max(0, max_candidates - tried)]
        if not chunk:
            break
        for S, d in zip(chunk, minors.principals(chunk)):
            tried += 1
            shapes = [sh for sh in _value_shapes(an, d, alpha, Rz, z, J=J) if not _already_excluded(sh[0][1], excluded)]
            if not shapes:
                continue
            det_full = _det([[an.model.hess[a][b] for b in S] for a in S])
            for claim, g in _squares_claim(an, J, "negative_minor", S, det_full, shapes, trace):
                claims.append(claim)
                excluded.append(g)
                if g.is_ground or len(claims) >= max_claims:
                    return claims, excluded
    return claims, excluded


def _analyse_by_value(an, comp, ctx, J, Hnf, samples, memb, recurse):
    """Split a component whose loss takes several conjugate real values, one piece per value.

    The real points of V(J) are partitioned by the real root alpha of the value polynomial q
    that L takes there (L is constant on each complex irreducible piece). Each piece is a
    stratum "V(J) where L = alpha": a global minimum when alpha is the proven global minimum
    value, a strict saddle when a principal 2x2 minor is ``-w(L) u^2`` modulo J with
    ``w(alpha) > 0`` (the excluded set u = 0 is decomposed and classified in turn), else
    undecided with the piece's sample points. Returns None when the split is not attempted.
    """
    from .values import RealAlgebraic
    roots = RealAlgebraic.roots(comp.value_poly)
    if len(roots) < 2 or comp.dimension > MAX_VALUE_DIM or (comp.dimension > LEX_VALUE_DIM and engine_allowed("singular") is None):
        return None
    Rz, z, G = _value_basis(an, J, comp.dimension)
    n = an.model.n
    out = []
    if ctx.floor is not None:
        roots = [r for r in roots if r.compare(ctx.floor) >= 0]  # values below a proven lower bound: no real point
    for alpha in roots:
        mine = [p for p in samples
                if RealAlgebraic.of_element(p.field, p.evaluate(an.model.L)).compare(alpha) == 0]

        def piece(kind, reason, excluded, claims, scope="stratum"):
            for c in claims:
                c["hints"]["membership"] = memb
            return Stratum(list(J), list(excluded), comp.dimension, kind, reason, alpha, claims, list(mine),
                           scope=scope, on_value=True)
        if ctx.gmin is not None and alpha.compare(ctx.gmin) == 0:
            claim = {"inequations": [], "hints": {"lower_bound": ctx.gmin_hint}}
            out.append(piece("global_min", "on the points of the component where L takes this value, it equals the "
                             "proven global minimum" + (f" ({ctx.gmin_reason})" if ctx.gmin_reason else ""), [],
                             [claim]))
            continue
        claims, excluded = [], []
        trace, tried = None, 0
        subsets = (S for k in (2, 3, 4) for S in combinations(range(n), k))
        for S in subsets:
            tried += 1
            if tried > 300 or (claims and (len(claims) >= 4 or any(e.is_ground for e in excluded))):
                break
            if len(S) > 2:
                if trace is None:
                    trace = an.trace_witness(J, Hnf) or False
                if not trace:
                    break
            found = _value_minor(an, J, Hnf, S, alpha, Rz, z, G)
            if found is None:
                continue
            wz, u = found
            if _already_excluded(u, excluded):
                continue
            wL = _in_L(an, wz)
            det_full = _det([[an.model.hess[i][j] for j in S] for i in S])
            cof = cofactors(det_full + wL * u * u, J)
            if cof is None:
                continue
            hints = {"negative_minor": {
                "indices": list(S), "multiplier": [_qtext(c) for c in wz], "squares": [["1", poly_json(u)]],
                "cofactors": [poly_json(x) for x in cof]}}
            if len(S) > 2:
                hints["nonnegative_trace"] = trace
            claims.append({"inequations": [u], "hints": hints})
            excluded.append(u)
        bordered = False
        if not claims and mine:
            trace = trace or an.trace_witness(J, Hnf, gauss_newton=True)
            claims, excluded = _guided_value_claims(an, J, alpha, Rz, z, G, mine[0], trace)
            if not claims and trace:
                claims, excluded = _bordered_value_claims(an, J, Hnf, alpha, Rz, z, G, mine[0], trace)
                bordered = bool(claims)
        if claims:
            if any(e.is_ground for e in excluded):
                excluded = []
            form = ("-w(L) u^2 with w > 0 there" if all("multiplier" in h for c in claims for h in c["hints"].values()
                                                       if isinstance(h, dict) and "indices" in h)
                    else "-sum c_j(L) m_j^2 with every c_j > 0 there")
            why = ("the product of a principal minor and the minor bordering it is " + form + ", so "
                   "v = (-adj(H_SS) H_Si, det H_SS) has v^T H v < 0" if bordered else
                   "a principal minor of the Hessian is " + form)
            out.append(piece("strict_saddle", "on the points of the component where L takes this value, " + why +
                             " (and, beyond 2x2, the trace is non-negative)", excluded, claims))
            if excluded:
                out.extend(recurse(excluded))
            continue
        if mine:
            from .nonstrict import nonstrict_value_claims
            claims, excluded = nonstrict_value_claims(an, J, Hnf, alpha, Rz, z, G, mine[0])
            if claims:
                out.append(piece("nonstrict_saddle", "on the points of the component where L takes this value, "
                                 + SCHUR_REASON, [] if any(e.is_ground for e in excluded) else excluded, claims))
                if excluded and not any(e.is_ground for e in excluded):
                    out.extend(recurse(excluded))
                continue
        st = piece("undecided", "no certificate was found for the points of the component where L takes this "
                   "value; only sample points are classified", [], [], "sample")
        out.append(st)
        _sample_verdicts(an, st, ctx)
    return out


def _analyse_single_value(an, comp, J, Hnf, samples, memb, value, recurse):
    """The searches of the value pieces on a component with a single real value.

    A component whose loss is a rational constant (or whose value polynomial has one real
    root) is not split, but the sign-guided and bordered strict-saddle searches and the
    non-strict Schur route (:mod:`symlandscape.nonstrict`) apply with alpha that value: on
    unregularised (2,2,2,2) with rational spectrum, the 7-dimensional rank-one components
    (rational values) were undecided where the same pieces with conjugate values were
    certified. With a rational value every coefficient ``c(L)`` reduces to a constant and is
    written as one (the stratum is not ``on_value``); with an algebraic one the stratum is
    marked ``on_value`` (its only real value). Returns None when nothing is certified.
    """
    from .nonstrict import nonstrict_value_claims
    if not samples or comp.dimension > MAX_VALUE_DIM or engine_allowed("singular") is None:
        return None
    Rz, z, G = _value_basis(an, J, comp.dimension)
    sample = samples[0]
    trace = an.trace_witness(J, Hnf, gauss_newton=True)
    kind = "strict_saddle"
    claims, excluded = _guided_value_claims(an, J, value, Rz, z, G, sample, trace)
    if not claims and trace:
        claims, excluded = _bordered_value_claims(an, J, Hnf, value, Rz, z, G, sample, trace)
    if not claims:
        kind = "nonstrict_saddle"
        claims, excluded = nonstrict_value_claims(an, J, Hnf, value, Rz, z, G, sample)
    if value.is_rational:
        kept = [(c, g) for c, g in zip(claims, excluded) if _constant_coefficients(c["hints"])]
        claims, excluded = [c for c, _g in kept], [g for _c, g in kept]
    if not claims:
        return None
    for c in claims:
        c["hints"]["membership"] = memb
    if any(g.is_ground for g in excluded):
        excluded = []
    why = ("a principal minor (or the product of a minor and the minor bordering it) is negative away from the "
           "excluded set, and the trace is non-negative" if kind == "strict_saddle" else SCHUR_REASON)
    good = [p for p in samples if not excluded or any(not p.field.is_zero(p.evaluate(g)) for g in excluded)]
    st = Stratum(list(J), list(excluded), comp.dimension, kind, why, value, claims, good,
                 on_value=not value.is_rational)
    return [st] + (recurse(excluded) if excluded else [])


def _constant_coefficients(hints) -> bool:
    """Write every coefficient ``c(L)`` of a hint as the rational it is (a list of one entry);
    a ``multiplier`` [w] is folded into its squares. False when some c(L) is not constant."""
    ok = True

    def const(c):
        nonlocal ok
        if not isinstance(c, list):
            return c
        if len(c) != 1:
            ok = False
            return c
        return c[0]

    def walk(x):
        if isinstance(x, dict):
            if "multiplier" in x:
                w = const(x.pop("multiplier"))
                if ok:
                    x["squares"] = [[_qtext(QQ(const(c)) * QQ(w)), m] for c, m in x["squares"]]
            for k, v in x.items():
                if k == "squares":
                    x[k] = [[const(c), m] for c, m in v]
                elif k == "coefficient":
                    x[k] = const(v)
                else:
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    walk(hints)
    return ok


def _bordered_value_claims(an, J, Hnf, alpha, Rz, z, G, sample, trace, max_pairs: int = 60,
                           max_claims: int = 4, max_size: int = 3) -> tuple[list, list]:
    """Strict-saddle claims ``det H_SS det H_S'S' = -sum c_j(L) m_j^2`` (S' = S + {i}) on a value piece.

    For symmetric H, ``v = (-adj(H_SS) H_Si, det H_SS)`` (zero elsewhere) has
    ``v^T H v = det H_SS * det H_S'S'`` (the bordered determinant formula), so where the
    product is negative H has a negative eigenvalue; the non-negative trace rules out a
    local maximum. Pairs are tried where the two minors have opposite signs at the piece's
    sample point (exact signs in its number field); the sample only guides the search. The
    products are reduced from the minors' normal forms (:class:`_ValueMinors`): the products
    of the Hessian's own minors grew to ~8000 terms on the 7-dimensional pieces of (2,2,2,2)
    with 3 samples (minutes per piece), so the search was limited to dimension 6; reduced, it
    costs seconds and runs on every piece the value split handles.
    """
    model, n = an.model, an.model.n
    sign = _sample_signs(an, sample)
    minors = _ValueMinors(an, J, Rz, G)
    claims, excluded, tried = [], [], 0
    for k in range(2, max_size + 1):
        pairs = []
        for Sp in combinations(range(n), k):
            if sign(Sp) == 0:
                continue
            for i in Sp:
                S = tuple(x for x in Sp if x != i)
                if sign(S) != 0 and sign(S) != sign(Sp) and tried < max_pairs:
                    pairs.append((S, i, Sp))
                    tried += 1
        for (S, i, Sp), d in zip(pairs, minors.products([(S, Sp) for S, _i, Sp in pairs])):
            shapes = [sh for sh in _value_shapes(an, d, alpha, Rz, z, J=J) if not _already_excluded(sh[0][1], excluded)]
            if not shapes:
                continue
            det_full = (_det([[model.hess[a][b] for b in S] for a in S])
                        * _det([[model.hess[a][b] for b in Sp] for a in Sp]))
            for claim, g in _squares_claim(an, J, "negative_bordered_minor", S + (i,), det_full, shapes, trace):
                claims.append(claim)
                excluded.append(g)
                if g.is_ground or len(claims) >= max_claims:
                    return claims, excluded
        if claims or tried >= max_pairs:
            break
    return claims, excluded


def _analyse_by_sign(an, comp, ctx, J, Hnf, samples, memb, value, recurse):
    """Split a component by the sign of the one diagonal entry that constant pivots leave.

    When ``H = sum_k c_k l_k l_k^T + r e_i e_i^T`` modulo J (constants c_k > 0, a polynomial
    r): where ``r < 0`` the kernel vector v of the l_k with ``v_i = 1`` has ``v^T H v = r < 0``
    and a pivot direction has ``c_1 > 0``: a strict saddle; where ``r > 0`` the Hessian is
    positive semidefinite of rank ``t + 1``, and when that equals the codimension of the
    component, J has as many generators with a constant non-zero Jacobian minor (so V(J) is a
    manifold of critical points) and a point of smaller loss is known, every point is a
    non-global local minimum (Morse-Bott lemma); where ``r = 0`` the component is decomposed
    and classified in turn. Returns None when H does not have that form.
    """
    n = an.model.n
    R = an.R
    terms, M = an.gram_with_rest(J, Hnf)
    nz = [(a, b) for a in range(n) for b in range(n) if M[a][b]]
    if len(nz) != 1 or nz[0][0] != nz[0][1]:
        return None
    i = nz[0][0]
    r = M[i][i]
    if r.is_ground:
        return None
    kernel = dict(an.kernel_basis(terms))
    v = kernel[i]
    H = an.model.hess
    gram_terms = [(c, l) for c, l, _p in terms]

    def vhv(vec):
        q = R.zero
        for a in range(n):
            if vec[a]:
                for b in range(n):
                    if vec[b]:
                        q += vec[a] * vec[b] * H[a][b]
        return q

    def piece(kind, reason, positive, claims, scope="stratum", pts=()):
        for c in claims:
            c["hints"]["membership"] = memb
        good = [p for p in pts if not positive or p.field.sign(p.evaluate(positive[0])) > 0]
        return Stratum(list(J), [], comp.dimension, kind, reason, value, claims, good, scope=scope,
                       positive=list(positive))
    out = []
    definite = _sign_definite(r)  # +1: r > 0 everywhere, -1: r < 0 everywhere, 0: unknown
    # r < 0: strict saddle
    neg = -r
    cof_n = cofactors(vhv(v) - r, J)
    cof_p = None
    if terms:  # without a positive pivot the Hessian is negative semidefinite there: no verdict here
        p1 = terms[0][2]
        e1 = [R.one if a == p1 else R.zero for a in range(n)]
        cof_p = cofactors(vhv(e1) - terms[0][0], J)
    if definite > 0:
        pass  # r > 0 everywhere: no point has r < 0
    elif cof_n is not None and cof_p is not None:
        hints = {"negative_direction": {"vector": [poly_json(x) for x in v], "squares": [],
                                        "positive": [["1", 0]], "cofactors": [poly_json(x) for x in cof_n]},
                 "positive_direction": {"vector": [poly_json(x) for x in e1], "squares": [],
                                        "constant": _qtext(terms[0][0]), "cofactors": [poly_json(x) for x in cof_p]}}
        out.append(piece("strict_saddle", "where the stated polynomial is positive, a kernel vector of the Hessian's "
                         "constant-pivot part has v^T H v < 0 (and a pivot direction has w^T H w > 0)", [neg],
                         [{"inequations": [], "hints": hints}], pts=samples))
    else:
        out.append(piece("undecided", "where the stated polynomial is positive: no certificate found", [neg], [],
                         "sample", pts=samples))
    # r > 0: Morse-Bott local minimum when the ranks fit
    if definite >= 0:
        st = _morse_bott_piece(an, comp, ctx, J, gram_terms, terms, i, r, value, samples, memb, piece)
        out.append(st)
    for s_ in out:
        if s_.kind == "undecided" and not s_.sample_verdicts:
            _sample_verdicts(an, s_, ctx)
    if not definite:
        out.extend(recurse([r]))
    return out


def _sign_definite(p) -> int:
    """+1 when p = c + sum c_k m_k (c > 0, c_k > 0, m_k monomial squares): p > 0 everywhere;
    -1 when -p is such; else 0.

    Examples
    --------
    >>> from sympy import QQ
    >>> from sympy.polys.rings import ring
    >>> R, x, y = ring("x,y", QQ)
    >>> _sign_definite(x**2 + 3), _sign_definite(-x**2*y**2 - 1), _sign_definite(x**2 - 1)
    (1, -1, 0)
    """
    for sign in (1, -1):
        q = p * sign
        if q.coeff(1) > 0 and all(c > 0 and all(e % 2 == 0 for e in m) for m, c in q.terms()):
            return sign
    return 0


def _whole_morse_bott(an, comp, ctx, J, gram, value, samples, memb):
    """A component whose Hessian is a constant-pivot Gram sum of rank = codimension: local minima."""

    def piece(kind, reason, positive, claims, scope="stratum", pts=()):
        for c in claims:
            c["hints"]["membership"] = memb
        return Stratum(list(J), [], comp.dimension, kind, reason, value, claims, list(pts), scope=scope)
    st = _morse_bott_piece(an, comp, ctx, J, [(c, l) for c, l, _p in gram], gram, None, None, value, samples, memb,
                           piece)
    if st.kind == "undecided":
        _sample_verdicts(an, st, ctx)
    return st


def _morse_bott_piece(an, comp, ctx, J, gram_terms, terms, i, r, value, samples, memb, piece):
    """The ``r > 0`` piece of :func:`_analyse_by_sign` (``i = None``: the whole component, H a
    Gram sum with constant pivots): a non-global local minimum, or undecided."""
    from .betterpoint import find_better_point
    n = an.model.n
    R = an.R
    rank = len(terms) + (1 if i is not None else 0)
    sign = [r] if i is not None else []
    why = None
    jac_cols = None
    if rank != n - comp.dimension or len(J) != rank:
        why = "the Hessian's rank there differs from the codimension, or the component is not a complete intersection"
    else:
        jac = [[g.diff(R.gens[c]) for c in range(n)] for g in J]
        for cols in combinations(range(n), rank):
            d = _det([[jac[k][c] for c in cols] for k in range(rank)])
            if d.is_ground and d:
                jac_cols = list(cols)
                break
        if jac_cols is None:
            why = "no constant non-zero Jacobian minor of the equations"
    if why is None and ctx.gmin is not None and value.compare(ctx.gmin) == 0:
        why = "the value is the global minimum"  # handled as a global minimum elsewhere; not expected here
    better = None
    if why is None:
        sp = [p for p in samples if i is None or p.field.sign(p.evaluate(r)) > 0]
        better = find_better_point(an.model, value, ctx.global_points, start=sp[0].approx(20) if sp else None)
        if better is None:
            why = "a local minimum (Morse-Bott), but whether it is global is not decided"
    where = "where the stated polynomial is positive: " if i is not None else ""
    if why is not None:
        return piece("undecided", f"{where}{why}; only sample points are classified", sign, [], "sample", pts=samples)
    e_i = [R.one if a == i else R.zero for a in range(n)]
    H = an.model.hess
    cof = []
    for a in range(n):
        row = []
        for b in range(n):
            if b >= a:
                target = H[a][b] - sum((c * l[a] * l[b] for c, l in gram_terms), R.zero)
                if i is not None:
                    target -= r * e_i[a] * e_i[b]
                c_ = cofactors(target, J)
                if c_ is None:
                    return piece("undecided", f"{where}the Gram identity failed", sign, [], "sample", pts=samples)
            else:
                c_ = [R.zero for _ in J]
            row.append([poly_json(x) for x in c_])
        cof.append(row)
    cols = [p for _c, _l, p in terms] + ([i] if i is not None else [])
    hints = {"hessian": {"method": "gram_morse_bott",
                         "terms": [[_qtext(c), [poly_json(x) for x in l]] for c, l in gram_terms],
                         "cofactors": cof, "independent_columns": cols, "jacobian_columns": jac_cols},
             "better_point": [str(Fraction(x)) for x in better]}
    if i is not None:
        hints["hessian"]["positive_terms"] = [[0, [poly_json(x) for x in e_i]]]
    return piece("local_min", f"{where}the Hessian is a positive combination of {len(cols)} independent squares "
                 "(rank = codimension) on a manifold of critical points (Morse-Bott), and a point with smaller loss "
                 "exists", sign, [{"inequations": [], "hints": hints}], pts=samples)


def convex_stationary_claim(model, J) -> dict | None:
    """A global-minimum claim for all of V(J) when every stationarity polynomial of the end-to-end map
    (:func:`symlandscape.globalmin.stationarity_polys`) lies in the ideal J (with the cofactors), else None."""
    from .globalmin import stationarity_polys
    polys = stationarity_polys(model)
    if polys is None:
        return None
    rows = []
    for g in polys:
        c = cofactors(g, J)
        if c is None:
            return None
        rows.append([poly_json(a) for a in c])
    return {"inequations": [], "hints": {"lower_bound": {"method": "convex_stationary", "cofactors": rows}}}


def _sample_verdicts(an, st, ctx) -> list:
    from .pointkind import classify_point
    from .values import RealAlgebraic
    for p in st.sample_points:
        val = st.value if st.value is not None else RealAlgebraic.of_element(p.field, p.evaluate(an.model.L))
        st.sample_verdicts.append(classify_point(an.model, p, val, ctx.gmin, ctx.gmin_hint, ctx.global_points,
                                                 ctx.gmin_reason, manifold=(st.equations, st.dimension)))
    return []
