"""``symlandscape audit``: classify random small problems and cross-check every verdict.

See :mod:`symlandscape.audit` and docs/audit.md. Writes into ``--out DIR``:
``results.jsonl`` (one line per problem), ``summary.json`` (updated as it goes, atomically)
and ``failures/<name>.json`` (the problem file plus the disagreements, for replay with
``symlandscape audit --replay FILE`` or ``symlandscape classify FILE``).
Exit status 0 when there is no disagreement, 1 otherwise. ``--route balls`` audits the ball
route's reports instead and compares each with the exact route's; ``--finite`` draws the
random problems from the finite family (every weight regularised).
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

NAME = "audit"
HELP = "soundness audit: random small problems, exact verdicts cross-checked independently"


def add_arguments(p) -> None:
    p.add_argument("--count", type=int, default=20, help="number of random problems (default 20)")
    p.add_argument("--seed", type=int, default=0, help="first seed; problems use seeds S, S+1, ... (default 0)")
    p.add_argument("--out", metavar="DIR", help="write results.jsonl, summary.json and failures/ into DIR")
    p.add_argument("--budget", type=float, default=20.0,
                   help="seconds allowed per exact classification; slower problems are skipped and counted")
    p.add_argument("--starts", type=int, default=40, help="random starts of the numerical critical-point search")
    p.add_argument("--keep", type=int, default=12, help="distinct numerical critical points polished per problem")
    p.add_argument("--replay", metavar="FILE", nargs="+",
                   help="audit these problem files (or failure files) instead of random problems")
    p.add_argument("--route", choices=("exact", "balls"), default="exact",
                   help="route whose report is audited: exact (default) or balls (finite critical sets only; "
                        "also compared with the exact route's report)")
    p.add_argument("--finite", action="store_true",
                   help="random problems of the finite family: every weight l2-regularised at its own random "
                        "positive rate (finite critical sets, for --route balls)")
    p.add_argument("--quiet", action="store_true", help="no line per problem")
    p.add_argument("--timeout", type=float, metavar="SECONDS",
                   help="stop the whole audit after SECONDS (summary.json holds the problems done so far)")


def _load(path: str) -> dict:
    from ..errors import ProblemError
    try:
        obj = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProblemError(path, "no such file", None, "check the path") from None
    except json.JSONDecodeError as exc:
        raise ProblemError(path, f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    return obj["problem"] if isinstance(obj, dict) and "disagreements" in obj else obj


def run(args) -> int:
    from ..audit import audit_problem, random_problem
    from ..certificates import write_json_atomic

    out = Path(args.out) if args.out else None
    if out:
        (out / "failures").mkdir(parents=True, exist_ok=True)
    jobs = ([(None, _load(f)) for f in args.replay] if args.replay else
            [(s, None) for s in range(args.seed, args.seed + args.count)])
    status = Counter()
    totals = Counter()
    checks = Counter()
    t0 = time.perf_counter()
    failures = []
    summary = {}

    def write_summary(done: int) -> None:
        nonlocal summary
        summary = {
            "problems": done,
            "status": dict(sorted(status.items())),
            "disagreements": sum(checks.values()),
            "problems_with_disagreements": status.get("disagreement", 0),
            "disagreements_by_check": dict(sorted(checks.items())),
            "totals": dict(sorted(totals.items())),
            "seconds": round(time.perf_counter() - t0, 1),
            "first_seed": None if args.replay else args.seed,
            "family": None if args.replay else ("finite" if args.finite else "default"),
            "route": args.route,
            "budget": args.budget,
            "failures": failures,
        }
        if out:
            write_json_atomic(out / "summary.json", summary)

    results_fh = open(out / "results.jsonl", "a", encoding="utf-8") if out else None
    done = 0
    try:
        for k, (seed, prob) in enumerate(jobs, start=1):
            if prob is None:
                prob = random_problem(seed, "finite" if args.finite else "default")
            r = audit_problem(prob, budget=args.budget, seed=seed or 0, starts=args.starts, keep=args.keep,
                              route=args.route)
            status[r.status] += 1
            for key, v in r.counts.items():
                if isinstance(v, bool):
                    totals[key + "_true"] += int(v)
                elif isinstance(v, int):
                    totals[key] += v
            for d in r.disagreements:
                checks[d.check] += 1
            if r.disagreements:
                name = prob.get("name", f"problem-{k}")
                failures.append(name)
                if out:
                    write_json_atomic(out / "failures" / f"{name}.json", r.json())
            if results_fh:
                line = {"seed": seed, "name": prob.get("name"), "status": r.status, "seconds": round(r.seconds, 2),
                        "counts": r.counts, "disagreements": [d.json() for d in r.disagreements],
                        "notes": r.notes[:5]}
                results_fh.write(json.dumps(line, sort_keys=True) + "\n")
                results_fh.flush()
            if not args.quiet:
                extra = "; ".join(d.detail.splitlines()[0][:160] for d in r.disagreements)
                print(f"[audit] {prob.get('name')}: {r.status} ({r.seconds:.1f} s)" + (f": {extra}" if extra else ""),
                      file=sys.stderr, flush=True)
            if k % 10 == 0:
                write_summary(k)
            done = k
        write_summary(len(jobs))
    except BaseException:  # --timeout or Ctrl-C: the summary of what was done, then stop
        write_summary(done)
        raise
    finally:
        if results_fh:
            results_fh.close()
    print(json.dumps({k: summary[k] for k in ("problems", "status", "disagreements", "disagreements_by_check",
                                              "seconds")}, sort_keys=True))
    return 1 if checks else 0
