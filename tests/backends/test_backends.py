"""Every available backend agrees with the SymPy reference on small instances.

Backends that are not installed are skipped with the reason (CI installs them with
.ci/install-backends.sh, so there they run).
"""

from __future__ import annotations

import pytest
from sympy import QQ
from sympy.polys.orderings import grevlex
from sympy.polys.rings import ring

from symlandscape.backends import (BACKENDS, PREFERENCE, RUR, MsolveBackend, NotZeroDimensionalError,
                                   SingularBackend, SympyBackend, available_backends, get_backend)
from symlandscape.backends.instances import deep_linear, scalar_chain, scalar_chain_count
from symlandscape.backends.verify import count_real_roots, same_points, verify_rur
from symlandscape.errors import SolverError
from symlandscape.loss import build_loss
from symlandscape.spec import parse_problem

NAMES = list(PREFERENCE)
OTHERS = [n for n in NAMES if n != "sympy"]
REF = SympyBackend()


def backend(name: str):
    b = BACKENDS[name]()
    if not b.available():
        pytest.skip(f"backend {name!r} not installed ({b.install_hint})")
    return b


# instances: (id, model, expected number of complex critical points)
def _instances():
    out = []
    for n in (2, 3, 4):
        out.append((f"chain{n}", scalar_chain(n), scalar_chain_count(n)))
    out.append(("w121", deep_linear([1, 2, 1]), 9))
    out.append(("w112", deep_linear([1, 1, 2]), 9))
    out.append(("w211", deep_linear([2, 1, 1]), 5))
    return out


INSTANCES = _instances()
IDS = [i[0] for i in INSTANCES]


@pytest.fixture(scope="module")
def reference():
    """SymPy's basis and RUR of every instance (computed once)."""
    out = {}
    for name, m, _count in INSTANCES:
        out[name] = (REF.groebner(m.grad, m.R), REF.zero_dim_rur(m.grad, m.R))
    return out


@pytest.mark.parametrize("inst", INSTANCES, ids=IDS)
def test_sympy_reference_counts(inst, reference):
    name, m, count = inst
    G, rur = reference[name]
    assert rur.n_points == count
    verify_rur(rur, m.grad, m.R)


@pytest.mark.parametrize("bname", OTHERS)
@pytest.mark.parametrize("inst", INSTANCES, ids=IDS)
def test_groebner_agrees_with_sympy(bname, inst, reference):
    b = backend(bname)
    name, m, _count = inst
    G = b.groebner(m.grad, m.R)
    assert G == reference[name][0]
    assert all(g.LC == 1 for g in G)


@pytest.mark.parametrize("bname", OTHERS)
@pytest.mark.parametrize("inst", INSTANCES, ids=IDS)
def test_rur_agrees_with_sympy(bname, inst, reference):
    b = backend(bname)
    name, m, count = inst
    rur = b.zero_dim_rur(m.grad, m.R)
    ref = reference[name][1]
    assert rur.n_points == ref.n_points == count
    verify_rur(rur, m.grad, m.R)
    assert count_real_roots(rur.chi) == count_real_roots(ref.chi)
    assert same_points(ref, rur, m.R) and same_points(rur, ref, m.R)


@pytest.mark.parametrize("bname", NAMES)
def test_quotient_dimension_and_count(bname):
    b = backend(bname)
    R, x, y = ring("x,y", QQ, grevlex)
    F = [x**2, y**2 - y]                      # 2 points, each of multiplicity 2
    assert b.quotient_dimension(F, R) == 4
    assert b.count_points(F, R) == 2
    rur = b.zero_dim_rur(F, R)
    assert rur.n_points == 2
    verify_rur(rur, F, R)


@pytest.mark.parametrize("bname", NAMES)
def test_special_ideals(bname):
    b = backend(bname)
    R, x, y = ring("x,y", QQ, grevlex)
    assert b.groebner([], R) == []
    assert b.groebner([R.zero], R) == []
    assert b.groebner([x, x - 1], R) == [R.one]
    empty = b.zero_dim_rur([x, y - 1, x + y], R)
    assert empty.n_points == 0 and empty.chi == [QQ(1)]
    with pytest.raises(NotZeroDimensionalError, match="not zero-dimensional"):
        b.zero_dim_rur([x * y - 1], R)


@pytest.mark.parametrize("bname", NAMES)
def test_groebner_single_variable_and_rationals(bname):
    b = backend(bname)
    R, x, y, z = ring("x,y,z", QQ, grevlex)
    F = [QQ(3, 7) * x**2 * y - QQ(123456789012345678901, 5) * z + 1, y**3 - x * z]
    assert b.groebner(F, R) == REF.groebner(F, R)
    R1, t = ring("t", QQ, grevlex)
    assert b.groebner([t**3 - 2 * t, t**2 - 2], R1) == [t**2 - 2]


def test_singular_minimal_primes_unregularised_chain():
    b = backend("singular")
    m = build_loss(parse_problem({"network": {"widths": [1, 1, 1, 1]},
                                  "data": {"inputs": [[1]], "targets": [[1]]}}))
    R = m.R
    w1, w2, w3 = R.gens
    primes = b.minimal_primes(m.grad, R)
    expected = [[w1 * w2 * w3 - 1], [w1, w2], [w1, w3], [w2, w3]]
    expected = [REF.groebner(P, R) for P in expected]
    assert sorted(map(str, primes)) == sorted(map(str, expected))
    assert len(primes[0]) == 1 and primes[0][0] == w1 * w2 * w3 - 1  # dimension 2 first


def test_singular_minimal_primes_special():
    b = backend("singular")
    R, x, y = ring("x,y", QQ, grevlex)
    assert b.minimal_primes([x, x - 1], R) == []
    assert b.minimal_primes([x**2 * y, x * y**2], R) == [[x], [y]]


@pytest.mark.parametrize("bname", ["sympy", "flint"])
def test_minimal_primes_unsupported(bname):
    assert backend(bname).minimal_primes([], ring("x", QQ, grevlex)[0]) is None


def test_get_backend_errors():
    with pytest.raises(SolverError, match="valid choices: singular"):
        get_backend("maple")
    assert get_backend("SymPy").name == "sympy"
    auto = get_backend(None)
    assert auto.name.startswith("auto(") and auto.available()
    assert "sympy" in available_backends()


def test_unavailable_backend_message(monkeypatch):
    import symlandscape.backends as mod

    monkeypatch.setitem(mod._cache, "singular", SingularBackend(executable="no-such-singular-binary"))
    with pytest.raises(SolverError, match="apt-get install -y singular"):
        get_backend("singular")
    assert "singular" not in available_backends()


def test_singular_reports_errors():
    b = backend("singular")
    with pytest.raises(SolverError, match="Singular failed"):
        b._run("ring r = 0, (x), dp; poly p = undefined_function(x);\nprint(\"@END\");\n")


def test_backends_reject_other_rings():
    R, x = ring("x", QQ)  # lex
    with pytest.raises(SolverError, match="grevlex"):
        REF.groebner([x], R)


def test_verify_rur_rejects_tampering():
    m = scalar_chain(2)
    rur = REF.zero_dim_rur(m.grad, m.R)
    bad = RUR(rur.n_points, rur.weights, rur.chi, [list(g) for g in rur.coords])
    bad.coords[0][-1] += 1
    with pytest.raises(SolverError, match="RUR check failed"):
        verify_rur(bad, m.grad, m.R)
    short = RUR(rur.n_points, rur.weights, rur.chi[:-1] + [rur.chi[-1] + 1], rur.coords)
    with pytest.raises(SolverError):
        verify_rur(short, m.grad, m.R)
    sq = RUR(2, [1, 0], [QQ(1), QQ(0), QQ(0)], [[QQ(1), QQ(0)], []])
    with pytest.raises(SolverError, match="squarefree"):
        verify_rur(sq, m.grad, m.R)


def test_rur_compact_form_coords():
    r = RUR(2, [0, 1], [QQ(1), QQ(0), QQ(-1, 2)], numerators=[[QQ(1)], [QQ(1, 2)]], denominator=[QQ(1), QQ(0)])
    assert r.compact
    assert r.coords == [[QQ(2), QQ(0)], [QQ(1), QQ(0)]]
    R, x, y = ring("x,y", QQ, grevlex)
    verify_rur(r, [x**2 - 2, x * y - 1], R)
    with pytest.raises(ValueError):
        RUR(1, [1], [QQ(1), QQ(0)])


def test_msolve_output_conversion_rejects_garbage():
    b = MsolveBackend()
    R, x, y = ring("x,y", QQ, grevlex)
    good = [0, [0, 2, 2, ["x0", "x1"], [0, 1], [1, [[2, [-1, 0, 2]], [1, [0, 4]], [[[1, [-4, 0]], 1]]]]]]
    rur = b._convert(good, R)
    verify_rur(rur, [x**2 - 2, x * y - 1], R)
    assert rur.n_points == 2
    wrong_form = [0, [0, 2, 2, ["x0", "x1"], [1, 1], [1, [[2, [-1, 0, 2]], [1, [0, 4]], [[[1, [-4, 0]], 1]]]]]]
    rur2 = b._convert(wrong_form, R)  # falls back to T = last variable, which checks
    assert rur2.weights == [0, 1]
    for bad in ([0, [0, 2, 2, ["x0", "zz"], [0, 1], good[1][5]]],
                [0, [0, 2, 2, ["x0", "x1"], [0, 1], [1, [[3, [-1, 0, 2]], [1, [0, 4]], []]]]],
                [0, [1, 2]]):
        with pytest.raises(SolverError):
            b._convert(bad, R)
    # a parametrization that does not describe the solutions fails the exact check
    tampered = [0, [0, 2, 2, ["x0", "x1"], [0, 1], [1, [[2, [-1, 0, 2]], [1, [0, 4]], [[[1, [-3, 0]], 1]]]]]]
    with pytest.raises(SolverError, match="RUR check failed"):
        verify_rur(b._convert(tampered, R), [x**2 - 2, x * y - 1], R)


@pytest.mark.parametrize("bname", OTHERS)
def test_widths_222_per_weight(bname):
    """(2,2,2), one sample, one generic l2 weight per weight: 33 complex critical points."""
    b = backend(bname)
    m = deep_linear([2, 2, 2])
    rur = b.zero_dim_rur(m.grad, m.R)
    assert rur.n_points == 33
    verify_rur(rur, m.grad, m.R)
    G = b.groebner(m.grad, m.R)
    assert len(G) == 32
    others = [BACKENDS[o]() for o in ("singular", "flint") if o != bname]
    others = [o for o in others if o.available()]
    if others:  # SymPy takes minutes here: compare with another exact engine
        assert G == others[0].groebner(m.grad, m.R)


def test_singular_reduces_to_zero():
    b = backend("singular")
    R, x, y = ring("x,y", QQ, grevlex)
    G = b.groebner([x**2 - 2, x * y - 1], R)
    assert b.reduces_to_zero(G, [x**2 - 2, (x * y - 1) * (x + y)], R)
    assert not b.reduces_to_zero(G, [x - 1], R)


def test_singular_elimination_basis_agrees_with_sympy():
    """The block order (grevlex in x) > (z) of the value split, against SymPy's Buchberger in the same order."""
    from sympy.polys.groebnertools import groebner
    from sympy.polys.orderings import ProductOrder
    b = backend("singular")
    order = ProductOrder((grevlex, lambda m: m[:2]), (grevlex, lambda m: m[2:]))
    R, x, y, z = ring("x,y,z", QQ, order)
    F = [x**2 + y**2 - 1, x * y - QQ(1, 3), z - x**2 * y - y]
    G = b.elimination_basis(F, R, 1)
    ref = groebner(F, R)
    assert sorted(map(str, G)) == sorted(map(str, [g.monic() for g in ref]))
    elim = [g for g in G if all(m[0] == m[1] == 0 for m in g.monoms())]
    assert len(elim) == 1 and elim[0].degree(z) == 4  # z takes 4 values on the 4 points


@pytest.mark.parametrize("inst", INSTANCES[:4], ids=IDS[:4])
def test_auto_backend_agrees(inst, reference):
    from symlandscape.backends import AutoBackend

    name, m, count = inst
    auto = AutoBackend()
    assert auto.groebner(m.grad, m.R) == reference[name][0]
    rur = auto.zero_dim_rur(m.grad, m.R)
    assert rur.n_points == count and same_points(reference[name][1], rur, m.R)
    assert auto.quotient_dimension(m.grad, m.R) == count
    if SingularBackend().available():
        R, x, y = ring("x,y", QQ, grevlex)
        assert auto.minimal_primes([x * y], R) == [[x], [y]]


def test_modular_verification_agrees_and_rejects():
    m = scalar_chain(3)
    rur = REF.zero_dim_rur(m.grad, m.R)
    verify_rur(rur, m.grad, m.R, method="modular")
    bad = RUR(rur.n_points, rur.weights, rur.chi, numerators=[list(q) for q in rur.numerators],
              denominator=rur.denominator)
    bad.numerators[1][-1] += 1
    for method in ("exact", "modular"):
        with pytest.raises(SolverError, match="RUR check failed"):
            verify_rur(bad, m.grad, m.R, method=method)
    if MsolveBackend().available():
        assert MsolveBackend(verify="modular").zero_dim_rur(m.grad, m.R).n_points == 17


def test_auto_falls_back_when_msolve_fails(monkeypatch):
    from symlandscape.backends import AutoBackend

    auto = AutoBackend()
    if auto.rur_engine is auto.exact_engine:
        pytest.skip("msolve not installed")

    def broken(polys, R):
        raise SolverError("msolve output: garbled")

    monkeypatch.setattr(auto.rur_engine, "zero_dim_rur", broken)
    m = scalar_chain(2)
    assert auto.zero_dim_rur(m.grad, m.R).n_points == 5
    assert "garbled" in auto.last_fallback
    R, x, y = ring("x,y", QQ, grevlex)
    with pytest.raises(NotZeroDimensionalError):
        AutoBackend().zero_dim_rur([x * y - 1], R)


def _member_and_not(seed):
    import random
    R, x, y, z = ring("x,y,z", QQ, grevlex)
    G = REF.groebner([x**2 - y*z, y**3 - x - 1, z*x - 2], R)
    rng = random.Random(seed)
    a = [sum((R(QQ(rng.randint(-4, 4), rng.randint(1, 5))) * x**rng.randint(0, 5) * y**rng.randint(0, 5)
              * z**rng.randint(0, 5) for _ in range(30)), R.zero) for _ in G]
    f = sum((ai * g for ai, g in zip(a, G)), R.zero)
    return R, G, f, x


@pytest.mark.parametrize("seed", range(4))
def test_singular_division_gives_exact_quotients(seed):
    s = SingularBackend()
    if not s.available():
        pytest.skip("Singular not installed")
    R, G, f, x = _member_and_not(seed)
    q, none, zero = s.division(G, [f, f + x, R.zero], R)
    assert sum((a * g for a, g in zip(q, G)), R.zero) == f
    assert none is None and zero == [R.zero] * len(G)


@pytest.mark.parametrize("seed", range(3))
def test_strata_cofactors_fast_path_agrees(seed):
    """Large inputs go to Singular's division; the identity holds and non-members are refused."""
    from symlandscape.strata import FAST_DIVISION_TERMS, cofactors
    R, G, f, x = _member_and_not(seed)
    assert len(f.terms()) >= FAST_DIVISION_TERMS
    c = cofactors(f, G)
    assert c is not None and sum((a * g for a, g in zip(c, G)), R.zero) == f
    assert cofactors(f + x, G) is None


def test_flint_factor_list_matches_sympy():
    from hypothesis import given, settings
    from hypothesis import strategies as st
    fl = BACKENDS["flint"]()
    if not fl.available():
        pytest.skip("python-flint not installed")
    R, x, y, z = ring("x,y,z", QQ, grevlex)
    mono = st.tuples(st.integers(-3, 3), st.integers(1, 3), st.integers(0, 2), st.integers(0, 2), st.integers(0, 2))

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.lists(mono, min_size=1, max_size=3), min_size=1, max_size=3), st.integers(1, 3))
    def law(factors, e):
        p = R.one
        for terms in factors:
            f = sum((R(QQ(a, b)) * x**i * y**j * z**k for a, b, i, j, k in terms), R.zero)
            if f:
                p *= f ** e
        if p.is_ground:
            return
        c, facs = fl.factor_list(p)
        c0, facs0 = p.factor_list()
        assert c == c0 and sorted(map(str, facs)) == sorted(map(str, facs0))

    law()
