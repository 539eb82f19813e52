"""Nonlinear certificates (docs/certificates.md, "Nonlinear certificates"): standard library only.

* ReLU-type networks (``relu``, ``leaky_relu`` with slopes ``[s+, s-]``): point claims of kind
  ``local_min`` / ``global_min`` at points that may sit on kinks, proved per adjacent
  activation region by the convex reparametrisation ``u_j = v_j (w_j, b_j)`` with exact KKT
  multipliers, or by a dead layer (Swirszcz et al. 2016, Theorem 1).
* Smooth networks (``sigmoid``, ``tanh``, ``bent_identity``): box claims, proved by a
  Krawczyk test and interval positive definiteness of the Hessian, with this module's own
  interval arithmetic over Fractions (outward rounding to multiples of 2^-PREC; exp by
  argument halving, Taylor series with an explicit remainder bound, and squaring).
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from math import isqrt

from .base import MAX_PARAMS, CheckError, LimitError, fmt, need_list, need_obj, parse_rational, short, show
from .problem import _loss_and_data, parameter_names

__all__ = ["NONLINEAR", "I", "exp_enclosure", "check_nonlinear", "relu_forward"]

PIECEWISE = ("relu", "leaky_relu")
SMOOTH = ("sigmoid", "tanh", "bent_identity")
NONLINEAR = PIECEWISE + SMOOTH
PREC = 256
MAX_REGIONS = 4096
MAX_EXP_ARG = 2 ** 20


# --- problem ----------------------------------------------------------------------------------

class NLProblem:
    """The checker's copy of a nonlinear problem."""

    def __init__(self, widths, activation, slopes, bias, scale, l2, inputs, targets):
        self.widths, self.activation, self.slopes, self.bias = widths, activation, slopes, bias
        self.scale, self.l2, self.inputs, self.targets = scale, l2, inputs, targets
        self.names = parameter_names(widths, bias)
        self.n = len(self.names)

    def l2_per_parameter(self):
        out = []
        for l in range(1, len(self.widths)):
            out += [x for row in self.l2[l - 1] for x in row] + [Fraction(0)] * (self.widths[l] * self.bias)
        return out

    def layers(self, theta, zero=Fraction(0)):
        w, pos, out = self.widths, 0, []
        for l in range(1, len(w)):
            W = [theta[pos + i * w[l - 1]: pos + (i + 1) * w[l - 1]] for i in range(w[l])]
            pos += w[l] * w[l - 1]
            b = theta[pos: pos + w[l]] if self.bias else [zero] * w[l]
            pos += w[l] if self.bias else 0
            out.append((W, b))
        return out


def parse_nl_problem(obj) -> NLProblem:
    """Read a problem with a nonlinear activation."""
    obj = need_obj(obj, "problem", ("name", "description", "network", "loss", "l2", "data"), ("network", "loss", "data"))
    net = need_obj(obj["network"], "problem.network", ("widths", "activation", "bias", "slopes"),
                   ("widths", "activation", "bias"))
    widths = need_list(net["widths"], "problem.network.widths", limit=MAX_PARAMS + 1)
    if len(widths) < 3:
        raise CheckError("problem.network.widths: a nonlinear network needs a hidden layer")
    for i, w in enumerate(widths):
        if isinstance(w, bool) or not isinstance(w, int) or not 1 <= w <= MAX_PARAMS:
            raise CheckError(f"problem.network.widths[{i}]: expected a positive integer, got {show(w)}")
    widths, bias, act = tuple(widths), net["bias"], net["activation"]
    if not isinstance(bias, bool):
        raise CheckError("problem.network.bias: expected true or false")
    if sum(widths[l] * (widths[l - 1] + bias) for l in range(1, len(widths))) > MAX_PARAMS:
        raise LimitError(f"more than {MAX_PARAMS} parameters")
    slopes = ()
    if act == "relu":
        if "slopes" in net:
            raise CheckError('problem.network.slopes: not for "relu"')
        slopes = (Fraction(1), Fraction(0))
    elif act == "leaky_relu":
        raw = need_list(net.get("slopes"), "problem.network.slopes", 2)
        slopes = tuple(parse_rational(s, f"problem.network.slopes[{k}]") for k, s in enumerate(raw))
    elif "slopes" in net:
        raise CheckError(f"problem.network.slopes: not for {show(act)}")
    scale, l2, inputs, targets = _loss_and_data(obj, widths)
    return NLProblem(widths, act, slopes, bias, scale, l2, inputs, targets)


# --- ReLU-type: exact ---------------------------------------------------------------------------

def relu_forward(p: NLProblem, theta, x):
    """Exact (outputs, pre-activations of every hidden layer) at one input."""
    a, pre, layers = list(x), [], p.layers(theta)
    for k, (W, b) in enumerate(layers):
        z = [sum((wij * aj for wij, aj in zip(row, a)), Fraction(0)) + bi for row, bi in zip(W, b)]
        if k < len(layers) - 1:
            pre.append(z)
            a = [p.slopes[0] * zi if zi > 0 else p.slopes[1] * zi for zi in z]
        else:
            a = z
    return a, pre


def relu_loss(p: NLProblem, theta) -> Fraction:
    total = sum((sum(((o - t) ** 2 for o, t in zip(relu_forward(p, theta, x)[0], y)), Fraction(0))
                 for x, y in zip(p.inputs, p.targets)), Fraction(0)) * p.scale
    return total + sum((lam / 2 * t * t for t, lam in zip(theta, p.l2_per_parameter())), Fraction(0))


def _rats(value, where, n):
    return [parse_rational(v, f"{where}[{i}]") for i, v in enumerate(need_list(value, where, n))]


def _no_l2(p: NLProblem, what: str):
    if any(x != 0 for x in p.l2_per_parameter()):
        raise CheckError(f"{what}: needs l2 = 0")


def _convex(p: NLProblem, theta, hint) -> str:
    """Every adjacent activation region: KKT for the convex quadratic in u_j = v_j (w_j, b_j)."""
    need_obj(hint, "hints.piecewise", ("method", "kinks", "zero_units", "regions"), ("regions",))
    w = p.widths
    if len(w) != 3 or w[2] != 1:
        raise CheckError("hints.piecewise: convex_reparametrisation needs one hidden layer and one output")
    _no_l2(p, "hints.piecewise")
    h = w[1]
    v = p.layers(theta)[1][0][0]
    xt = [list(x) + [Fraction(1)] * p.bias for x in p.inputs]
    dim = len(xt[0])
    pre, res = [], []
    for x, y in zip(p.inputs, p.targets):
        out, z = relu_forward(p, theta, x)
        pre.append(z[0])
        res.append(out[0] - y[0])
    kinks = sorted((j, i) for i in range(len(xt)) for j in range(h) if pre[i][j] == 0)
    zero_units = sorted({j for j, _ in kinks if v[j] == 0})
    nreg = 2 ** (len(kinks) + len(zero_units))
    if nreg > MAX_REGIONS:
        raise LimitError(f"{nreg} adjacent regions, more than {MAX_REGIONS}")
    if p.bias and sum(res) != 0:
        raise CheckError("claim.point: dL/d(output bias) = 2 scale sum of residuals != 0")
    regions = need_list(hint["regions"], "hints.piecewise.regions", nreg)
    seen = {}
    for r, reg in enumerate(regions):
        where = f"hints.piecewise.regions[{r}]"
        reg = need_obj(reg, where, ("signs", "multipliers"), ("signs", "multipliers"))
        signs = need_obj(reg["signs"], where + ".signs", ("kinks", "units"), ("kinks", "units"))
        sig = need_list(signs["kinks"], where + ".signs.kinks", len(kinks))
        tau = need_list(signs["units"], where + ".signs.units", len(zero_units))
        if any(s not in (1, -1) or isinstance(s, bool) for s in sig + tau):
            raise CheckError(f"{where}.signs: every sign must be 1 or -1")
        seen[tuple(sig + tau)] = reg
    for combo in itertools.product((1, -1), repeat=len(kinks) + len(zero_units)):
        if combo not in seen:
            raise CheckError(f"hints.piecewise.regions: the adjacent region with signs {list(combo)} is missing")
    for combo, reg in seen.items():
        sigma, tau = dict(zip(kinks, combo[:len(kinks)])), dict(zip(zero_units, combo[len(kinks):]))
        mu = _rats(reg["multipliers"], "hints.piecewise.regions[].multipliers", len(kinks))
        if any(m < 0 for m in mu):
            raise CheckError(f"region {list(combo)}: a KKT multiplier is negative")
        rhs = [Fraction(0)] * (h * dim)
        for (j, i), m in zip(kinks, mu):
            eps = (1 if v[j] > 0 else -1 if v[j] < 0 else tau[j]) * sigma[(j, i)]
            for k in range(dim):
                rhs[j * dim + k] += m * eps * xt[i][k]
        for j in range(h):
            for k in range(dim):
                g = sum((2 * p.scale * res[i] * xt[i][k]
                         * (p.slopes[0] if (sigma.get((j, i), 0) > 0 or ((j, i) not in sigma and pre[i][j] > 0))
                            else p.slopes[1]) for i in range(len(xt))), Fraction(0))
                if g != rhs[j * dim + k]:
                    raise CheckError(f"region {list(combo)}: KKT fails: dQ/du[{j + 1},{k + 1}] = {fmt(g)}, "
                                     f"multipliers give {fmt(rhs[j * dim + k])}")
    return f"local minimum on all {nreg} adjacent activation region(s) ({len(kinks)} kink pair(s), convex KKT)"


def _path(p: NLProblem, theta, hint) -> str:
    """Two hidden layers: KKT per adjacent region for the convex quadratic in the path products."""
    need_obj(hint, "hints.piecewise", ("method", "kinks", "regions"), ("regions",))
    w = p.widths
    if len(w) != 4 or w[3] != 1:
        raise CheckError("hints.piecewise: path_reparametrisation needs two hidden layers and one output")
    _no_l2(p, "hints.piecewise")
    (W1, b1), (W2, b2), (W3, _) = p.layers(theta)
    v, h1, h2 = W3[0], w[1], w[2]
    xt = [list(x) + [Fraction(1)] * p.bias for x in p.inputs]
    dim, m = len(xt[0]), len(xt)
    pre1, pre2, res = [], [], []
    for x, y in zip(p.inputs, p.targets):
        out, z = relu_forward(p, theta, x)
        pre1.append(z[0])
        pre2.append(z[1])
        res.append(out[0] - y[0])
    kinks = sorted([(1, j, i) for i in range(m) for j in range(h1) if pre1[i][j] == 0]
                   + [(2, k, i) for i in range(m) for k in range(h2) if pre2[i][k] == 0])
    nreg = 2 ** len(kinks)
    if nreg > MAX_REGIONS:
        raise LimitError(f"{nreg} adjacent regions, more than {MAX_REGIONS}")
    regions = need_list(hint["regions"], "hints.piecewise.regions", nreg)
    seen = {}
    for r, reg in enumerate(regions):
        where = f"hints.piecewise.regions[{r}]"
        reg = need_obj(reg, where, ("signs", "multipliers"), ("signs", "multipliers"))
        sig = need_list(reg["signs"], where + ".signs", len(kinks))
        if any(s not in (1, -1) or isinstance(s, bool) for s in sig):
            raise CheckError(f"{where}.signs: every sign must be 1 or -1")
        seen[tuple(sig)] = reg["multipliers"]
    nU = h2 * h1 * dim
    nvar = nU + (h2 + 1) * p.bias
    two_s = 2 * p.scale
    for combo in itertools.product((1, -1), repeat=len(kinks)):
        if combo not in seen:
            raise CheckError(f"hints.piecewise.regions: the adjacent region with signs {list(combo)} is missing")
        side = dict(zip(kinks, combo))

        def sl(layer, u, i, z):
            s = side.get((layer, u, i), z)
            return p.slopes[0] if s > 0 else p.slopes[1]
        s1 = [[sl(1, j, i, pre1[i][j]) for j in range(h1)] for i in range(m)]
        s2 = [[sl(2, k, i, pre2[i][k]) for k in range(h2)] for i in range(m)]
        g = [Fraction(0)] * nvar
        for i in range(m):
            for k in range(h2):
                for j in range(h1):
                    f = two_s * res[i] * s2[i][k] * s1[i][j]
                    for a in range(dim):
                        g[(k * h1 + j) * dim + a] += f * xt[i][a]
                if p.bias:
                    g[nU + k] += two_s * res[i] * s2[i][k]
            if p.bias:
                g[nU + h2] += two_s * res[i]
        cols = []
        for (layer, u, i), sg in zip(kinks, combo):
            if layer == 1:
                for k in range(h2):
                    f = v[k] * W2[k][u]
                    if f != 0:
                        col = [Fraction(0)] * nvar
                        for a in range(dim):
                            col[(k * h1 + u) * dim + a] = (1 if f > 0 else -1) * sg * xt[i][a]
                        cols.append(col)
            elif v[u] != 0:
                e = (1 if v[u] > 0 else -1) * sg
                col = [Fraction(0)] * nvar
                for j in range(h1):
                    for a in range(dim):
                        col[(u * h1 + j) * dim + a] = e * s1[i][j] * xt[i][a]
                if p.bias:
                    col[nU + u] = Fraction(e)
                cols.append(col)
        mu = _rats(seen[combo], "hints.piecewise.regions[].multipliers", len(cols))
        if any(x < 0 for x in mu):
            raise CheckError(f"region {list(combo)}: a KKT multiplier is negative")
        for t in range(nvar):
            rhs = sum((mk * col[t] for mk, col in zip(mu, cols)), Fraction(0))
            if rhs != g[t]:
                raise CheckError(f"region {list(combo)}: KKT fails in path variable {t + 1}: dQ = {fmt(g[t])}, "
                                 f"multipliers give {fmt(rhs)}")
    return (f"local minimum on all {nreg} adjacent activation region(s) ({len(kinks)} kink(s), convex KKT in the "
            "path products)")


def _dead(p: NLProblem, theta, value, hint) -> str:
    need_obj(hint, "hints.piecewise", ("method", "layer"), ("layer",))
    k = hint["layer"]
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= len(p.widths) - 2:
        raise CheckError("hints.piecewise.layer: expected a hidden layer number")
    if p.slopes[1] != 0:
        raise CheckError("hints.piecewise: dead_layer needs s- = 0 (ReLU)")
    _no_l2(p, "hints.piecewise")
    for i, x in enumerate(p.inputs):
        if any(z >= 0 for z in relu_forward(p, theta, x)[1][k - 1]):
            raise CheckError(f"hints.piecewise: layer {k} is not dead on sample {i + 1} (a pre-activation >= 0)")
    m = len(p.targets)
    mean = [sum((y[c] for y in p.targets), Fraction(0)) / m for c in range(p.widths[-1])]
    best = p.scale * sum((sum(((a - b) ** 2 for a, b in zip(y, mean)), Fraction(0)) for y in p.targets), Fraction(0))
    if value != best:
        raise CheckError(f"claim.value: {fmt(value)} is not scale * sum ||y_i - mean y||^2 = {fmt(best)}")
    return f"hidden layer {k} dead on every sample: the output is locally constant, L >= {fmt(best)}"


def _padd(a, b):
    n = max(len(a), len(b))
    return [(a[k] if k < len(a) else 0) + (b[k] if k < len(b) else 0) for k in range(n)]


def _pmul(a, b):
    out = [Fraction(0)] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] += x * y
    return out


def ray(p: NLProblem, theta, d) -> list:
    """Coefficients of L(theta + t d) for 0 < t < eps: every pre-activation is a polynomial in t,
    and s+ or s- multiplies it by the sign of its lowest nonzero coefficient."""
    th = [[a, b] for a, b in zip(theta, d)]
    total = [Fraction(0)]
    layers = p.layers(th, [Fraction(0)])
    for x, y in zip(p.inputs, p.targets):
        a = [[v] for v in x]
        for k, (W, b) in enumerate(layers):
            z = []
            for row, bi in zip(W, b):
                s = bi
                for wij, aj in zip(row, a):
                    s = _padd(s, _pmul(wij, aj))
                z.append(s)
            if k < len(layers) - 1:
                a = []
                for zi in z:
                    lead = next((c for c in zi if c != 0), 0)
                    a.append([(p.slopes[0] if lead > 0 else p.slopes[1]) * c for c in zi])
            else:
                a = z
        for ai, yi in zip(a, y):
            r = _padd(ai, [-yi])
            total = _padd(total, _pmul(r, r))
    total = [c * p.scale for c in total]
    for t, lam in zip(th, p.l2_per_parameter()):
        total = _padd(total, [c * lam / 2 for c in _pmul(t, t)])
    return total + [Fraction(0)] * 3


def _ray_change(p, theta, d, where):
    if not any(x != 0 for x in d):
        raise CheckError(f"{where}: the zero vector")
    c = ray(p, theta, d)
    return next(((k, x) for k, x in enumerate(c) if k > 0 and x != 0), (0, Fraction(0)))


def _relu_saddle(p: NLProblem, theta, kind, hints) -> str:
    if kind == "not_local_min":
        d = _rats(hints.get("descent_ray"), "hints.descent_ray", p.n)
        k, c = _ray_change(p, theta, d, "hints.descent_ray")
        if not c < 0:
            raise CheckError("hints.descent_ray: L does not decrease along the ray "
                             f"(lowest change {fmt(c)} t^{k})")
        return f"L(point + t d) - L(point) = {fmt(c)} t^{k} + O(t^{k + 1}) < 0 for small t > 0"
    for i, x in enumerate(p.inputs):
        if any(z == 0 for layer in relu_forward(p, theta, x)[1] for z in layer):
            raise CheckError(f"claim.point: a hidden pre-activation is 0 on sample {i + 1} (a kink): strict_saddle "
                             "needs a differentiable point; use not_local_min")
    for k in range(p.n):
        g = ray(p, theta, [Fraction(int(i == k)) for i in range(p.n)])[1]
        if g != 0:
            raise CheckError(f"claim.point: not critical: dL/d{p.names[k]} = {fmt(g)}")
    out = []
    for key, sign in (("negative_direction", -1), ("positive_direction", 1)):
        d = _rats(hints.get(key), f"hints.{key}", p.n)
        if not any(x != 0 for x in d):
            raise CheckError(f"hints.{key}: the zero vector")
        q = ray(p, theta, d)[2]
        if not sign * q > 0:
            raise CheckError(f"hints.{key}: d^T H d / 2 = {fmt(q)} has the wrong sign")
        out.append(fmt(2 * q))
    return f"differentiable point, gradient 0, d^T H d = {out[0]} < 0 and {out[1]} > 0"


def _piecewise_point(p: NLProblem, claim, hints) -> str:
    kind = claim["kind"]
    theta = _rats(claim["point"], "claim.point", p.n)
    value = parse_rational(claim["value"], "claim.value")
    actual = relu_loss(p, theta)
    if actual != value:
        raise CheckError(f"claim.value: L(point) = {fmt(actual)}, not {fmt(value)}")
    if kind == "global_min":
        lb = need_obj(hints.get("lower_bound"), "hints.lower_bound", ("method",), ("method",))
        if lb["method"] != "nonnegative" or value != 0 or any(x < 0 for x in p.l2_per_parameter()):
            raise CheckError("hints.lower_bound: only 'nonnegative' with value 0 is supported for ReLU-type losses")
        detail = "L >= 0 = L(point)"
    elif kind == "local_min":
        hint = need_obj(hints.get("piecewise"), "hints.piecewise", ("method", "kinks", "zero_units", "regions",
                                                                     "layer"), ("method",))
        if hint["method"] == "convex_reparametrisation":
            detail = _convex(p, theta, hint)
        elif hint["method"] == "dead_layer":
            detail = _dead(p, theta, value, hint)
        elif hint["method"] == "path_reparametrisation":
            detail = _path(p, theta, hint)
        else:
            raise CheckError(f"hints.piecewise.method: {show(hint['method'])} is not convex_reparametrisation, "
                             "path_reparametrisation or dead_layer")
        better = relu_loss(p, _rats(hints.get("better_point"), "hints.better_point", p.n))
        if not better < value:
            raise CheckError(f"hints.better_point: L there is {fmt(better)}, not below {fmt(value)}")
        detail += f"; better point has L = {fmt(better)}"
    elif kind in ("strict_saddle", "not_local_min"):
        detail = _relu_saddle(p, theta, kind, hints)
    else:
        raise CheckError(f"claim.kind: {show(kind)} is not supported for ReLU-type networks "
                         "(global_min, local_min, strict_saddle, not_local_min)")
    where = short("(" + ", ".join(fmt(x) for x in theta) + ")", 80)
    return f"{kind} at {where} with L = {fmt(value)} ({detail})"


# --- intervals over Fractions ------------------------------------------------------------------

def _down(q: Fraction) -> Fraction:
    return Fraction((q.numerator << PREC) // q.denominator, 1 << PREC)


def _up(q: Fraction) -> Fraction:
    return Fraction(-((-q.numerator << PREC) // q.denominator), 1 << PREC)


class I:
    """A closed interval [lo, hi] of rationals, rounded outward to multiples of 2^-PREC.

    >>> x = I(Fraction(1), Fraction(2)); (x * x - x).lo, (x * x - x).hi
    (Fraction(-1, 1), Fraction(3, 1))
    """

    __slots__ = ("lo", "hi")

    def __init__(self, lo, hi=None):
        hi = lo if hi is None else hi
        self.lo, self.hi = _down(Fraction(lo)), _up(Fraction(hi))

    def __add__(self, o):
        o = o if isinstance(o, I) else I(o)
        return I(self.lo + o.lo, self.hi + o.hi)

    __radd__ = __add__

    def __neg__(self):
        return I(-self.hi, -self.lo)

    def __sub__(self, o):
        return self + (-(o if isinstance(o, I) else I(o)))

    def __rsub__(self, o):
        return (-self) + o

    def __mul__(self, o):
        o = o if isinstance(o, I) else I(o)
        ps = (self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi)
        return I(min(ps), max(ps))

    __rmul__ = __mul__

    def inv(self):
        if self.lo <= 0 <= self.hi:
            raise CheckError("interval division by an interval containing 0")
        return I(1 / self.hi, 1 / self.lo)

    def sqr(self):
        a, b = sorted((abs(self.lo), abs(self.hi)))
        return I(0 if self.lo <= 0 <= self.hi else a * a, b * b)


def _exp_point(q: Fraction, upper: bool) -> Fraction:
    """A rational bound of exp(q): below when ``upper`` is False, above otherwise."""
    if abs(q) > MAX_EXP_ARG:
        raise LimitError(f"exp argument above {MAX_EXP_ARG}")
    m = 0
    while abs(q) > Fraction(1, 2) * 2 ** m:
        m += 1
    r = q / 2 ** m
    r = _up(r) if upper else _down(r)
    s, term, k = Fraction(0), Fraction(1), 0
    while True:
        s += term
        k += 1
        term = term * r / k
        # remainder after terms 0..k-1: |sum_{j>=k} r^j/j!| <= |r|^k/k! * e^|r| <= 2 |r|^k/k!  (|r| <= 1/2)
        if abs(term) * 2 < Fraction(1, 2 ** (PREC + 8 + m)):
            break
    bound = 2 * abs(term)
    e = _up(s + bound) if upper else _down(s - bound)
    for _ in range(m):
        e = _up(e * e) if upper else _down(e * e)
    return e


def exp_enclosure(x: I) -> I:
    """exp on an interval (monotone), with rational outward bounds.

    >>> e = exp_enclosure(I(1))
    >>> Fraction(2718281828459045235, 10 ** 18) < e.lo < e.hi < Fraction(2718281828459045236, 10 ** 18)
    True
    >>> float(e.hi - e.lo) < 1e-70
    True
    """
    return I(_exp_point(x.lo, False), _exp_point(x.hi, True))


def _sqrt(x: I) -> I:
    if x.lo < 0:
        raise CheckError("sqrt of a negative interval")
    lo = Fraction(isqrt((x.lo.numerator << (2 * PREC)) // x.lo.denominator), 1 << PREC)
    hi = Fraction(isqrt(-((-x.hi.numerator << (2 * PREC)) // x.hi.denominator)) + 1, 1 << PREC)
    return I(lo, hi)


def _act(name: str):
    """(h, h', h'') on intervals, by inclusion-isotonic formulas."""
    if name == "sigmoid":
        def s(z):
            return (exp_enclosure(-z) + 1).inv()
        return s, lambda z: s(z) * (1 - s(z)), lambda z: s(z) * (1 - s(z)) * (1 - 2 * s(z))
    if name == "tanh":
        def t(z):
            return 2 * (exp_enclosure(-2 * z) + 1).inv() - 1
        return t, lambda z: 1 - t(z).sqr(), lambda z: -2 * t(z) * (1 - t(z).sqr())
    def root(z):
        return _sqrt(z.sqr() + 1)
    return (lambda z: (root(z) - 1) * Fraction(1, 2) + z, lambda z: z * (2 * root(z)).inv() + 1,
            lambda z: (2 * root(z) * (z.sqr() + 1)).inv())


class _Jet:
    """Value, gradient, Hessian of interval expressions (second-order forward mode)."""

    __slots__ = ("v", "g", "H")

    def __init__(self, v, g, H):
        self.v, self.g, self.H = v, g, H

    def add(self, o):
        return _Jet(self.v + o.v, [a + b for a, b in zip(self.g, o.g)],
                    [[a + b for a, b in zip(r, s)] for r, s in zip(self.H, o.H)])

    def scale(self, c):
        return _Jet(self.v * c, [a * c for a in self.g], [[a * c for a in r] for r in self.H])

    def mul(self, o):
        n = len(self.g)
        return _Jet(self.v * o.v, [self.v * b + o.v * a for a, b in zip(self.g, o.g)],
                    [[self.v * o.H[i][j] + o.v * self.H[i][j] + self.g[i] * o.g[j] + o.g[i] * self.g[j]
                      for j in range(n)] for i in range(n)])

    def apply(self, f):
        h, dh, ddh = f
        d1, d2, n = dh(self.v), ddh(self.v), len(self.g)
        return _Jet(h(self.v), [d1 * a for a in self.g],
                    [[d1 * self.H[i][j] + d2 * (self.g[i] * self.g[j]) for j in range(n)] for i in range(n)])


def _const(n, c):
    return _Jet(I(c), [I(0)] * n, [[I(0)] * n for _ in range(n)])


def smooth_jet(p: NLProblem, box: list) -> _Jet:
    """Enclosures of L, grad L and the Hessian over a box (a list of intervals)."""
    n = p.n
    var = [_Jet(box[i], [I(1) if k == i else I(0) for k in range(n)], [[I(0)] * n for _ in range(n)])
           for i in range(n)]
    f = _act(p.activation)
    layers = p.layers(var, None)
    total = _const(n, 0)
    for x, y in zip(p.inputs, p.targets):
        a = [_const(n, v) for v in x]
        for k, (W, b) in enumerate(layers):
            z = []
            for row, bi in zip(W, b):
                s = bi if bi is not None else _const(n, 0)
                for wij, aj in zip(row, a):
                    s = s.add(wij.mul(aj))
                z.append(s)
            a = [zi.apply(f) for zi in z] if k < len(layers) - 1 else z
        for ai, yi in zip(a, y):
            r = ai.add(_const(n, -yi))
            total = total.add(r.mul(r))
    total = total.scale(p.scale)
    for t, lam in zip(var, p.l2_per_parameter()):
        if lam:
            total = total.add(t.mul(t).scale(lam / 2))
    return total


def smooth_value(p: NLProblem, point) -> I:
    """An enclosure of L at a rational point (value only)."""
    f = _act(p.activation)[0]
    layers = p.layers([I(t) for t in point], I(0))
    total = I(0)
    for x, y in zip(p.inputs, p.targets):
        a = [I(v) for v in x]
        for k, (W, b) in enumerate(layers):
            z = [sum((wij * aj for wij, aj in zip(row, a)), bi) for row, bi in zip(W, b)]
            a = [f(zi) for zi in z] if k < len(layers) - 1 else z
        for ai, yi in zip(a, y):
            total = total + (ai - yi).sqr()
    total = total * p.scale
    for t, lam in zip(point, p.l2_per_parameter()):
        total = total + lam / 2 * t * t
    return total


def _interval_pd(H) -> None:
    A = [list(r) for r in H]
    n = len(A)
    for k in range(n):
        if not A[k][k].lo > 0:
            raise CheckError(f"hints.hessian: interval elimination: pivot {k + 1} is not certainly positive")
        d = A[k][k].inv()
        for i in range(k + 1, n):
            f = A[i][k] * d
            for j in range(k + 1, n):
                A[i][j] = A[i][j] - f * A[k][j]


def _one_hidden_scalar(p: NLProblem, what: str) -> None:
    if len(p.widths) != 3 or p.widths[2] != 1:
        raise CheckError(f"hints.{what}: needs one hidden layer and one output")
    if any(x != 0 for x in p.l2_per_parameter()):
        raise CheckError(f"hints.{what}: needs l2 = 0")


def _box_value(claim) -> tuple:
    val = need_obj(claim["value"], "claim.value", ("lower", "upper"), ("lower", "upper"))
    return parse_rational(val["lower"], "claim.value.lower"), parse_rational(val["upper"], "claim.value.upper")


def _hidden_pre(p: NLProblem, theta) -> list:
    """Pre-activation enclosures z[i][j] of hidden unit j on sample i (theta: intervals)."""
    (W, b), = p.layers(theta)[:1]
    return [[sum((wij * xk for wij, xk in zip(row, x)), bj) for row, bj in zip(W, b)] for x in p.inputs]


def _midpoint(p: NLProblem, claim, hints) -> str:
    """Midpoint curvature: a (non-strict) local minimum with an exact value inside the box."""
    if claim["kind"] != "local_min":
        raise CheckError("claim.kind: midpoint_curvature proves local_min only")
    hint = need_obj(hints["midpoint_curvature"], "hints.midpoint_curvature", ("midpoint_sample",),
                    ("midpoint_sample",))
    _one_hidden_scalar(p, "midpoint_curvature")
    if not p.bias or len(p.inputs) != 3:
        raise CheckError("hints.midpoint_curvature: needs biases and exactly 3 samples")
    k = hint["midpoint_sample"]
    if isinstance(k, bool) or k not in (1, 2, 3):
        raise CheckError("hints.midpoint_curvature.midpoint_sample: expected 1, 2 or 3")
    i1, i2 = [i for i in range(3) if i != k - 1]
    x1, x2, x3 = p.inputs[i1], p.inputs[i2], p.inputs[k - 1]
    if any(2 * c != a + b for a, b, c in zip(x1, x2, x3)):
        raise CheckError(f"problem.data: sample {k} is not the midpoint of the other two")
    y1, y2, y3 = p.targets[i1][0], p.targets[i2][0], p.targets[k - 1][0]
    if y1 != y2:
        raise CheckError("problem.data: the two outer samples need equal targets")
    e = y3 - y1
    if e == 0:
        raise CheckError("problem.data: the midpoint target equals the others (nothing to prove)")
    best = p.scale * 2 * e * e / 3
    lower, upper = _box_value(claim)
    if not lower == upper == best:
        raise CheckError(f"claim.value: lower = upper = 2 scale e^2 / 3 = {fmt(best)} expected")
    c = _rats(claim["center"], "claim.center", p.n)
    r = parse_rational(claim["radius"], "claim.radius")
    if not 0 < r <= Fraction(1, 10):
        raise CheckError("claim.radius: must be in (0, 1/10]")
    h, _, ddh = _act(p.activation)
    # 1. the attained point: first layer at the center, hidden units constant on the data
    zc = _hidden_pre(p, c)
    d1 = p.widths[1]
    for j in range(d1):
        if not zc[i1][j] == zc[i2][j]:
            raise CheckError(f"claim.center: hidden unit {j + 1} is not constant on the data (pre-activations "
                             f"{fmt(zc[i1][j])} and {fmt(zc[i2][j])})")
    v = c[p.n - 1 - d1: p.n - 1]
    f3 = y1 + e / 3
    b2 = I(f3) - sum((h(I(zc[i1][j])) * v[j] for j in range(d1)), I(0))
    if not (c[-1] - r < b2.lo and b2.hi < c[-1] + r):
        raise CheckError("claim.center: the output bias giving the constant output "
                         f"{fmt(f3)} is not inside the box")
    # 2. L >= best on the box: L >= 2 scale (e + A)^2 / 3 with A = sum_j v_j delta_j^2 h''(xi_j)
    box = [I(x - r, x + r) for x in c]
    Z = _hidden_pre(p, box)
    dh = _act(p.activation)[1]
    curv, slope = [], []
    for j in range(d1):
        hull = I(min(Z[i1][j].lo, Z[i2][j].lo), max(Z[i1][j].hi, Z[i2][j].hi))
        vj = box[p.n - 1 - d1 + j]
        curv.append(ddh(hull) * vj * e)
        slope.append(dh(hull) * vj)
    how = "e v_j h'' >= 0"
    if any(cj.lo < 0 for cj in curv):
        # 2 e A + 3 B^2 = d^T (diag(e v_j h''(xi_j)) + 3 g g^T) d with g_j = v_j h'(eta_j): positive definite
        M = [[(curv[i] if i == j else I(0)) + 3 * slope[i] * slope[j] for j in range(d1)] for i in range(d1)]
        try:
            _interval_pd(M)
        except CheckError:
            raise CheckError("hints.midpoint_curvature: neither e v_j h'' >= 0 for every unit nor "
                             "diag(e v_j h'') + 3 g g^T (g_j = v_j h') positive definite on the box") from None
        how = "diag(e v_j h'') + 3 g g^T positive definite"
    better = smooth_value(p, _rats(hints.get("better_point"), "hints.better_point", p.n))
    if not better.hi < lower:
        raise CheckError(f"hints.better_point: L there is only known to be <= {fmt(_up(better.hi))}, "
                         f"not below {fmt(lower)}")
    return (f"local_min with L = {fmt(best)} at a point of the box of radius {fmt(r)} around "
            f"{short('(' + ', '.join(fmt(x) for x in c) + ')', 60)}: hidden units constant on the data, "
            f"L >= 2 scale ((e + A)^2 / 3 + B^2) >= {fmt(best)} on the box ({how}); "
            f"better point has L <= {float(better.hi):.12g}")


def _interval_solve(M, y):
    """Interval Gaussian elimination: an enclosure of M^-1 y for every matrix in M."""
    n = len(M)
    A = [list(row) + [yi] for row, yi in zip(M, y)]
    for k in range(n):
        piv = next((i for i in range(k, n) if A[i][k].lo > 0 or A[i][k].hi < 0), None)
        if piv is None:
            raise CheckError(f"hints.output_interpolation: pivot {k + 1} may be 0 (singular system)")
        A[k], A[piv] = A[piv], A[k]
        d = A[k][k].inv()
        for i in range(k + 1, n):
            f = A[i][k] * d
            for j in range(k, n + 1):
                A[i][j] = A[i][j] - f * A[k][j]
    x = [None] * n
    for i in range(n - 1, -1, -1):
        acc = A[i][n] - sum((A[i][j] * x[j] for j in range(i + 1, n)), I(0))
        x[i] = acc * A[i][i].inv()
    return x


def _interpolation(p: NLProblem, claim, hints) -> str:
    """Zero loss: the output layer solving the square interpolation system lies in the box."""
    if claim["kind"] != "global_min":
        raise CheckError("claim.kind: output_interpolation proves global_min only")
    need_obj(hints["output_interpolation"], "hints.output_interpolation", ())
    _one_hidden_scalar(p, "output_interpolation")
    d1 = p.widths[1]
    if len(p.inputs) != d1 + p.bias:
        raise CheckError(f"hints.output_interpolation: needs {d1 + p.bias} samples (hidden width + bias)")
    lower, upper = _box_value(claim)
    if lower != 0 or upper != 0:
        raise CheckError("claim.value: output_interpolation proves the value 0")
    c = _rats(claim["center"], "claim.center", p.n)
    r = parse_rational(claim["radius"], "claim.radius")
    if not 0 < r <= Fraction(1, 1000):
        raise CheckError("claim.radius: must be in (0, 1/1000]")
    h = _act(p.activation)[0]
    zc = _hidden_pre(p, c)
    M = [[h(I(z)) for z in row] + [I(1)] * p.bias for row in zc]
    sol = _interval_solve(M, [I(y[0]) for y in p.targets])
    for k, s in enumerate(sol):
        idx = p.n - d1 - p.bias + k
        if not (c[idx] - r < s.lo and s.hi < c[idx] + r):
            raise CheckError(f"hints.output_interpolation: the interpolating {p.names[idx]} is not inside the box")
    return (f"global_min with L = 0 at a point of the box of radius {fmt(r)} around "
            f"{short('(' + ', '.join(fmt(x) for x in c) + ')', 60)}: first layer at the center, output layer "
            "solving the interpolation system (interval elimination), and L >= 0")


def _box(p: NLProblem, claim, hints) -> str:
    if "midpoint_curvature" in hints:
        return _midpoint(p, claim, hints)
    if "output_interpolation" in hints:
        return _interpolation(p, claim, hints)
    if claim["kind"] != "local_min":
        raise CheckError(f"claim.kind: box claims support local_min only, not {show(claim['kind'])}")
    c = _rats(claim["center"], "claim.center", p.n)
    r = parse_rational(claim["radius"], "claim.radius")
    if not 0 < r <= Fraction(1, 1000):
        raise CheckError("claim.radius: must be in (0, 1/1000]")
    val = need_obj(claim["value"], "claim.value", ("lower", "upper"), ("lower", "upper"))
    lower, upper = parse_rational(val["lower"], "claim.value.lower"), parse_rational(val["upper"], "claim.value.upper")
    kr = need_obj(hints.get("krawczyk"), "hints.krawczyk", ("preconditioner",), ("preconditioner",))
    Y = [_rats(row, f"hints.krawczyk.preconditioner[{i}]", p.n)
         for i, row in enumerate(need_list(kr["preconditioner"], "hints.krawczyk.preconditioner", p.n))]
    hh = need_obj(hints.get("hessian"), "hints.hessian", ("method",), ("method",))
    if hh["method"] != "interval_positive_definite":
        raise CheckError("hints.hessian.method: expected interval_positive_definite")
    n = p.n
    gc = smooth_jet(p, [I(x) for x in c]).g
    box = [I(x - r, x + r) for x in c]
    JX = smooth_jet(p, box)
    for i in range(n):
        acc = I(c[i]) - sum((Y[i][k] * gc[k] for k in range(n)), I(0))
        for k in range(n):
            m = (1 if i == k else 0) - sum((Y[i][l] * JX.H[l][k] for l in range(n)), I(0))
            acc = acc + m * (box[k] - c[k])
        if not (c[i] - r < acc.lo and acc.hi < c[i] + r):
            raise CheckError(f"hints.krawczyk: K(X) is not inside the box in coordinate {i + 1} ({p.names[i]})")
    _interval_pd(JX.H)
    if not (lower <= JX.v.lo and JX.v.hi <= upper):
        raise CheckError("claim.value: the enclosure of L on the box is not inside [lower, upper]")
    better = smooth_value(p, _rats(hints.get("better_point"), "hints.better_point", n))
    if not better.hi < lower:
        raise CheckError(f"hints.better_point: L there is only known to be <= {fmt(_up(better.hi))}, "
                         f"not below {fmt(lower)}")
    return (f"local_min: unique critical point in the box of radius {fmt(r)} around "
            f"{short('(' + ', '.join(fmt(x) for x in c) + ')', 60)}, Hessian positive definite on the box, "
            f"L in [{float(lower):.12g}, {float(upper):.12g}]; better point has L <= {float(better.hi):.12g}")


def check_nonlinear(top: dict) -> tuple[str, str | None]:
    """Verify a certificate whose problem has a nonlinear activation; (summary, assumption)."""
    if top.get("field") is not None:
        raise CheckError("field: nonlinear certificates are rational")
    p = parse_nl_problem(top["problem"])
    if top["parameters"] != p.names:
        raise CheckError("parameters: do not match the problem's parameter order")
    hints = need_obj(top["hints"], "hints", ("piecewise", "lower_bound", "better_point", "krawczyk", "hessian",
                                             "midpoint_curvature", "output_interpolation", "descent_ray",
                                             "negative_direction", "positive_direction"))
    claim = top["claim"]
    ctype = claim.get("type") if isinstance(claim, dict) else None
    if p.activation in PIECEWISE:
        if ctype != "point":
            raise CheckError(f"claim.type: expected 'point' for a ReLU-type network, got {show(ctype)}")
        return _piecewise_point(p, need_obj(claim, "claim", ("type", "point", "value", "kind"),
                                            ("point", "value", "kind")), hints), None
    if ctype != "box":
        raise CheckError(f"claim.type: expected 'box' for a {p.activation} network, got {show(ctype)}")
    return _box(p, need_obj(claim, "claim", ("type", "center", "radius", "value", "kind"),
                            ("center", "radius", "value", "kind")), hints), None
