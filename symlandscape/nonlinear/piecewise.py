"""ReLU-type networks: exact forward pass, activation patterns, certified local minima.

The loss of a network with ``h(x) = max(s+ x, 0) + min(s- x, 0)`` is piecewise
polynomial: on each closed activation region (fixed sign of every pre-activation on
every sample) it is a polynomial. Two sound arguments are implemented, both exact.

**Convex reparametrisation (one hidden layer, one output, no l2).** With
``u_j = v_j (w_j, b_j)`` the output on a region is ``sum_j s_ji u_j . x~_i + c``, so the
loss on the region is a convex quadratic ``Q_sigma(u, c)``. Near the point the region
maps into the polyhedral cone ``K_sigma`` given by the kink pairs (unit j, sample i with
``w_j . x_i + b_j = 0``): ``eps_ji u_j . x~_i >= 0`` with ``eps_ji = sign(v_j) sigma_ji``
(both signs of ``v_j`` are regions of their own when ``v_j = 0``). KKT multipliers
``mu >= 0`` with ``grad Q_sigma(u0, c0) = sum mu_ji eps_ji x~_i`` prove that ``(u0, c0)``
minimises ``Q_sigma`` on ``K_sigma``; over all regions this proves ``L >= L(point)`` on a
neighbourhood. Data on a kink (Swirszcz et al. 2016, Prop. 1 at x = 3) need every
adjacent region; minima on manifolds (their Remark 1) need nothing more.

**Dead layer (any depth, ReLU).** If every pre-activation of one hidden layer is strictly
negative on every sample, the output is locally constant across samples, so
``L >= scale * sum_i ||y_i - mean y||^2`` near the point (Swirszcz et al., Theorem 1).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction

from ..exact import format_rational as fr
from .activations import exact_act, slope

__all__ = ["unpack", "forward", "exact_loss", "kink_pairs", "PiecewiseVerdict", "convex_certificate",
           "dead_layer", "solve_nonneg", "path_regions", "path_certificate"]


def unpack(problem, theta):
    """Split a parameter list into ``[(W, b), ...]`` per layer (design.md 3.2 order)."""
    w, pos, layers = problem.network.widths, 0, []
    for l in range(1, len(w)):
        W = [list(theta[pos + i * w[l - 1]: pos + (i + 1) * w[l - 1]]) for i in range(w[l])]
        pos += w[l] * w[l - 1]
        if problem.network.bias:
            b = list(theta[pos: pos + w[l]])
            pos += w[l]
        else:
            b = [Fraction(0)] * w[l]
        layers.append((W, b))
    return layers


def forward(problem, theta, x):
    """Exact outputs and the pre-activations of every hidden layer at one input.

    >>> from symlandscape.spec import parse_problem
    >>> p = parse_problem({"network": {"widths": [1, 1, 1], "activation": "relu", "bias": True},
    ...                    "data": {"inputs": [[3]], "targets": [[0]]}})
    >>> forward(p, [Fraction(v) for v in (1, -3, 1, 0)], [Fraction(5)])
    ([Fraction(2, 1)], [[Fraction(2, 1)]])
    """
    sl = problem.network.slopes
    layers = unpack(problem, theta)
    a, pre = list(x), []
    for k, (W, b) in enumerate(layers):
        z = [sum((wij * aj for wij, aj in zip(row, a)), Fraction(0)) + bi for row, bi in zip(W, b)]
        if k < len(layers) - 1:
            pre.append(z)
            a = [exact_act(sl, zi) for zi in z]
        else:
            a = z
    return a, pre


def exact_loss(problem, theta) -> Fraction:
    """The exact loss of a ReLU-type problem at a rational point.

    >>> from symlandscape.spec import parse_problem
    >>> import json
    >>> p = parse_problem(json.load(open("examples/swirszcz_prop1.json")))
    >>> exact_loss(p, [Fraction(v) for v in (1, -3, 1, 0)])   # Swirszcz et al. 2016, Prop. 1
    Fraction(18, 1)
    """
    total = Fraction(0)
    for x, y in zip(problem.inputs, problem.targets):
        out, _ = forward(problem, theta, x)
        total += sum(((o - t) ** 2 for o, t in zip(out, y)), Fraction(0))
    total *= problem.loss.scale
    for t, lam in zip(theta, problem.l2_per_parameter()):
        total += lam / 2 * t * t
    return total


def kink_pairs(problem, theta) -> list[tuple[int, int]]:
    """(unit, sample) pairs of the first hidden layer with pre-activation exactly 0 (0-based)."""
    out = []
    for i, x in enumerate(problem.inputs):
        _, pre = forward(problem, theta, x)
        out += [(j, i) for j, z in enumerate(pre[0]) if z == 0]
    return sorted(out)


@dataclass
class PiecewiseVerdict:
    """A proof (or not) that a point is a local minimum of a piecewise loss."""

    local_min: bool | None
    reason: str
    hint: dict | None = None
    regions: int = 0
    kinks: list = field(default_factory=list)


def _independent(cols) -> bool:
    return _solve([list(c) for c in cols], [Fraction(0)] * len(cols[0]), check_rank=True) is not None


def _solve(cols, g, check_rank=False):
    """Exact solution of ``sum_k mu_k cols[k] = g`` with independent columns, or None."""
    m, n = len(g), len(cols)
    A = [[cols[k][r] for k in range(n)] + [g[r]] for r in range(m)]
    piv, row = [], 0
    for c in range(n):
        p = next((r for r in range(row, m) if A[r][c] != 0), None)
        if p is None:
            return None  # dependent columns
        A[row], A[p] = A[p], A[row]
        for r in range(m):
            if r != row and A[r][c] != 0:
                f = A[r][c] / A[row][c]
                A[r] = [a - f * b for a, b in zip(A[r], A[row])]
        piv.append(row)
        row += 1
    if check_rank:
        return True
    if any(A[r][n] != 0 for r in range(row, m)):
        return None
    return [A[piv[c]][n] / A[piv[c]][c] for c in range(n)]


def solve_nonneg(cols, g):
    """Exact ``mu >= 0`` with ``sum_k mu_k cols[k] = g``, or None (Caratheodory: try supports).

    >>> solve_nonneg([[1, 0], [0, 1], [1, 1]], [2, 3])
    [Fraction(2, 1), Fraction(3, 1), Fraction(0, 1)]
    >>> solve_nonneg([[1, 0]], [-1, 0]) is None
    True
    """
    cols = [[Fraction(v) for v in c] for c in cols]
    g = [Fraction(v) for v in g]
    if all(v == 0 for v in g):
        return [Fraction(0)] * len(cols)
    for size in range(1, min(len(cols), len(g)) + 1):
        for S in itertools.combinations(range(len(cols)), size):
            sol = _solve([cols[k] for k in S], g)
            if sol is not None and all(v >= 0 for v in sol):
                mu = [Fraction(0)] * len(cols)
                for k, v in zip(S, sol):
                    mu[k] = v
                return mu
    return None


def convex_certificate(problem, theta, max_regions: int = 4096) -> PiecewiseVerdict:
    """Decide local minimality at ``theta`` by the convex reparametrisation (module docstring).

    Needs one hidden layer, one output and no l2. Returns ``local_min`` True with the hint
    ``{"method": "convex_reparametrisation", "regions": [...]}``; False when a region
    fails KKT and every unit with a kink has ``v_j != 0`` (then the relaxation is exact);
    None (undecided) otherwise.

    >>> from symlandscape.spec import parse_problem
    >>> import json
    >>> p = parse_problem(json.load(open("examples/swirszcz_prop1.json")))
    >>> v = convex_certificate(p, [Fraction(v) for v in (1, -3, 1, 0)])   # Prop. 1: a kink at x = 3
    >>> v.local_min, v.regions, v.kinks
    (True, 2, [(0, 2)])
    """
    net = problem.network
    w = net.widths
    if len(w) != 3 or w[2] != 1:
        return PiecewiseVerdict(None, "the convex reparametrisation needs one hidden layer and one output")
    if any(x != 0 for x in problem.l2_per_parameter()):
        return PiecewiseVerdict(None, "the convex reparametrisation needs l2 = 0")
    d, h, bias = w[0], w[1], net.bias
    (W1, b1), (W2, b2) = unpack(problem, theta)
    v = W2[0]
    xt = [list(x) + ([Fraction(1)] if bias else []) for x in problem.inputs]
    pre, res = [], []
    for x, y in zip(problem.inputs, problem.targets):
        out, z = forward(problem, theta, x)
        pre.append(z[0])
        res.append(out[0] - y[0])
    kinks = kink_pairs(problem, theta)
    zero_units = sorted({j for j, _ in kinks if v[j] == 0})
    nreg = 2 ** (len(kinks) + len(zero_units))
    if nreg > max_regions:
        return PiecewiseVerdict(None, f"{nreg} adjacent regions (more than {max_regions})", kinks=kinks)
    two_s = 2 * problem.loss.scale
    if bias and sum(res) != 0:
        return PiecewiseVerdict(False, "dL/d(output bias) != 0", kinks=kinks)
    regions = []
    dim = len(xt[0])
    for signs in itertools.product((1, -1), repeat=len(kinks) + len(zero_units)):
        sigma, tau = signs[:len(kinks)], dict(zip(zero_units, signs[len(kinks):]))
        ks = dict(zip(kinks, sigma))
        cols, g = [], []
        for j in range(h):
            gj = [Fraction(0)] * dim
            for i in range(len(xt)):
                s = slope(net.slopes, ks[(j, i)] if (j, i) in ks else pre[i][j])
                for k in range(dim):
                    gj[k] += two_s * res[i] * s * xt[i][k]
            g += gj
        for (j, i), sg in zip(kinks, sigma):
            eps = (1 if v[j] > 0 else -1 if v[j] < 0 else tau[j]) * sg
            col = [Fraction(0)] * (h * dim)
            for k in range(dim):
                col[j * dim + k] = eps * xt[i][k]
            cols.append(col)
        mu = solve_nonneg(cols, g) if cols else ([] if all(x == 0 for x in g) else None)
        label = {"kinks": list(sigma), "units": [tau[j] for j in zero_units]}
        if mu is None:
            exact = not zero_units
            why = (f"KKT fails on the region with kink signs {list(sigma)}"
                   + (f", unit signs {[tau[j] for j in zero_units]}" if zero_units else ""))
            return PiecewiseVerdict(False if exact else None,
                                    why + ("" if exact else " (relaxation not exact: v_j = 0 at a kink unit)"),
                                    kinks=kinks)
        regions.append({"signs": label, "multipliers": [fr(m) for m in mu]})
    hint = {"method": "convex_reparametrisation",
            "kinks": [[j + 1, i + 1] for j, i in kinks],
            "zero_units": [j + 1 for j in zero_units],
            "regions": regions}
    why = (f"local minimum: on each of the {nreg} adjacent activation region(s) the loss is a convex "
           f"quadratic in u_j = v_j (w_j, b_j) minimised at the point (exact KKT multipliers)")
    return PiecewiseVerdict(True, why, hint, nreg, kinks)


def dead_layer(problem, theta) -> PiecewiseVerdict:
    """A dead hidden layer (every pre-activation < 0 on every sample, ReLU): a local minimum
    iff the constant output is the mean target (Swirszcz et al. 2016, Theorem 1).

    >>> from symlandscape.spec import parse_problem
    >>> import json
    >>> p = parse_problem(json.load(open("examples/swirszcz_dead_layer.json")))
    >>> dead_layer(p, [Fraction(v) for v in "1 1 1 -100 -100 -100 1 1 1 1 1 1 1 1 1 1 -7/5".split()]).hint
    {'method': 'dead_layer', 'layer': 1}
    """
    if problem.network.slopes[1] != 0:
        return PiecewiseVerdict(None, "a dead layer needs s- = 0 (ReLU)")
    if any(x != 0 for x in problem.l2_per_parameter()):
        return PiecewiseVerdict(None, "the dead-layer argument needs l2 = 0")
    pres = [forward(problem, theta, x)[1] for x in problem.inputs]
    for k in range(len(problem.network.widths) - 2):
        if all(z < 0 for pre in pres for z in pre[k]):
            outs = [forward(problem, theta, x)[0] for x in problem.inputs]
            m = len(problem.targets)
            mean = [sum((y[c] for y in problem.targets), Fraction(0)) / m for c in range(len(problem.targets[0]))]
            if outs[0] != mean:
                return PiecewiseVerdict(False, f"layer {k + 1} is dead but the constant output is not the mean "
                                               "target (the output bias can move towards it)")
            return PiecewiseVerdict(True, f"hidden layer {k + 1} is dead on every sample (all pre-activations "
                                          "< 0) and the constant output is the mean target: a local minimum with "
                                          "L = scale * sum ||y_i - mean y||^2", {"method": "dead_layer", "layer": k + 1})
    return PiecewiseVerdict(None, "no dead layer")


def _path_setup(problem, theta):
    """Shared data of the path reparametrisation (two hidden layers, one output)."""
    net = problem.network
    bias = net.bias
    (W1, b1), (W2, b2), (W3, _) = unpack(problem, theta)
    v = W3[0]
    h1, h2 = len(W1), len(W2)
    xt = [list(x) + ([Fraction(1)] if bias else []) for x in problem.inputs]
    pre1, pre2, res = [], [], []
    for x, y in zip(problem.inputs, problem.targets):
        out, z = forward(problem, theta, x)
        pre1.append(z[0])
        pre2.append(z[1])
        res.append(out[0] - y[0])
    k1 = sorted((1, j, i) for i in range(len(xt)) for j in range(h1) if pre1[i][j] == 0)
    k2 = sorted((2, k, i) for i in range(len(xt)) for k in range(h2) if pre2[i][k] == 0)
    return W2, v, h1, h2, xt, pre1, pre2, res, k1 + k2


def path_regions(problem, theta, signs):
    """For one adjacent region (a sign per kink): the gradient of Q and the constraint normals.

    Variables ``phi = (U[k][j] (d0 + 1 each, k-major), beta_k, c)`` with
    ``U[k][j] = v_k W2[k,j] (W1[j], b1[j])`` and ``beta_k = v_k b2[k]`` (without biases: no
    ``beta``/``c``, ``U`` has d0 entries). On the region the output is linear in phi.
    """
    W2, v, h1, h2, xt, pre1, pre2, res, kinks = _path_setup(problem, theta)
    sl, bias, dim = problem.network.slopes, problem.network.bias, len(xt[0])
    side = dict(zip(kinks, signs))
    m = len(xt)

    def s1(j, i):
        return slope(sl, side[(1, j, i)] if (1, j, i) in side else pre1[i][j])

    def s2(k, i):
        return slope(sl, side[(2, k, i)] if (2, k, i) in side else pre2[i][k])
    nU = h2 * h1 * dim
    nvar = nU + (h2 + 1 if bias else 0)
    two_s = 2 * problem.loss.scale
    g = [Fraction(0)] * nvar
    for i in range(m):
        for k in range(h2):
            for j in range(h1):
                f = two_s * res[i] * s2(k, i) * s1(j, i)
                for a in range(dim):
                    g[(k * h1 + j) * dim + a] += f * xt[i][a]
            if bias:
                g[nU + k] += two_s * res[i] * s2(k, i)
        if bias:
            g[nU + h2] += two_s * res[i]
    cols, labels = [], []
    for (layer, u, i), sg in zip(kinks, signs):
        if layer == 1:
            for k in range(h2):
                f = v[k] * W2[k][u]
                if f != 0:
                    col = [Fraction(0)] * nvar
                    for a in range(dim):
                        col[(k * h1 + u) * dim + a] = (1 if f > 0 else -1) * sg * xt[i][a]
                    cols.append(col)
                    labels.append([1, u + 1, i + 1, k + 1])
        elif v[u] != 0:
            e = (1 if v[u] > 0 else -1) * sg
            col = [Fraction(0)] * nvar
            for j in range(h1):
                for a in range(dim):
                    col[(u * h1 + j) * dim + a] = e * s1(j, i) * xt[i][a]
            if bias:
                col[nU + u] = Fraction(e)
            cols.append(col)
            labels.append([2, u + 1, i + 1, 0])
    return g, cols, labels, kinks


def path_certificate(problem, theta, max_regions: int = 1024) -> PiecewiseVerdict:
    """Two hidden layers, one output, no l2: KKT per adjacent region in the path variables.

    On an activation region the output is ``sum_{k,j} s2_ki s1_ji U_kj . x~_i + sum_k s2_ki
    beta_k + c`` (path products ``U_kj = v_k W2[k,j] (w1_j, b1_j)``, ``beta_k = v_k b2_k``), so
    the loss is a convex quadratic Q in phi. Each kink of layer 1, seen through a path with
    ``v_k W2[k,j] != 0``, and each kink of layer 2 with ``v_k != 0`` gives a homogeneous linear
    constraint that every point of the region near theta satisfies (kinks seen by no such
    path are left unconstrained: a larger set, still a valid bound). Exact KKT multipliers
    prove ``L >= L(theta)`` on the region; over all adjacent regions, a local minimum.
    Failure proves nothing (``None``).

    >>> from symlandscape.spec import parse_problem
    >>> p = parse_problem({"network": {"widths": [1, 1, 1, 1], "activation": "relu", "bias": True},
    ...                    "data": {"inputs": [["5"], ["4"], ["3"], ["1"], ["-1"]],
    ...                             "targets": [["2"], ["1"], ["0"], ["-3"], ["3"]]}})
    >>> v = path_certificate(p, [Fraction(v) for v in (1, -3, 1, 0, 1, 0)])   # Prop. 1 with an extra layer
    >>> v.local_min, v.regions, v.kinks      # (layer, unit, sample), 0-based: x = 3 on both layers' kinks
    (True, 16, [(1, 0, 2), (2, 0, 2), (2, 0, 3), (2, 0, 4)])
    """
    w = problem.network.widths
    if len(w) != 4 or w[3] != 1:
        return PiecewiseVerdict(None, "the path reparametrisation is implemented for two hidden layers, one output")
    if any(x != 0 for x in problem.l2_per_parameter()):
        return PiecewiseVerdict(None, "the path reparametrisation needs l2 = 0")
    kinks = _path_setup(problem, theta)[-1]
    nreg = 2 ** len(kinks)
    if nreg > max_regions:
        return PiecewiseVerdict(None, f"{nreg} adjacent regions (more than {max_regions})")
    regions = []
    for signs in itertools.product((1, -1), repeat=len(kinks)):
        g, cols, _, _ = path_regions(problem, theta, signs)
        mu = solve_nonneg(cols, g) if cols else ([] if all(x == 0 for x in g) else None)
        if mu is None:
            return PiecewiseVerdict(None, f"path KKT fails on the region with kink signs {list(signs)} (the "
                                    "relaxation is not exact for deep networks: undecided)")
        regions.append({"signs": list(signs), "multipliers": [fr(m) for m in mu]})
    hint = {"method": "path_reparametrisation", "kinks": [[l, u + 1, i + 1] for l, u, i in kinks],
            "regions": regions}
    return PiecewiseVerdict(True, f"local minimum: on each of the {nreg} adjacent activation region(s) the loss "
                            "is a convex quadratic in the path products v_k W2[k,j] (w1_j, b1_j), v_k b2_k, c, "
                            "minimised at the point (exact KKT multipliers)", hint, nreg, kinks)
