"""The python-flint backend: FLINT's exact Buchberger algorithm over the integers.

``fmpz_mpoly_vec.buchberger_naive`` followed by ``autoreduction`` gives the reduced
Groebner basis up to scalars; it runs in-process, exactly (no modular lifting), much
faster than SymPy on our systems (widths (2,2,2,2), one sample: about 1 s). The
``timeout`` does not apply (a C call cannot be interrupted).
"""

from __future__ import annotations

from sympy import QQ
from sympy.polys.rings import PolyElement, PolyRing

from ..errors import SolverError
from .base import RUR, Backend, check_reduced, clean_input, normalise_basis
from .generic import rur_from_basis
from .polytext import integer_terms
from .verify import verify_rur

try:
    import flint as _flint
except ImportError:  # pragma: no cover
    _flint = None

__all__ = ["FlintBackend"]


class FlintBackend(Backend):
    """Groebner bases with python-flint (``pip install python-flint``).

    Examples
    --------
    >>> from sympy.polys.rings import ring
    >>> from sympy.polys.orderings import grevlex
    >>> R, x, y = ring("x,y", QQ, grevlex)
    >>> FlintBackend().groebner([x**2 - 2, 2*x*y - 2], R)
    [y**2 - 1/2, x - 2*y]
    """

    name = "flint"
    exact = True
    install_hint = "pip install 'python-flint>=0.7'  (the 'fast' extra of symlandscape)"

    def available(self) -> bool:
        """Whether python-flint with multivariate Groebner support is importable."""
        return _flint is not None and hasattr(_flint, "fmpz_mpoly_vec") and hasattr(
            _flint.fmpz_mpoly_vec, "buchberger_naive")

    def _ctx(self, R: PolyRing):
        names = tuple(f"x{i}" for i in range(R.ngens))
        return _flint.fmpz_mpoly_ctx.get(names, "degrevlex")

    def factor_list(self, p: PolyElement):
        """``(c, [(f, e), ...])`` with ``p = c prod f^e`` over Q, like ``PolyElement.factor_list``.

        FLINT's multivariate factorisation (any monomial order of the ring: the factors are
        converted back term by term); the product is checked exactly.

        >>> from sympy.polys.rings import ring
        >>> R, x, y = ring("x,y", QQ)
        >>> FlintBackend().factor_list(-2 * (x - y)**2 * (x + 1))
        (-2, [(x + 1, 1), (x - y, 2)])
        """
        R = p.ring
        names = tuple(f"x{i}" for i in range(R.ngens))
        ctx = _flint.fmpq_mpoly_ctx.get(names, "lex")
        q = ctx.from_dict({m: _flint.fmpq(int(c.numerator), int(c.denominator)) for m, c in p.terms()})
        c, facs = q.factor()
        out = []
        c = QQ(int(c.p), int(c.q))
        for f, e in facs:
            d = {tuple(int(k) for k in m): QQ(int(a.p), int(a.q)) for m, a in zip(f.monoms(), f.coeffs())}
            out.append((R.from_dict(d), int(e)))  # FLINT's lex normalisation is SymPy's (dense leading term)
        check = R(c)
        for f, e in out:
            check *= f ** e
        if check != p:
            raise SolverError("FLINT factorisation: the product of the factors is not the polynomial")
        out.sort(key=lambda fe: (fe[1], sorted(fe[0].terms())))
        return c, out

    def groebner(self, polys: list[PolyElement], R: PolyRing) -> list[PolyElement]:
        """Reduced grevlex Groebner basis (see :meth:`Backend.groebner`)."""
        if not self.available():
            raise SolverError("python-flint with fmpz_mpoly_vec is not installed; " + self.install_hint)
        F = clean_input(polys, R)
        if not F:
            return []
        ctx = self._ctx(R)
        vec = _flint.fmpz_mpoly_vec([ctx.from_dict(dict(integer_terms(f))) for f in F], ctx)
        try:
            H = vec.buchberger_naive().autoreduction()
        except Exception as exc:  # noqa: BLE001 - report FLINT's failure as ours
            raise SolverError(f"FLINT Buchberger failed: {exc}") from exc
        G = []
        for i in range(len(H)):
            h = H[i]
            d = {tuple(int(e) for e in m): QQ(int(c)) for m, c in zip(h.monoms(), h.coeffs())}
            if d:
                G.append(R.from_dict(d))
        G = normalise_basis(G, R)
        check_reduced(G, R)
        return G

    def zero_dim_rur(self, polys: list[PolyElement], R: PolyRing) -> RUR | None:
        """RUR of the radical by exact linear algebra on FLINT's basis."""
        F = clean_input(polys, R)
        G = self.groebner(F, R)
        rur = rur_from_basis(G, R, lambda H: self.groebner(H, R))
        verify_rur(rur, F, R)
        return rur
