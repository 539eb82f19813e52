"""The ``orbit`` field of a certificate (docs/certificates.md, addition 13).

A point or stratum certificate with an ``orbit`` claims its verdict for every rescaling
of its points: for each listed rescaling and every real ``a != 0``, the ``incoming``
parameters are multiplied by ``a`` and the ``outgoing`` ones by ``a^-degree``. The
checker proves that the loss is invariant, which holds exactly when every monomial of
L has weight ``sum_{incoming} m_i - degree * sum_{outgoing} m_j = 0``. An invariant
linear isomorphism maps critical points to critical points with the same value,
transforms the Hessian by congruence and neighbourhoods to neighbourhoods, so every
kind (global or local minimum, strict or non-strict saddle, local maximum) is kept.
"""

from __future__ import annotations

from .base import CheckError, need_int, need_list, need_obj, show

__all__ = ["check_orbit"]

_RESCALING = ("unit", "incoming", "outgoing", "degree")


def _indices(value, where: str, n: int) -> list[int]:
    items = need_list(value, where, nonempty=True, limit=n)
    out = [need_int(i, f"{where}[{k}]", 0, n - 1) for k, i in enumerate(items)]
    if len(set(out)) != len(out):
        raise CheckError(f"{where}: a parameter is listed twice")
    return out


def check_orbit(orbit, loss, names: list[str]) -> str:
    """Prove that every listed rescaling leaves ``loss`` (a checker ``Poly``) invariant.

    Returns the sentence that extends the verdict to the orbit; raises CheckError when a
    rescaling is malformed or changes a monomial of L.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from symlandscape.checker.polys import Poly
    >>> x, y = Poly.var(2, 0), Poly.var(2, 1)
    >>> L = (x * y - 1) ** 2
    >>> r = {"unit": "layer 1 unit 1", "incoming": [0], "outgoing": [1], "degree": 1}
    >>> check_orbit({"rescalings": [r]}, L, ["w1", "w2"])
    'the verdict holds at every rescaling of these points by layer 1 unit 1 (L invariant: each of its 3 monomials has weight 0)'
    >>> check_orbit({"rescalings": [r]}, L + x * x, ["w1", "w2"])
    Traceback (most recent call last):
    ...
    symlandscape.checker.base.CheckError: orbit.rescalings[0]: the monomial w1^2 of L has weight 2, not 0: the rescaling does not leave L invariant
    """
    obj = need_obj(orbit, "orbit", ("rescalings",), ("rescalings",))
    n = len(names)
    units = []
    for k, r in enumerate(need_list(obj["rescalings"], "orbit.rescalings", nonempty=True, limit=n)):
        where = f"orbit.rescalings[{k}]"
        r = need_obj(r, where, _RESCALING, _RESCALING)
        if not isinstance(r["unit"], str):
            raise CheckError(f"{where}.unit: expected a text label, got {show(r['unit'])}")
        inc = _indices(r["incoming"], where + ".incoming", n)
        out = _indices(r["outgoing"], where + ".outgoing", n)
        if set(inc) & set(out):
            raise CheckError(f"{where}: a parameter is both incoming and outgoing")
        deg = need_int(r["degree"], where + ".degree", 1, 64)
        for mono in loss.terms:
            w = sum(mono[i] for i in inc) - deg * sum(mono[j] for j in out)
            if w:
                text = "*".join(f"{names[i]}^{e}" if e > 1 else names[i] for i, e in enumerate(mono) if e) or "1"
                raise CheckError(f"{where}: the monomial {text} of L has weight {w}, not 0: the rescaling does not "
                                 "leave L invariant")
        units.append(r["unit"])
    return (f"the verdict holds at every rescaling of these points by {', '.join(units)} "
            f"(L invariant: each of its {len(loss.terms)} monomials has weight 0)")
