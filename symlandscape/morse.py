"""Morse-Bott test: a local minimum on a manifold of critical points.

Let p be a critical point with a positive semidefinite Hessian of nullity k. If there are
polynomials ``g_1, ..., g_{n-k}`` with (i) every partial derivative of L in the ideal
they generate (so every point of V(g) is critical), and (ii) the Jacobian of g at p of
rank n - k (so, by the implicit function theorem, V(g) is a k-dimensional manifold near
p), then the tangent space of that manifold at p lies in ker H(p) (the gradient vanishes
along it) and has the same dimension k: the critical manifold is non-degenerate in the
sense of Bott, and the Morse-Bott lemma makes p a local minimum.

The certificate hint ``{"method": "morse_bott_implicit", "equations": [...],
"gradient_cofactors": [[...]], "rank": n - k}`` lets the checker verify (i) by expansion,
(ii) by exact elimination at p, and the nullity of H(p) directly.
"""

from __future__ import annotations

from itertools import combinations

from .strata import poly_json

__all__ = ["morse_bott_hint"]


def morse_bott_hint(model, point, gb: list, k: int, max_subsets: int = 50) -> dict | None:
    """A Morse-Bott hint for ``point`` on the component with basis ``gb`` of dimension k, or None."""
    n = model.n
    need = n - k
    if need <= 0 or len(gb) < need:
        return None
    for sub in list(combinations(gb, need))[:max_subsets]:
        if _rank(point, sub, n) != need:
            continue
        cofs = []
        for g in model.grad:
            c = _lift(g, list(sub))
            if c is None:
                break
            cofs.append([poly_json(a) for a in c])
        else:
            return {"method": "morse_bott_implicit", "equations": [poly_json(g) for g in sub],
                    "gradient_cofactors": cofs, "rank": need}
    return None


def _rank(point, polys, n: int) -> int:
    """Exact rank of the Jacobian of ``polys`` (at most n of them) at the point."""
    from .descent import kernel
    K = point.field
    rows = [[point.evaluate(p.diff(p.ring.gens[j])) for j in range(n)] for p in polys]
    A = rows + [[[] for _ in range(n)] for _ in range(n - len(rows))]
    return n - len(kernel(K, A))


def _lift(f, gens):
    """Cofactors of f with respect to arbitrary generators, by division when it works.

    Division by a non-Groebner generating set may leave a remainder even for members of
    the ideal; then None is returned (the test is sufficient, not necessary).
    """
    q, r = f.div(gens)
    return None if r else q
