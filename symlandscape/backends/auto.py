"""The composite backend behind ``get_backend(None)``: the fastest engine for each operation.

* Groebner bases, point counts: the first available *exact* engine among Singular,
  FLINT, SymPy (msolve's bases are multi-modular, so it is not used for them).
* Minimal primes: Singular (None without it).
* RURs: msolve (proved on return, with the exact engine as certifier), else the exact
  engine's linear-algebra route.
"""

from __future__ import annotations

from sympy.polys.rings import PolyElement, PolyRing

from ..errors import SolverError
from .base import RUR, Backend, NotZeroDimensionalError
from .flint_backend import FlintBackend
from .msolve import MsolveBackend
from .singular import SingularBackend
from .sympy_backend import SympyBackend

__all__ = ["AutoBackend"]


class AutoBackend(Backend):
    """Dispatch every operation to the fastest installed engine that does it exactly.

    Parameters
    ----------
    timeout : float, optional
        Passed to the engines.

    Examples
    --------
    >>> B = AutoBackend()
    >>> B.available(), B.name.startswith("auto(")
    (True, True)
    """

    exact = True
    install_hint = "always available (uses whatever engines are installed)"

    def __init__(self, timeout: float | None = 600.0):
        super().__init__(timeout)
        exact = [SingularBackend(timeout), FlintBackend(timeout), SympyBackend(timeout)]
        self.exact_engine = next(b for b in exact if b.available())
        self.primes_engine = exact[0] if exact[0].available() else None
        ms = MsolveBackend(timeout, certifier=self.exact_engine)
        self.rur_engine = ms if ms.available() else self.exact_engine
        parts = [self.exact_engine.name] + ([self.rur_engine.name] if self.rur_engine is not self.exact_engine else [])
        self.name = "auto(" + "+".join(parts) + ")"
        self.last_fallback: str | None = None

    def __repr__(self) -> str:
        return f"AutoBackend(groebner={self.exact_engine.name}, rur={self.rur_engine.name})"

    def available(self) -> bool:
        """Always True (SymPy at least)."""
        return True

    def groebner(self, polys: list[PolyElement], R: PolyRing) -> list[PolyElement]:
        """Reduced grevlex basis from the exact engine (see :meth:`Backend.groebner`)."""
        return self.exact_engine.groebner(polys, R)

    def minimal_primes(self, polys: list[PolyElement], R: PolyRing) -> list[list[PolyElement]] | None:
        """Minimal primes from Singular, or None without it."""
        if self.primes_engine is None:
            return None
        return self.primes_engine.minimal_primes(polys, R)

    def zero_dim_rur(self, polys: list[PolyElement], R: PolyRing) -> RUR | None:
        """RUR of the radical from msolve (proved) or the exact engine.

        If msolve fails or its answer does not pass the checks, the exact engine's
        route is used instead (the failure is kept in :attr:`last_fallback`).
        """
        self.last_fallback = None
        try:
            return self.rur_engine.zero_dim_rur(polys, R)
        except NotZeroDimensionalError:
            raise
        except SolverError as exc:
            if self.rur_engine is self.exact_engine:
                raise
            self.last_fallback = str(exc)
            return self.exact_engine.zero_dim_rur(polys, R)

    def quotient_dimension(self, polys: list[PolyElement], R: PolyRing) -> int:
        """``dim_Q Q[x]/I`` from the exact engine."""
        return self.exact_engine.quotient_dimension(polys, R)

    def count_points(self, polys: list[PolyElement], R: PolyRing) -> int:
        """Distinct complex points from the exact engine."""
        return self.exact_engine.count_points(polys, R)
