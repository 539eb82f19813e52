"""``--backend sympy`` means SymPy alone: the helpers that use python-flint when it is installed
(dense matrices, univariate polynomials, RUR checks) take their SymPy route inside
``sympy_only()``, which the SymPy backend and ``using_backend("sympy")`` enter. This keeps the
benchmarks' baseline plain SymPy and exercises the routes used on machines without flint."""

from __future__ import annotations

import pytest

from symlandscape.backends.base import flint_allowed, sympy_only
from symlandscape.backends.generic import _Mat
from symlandscape.backends.upoly import upolys
from symlandscape.backends.verify import _ZPolys
from symlandscape.solve import using_backend

flint = pytest.importorskip("flint")


def test_flint_is_used_by_default_and_not_inside_sympy_only():
    assert flint_allowed(flint) and upolys().flint and _Mat().flint and _ZPolys().flint
    with sympy_only():
        assert not flint_allowed(flint)
        assert not upolys().flint and not _Mat().flint and not _ZPolys().flint
    assert upolys().flint


def test_using_backend_sympy_is_sympy_only():
    with using_backend("sympy"):
        assert not upolys().flint
    with using_backend("flint"):
        assert upolys().flint
    assert not flint_allowed(None)


def test_sympy_backend_rur_runs_on_sympy_alone(monkeypatch):
    """The SymPy backend's RUR never reaches flint: flint's matrix type is made unusable."""
    from sympy import QQ
    from sympy.polys.orderings import grevlex
    from sympy.polys.rings import ring

    import symlandscape.backends.generic as generic
    from symlandscape.backends import get_backend

    class Broken:
        def __getattr__(self, name):
            raise AssertionError(f"flint.{name} used inside sympy_only()")
    monkeypatch.setattr(generic, "_flint", Broken())
    R, x, y = ring("x,y", QQ, grevlex)
    rur = get_backend("sympy").zero_dim_rur([x ** 2 - 2, x * y - 1, y ** 2 - QQ(1, 2)], R)
    assert rur.n_points == 2
