"""The pure-SymPy backend: Buchberger's algorithm from ``sympy.polys.groebnertools``.

Always available, exact, and slow beyond about 8 variables. Its RUR is the exact
linear-algebra route of :mod:`symlandscape.backends.generic`.
"""

from __future__ import annotations

from sympy.polys.groebnertools import groebner as _groebner
from sympy.polys.rings import PolyElement, PolyRing

from .base import RUR, Backend, clean_input, normalise_basis, sympy_only
from .generic import rur_from_basis
from .verify import verify_rur

__all__ = ["SympyBackend"]


class SympyBackend(Backend):
    """Groebner bases with SymPy (the reference engine).

    Examples
    --------
    >>> from sympy import QQ
    >>> from sympy.polys.rings import ring
    >>> from sympy.polys.orderings import grevlex
    >>> R, x, y = ring("x,y", QQ, grevlex)
    >>> SympyBackend().groebner([x**2 - 2, 2*x*y - 2], R)
    [y**2 - 1/2, x - 2*y]
    """

    name = "sympy"
    exact = True
    install_hint = "always available (pure SymPy)"

    def available(self) -> bool:
        """Always True."""
        return True

    def groebner(self, polys: list[PolyElement], R: PolyRing) -> list[PolyElement]:
        """Reduced grevlex Groebner basis (see :meth:`Backend.groebner`)."""
        F = clean_input(polys, R)
        if not F:
            return []
        return normalise_basis(_groebner(F, R), R)

    def zero_dim_rur(self, polys: list[PolyElement], R: PolyRing) -> RUR | None:
        """RUR of the radical by exact linear algebra (see :meth:`Backend.zero_dim_rur`), on SymPy
        alone (:func:`~symlandscape.backends.base.sympy_only`)."""
        with sympy_only():
            F = clean_input(polys, R)
            G = self.groebner(F, R)
            rur = rur_from_basis(G, R, lambda H: self.groebner(H, R))
            verify_rur(rur, F, R)
            return rur
