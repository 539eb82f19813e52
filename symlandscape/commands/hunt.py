"""``symlandscape hunt PROBLEM``: find bad local minima by multi-start search and certify them.

See :mod:`symlandscape.nonlinear.hunt` (search and certification) and docs/nonlinear.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["NAME", "HELP", "add_arguments", "run"]

NAME = "hunt"
HELP = "multi-start search for bad local minima of a nonlinear network, with certificates"


def add_arguments(parser) -> None:
    parser.add_argument("problem", help="problem file (ReLU-type, sigmoid, tanh or bent identity)")
    parser.add_argument("--restarts", type=int, default=100, help="random starts (default 100)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--init-scale", type=float, default=1.5, help="standard deviation of the starts")
    parser.add_argument("--certificates", metavar="DIR", help="write one certificate per proved bad local minimum")
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
    parser.add_argument("--quiet", action="store_true", help="no progress messages")


def run(args) -> int:
    from ..certificates import canonical_json, write_json_atomic
    from ..errors import ProblemError
    from ..nonlinear import is_nonlinear
    from ..nonlinear.hunt import hunt
    from ..spec import load_problem
    problem = load_problem(args.problem)
    if not is_nonlinear(problem):
        raise ProblemError("network.activation", "hunt is for nonlinear networks", problem.network.activation,
                           "use `symlandscape classify` for linear and polynomial activations")
    if args.restarts < 1:
        raise ProblemError("--restarts", "must be at least 1", args.restarts)

    def say(msg):
        if not args.quiet:
            print(f"[symlandscape hunt] {msg}", file=sys.stderr, flush=True)

    clusters, best = hunt(problem, args.restarts, args.seed, args.init_scale, say)
    rows = []
    written = 0
    for k, c in enumerate(clusters):
        r = c.result
        row = {"value_approx": f"{c.value:.10g}", "restarts": c.count,
               "verdict": "best found" if k == 0 else (r.kind if r else "not examined"),
               "reason": r.reason if r else None}
        if r is not None and r.kind == "local_min" and args.certificates:
            Path(args.certificates).mkdir(parents=True, exist_ok=True)
            f = Path(args.certificates) / f"{problem.name}-local_min-{k}.json"
            write_json_atomic(f, r.certificate())
            row["certificate"] = str(f)
            written += 1
        rows.append(row)
    if args.json:
        sys.stdout.write(canonical_json({"problem": problem.name, "restarts": args.restarts, "clusters": rows}))
        return 0
    print(f"{problem.name}: {args.restarts} restarts, {len(clusters)} distinct limit value(s)")
    for row in rows:
        line = f"  L ~ {row['value_approx']:>14}  reached by {row['restarts']:>4}  {row['verdict']}"
        if "certificate" in row:
            line += f"  -> {row['certificate']}"
        print(line)
        if row["reason"] and row["verdict"] != "local_min":
            print(f"      {row['reason'][:160]}")
    if args.certificates:
        print(f"{written} certificate(s) written to {args.certificates}")
    return 0
