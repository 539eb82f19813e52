"""Gauge fixing for the rescaling symmetry of hidden units.

A hidden unit ``u`` of a network with a homogeneous activation (``sigma(a z) = a^k
sigma(z)``: linear, k = 1, or a monomial ``c z^k``) can be rescaled: multiply its
incoming weights (and bias) by ``a != 0`` and its outgoing weights by ``a^-k``, and the
network computes the same function. Kawaguchi (2016, section 2) and Achour et al. use
the larger ``GL(d)`` symmetry ``W_{l+1} A^-1, A W_l`` of deep linear networks; the
rescalings are its diagonal part, and the one shared with positively homogeneous
activations (Swirszcz et al. 2016, Remark 1). Because of them every critical point
with a live unit lies on a positive-dimensional family of critical points.

Soundness
---------
* **The symmetry is proved, not assumed.** The torus acts diagonally on monomials: the
  monomial ``theta^m`` is multiplied by ``a^w(m)`` with ``w(m) = sum_{incoming} m_i -
  k sum_{outgoing} m_j``. The loss is invariant for every ``a != 0`` exactly when every
  monomial of L has weight 0 (:func:`is_invariant`); a unit whose rescaling fails this
  test (an l2 penalty on its weights, a non-homogeneous activation) is not used.
* **Charts.** For each rescaled unit one parameter ``g_u`` among its incoming weights
  is the gauge coordinate. Chart ``c`` fixes ``g_u = 1`` for the units in ``c.gauged``
  and ``g_u = 0`` for the others, so there are ``2^m`` charts for ``m`` units. Every
  point ``theta`` has a rescaling into exactly one chart: the chart is fixed by which
  ``g_u`` vanish (the torus keeps zero and non-zero coordinates), and the factors
  ``a_u`` are found layer by layer from the first hidden layer up (``g_u`` has weight 1
  for its own unit and weight ``-k`` only for units of the layer below).
* **Criticality, value and kind are constant on orbits.** The rescaling is a linear
  isomorphism ``M_a`` with ``L(M_a theta) = L(theta)``, so ``grad L(M_a theta) =
  M_a^-T grad L(theta)`` and ``Hess L(M_a theta) = M_a^-T Hess L(theta) M_a^-1`` (the
  inertia is kept), and neighbourhoods map to neighbourhoods: global and local minima,
  strict and non-strict saddles and local maxima map to points of the same kind.
* **Completeness.** The critical points in chart ``c`` are ``V(grad L) ∩ {g = c}``; the
  gauge equations are added to the gradient, nothing is dropped. So the union over the
  charts of the orbits ``T_c . S`` (``T_c`` the rescalings of the gauged units, ``S`` a
  stratum in the chart) is the whole critical set, and ``T_c x S -> T_c . S`` is
  injective: the family has dimension ``dim S + |c.gauged|``.

The components of the whole critical set are cut by the charts, so each piece is
classified in up to ``m`` fewer dimensions; on the instances measured this describes the
critical set by orbits but is not faster (docs/engine.md, "Gauge fixing").
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from .spec import Problem

__all__ = ["Rescaling", "Chart", "Gauge", "candidate_rescalings", "is_invariant", "gauge_for", "MAX_GAUGED"]

#: At most this many units are gauged (2^MAX_GAUGED charts); further units keep their rescaling.
MAX_GAUGED = 6


@dataclass(frozen=True)
class Rescaling:
    """The rescaling of hidden unit ``unit`` of hidden layer ``layer`` (both 1-based).

    ``incoming`` parameters (indices in design.md 3.2 order) are multiplied by ``a``,
    ``outgoing`` ones by ``a^-degree``; ``gauge`` is the incoming parameter the charts
    normalise.

    Examples
    --------
    >>> r = Rescaling(1, 1, (0,), (1,), 1, 0)
    >>> r.weight((2, 2)), r.weight((1, 0))
    (0, 1)
    """

    layer: int
    unit: int
    incoming: tuple
    outgoing: tuple
    degree: int
    gauge: int

    def weight(self, monomial) -> int:
        """The exponent of ``a`` by which the rescaling multiplies ``theta^monomial``."""
        return (sum(monomial[i] for i in self.incoming)
                - self.degree * sum(monomial[j] for j in self.outgoing))

    def label(self) -> str:
        return f"layer {self.layer} unit {self.unit}"

    def json(self, names) -> dict:
        """The certificate form (docs/certificates.md, addition 13)."""
        return {"unit": self.label(), "incoming": list(self.incoming), "outgoing": list(self.outgoing),
                "degree": self.degree, "gauge": self.gauge,
                "names": {"incoming": [names[i] for i in self.incoming],
                          "outgoing": [names[j] for j in self.outgoing], "gauge": names[self.gauge]}}


def activation_degree(problem: Problem) -> int | None:
    """``k`` with ``sigma(a z) = a^k sigma(z)`` for every real a, or None.

    >>> from symlandscape.spec import parse_problem
    >>> p = parse_problem({"network": {"widths": [1, 1, 1], "activation": "polynomial", "coefficients": [0, 0, 3]},
    ...                    "data": {"inputs": [[1]], "targets": [[1]]}})
    >>> activation_degree(p)
    2
    """
    net = problem.network
    if net.activation == "linear":
        return 1
    if net.activation == "polynomial":
        nonzero = [k for k, c in enumerate(net.coefficients) if c != 0]
        if len(nonzero) == 1 and nonzero[0] >= 1:
            return nonzero[0]
    return None


def candidate_rescalings(problem: Problem) -> list[Rescaling]:
    """The rescalings the architecture suggests, one per hidden unit (not yet verified).

    >>> from symlandscape.spec import parse_problem
    >>> p = parse_problem({"network": {"widths": [2, 1, 1]}, "data": {"inputs": [[1, 2]], "targets": [[1]]}})
    >>> candidate_rescalings(p)
    [Rescaling(layer=1, unit=1, incoming=(0, 1), outgoing=(2,), degree=1, gauge=0)]
    """
    k = activation_degree(problem)
    if k is None or getattr(problem, "exp_neuron", None) is not None:
        return []
    names = problem.parameters
    index = {s: i for i, s in enumerate(names)}
    w, bias = problem.network.widths, problem.network.bias
    out = []
    for l in range(1, len(w) - 1):
        for u in range(1, w[l] + 1):
            inc = [index[f"W{l}[{u},{j}]"] for j in range(1, w[l - 1] + 1)]
            if bias:
                inc.append(index[f"b{l}[{u}]"])
            outw = [index[f"W{l + 1}[{i},{u}]"] for i in range(1, w[l + 1] + 1)]
            out.append(Rescaling(l, u, tuple(inc), tuple(outw), k, inc[0]))
    return out


def is_invariant(L, r: Rescaling) -> bool:
    """True when every monomial of the polynomial L has weight 0 under ``r``.

    >>> from sympy import QQ
    >>> from sympy.polys.rings import ring
    >>> R, x, y = ring("x,y", QQ)
    >>> r = Rescaling(1, 1, (0,), (1,), 1, 0)
    >>> is_invariant((x*y - 1)**2, r), is_invariant((x*y - 1)**2 + x**2, r)
    (True, False)
    """
    return all(r.weight(m) == 0 for m in L.monoms())


@dataclass(frozen=True)
class Chart:
    """``g_u = 1`` for the rescalings in ``gauged``, ``g_u = 0`` for those in ``dead``
    (indices into :attr:`Gauge.rescalings`)."""

    gauged: tuple
    dead: tuple

    def equations(self, gauge: "Gauge", theta) -> list:
        rs = gauge.rescalings
        return ([theta[rs[i].gauge] - 1 for i in self.gauged] + [theta[rs[i].gauge] for i in self.dead])


@dataclass
class Gauge:
    """The verified rescalings used as gauge, and their charts (generic chart first)."""

    rescalings: list
    charts: list
    notes: list

    def to_chart(self, theta) -> tuple:
        """``(chart, theta')``: the chart of the point ``theta`` and its rescaling into it.

        The factors are found unit by unit from the first hidden layer up (the rescalings
        are listed in that order): ``a_u = 1 / g_u`` where ``g_u != 0``.

        >>> g = Gauge([Rescaling(1, 1, (0,), (1,), 1, 0), Rescaling(2, 1, (1,), (2,), 1, 1)], [], [])
        >>> from fractions import Fraction
        >>> chart, point = g.to_chart([Fraction(2), Fraction(3), Fraction(1, 12)])
        >>> chart.gauged, [str(x) for x in point]
        ((0, 1), ['1', '1', '1/2'])
        """
        theta = list(theta)
        gauged, dead = [], []
        for i, r in enumerate(self.rescalings):
            g = theta[r.gauge]
            if g == 0:
                dead.append(i)
                continue
            gauged.append(i)
            a = 1 / g
            for j in r.incoming:
                theta[j] = theta[j] * a
            for j in r.outgoing:
                theta[j] = theta[j] / a ** r.degree
        return Chart(tuple(gauged), tuple(dead)), theta

    def orbit_json(self, chart: Chart, names) -> dict | None:
        """The ``orbit`` field of a certificate or report entry for a stratum of ``chart``."""
        if not chart.gauged:
            return None
        return {"rescalings": [self.rescalings[i].json(names) for i in chart.gauged],
                "dimension": len(chart.gauged)}


def gauge_for(model) -> Gauge:
    """The rescalings of ``model`` proved to leave L invariant, with their ``2^m`` charts.

    Examples
    --------
    >>> from symlandscape.spec import parse_problem
    >>> from symlandscape.loss import build_loss
    >>> p = parse_problem({"network": {"widths": [1, 1, 1]}, "data": {"inputs": [[1]], "targets": [[1]]}})
    >>> g = gauge_for(build_loss(p))
    >>> [r.label() for r in g.rescalings], [c.gauged for c in g.charts]
    (['layer 1 unit 1'], [(0,), ()])
    >>> q = parse_problem({"network": {"widths": [1, 1, 1]}, "l2": "1/10", "data": {"inputs": [[1]], "targets": [[1]]}})
    >>> gauge_for(build_loss(q)).notes
    ['the rescaling of layer 1 unit 1 does not leave the loss invariant (an l2 penalty on its weights?): not used']
    """
    notes = []
    rs = []
    for r in candidate_rescalings(model.problem):
        if is_invariant(model.L, r):
            rs.append(r)
        else:
            notes.append(f"the rescaling of {r.label()} does not leave the loss invariant (an l2 penalty on "
                         "its weights?): not used")
    if len(rs) > MAX_GAUGED:
        notes.append(f"{len(rs)} units have a rescaling symmetry; the first {MAX_GAUGED} are gauged "
                     f"({2 ** MAX_GAUGED} charts), the others are computed with their symmetry")
        rs = rs[:MAX_GAUGED]
    m = len(rs)
    charts = []
    for bits in product((1, 0), repeat=m):
        charts.append(Chart(tuple(i for i in range(m) if bits[i]), tuple(i for i in range(m) if not bits[i])))
    return Gauge(rs, charts, notes)
