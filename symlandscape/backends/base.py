"""The backend seam: the :class:`Backend` interface, :class:`RUR`, and shared basis helpers.

Every backend works on polynomials of a :class:`sympy.polys.rings.PolyRing` over QQ with
grevlex order (the ring of :func:`symlandscape.loss.build_loss`) and returns its
answers in that ring, exactly. A backend that cannot do an operation returns ``None``
(``minimal_primes``, ``zero_dim_rur``); a backend that fails, or whose answer does not
pass the checks, raises :class:`~symlandscape.errors.SolverError`: nothing unverified is
returned silently.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from sympy import QQ
from sympy.polys.orderings import grevlex
from sympy.polys.rings import PolyElement, PolyRing

from ..errors import SolverError

__all__ = [
    "Backend",
    "RUR",
    "NotZeroDimensionalError",
    "check_ring",
    "clean_input",
    "normalise_basis",
    "check_reduced",
    "check_contains",
    "is_zero_dimensional",
    "sympy_only",
    "flint_allowed",
]

_SYMPY_ONLY: ContextVar[bool] = ContextVar("symlandscape_sympy_only", default=False)


@contextmanager
def sympy_only():
    """Run the enclosed computations on SymPy alone: the helpers that otherwise use python-flint
    (dense matrices, univariate polynomials, RUR checks) take their SymPy route. The SymPy
    backend runs inside it, so that it is the plain-SymPy reference its name promises (and the
    benchmarks' baseline), and so that the routes used without python-flint are exercised."""
    token = _SYMPY_ONLY.set(True)
    try:
        yield
    finally:
        _SYMPY_ONLY.reset(token)


def flint_allowed(flint_module) -> bool:
    """Whether python-flint (the imported module, or None) may be used here."""
    return flint_module is not None and not _SYMPY_ONLY.get()


class NotZeroDimensionalError(SolverError):
    """The ideal has infinitely many complex points (a zero-dimensional operation was asked)."""


class RUR:
    """A rational univariate representation of the radical of a zero-dimensional ideal.

    Parameters
    ----------
    n_points : int
    weights : list of int
    chi : list
    coords : list of list, optional
        The polynomial form ``x_i = g_i(l)``.
    numerators, denominator : list of list, list; keyword only
        The compact form ``x_i = numerators[i](l) / denominator(l)`` (msolve's output;
        its coefficients are about ``n_points`` times smaller than those of ``coords``).
        Give either ``coords`` or both of these.

    Attributes
    ----------
    n_points : int
        Number of distinct complex points (``= deg chi``).
    weights : list of int
        The separating linear form ``l = sum(w_i * x_i)``.
    chi : list
        Dense QQ coefficients, highest degree first, monic and squarefree, of degree
        ``n_points``: ``chi(l(p)) = 0`` at every point ``p``, and ``l`` takes
        ``n_points`` distinct values.
    coords : list of list
        One dense QQ polynomial ``g_i`` (highest first, degree < ``n_points``, ``[]``
        for zero) per variable: ``x_i = g_i(l)`` at every point. Computed on first
        access from the compact form when the RUR was built from it (one inversion
        modulo ``chi``; slow and large beyond a few hundred points).
    numerators : list of list
        Dense QQ polynomials ``q_i`` with ``x_i = q_i(l) / d(l)``.
    denominator : list
        ``d`` (dense QQ, coprime to ``chi``); ``[1]`` for the polynomial form.

    Notes
    -----
    The empty variety (unit ideal) is ``RUR(0, [1, 0, ...], [1], [[], ...])``.

    Examples
    --------
    >>> r = RUR(2, [0, 1], [QQ(1), QQ(0), QQ(-1, 2)], numerators=[[QQ(1)], [QQ(1, 2)]],
    ...         denominator=[QQ(1), QQ(0)])
    >>> r.coords        # x = 1/T = 2T, y = 1/(2T) = T modulo T^2 - 1/2
    [[2, 0], [1, 0]]
    """

    def __init__(self, n_points: int, weights, chi, coords=None, *, numerators=None, denominator=None):
        self.n_points = n_points
        self.weights = list(weights)
        self.chi = list(chi)
        if coords is not None:
            if numerators is not None or denominator is not None:
                raise ValueError("give coords or numerators/denominator, not both")
            self._coords = [list(c) for c in coords]
            self.numerators = self._coords
            self.denominator = [QQ(1)]
        else:
            if numerators is None or denominator is None:
                raise ValueError("give coords, or numerators and denominator")
            self.numerators = [list(c) for c in numerators]
            self.denominator = list(denominator)
            self._coords = self.numerators if self.denominator == [QQ(1)] else None

    @property
    def compact(self) -> bool:
        """True when the coordinates have a non-trivial denominator."""
        return self.denominator != [QQ(1)]

    @property
    def coords(self) -> list:
        if self._coords is None:
            from .upoly import upolys

            U = upolys()
            chi = U.from_dense(self.chi)
            inv = U.invmod(U.rem(U.from_dense(self.denominator), chi), chi)
            out = []
            for q in self.numerators:
                out.append(U.to_dense(U.mulmod(U.from_dense(q), inv, chi)))
            self._coords = out
        return self._coords

    def __len__(self) -> int:
        return self.n_points

    def __eq__(self, other) -> bool:
        if not isinstance(other, RUR):
            return NotImplemented
        return (self.n_points, self.weights, self.chi, self.numerators, self.denominator) == (
            other.n_points, other.weights, other.chi, other.numerators, other.denominator)

    def __repr__(self) -> str:
        form = "compact" if self.compact else "polynomial"
        return f"RUR(n_points={self.n_points}, weights={self.weights}, {form} form)"


class Backend:
    """An exact polynomial-system engine behind the seam.

    Subclasses set :attr:`name`, implement :meth:`available` and :meth:`groebner`, and
    may implement :meth:`minimal_primes` and :meth:`zero_dim_rur`.

    Parameters
    ----------
    timeout : float, optional
        Seconds allowed to one external engine call (ignored by in-process backends).

    Attributes
    ----------
    name : str
        The name :func:`symlandscape.backends.get_backend` knows it by.
    exact : bool
        True when :meth:`groebner` is a deterministic exact algorithm (no modular
        lifting whose correctness is only probable).
    install_hint : str
        How to install the engine.
    """

    name: str = "base"
    exact: bool = True
    install_hint: str = ""

    def __init__(self, timeout: float | None = 600.0):
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def available(self) -> bool:
        """Whether the engine is installed and runs.

        Returns
        -------
        bool
        """
        return False

    def groebner(self, polys: list[PolyElement], R: PolyRing) -> list[PolyElement]:
        """Reduced Groebner basis in R's order (R is a sympy.polys.rings.PolyRing over QQ, order grevlex),
        every element monic, sorted as sympy sorts them; [R.one] for the unit ideal; [] for the zero ideal.

        Parameters
        ----------
        polys : list of PolyElement
            Generators in ``R`` (zeros are ignored).
        R : PolyRing
            Over QQ, grevlex order; the variable order is ``R.gens`` (first is largest).

        Returns
        -------
        list of PolyElement
            Sorted by leading monomial, largest first (as ``sympy.polys.groebnertools``).

        Raises
        ------
        SolverError
            If the engine fails, times out, or its answer does not pass the checks.
        """
        raise NotImplementedError

    def minimal_primes(self, polys: list[PolyElement], R: PolyRing) -> list[list[PolyElement]] | None:
        """Minimal associated primes over Q (e.g. Singular's minAssGTZ), each as a reduced grevlex GB in R; None if unsupported.

        Parameters
        ----------
        polys : list of PolyElement
        R : PolyRing

        Returns
        -------
        list of list of PolyElement, or None
            One reduced Groebner basis (as :meth:`groebner`) per prime, sorted by
            decreasing dimension then by basis; ``[]`` for the unit ideal.
        """
        return None

    def zero_dim_rur(self, polys: list[PolyElement], R: PolyRing) -> RUR | None:
        """For a zero-dimensional ideal: a rational univariate representation of its RADICAL.

        Parameters
        ----------
        polys : list of PolyElement
        R : PolyRing

        Returns
        -------
        RUR or None
            ``RUR(n_points, weights, chi, coords)``: ``chi`` dense QQ coefficients,
            highest first, squarefree of degree ``n_points``; ``coords[i]`` dense with
            ``x_i = coords[i](l)`` at every point, ``l = sum(weights[i] * x_i)``.
            None if unsupported.

        Raises
        ------
        SolverError
            If the ideal is not zero-dimensional, or the answer fails its checks.
        """
        return None

    # extensions used for certification -----------------------------------------------
    def quotient_dimension(self, polys: list[PolyElement], R: PolyRing) -> int:
        """``dim_Q Q[x]/I`` (points counted with multiplicity; 0 for the unit ideal).

        Raises
        ------
        SolverError
            If the ideal is not zero-dimensional.
        """
        from .generic import standard_monomials

        G = self.groebner(polys, R)
        if G == [R.one]:
            return 0
        return len(standard_monomials(G, R.ngens))

    def count_points(self, polys: list[PolyElement], R: PolyRing) -> int:
        """Number of distinct complex points of a zero-dimensional ideal (exact).

        Raises
        ------
        SolverError
            If the ideal is not zero-dimensional.
        """
        from .generic import radical_basis, standard_monomials

        G = self.groebner(polys, R)
        if G == [R.one]:
            return 0
        G = radical_basis(G, R, lambda F: self.groebner(F, R))
        return len(standard_monomials(G, R.ngens))


def check_ring(R: PolyRing, grevlex_only: bool = True) -> None:
    """Raise SolverError unless ``R`` is a polynomial ring over QQ (with grevlex order, by default)."""
    if not isinstance(R, PolyRing):
        raise SolverError(f"expected a sympy PolyRing, got {type(R).__name__}")
    if R.domain != QQ:
        raise SolverError(f"backends work over QQ, not {R.domain}")
    if grevlex_only and R.order != grevlex:
        raise SolverError(f"backends work in grevlex order, not {R.order}")


def clean_input(polys, R: PolyRing, grevlex_only: bool = True) -> list[PolyElement]:
    """The non-zero generators, checked to lie in ``R``."""
    check_ring(R, grevlex_only)
    out = []
    for p in polys:
        if not isinstance(p, PolyElement) or p.ring != R:
            try:
                p = R(p)
            except Exception as exc:  # noqa: BLE001 - report any conversion failure
                raise SolverError(f"generator {p!r} is not in the ring {R}") from exc
        if p:
            out.append(p)
    return out


def normalise_basis(G, R: PolyRing) -> list[PolyElement]:
    """Monic elements, ``[R.one]`` if a constant occurs, sorted like sympy (largest LM first)."""
    G = [g for g in G if g]
    if any(g.is_ground for g in G):
        return [R.one]
    G = [g.monic() for g in G]
    return sorted(G, key=lambda f: R.order(f.LM), reverse=True)


def _divides(a, b) -> bool:
    return all(x <= y for x, y in zip(a, b))


def check_reduced(G, R: PolyRing) -> None:
    """Raise SolverError unless ``G`` (monic) has the shape of a reduced Groebner basis.

    No leading monomial divides a monomial of another element. (That ``G`` is a
    Groebner basis at all is a separate matter.)
    """
    if G == [R.one] or not G:
        return
    lms = [g.LM for g in G]
    if len(set(lms)) != len(lms):
        raise SolverError("engine basis has two elements with the same leading monomial")
    by_degree = sorted(((sum(m), m) for m in lms))
    for g in G:
        if g.LC != 1:
            raise SolverError("engine basis element is not monic")
        lm = g.LM
        for mon in g.itermonoms():
            dm = sum(mon)
            for d, m in by_degree:
                if d > dm:
                    break
                if m != lm and _divides(m, mon):
                    raise SolverError("engine basis is not reduced")


def check_contains(G, F) -> None:
    """Raise SolverError unless every generator in ``F`` reduces to 0 modulo ``G``.

    With ``G`` a Groebner basis this proves ``<F> ⊆ <G>``.
    """
    if not G:
        if any(F):
            raise SolverError("engine returned the zero ideal for non-zero generators")
        return
    for f in F:
        if f.rem(G):
            raise SolverError("an input generator does not reduce to zero modulo the engine's basis")


def is_zero_dimensional(G, n: int) -> bool:
    """True when the Groebner basis ``G`` (not the unit ideal) has a pure power of every variable as a leading monomial."""
    have = set()
    for g in G:
        m = g.LM
        nz = [i for i, e in enumerate(m) if e]
        if len(nz) == 1:
            have.add(nz[0])
    return len(have) == n
