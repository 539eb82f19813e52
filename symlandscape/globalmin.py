"""Proven lower bounds for the loss, and the global minimum value.

Routes (algorithms.md, "The global minimum value"):

* every loss kind (even powers with positive weights) with l2 >= 0 is >= 0, so a
  critical value 0 is the global minimum;
* squared loss only: a linear network without regularisation computes a linear (affine with biases) map,
  so ``L >= scale * min_P ||P X - Y||^2`` (ordinary least squares, rational); with a
  bottleneck ``r = min(widths) < min(dx, dy)`` the product has rank <= r and
  Eckart-Young gives ``scale * (||Y||^2 - sum of the r largest eigenvalues of Sigma)``;
  both bounds are attained, so the least real critical value is the global minimum;
  for a power or weighted squared loss the minimiser is not the least-squares map, so
  neither bound is used; the infimum is still attained (the outputs of a linear network
  form a closed set, the loss is coercive in them), and with a complete critical set the
  least real critical value is the global minimum;
* weighted squared loss, linear network without regularisation: ``L >= scale * min over
  linear maps of the weighted least-squares loss`` (rational; separable over outputs),
  attained when the network is filling;
* every weight regularised (l2 > 0) and no bias: L is coercive, the infimum is attained at
  a critical point, and the least real critical value is the global minimum (this rests
  on the completeness of the critical set, which the decomposition proves but a checker
  cannot re-derive: the certificate says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from sympy import Matrix, QQ, Rational, Symbol, factor_list, Poly

from .exact import format_rational
from .spec import Problem
from .values import RealAlgebraic

__all__ = ["LowerBound", "lower_bounds", "least_squares_value", "weighted_least_squares_value",
           "feature_least_squares_value", "sigma_matrix",
           "infimum_attained", "stationarity_polys", "CONVEX_STATIONARY_REASON"]

CONVEX_STATIONARY_REASON = ("the end-to-end affine map is a stationary point of the loss as a function of the map, "
                            "which is convex; a linear network without l2 cannot do better")


@dataclass
class LowerBound:
    """``L(theta) >= value`` for every theta, by ``method``; ``hint`` is the certificate's form."""

    value: RealAlgebraic
    method: str
    hint: dict
    conditional: bool = False
    reason: str = ""


def _mat(rows) -> Matrix:
    return Matrix([[Rational(x.numerator, x.denominator) for x in row] for row in rows])


def least_squares_value(problem: Problem) -> Fraction:
    """``scale * min over P (and q with biases) of sum_i ||P x_i + q - y_i||^2``, exactly.

    Examples
    --------
    >>> from symlandscape.spec import parse_problem
    >>> p = parse_problem({"network": {"widths": [1, 1, 1]},
    ...                    "data": {"inputs": [[1], [2]], "targets": [[1], [1]]}})
    >>> least_squares_value(p)     # best fit y = 3/5 x leaves residuals 2/5, -1/5
    Fraction(1, 10)
    """
    X = _mat(problem.inputs).T  # dx x m
    Y = _mat(problem.targets).T  # dy x m
    if problem.network.bias:
        X = X.col_join(Matrix.ones(1, X.shape[1]))
    M = X * X.T
    # any solution of the normal equations P M = Y X^T gives the minimum
    rhs = (Y * X.T).T
    sol, params = M.gauss_jordan_solve(rhs)
    sol = sol.subs({p: 0 for p in params})
    P = sol.T
    R = P * X - Y
    val = sum(e ** 2 for e in R) * Rational(problem.loss.scale.numerator, problem.loss.scale.denominator)
    val = Rational(val)
    return Fraction(int(val.p), int(val.q))


def weighted_least_squares_value(problem: Problem) -> Fraction:
    """``scale * min over P (and q) of sum_i sum_k w_ik ((P x_i + q)_k - y_ik)^2``, exactly.

    The weighted squared loss separates over outputs: row k of P solves the normal
    equations ``(sum_i w_ik x_i x_i^T) p_k = sum_i w_ik y_ik x_i`` (x_i with a trailing 1
    when the network has biases). This is the minimum over all linear (affine) maps, a lower
    bound of the loss of any linear network, attained when the network is filling.

    Examples
    --------
    >>> from symlandscape.spec import parse_problem
    >>> p = parse_problem({"network": {"widths": [1, 1, 1]},
    ...                    "loss": {"kind": "weighted_squared", "scale": "1", "weights": [["1"], ["2"]]},
    ...                    "data": {"inputs": [[1], [2]], "targets": [[1], [3]]}})
    >>> weighted_least_squares_value(p)   # best slope 13/9, not the unweighted 7/5
    Fraction(2, 9)
    """
    xs = [[Rational(v.numerator, v.denominator) for v in x] + ([Rational(1)] if problem.network.bias else [])
          for x in problem.inputs]
    total = Rational(0)
    for k in range(problem.network.widths[-1]):
        ws = [Rational(problem.loss.weight(i, k).numerator, problem.loss.weight(i, k).denominator)
              for i in range(len(xs))]
        ys = [Rational(y[k].numerator, y[k].denominator) for y in problem.targets]
        total += _residual(xs, ys, ws)
    val = Rational(total * Rational(problem.loss.scale.numerator, problem.loss.scale.denominator))
    return Fraction(int(val.p), int(val.q))


def _residual(rows, ys, ws):
    """``min over p of sum_i w_i (p . rows_i - y_i)^2`` by the weighted normal equations (any
    solution: the residual is the same)."""
    d = len(rows[0])
    if not d:
        return sum(w * y ** 2 for w, y in zip(ws, ys))
    A = Matrix(d, d, lambda a, b: sum(w * x[a] * x[b] for w, x in zip(ws, rows)))
    rhs = Matrix(d, 1, lambda a, _: sum(w * y * x[a] for w, y, x in zip(ws, ys, rows)))
    sol, params = A.gauss_jordan_solve(rhs)
    sol = sol.subs({t: 0 for t in params})
    return sum(w * (sum(sol[a] * x[a] for a in range(d)) - y) ** 2 for w, y, x in zip(ws, ys, rows))


def feature_least_squares_value(problem: Problem) -> Fraction:
    """``scale * sum_k min over beta of sum_i (beta . phi_k(x_i) - y_ik)^2``: least squares over
    the monomials ``phi_k`` in the input that output k can contain (any activation that is a
    polynomial).

    The monomials are read off the network's output computed with the parameters and the
    input as variables, so for every parameter value output k is a combination of them and
    the data term is at least this minimum (l2 only adds). It is attained when some
    parameters give the least-squares combination: then a critical point with this value is a
    global minimum, without any assumption on the critical set.

    Examples
    --------
    >>> from symlandscape.spec import parse_problem
    >>> p = parse_problem({"network": {"widths": [1, 1, 1], "activation": "polynomial",
    ...                                "coefficients": ["0", "1", "1"]},
    ...                    "loss": {"kind": "squared", "scale": "1"},
    ...                    "data": {"inputs": [[1], [-1], [2]], "targets": [[1], [1], [1]]}})
    >>> feature_least_squares_value(p)  # W2 (W1 x + W1^2 x^2): features x and x^2
    Fraction(9, 11)
    """
    from sympy.polys.rings import ring

    from .loss import _forward
    names = problem.parameters
    n, dx = len(names), problem.network.widths[0]
    R, *gens = ring([Symbol(s) for s in names] + [Symbol(f"x_{i}_") for i in range(dx)], QQ)
    (outs,) = _forward(problem, R, gens[:n], inputs=[gens[n:]])
    X = [[Rational(v.numerator, v.denominator) for v in x] for x in problem.inputs]
    total = Rational(0)
    for k, f in enumerate(outs):
        support = sorted({m[n:] for m in f.monoms()})
        ys = [Rational(t[k].numerator, t[k].denominator) for t in problem.targets]
        total += _residual([[_monomial_value(x, a) for a in support] for x in X], ys, [1] * len(ys))
    val = Rational(total * Rational(problem.loss.scale.numerator, problem.loss.scale.denominator))
    return Fraction(int(val.p), int(val.q))


def _monomial_value(x, a):
    out = Rational(1)
    for xi, ai in zip(x, a):
        out *= xi ** ai
    return out


def sigma_matrix(problem: Problem) -> Matrix | None:
    """``Sigma = Y X^T (X X^T)^-1 X Y^T`` (samples as columns), or None if X X^T is singular."""
    X = _mat(problem.inputs).T
    Y = _mat(problem.targets).T
    M = X * X.T
    if M.det() == 0:
        return None
    return Y * X.T * M.inv() * X * Y.T


def _eigenvalues_rational(S: Matrix) -> list[Fraction] | None:
    t = Symbol("t")
    p = S.charpoly(t).as_expr()
    _, facs = factor_list(p, t)
    out = []
    for f, k in facs:
        P = Poly(f, t)
        if P.degree() != 1:
            return None
        c = -P.all_coeffs()[1] / P.all_coeffs()[0]
        out += [Fraction(int(Rational(c).p), int(Rational(c).q))] * k
    return sorted(out, reverse=True)


def lower_bounds(problem: Problem) -> list[LowerBound]:
    """Proven lower bounds for the loss, strongest first (the last is always ``0``)."""
    out: list[LowerBound] = []
    net = problem.network
    no_l2 = all(x == 0 for layer in problem.l2 for row in layer for x in row)
    if net.activation == "linear" and no_l2 and problem.loss.is_squared:
        # least squares and Eckart-Young hold for the plain squared loss only (a power or
        # weighted loss has other minimisers; only L >= 0 and the least critical value remain)
        ls = least_squares_value(problem)
        r = min(net.widths)
        dx = net.widths[0] + (1 if net.bias else 0)
        dy = net.widths[-1]
        if r >= min(dx, dy):
            out.append(LowerBound(RealAlgebraic.from_fraction(ls), "least_squares", {"method": "least_squares"},
                                  reason="a linear network computes a linear map; least squares bounds the loss"))
        elif not net.bias:
            S = sigma_matrix(problem)
            if S is not None:
                ev = _eigenvalues_rational(S)
                if ev is not None:
                    Y = _mat(problem.targets)
                    normY = sum(e ** 2 for e in Y)
                    s = Rational(problem.loss.scale.numerator, problem.loss.scale.denominator)
                    b = Rational(s * (normY - sum(Rational(x.numerator, x.denominator) for x in ev[:r])))
                    out.append(LowerBound(RealAlgebraic.from_fraction(Fraction(int(b.p), int(b.q))), "eckart_young",
                                          {"method": "eckart_young", "eigenvalues": [format_rational(x) for x in ev]},
                                          reason=f"the product of the weights has rank <= {r} (Eckart-Young)"))
        # the ordinary least-squares value is a (weaker) bound in every case
        if not out:
            out.append(LowerBound(RealAlgebraic.from_fraction(ls), "least_squares", {"method": "least_squares"},
                                  reason="least squares over all linear maps bounds the loss"))
    if net.activation == "linear" and not no_l2 and problem.loss.is_squared:
        # with l2 >= 0 the data term alone is still >= its least-squares minimum (usually not attained,
        # but a critical value equal to it is the global minimum, e.g. when the data leave nothing to fit)
        out.append(LowerBound(RealAlgebraic.from_fraction(least_squares_value(problem)), "least_squares",
                              {"method": "least_squares"},
                              reason="L >= its data term >= the least-squares minimum over all linear maps"))
    if net.activation == "linear" and no_l2 and problem.loss.kind == "weighted_squared":
        # the minimum over all linear (affine) maps: attained exactly when the network is filling
        wls = weighted_least_squares_value(problem)
        out.append(LowerBound(RealAlgebraic.from_fraction(wls), "weighted_least_squares",
                              {"method": "weighted_least_squares"},
                              reason="a linear network computes a linear map; weighted least squares over all "
                                     "linear maps bounds the loss"))
    if net.activation == "polynomial" and problem.loss.is_squared:
        out.append(LowerBound(RealAlgebraic.from_fraction(feature_least_squares_value(problem)),
                              "feature_least_squares", {"method": "feature_least_squares"},
                              reason="each output is a combination of the monomials in the input that the network "
                                     "can produce; least squares over them bounds the loss"))
    out.append(LowerBound(RealAlgebraic.from_fraction(Fraction(0)), "nonnegative", {"method": "nonnegative"},
                          reason="a positive combination of even powers, plus l2 >= 0, is >= 0"))
    return out


def infimum_attained(problem: Problem) -> str | None:
    """Why the infimum of L is attained at a critical point, or None when that is not proven."""
    net = problem.network
    if problem.is_regularised() and not net.bias:
        return "every weight has l2 > 0 and there are no biases, so L is coercive"
    no_l2 = all(x == 0 for layer in problem.l2 for row in layer for x in row)
    if net.activation == "linear" and net.bias and problem.is_regularised():
        return ("a linear network with biases computes x -> A(W) x + c, and the output bias makes c free: for "
                "fixed weights the least-squares minimum over c is attained, and the weights' penalty (every l2 > "
                "0) makes the rest coercive, so the infimum is attained")
    if net.activation == "linear" and no_l2 and problem.loss.is_squared:
        return ("a linear network attains min over rank <= min(widths) of the least-squares loss "
                "(Eckart-Young), so the infimum is attained")
    if net.activation == "linear" and no_l2:
        return ("a linear network computes the outputs M = P X (+ q 1^T) with rank P <= min(widths), a closed set "
                f"of output matrices, and the {problem.loss.kind} loss is coercive in M (positive weights, even "
                "power), so its infimum over that set is attained")
    return None


def stationarity_polys(model) -> list | None:
    """``g_kj = sum_i w_ik r_ik^(p-1) x_ij`` (the gradient of the data loss in the end-to-end map, up to
    the factor ``scale * p``), or None when the route does not apply.

    For a linear network without l2, ``L(theta) = l(P(theta), q(theta))`` where ``(P, q)`` is the affine map the
    network computes and ``l`` is convex (every loss kind: even powers of affine functions with positive
    weights). Where every ``g_kj`` vanishes, ``(P, q)`` minimises ``l`` over all maps, so ``theta`` is a global
    minimum of L: an unconditional certificate (``convex_stationary``), for filling and bottleneck networks
    alike (with a bottleneck the global minimum need not be such a point). Order: output by output, the
    inputs, then the bias column (a trailing 1) when the network has biases; the checker builds the same list.

    Examples
    --------
    >>> from symlandscape.spec import parse_problem
    >>> from symlandscape.loss import build_loss
    >>> m = build_loss(parse_problem({"network": {"widths": [1, 1, 1]}, "loss": {"kind": "power", "p": 4},
    ...                               "data": {"inputs": [[1], [1]], "targets": [[0], [2]]}}))
    >>> g = stationarity_polys(m)[0]
    >>> g(1, 1), g(2, 1)
    (0, 8)
    """
    problem = model.problem
    if problem.network.activation != "linear" or any(x != 0 for x in problem.l2_per_parameter()):
        return None
    R, loss = model.R, problem.loss
    q = lambda f: QQ(f.numerator, f.denominator)  # noqa: E731
    xs = [[q(v) for v in x] + ([QQ(1)] if problem.network.bias else []) for x in problem.inputs]
    out = []
    for k in range(problem.network.widths[-1]):
        rs = [(o[k] - q(y[k])) ** (loss.p - 1) * q(loss.weight(i, k))
              for i, (o, y) in enumerate(zip(model.outputs, problem.targets))]
        for j in range(len(xs[0])):
            out.append(sum((r * x[j] for r, x in zip(rs, xs) if x[j]), R.zero))
    return out
