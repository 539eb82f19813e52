"""``symlandscape explain PROBLEM --at POINT``: why a point is what it is, step by step."""

from __future__ import annotations

__all__ = ["NAME", "HELP", "add_arguments", "run"]

NAME = "explain"
HELP = "explain step by step (gradient, Hessian, inertia, higher order) why a point is what it is"


def add_arguments(parser) -> None:
    parser.add_argument("problem", help="problem file (JSON, see docs/problem-format.md)")
    parser.add_argument("--at", required=True, help='the point, comma-separated rationals, e.g. "0,0,0"')


def run(args) -> int:
    from ..spec import load_problem
    from ..teaching.explain import explain_point
    print(explain_point(load_problem(args.problem), args.at).text(), end="")
    return 0
