"""``symlandscape plot PROBLEM --out FILE``: a picture of the loss and its critical set.

With 2 parameters: contours of L with the whole real critical set, marked by kind, and
the certificates' descent curves. With more (or with ``--at``): a 2-D slice through a
critical point along the certificate's descent direction and a second direction, and
the loss along the descent curve. Needs matplotlib (``pip install 'symlandscape[plot]'``).
"""

from __future__ import annotations

__all__ = ["NAME", "HELP", "add_arguments", "run"]

NAME = "plot"
HELP = "draw the loss with its critical set (2 parameters) or a slice through a point (needs matplotlib)"


def add_arguments(parser) -> None:
    parser.add_argument("problem", help="problem file (JSON)")
    parser.add_argument("--out", required=True, metavar="FILE", help="image file (.png, .svg or .pdf)")
    parser.add_argument("--at", help='a critical point for a slice, e.g. "0,0,0" (default with more than 2 '
                        "parameters: the first non-strict saddle, else the first saddle, else the first point)")
    parser.add_argument("--window", help='for 2 parameters: --window=x0,x1,y0,y1 (default: around every critical point)')
    parser.add_argument("--directions", help='for a slice: two directions "1,1,1;1,-1,0" (default: from the '
                        "certificate and the Hessian)")
    parser.add_argument("--radius", type=float, default=1.5, help="half-width of the slice (default 1.5)")


def _floats(text, n, what):
    from ..errors import PointError
    try:
        out = [float(__import__("fractions").Fraction(x.strip())) for x in text.split(",")]
    except ValueError as exc:
        raise PointError(what, "is not a list of numbers", text, "write e.g. 1,-1/2,0") from exc
    if len(out) != n:
        raise PointError(what, f"needs {n} numbers, got {len(out)}", text, "give one number per entry")
    return out


def run(args) -> int:
    import matplotlib
    matplotlib.use("Agg")
    from ..classify import classify
    from ..errors import PointError
    from ..spec import load_problem
    from ..teaching import plot
    problem = load_problem(args.problem)
    if problem.n_params == 2 and not args.at:
        rep = classify(problem)
        window = _floats(args.window, 4, "--window") if args.window else None
        ax, cs = plot.plot_landscape(rep, window=window)
        plot.save(ax.figure, args.out)
        print(f"wrote {args.out}: {len(cs.curves)} critical curve(s), {len(cs.points)} critical point(s) "
              f"({', '.join(sorted({p.kind for p in cs.points} | {c.kind for c in cs.curves}))})")
        return 0
    if args.at:
        from ..pointcheck import analyse_point, parse_point
        res = analyse_point(problem, parse_point(args.at, problem.n_params, problem.parameters))
        if not res.critical:
            raise PointError("--at", "is not a critical point (the gradient does not vanish)", args.at,
                             "give a critical point, e.g. one listed by symlandscape classify")
        model, verdict = res.model, res.verdict
    else:
        rep = classify(problem, route="auto")  # a large finite critical set takes the ball route
        order = {"nonstrict_saddle": 0, "strict_saddle": 1}
        pts = sorted(rep.points, key=lambda v: order.get(v.kind, 2))
        if not pts:
            raise PointError("--at", "is needed: the critical set has no isolated point to slice through", "",
                             "give a point with --at")
        model, verdict = rep.model, pts[0]
    dirs = None
    if args.directions:
        parts = args.directions.split(";")
        if len(parts) != 2:
            raise PointError("--directions", "needs two directions separated by ';'", args.directions,
                             'write e.g. "1,1,1;1,-1,0"')
        dirs = [_floats(p, problem.n_params, "--directions") for p in parts]
    fig, info = plot.plot_point(model, verdict, out=args.out, directions=dirs, radius=args.radius)
    where = verdict.point.json() if verdict.point.is_rational else [f"{float(x):.6g}" for x in verdict.point.approx(20)]
    print(f"wrote {args.out}: slice through the {verdict.kind} at ({', '.join(map(str, where))})")
    return 0
