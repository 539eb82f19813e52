"""Benchmark of the exact engine: stage times per instance, beside plain ``sympy.solve``.

Run:  python bench/engine.py [--budget 120] [--solve-budget 60] [--only NAME]
      python bench/engine.py --gauge [--only NAME]   # classify(gauge=True) against the ungauged run

Every instance runs in a child process with a time budget; a run that does not finish
prints "> T s". ``sympy.solve`` on the same gradient system is the baseline measured in
the same run (it is not a complete solver: it can drop solutions, see algorithms.md).
The table ends with the ratio baseline / ours where both finished. With ``--gauge`` the
row is ``classify(..., gauge=True)`` (symlandscape.gauge) and the baseline is the
ungauged ``classify`` of the same problem, measured in the same run.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import sys
import time
from fractions import Fraction


def _rnd(rng):
    return str(Fraction(rng.randint(-9, 9) or 1, rng.randint(1, 7)))


def instances():
    out = []
    for n in range(2, 9):
        out.append((f"chain{n}", {"network": {"widths": [1] * (n + 1)}, "data": {"inputs": [[1]], "targets": [[1]]}}))
    for n in range(2, 7):
        out.append((f"chain{n}+l2", {"network": {"widths": [1] * (n + 1)},
                                     "l2": [str(Fraction(k, 10)) for k in range(1, n + 1)],
                                     "data": {"inputs": [[1]], "targets": [[2]]}}))
    for widths, m in (((2, 2, 2), 3), ((2, 1, 1, 2), 3), ((2, 2, 2, 2), 3), ((3, 3, 3), 3), ((2, 2, 2), 2)):
        rng = random.Random(hash(widths) % 1000 + m)
        data = {"inputs": [[_rnd(rng) for _ in range(widths[0])] for _ in range(m)],
                "targets": [[_rnd(rng) for _ in range(widths[-1])] for _ in range(m)]}
        name = "x".join(map(str, widths)) + f"/m{m}"
        out.append((name, {"network": {"widths": list(widths)}, "data": data}))
        rng2 = random.Random(7)
        l2 = [[[_rnd(rng2).lstrip("-") for _ in range(widths[l - 1])] for _ in range(widths[l])]
              for l in range(1, len(widths))]
        if len(widths) == 3 and widths[1] <= 2:
            out.append((name + "+l2", {"network": {"widths": list(widths)}, "data": data, "l2": l2}))
    return out


def _ours(obj, q, gauge=False):
    from symlandscape.classify import classify
    from symlandscape.spec import parse_problem
    t = time.perf_counter()
    r = classify(parse_problem(obj), gauge=gauge)
    q.put({"total": time.perf_counter() - t, **r.timings, "strata": len(r.strata), "npoints": len(r.points),
           "complex": r.n_complex,
           "undecided": sum(s.kind == "undecided" for s in r.strata) + sum(v.kind == "undecided" for v in r.points),
           "complete": r.complete})


def _solve(obj, q):
    import sympy
    from symlandscape.loss import build_loss
    from symlandscape.spec import parse_problem
    m = build_loss(parse_problem(obj))
    eqs = [g.as_expr() for g in m.grad]
    syms = [sympy.Symbol(str(s)) for s in m.R.symbols]
    t = time.perf_counter()
    sol = sympy.solve(eqs, syms, dict=True)
    q.put({"total": time.perf_counter() - t, "solutions": len(sol)})


def _run(target, obj, budget, *args):
    q = mp.Queue()
    p = mp.Process(target=target, args=(obj, q) + args)
    p.start()
    p.join(budget)
    if p.is_alive():
        p.terminate()
        p.join()
        return None
    return q.get() if not q.empty() else {"error": f"exit code {p.exitcode}"}


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--budget", type=float, default=120)
    ap.add_argument("--solve-budget", type=float, default=60)
    ap.add_argument("--only")
    ap.add_argument("--gauge", action="store_true", help="gauged classify against the ungauged one")
    a = ap.parse_args(argv)
    head = f"{'instance':<16}{'n':>3}  {'decompose':>9} {'points':>8} {'classify':>9} {'total':>8}  " \
           f"{'strata':>6} {'pts':>4} {'undec':>5}  {'ungauged' if a.gauge else 'sympy.solve':>12} {'ratio':>7}"
    print(head)
    print("-" * len(head))
    for name, obj in instances():
        if a.only and a.only not in name:
            continue
        n = sum(obj["network"]["widths"][i] * obj["network"]["widths"][i - 1]
                for i in range(1, len(obj["network"]["widths"])))
        if a.gauge:
            ours = _run(_ours, obj, a.budget, True)
            base = _run(_ours, obj, a.budget)
        else:
            ours = _run(_ours, obj, a.budget)
            base = _run(_solve, obj, a.solve_budget)
        if ours is None:
            row = f"{name:<16}{n:>3}  {'':>9} {'':>8} {'':>9} {'> %g s' % a.budget:>8}  {'':>6} {'':>4} {'':>5}"
        elif "error" in ours:
            row = f"{name:<16}{n:>3}  error: {ours['error']}"
        else:
            row = (f"{name:<16}{n:>3}  {ours['decompose']:>9.2f} {ours['points']:>8.2f} {ours['classify']:>9.2f} "
                   f"{ours['total']:>8.2f}  {ours['strata']:>6} {ours['npoints']:>4} {ours['undecided']:>5}")
        if base is None:
            row += f"  {'> %g s' % (a.budget if a.gauge else a.solve_budget):>12} {'':>7}"
        elif "error" in base:
            row += f"  {'error':>12}"
        else:
            ratio = base["total"] / ours["total"] if ours and "total" in ours and ours["total"] > 0 else float("nan")
            what = (f"(ungauged: {base['strata']} strata, {base['npoints']} points, {base['undecided']} undecided)"
                    if a.gauge else f"(sympy.solve returned {base['solutions']} solution(s))")
            row += f"  {base['total']:>10.2f} s {ratio:>7.2f}  {what}"
        print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
