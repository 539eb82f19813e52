"""Benchmark of the exact backends on deep linear network critical-point systems.

For every instance and backend: time of the reduced Groebner basis (GB) and of the
proved rational univariate representation (RUR), the number of complex critical
points N_C (beside the value in the count tables of shared/literature.md section 2.2)
and the number of real ones N_R, and the speed-up over SymPy measured in the same run.
The SymPy column is plain SymPy: its RUR runs inside ``sympy_only()``, so its matrices,
univariate polynomials and checks do not use python-flint (before, they did, and the RUR
ratios of the other backends read about 1x where plain SymPy is 3-60x slower).
Every operation runs in a child process with a time budget (SymPy's is separate), so a
budget overrun prints "> B s" and does not stop the run.

Instances: scalar chains n = 2..8 with one generic l2 weight per layer; the H = 1 and
H = 2 rows of the thesis tables (one sample, one generic l2 weight per weight, seeded
random rationals) up to N = 12 parameters.

Usage::

    python bench/backends.py                  # everything (long: the 641-point rows)
    python bench/backends.py --quick          # instances with at most 8 parameters
    python bench/backends.py --only H2 --budget 900 --sympy-budget 60
    python bench/backends.py --classify --budget 600 --sympy-budget 60   # the classify ladder
    python bench/backends.py --real-counts 20 --budget 900   # N_R over 20 random systems per row
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from symlandscape.backends import BACKENDS, PREFERENCE  # noqa: E402
from symlandscape.backends.instances import deep_linear, scalar_chain, scalar_chain_count  # noqa: E402
from symlandscape.backends.verify import count_real_roots  # noqa: E402

# max N_R over 100 random systems in the thesis tables (literature.md 2.2), keyed (H, d, dx, dy)
MAX_NR = {(1, 1, dx, dy): 3 for dx in (1, 2, 3) for dy in (1, 2, 3)}
MAX_NR.update({(1, 2, 1, 1): 4, (1, 2, 2, 1): 5, (1, 2, 3, 1): 5})
MAX_NR.update({(1, 2, dx, dy): 9 for dx in (1, 2, 3) for dy in (2, 3)})
MAX_NR.update({(1, 3, dx, 1): 7 for dx in (1, 2, 3)})
MAX_NR.update({(1, 3, 1, 2): 19, (1, 3, 2, 2): 19, (1, 3, 1, 3): 27})
MAX_NR.update({(2, 1, dx, 1): 8 for dx in (1, 2, 3)})
MAX_NR.update({(2, 1, dx, 2): 9 for dx in (1, 2, 3)})
MAX_NR.update({(2, 2, dx, 1): 64 for dx in (1, 2, 3)})
MAX_NR.update({(2, 2, 1, 2): 64, (2, 2, 2, 2): 72})

# (H, d, dx, dy, N_C from the thesis tables; None for the chains)
H1 = [(1, d, dx, dy, nc) for (d, dx, dy, nc) in [
    (1, 1, 1, 5), (1, 2, 1, 5), (1, 3, 1, 5), (1, 1, 2, 9), (1, 2, 2, 9), (1, 3, 2, 9),
    (1, 1, 3, 13), (1, 2, 3, 13), (1, 3, 3, 13),
    (2, 1, 1, 9), (2, 2, 1, 9), (2, 3, 1, 9), (2, 1, 2, 33), (2, 2, 2, 33), (2, 3, 2, 33),
    (2, 1, 3, 73), (2, 2, 3, 73), (2, 3, 3, 73),
    (3, 1, 1, 13), (3, 2, 1, 13), (3, 3, 1, 13), (3, 1, 2, 73), (3, 2, 2, 73), (3, 1, 3, 245)]]
H2 = [(2, d, dx, dy, nc) for (d, dx, dy, nc) in [
    (1, 1, 1, 16), (1, 2, 1, 17), (1, 3, 1, 17), (1, 1, 2, 33), (1, 2, 2, 33), (1, 3, 2, 33),
    (2, 1, 1, 129), (2, 2, 1, 129), (2, 3, 1, 129), (2, 1, 2, 641), (2, 2, 2, 641)]]


def instances(max_params: int, chains: range, with_max_nr: bool = False):
    out = []
    for n in chains:
        out.append((f"chain n={n}", ("chain", n), scalar_chain_count(n), "1+2^n(n-1)") + ((None,) if with_max_nr else ()))
    for H, d, dx, dy, nc in H1 + H2:
        widths = [dx] + [d] * H + [dy]
        N = sum(widths[i] * widths[i + 1] for i in range(len(widths) - 1))
        if N <= max_params:
            if (H, d, dx, dy) == (2, 1, 1, 1):
                nc = 17  # the printed 16 misses the origin (literature.md 2.2, correction to Table 3.2)
            out.append((f"H={H} d={d} dx={dx} dy={dy}", ("deep", widths), nc, "table")
                       + ((MAX_NR.get((H, d, dx, dy)),) if with_max_nr else ()))
    return out


def _model(spec):
    kind, arg = spec
    return scalar_chain(arg) if kind == "chain" else deep_linear(arg)


MSOLVE_VERIFY = "exact"


def _child(conn, bname, op, spec):
    os.setsid()  # own process group: the parent can stop engine subprocesses too
    try:
        m = _model(spec)
        b = BACKENDS[bname](timeout=None)
        if bname == "msolve":
            b.verify = MSOLVE_VERIFY
        t0 = time.perf_counter()
        if op == "gb":
            G = b.groebner(m.grad, m.R)
            res = (time.perf_counter() - t0, len(G), None)
        else:
            r = b.zero_dim_rur(m.grad, m.R)
            dt = time.perf_counter() - t0
            res = (dt, r.n_points if r is not None else None, count_real_roots(r.chi) if r is not None else None)
        conn.send(("ok", res))
    except Exception as exc:  # noqa: BLE001 - reported in the table
        conn.send(("error", f"{type(exc).__name__}: {exc}"[:200]))
    finally:
        conn.close()


def _classify_child(conn, route, spec):
    """``classify`` of the instance: route "balls" with the automatic backends, or "sympy" (exact, SymPy only)."""
    os.setsid()
    try:
        from collections import Counter

        from symlandscape.classify import classify
        from symlandscape.solve import using_backend
        m = _model(spec)
        t0 = time.perf_counter()
        if route == "sympy":
            with using_backend("sympy"):
                r = classify(m.problem, route="exact")
        else:
            r = classify(m.problem, route=route)
        dt = time.perf_counter() - t0
        kinds = dict(sorted(Counter(v.kind for v in r.points).items()))
        conn.send(("ok", (dt, r.n_complex, len(r.points), kinds, dict(r.timings))))
    except Exception as exc:  # noqa: BLE001 - reported in the table
        conn.send(("error", f"{type(exc).__name__}: {exc}"[:200]))
    finally:
        conn.close()


def timed(budget, target, *args):
    """``target(conn, *args)`` in a forked child that sends one message; ``("timeout", budget)`` past the budget."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=target, args=(child,) + args)
    p.start()
    child.close()
    ready = parent.poll(budget)
    if not ready:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        p.join()
        return ("timeout", budget)
    try:
        msg = parent.recv()
    except EOFError:
        msg = ("error", "child died")
    p.join()
    return msg


def _selected(args, max_params, chains, with_max_nr=False):
    """The instances that --only, --exclude and --min-params keep, each with its model."""
    for inst in instances(max_params, chains, with_max_nr=with_max_nr):
        label, spec = inst[0], inst[1]
        if args.only and not any(o in label for o in args.only.split(",")):
            continue
        if args.exclude and any(o in label for o in args.exclude.split(",")):
            continue
        m = _model(spec)
        if m.n < args.min_params:
            continue
        yield inst + (m,)


def _header(cols) -> None:
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    sys.stdout.flush()


def fmt_time(res):
    kind, val = res
    if kind == "timeout":
        return f"> {val:g} s"
    if kind == "error":
        return "error"
    return f"{val[0]:.2f}"


def ratio(ref, res):
    if res[0] != "ok":
        return "-"
    t = max(res[1][0], 1e-3)
    if ref[0] == "timeout":
        if ref[1] < t:  # a lower bound below 1 says nothing
            return f"? (sympy > {ref[1]:g} s)"
        return f"> {ref[1] / t:.0f}x"
    if ref[0] != "ok":
        return "-"
    return f"{ref[1][0] / t:.1f}x"


_KIND_ABBR = {"global_min": "gm", "local_min": "lm", "strict_saddle": "ss", "nonstrict_saddle": "ns",
              "local_max": "lM", "undecided": "und"}


def _real_counts_child(conn, widths, seeds):
    """N_C, N_R and kinds of ``deep_linear(widths, seed=s)`` for each seed (the ball route)."""
    os.setsid()
    try:
        from collections import Counter

        from symlandscape.classify import classify
        out = []
        for s in seeds:
            m = deep_linear(widths, seed=s)
            t0 = time.perf_counter()
            r = classify(m.problem, route="balls")
            out.append((s, r.n_complex, len(r.points), dict(Counter(v.kind for v in r.points)),
                        time.perf_counter() - t0))
        conn.send(("ok", out))
    except Exception as exc:  # noqa: BLE001 - reported in the table
        conn.send(("error", f"{type(exc).__name__}: {exc}"[:200]))
    finally:
        conn.close()


def real_counts_table(args, max_params):
    """Real critical points over K random systems per count-table row, beside the tables' maximum."""
    seeds = list(range(1, args.real_counts + 1))
    print(f"# real critical points of {len(seeds)} random systems per row (deep_linear seeds {seeds[0]}..{seeds[-1]}: "
          "one sample, entries in [1/9, 9], one generic l2 weight per weight), by the ball route; the tables give "
          f"the maximum over 100 random systems of their own distribution; budget {args.budget:g} s per row; "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    _header(["instance", "N", "N_C table", "N_C (all seeds)", "N_R min", "N_R mean", "N_R max", "max N_R table",
             "kinds summed over seeds", "s per system (mean)"])
    for label, spec, table_nc, _src, max_nr, m in _selected(args, max_params, range(0), with_max_nr=True):
        kind, res = timed(args.budget, _real_counts_child, spec[1], seeds)
        if kind != "ok":
            what = f"> {args.budget:g} s" if kind == "timeout" else f"error {res[:80]}"
            print(f"| {label} | {m.n} | {table_nc} | {what} | | | | {max_nr} | | |")
            continue
        ncs = sorted({r[1] for r in res})
        nrs = [r[2] for r in res]
        kinds: dict = {}
        for r in res:
            for k, v in r[3].items():
                kinds[k] = kinds.get(k, 0) + v
        row = [label, str(m.n), str(table_nc), "/".join(map(str, ncs)), str(min(nrs)),
               f"{sum(nrs) / len(nrs):.1f}", str(max(nrs)), str(max_nr),
               " ".join(f"{_KIND_ABBR.get(k, k)}:{v}" for k, v in sorted(kinds.items())),
               f"{sum(r[4] for r in res) / len(res):.2f}"]
        print("| " + " | ".join(row) + " |")
        sys.stdout.flush()


def classify_table(args, chains, max_params):
    """The ladder of ``symlandscape classify``: stage times, counts and kinds, and the ratio to SymPy."""
    print(f"# classify ladder: route={args.route} with the automatic backends (ball route: exact quotient "
          f"dimension and multiplication table (Singular), Krawczyk boxes for every complex point (msolve's proved RUR as fallback), certified balls) vs the exact route on SymPy alone; budgets {args.budget:g} s / {args.sympy_budget:g} s (sympy); "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print("# kinds: gm global_min, lm local_min, ss strict_saddle, ns nonstrict_saddle, lM local_max, und undecided")
    print("# points proof: 'boxes' (Krawczyk) or 'rur' (msolve fallback); '-': the row took the exact route "
          "(route=auto below ballroute.MIN_POINTS complex points); its stage columns are then the exact route's "
          "decompose and classify")
    cols = ["instance", "N", "N_C table", "N_C", "N_R", "max N_R table", "kinds", "vdim+table or decompose [s]", "points proof + kinds [s]",
            "classify [s]", "total [s]", "sympy exact [s]", "speed-up"]
    _header(cols)
    for label, spec, table_nc, _src, max_nr, m in _selected(args, max_params, chains, with_max_nr=True):
        fast = timed(args.budget, _classify_child, args.route, spec)
        ref = timed(args.sympy_budget, _classify_child, "sympy", spec) if args.sympy_budget > 0 else None
        row = [label, str(m.n), str(table_nc)]
        if fast[0] == "ok":
            dt, nc, nr, kinds, tim = fast[1]
            row += [str(nc), str(nr), "-" if max_nr is None else str(max_nr),
                    " ".join(f"{_KIND_ABBR.get(k, k)}:{v}" for k, v in kinds.items()),
                    f"{tim.get('decompose', 0):.2f}",
                    (f"{tim['isolate']:.2f} (boxes)" if "isolate" in tim else f"{tim['rur']:.2f} (rur)" if "rur" in tim
                     else "-"),
                    f"{tim.get('classify', 0):.2f}", f"{dt:.2f}"]
        else:
            row += ["?", "?", "-" if max_nr is None else str(max_nr), "-", "-", "-", "-",
                    fmt_time(fast) if fast[0] == "timeout" else "error " + fast[1][:80]]
        if ref is None:
            row += ["not run", "-"]
        else:
            row.append(fmt_time(ref) if ref[0] != "error" else "error " + ref[1][:60])
            if ref[0] == "ok" and fast[0] == "ok":
                same = (ref[1][1], ref[1][2], ref[1][3]) == (fast[1][1], fast[1][2], fast[1][3])
                row[-1] += "" if same else " (COUNTS DIFFER)"
            row.append(ratio(ref, fast) if fast[0] == "ok" else "-")
        print("| " + " | ".join(row) + " |")
        sys.stdout.flush()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="only instances with at most 8 parameters, chains to 5")
    ap.add_argument("--max-params", type=int, default=12)
    ap.add_argument("--backends", default=",".join(PREFERENCE), help="comma-separated names")
    ap.add_argument("--budget", type=float, default=600.0, help="seconds per operation (non-SymPy)")
    ap.add_argument("--sympy-budget", type=float, default=60.0, help="seconds per SymPy operation")
    ap.add_argument("--msolve-budget", type=float, default=None, help="seconds per msolve operation (default --budget)")
    ap.add_argument("--only", default=None, help="comma-separated substrings: run only matching instances")
    ap.add_argument("--exclude", default=None, help="comma-separated substrings: skip matching instances")
    ap.add_argument("--min-params", type=int, default=0)
    ap.add_argument("--msolve-verify", choices=("exact", "modular"), default="exact",
                    help="how msolve's RUR points are checked to be zeros (completeness is always exact)")
    ap.add_argument("--ops", default="gb,rur", help="gb, rur or both")
    ap.add_argument("--classify", action="store_true",
                    help="the classify ladder instead: stage times, counts, kinds, speed-up over SymPy "
                         "(--budget for the fast route, --sympy-budget for SymPy; 0 skips SymPy)")
    ap.add_argument("--route", choices=("auto", "balls", "exact"), default="auto",
                    help="classify route of the fast column (default auto, as the command line)")
    ap.add_argument("--real-counts", type=int, default=0, metavar="K",
                    help="instead: real critical points of K random systems per count-table row (ball route), "
                         "beside the tables' maximum over 100 systems (--budget is per row)")
    args = ap.parse_args(argv)
    global MSOLVE_VERIFY
    MSOLVE_VERIFY = args.msolve_verify
    chains = range(2, 6) if args.quick else range(2, 9)
    max_params = 8 if args.quick else args.max_params
    if args.real_counts:
        real_counts_table(args, max_params)
        return
    if args.classify:
        classify_table(args, chains, max_params)
        return
    names = [b for b in args.backends.split(",") if b]
    avail = [b for b in names if BACKENDS[b]().available()]
    missing = sorted(set(names) - set(avail))
    ops = args.ops.split(",")
    print(f"# backends: {', '.join(avail)}" + (f" (not installed: {', '.join(missing)})" if missing else ""))
    print(f"# budgets: {args.sympy_budget:g} s (sympy), {args.budget:g} s (others"
          + (f", msolve {args.msolve_budget:g} s" if args.msolve_budget else "")
          + f"); msolve check: {args.msolve_verify}; machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    cols = ["instance", "N", "N_C table", "N_C", "N_R"]
    for op in ops:
        for b in avail:
            cols.append(f"{op} {b} [s]")
            if b != "sympy" and "sympy" in avail:
                cols.append(f"{op} {b} vs sympy")
    _header(cols)
    for label, spec, table_nc, _src, m in _selected(args, max_params, chains):
        results = {}
        for op in ops:
            for b in avail:
                budget = args.sympy_budget if b == "sympy" else args.budget
                if b == "msolve" and args.msolve_budget:
                    budget = args.msolve_budget
                results[(op, b)] = timed(budget, _child, b, op, spec)
        ncs = {r[1][1] for (op, b), r in results.items() if op == "rur" and r[0] == "ok" and r[1][1] is not None}
        nrs = {r[1][2] for (op, b), r in results.items() if op == "rur" and r[0] == "ok" and r[1][2] is not None}
        nc = "/".join(map(str, sorted(ncs))) if ncs else "?"
        nr = "/".join(map(str, sorted(nrs))) if nrs else "?"
        if len(ncs) > 1:
            nc += " MISMATCH"
        row = [label, str(m.n), str(table_nc), nc, nr]
        for op in ops:
            ref = results.get((op, "sympy"))
            for b in avail:
                res = results[(op, b)]
                cell = fmt_time(res)
                if res[0] == "error":
                    cell += f" ({res[1][:60]})"
                row.append(cell)
                if b != "sympy" and "sympy" in avail:
                    row.append(ratio(ref, res))
        print("| " + " | ".join(row) + " |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
