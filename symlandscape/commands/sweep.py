"""``symlandscape sweep SPEC``: run a family of problems and keep every result in SQLite.

See :mod:`symlandscape.sweep` and docs/sweep.md. The jobs of the spec (networks x
regularisation x seeds) run on a local process pool (``--workers N``) or on a Dask
cluster (``--dask tcp://HOST:PORT``); each result is stored in the database (``--db``,
default ``<spec name>.sqlite`` in the current folder) as it arrives, so an interrupted
sweep resumes where it stopped and a changed spec computes only its new jobs. At the end
(or with ``--summary-only``) the summary table is printed (``--json``: as JSON).

Exit status: 0 when every job of the spec has a result other than ``error``; 1 when
some job ended in ``error`` (an engine bug: the message holds the traceback) or could
not be run; 2 for bad input; 130 after Ctrl-C (the database keeps what was done).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

__all__ = ["NAME", "HELP", "add_arguments", "run"]

NAME = "sweep"
HELP = "run a family of problems (networks x regularisation x seeds) into a resumable SQLite database"


def add_arguments(p) -> None:
    p.add_argument("spec", nargs="?", help="sweep spec (JSON, see docs/sweep.md)")
    p.add_argument("--db", metavar="FILE", help="SQLite database (default: the spec file's name with .sqlite, "
                   "in the current folder)")
    p.add_argument("--workers", type=int, metavar="N",
                   help="local worker processes (default: cores - 1, at least 1)")
    p.add_argument("--dask", metavar="ADDRESS", help="run on the Dask cluster whose scheduler is at ADDRESS, "
                   "e.g. tcp://127.0.0.1:8786 (needs pip install 'symlandscape[sweep]')")
    p.add_argument("--problem-timeout", type=float, metavar="SECONDS",
                   help="seconds per problem (overrides the spec's timeout; 0: no limit)")
    p.add_argument("--retry-errors", action="store_true", help="recompute jobs whose stored status is error")
    p.add_argument("--summary-only", action="store_true", help="print the summary of the database; compute nothing")
    p.add_argument("--list", action="store_true", help="list the jobs of the spec (and stored status); compute nothing")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    p.add_argument("--timeout", type=float, metavar="SECONDS",
                   help="stop the whole sweep after SECONDS (stored results stay; run again to resume)")


def _say(quiet: bool):
    def say(msg: str) -> None:
        if not quiet:
            print(f"[sweep] {msg}", file=sys.stderr, flush=True)
    return say


def run(args) -> int:
    from ..errors import ProblemError
    from ..sweep.execute import DaskExecutor, LocalExecutor, default_workers, run_sweep
    from ..sweep.jobs import generate_jobs
    from ..sweep.spec import load_sweep_spec
    from ..sweep.store import SweepStore
    from ..sweep.summary import summarise

    if args.spec is None and not (args.summary_only and args.db):
        raise ProblemError("SPEC", "missing", None,
                           "give the sweep spec file (or --summary-only --db FILE for a database alone)")
    if args.workers is not None and args.dask:
        raise ProblemError("--workers", "is for the local pool; a Dask cluster has its own workers", args.workers,
                           "drop --workers, or drop --dask")
    if args.workers is not None and args.workers < 1:
        raise ProblemError("--workers", "expected a positive integer", args.workers, f"e.g. {default_workers()}")
    if args.problem_timeout is not None and args.problem_timeout < 0:
        raise ProblemError("--problem-timeout", "expected seconds >= 0 (0: no limit)", args.problem_timeout)
    say = _say(args.quiet)
    spec = load_sweep_spec(args.spec) if args.spec else None
    db_path = Path(args.db) if args.db else Path(Path(args.spec).stem + ".sqlite")
    jobs = generate_jobs(spec) if spec else None

    if args.summary_only or args.list:
        store = SweepStore(db_path, readonly=True) if db_path.exists() or args.summary_only else None
        try:
            rows = store.rows() if store else {}
        finally:
            if store:
                store.close()
        if args.list:
            return _list(jobs, rows, args.json)
        return _print_summary(summarise(rows, jobs, spec.name if spec else "(all rows)", str(db_path)), args.json,
                              jobs, rows)

    timeout = spec.timeout
    if args.problem_timeout is not None:
        timeout = args.problem_timeout or None
    if spec.backend is not None and not args.dask:  # fail before starting (a Dask cluster may differ: per job)
        from ..backends import get_backend
        get_backend(spec.backend)
    store = SweepStore(db_path)
    try:
        executor = DaskExecutor(args.dask) if args.dask else LocalExecutor(args.workers or default_workers())
        merged = spec.combinations - len(jobs)
        say(f"{spec.name}: {len(jobs)} job(s)" + (f" ({merged} identical combination(s) merged)" if merged else "")
            + f" on {executor.label}, " + (f"at most {timeout:g} s each" if timeout else "no time limit per problem"))
        store.set_meta("last_spec", json.dumps({"name": spec.name, "path": str(args.spec)}))
        stats = run_sweep(jobs, store, executor, timeout=timeout, force=spec.force, retry_errors=args.retry_errors,
                          sweep=spec.name, progress=say)
        rows = store.rows({j.key for j in jobs})
    finally:
        store.close()
    summary = summarise(rows, jobs, spec.name, str(db_path))
    rc = _print_summary(summary, args.json, jobs, rows)
    if stats.not_run:
        print(f"symlandscape sweep: {len(stats.not_run)} job(s) could not be run (the executor failed: "
              f"{stats.not_run[0][1]}); run the same command again to retry them", file=sys.stderr)
        rc = max(rc, 1)
    if stats.stopped:
        print(f"symlandscape sweep: {stats.stopped}; {summary['totals']['jobs'] - summary['totals']['pending']} of "
              f"{len(jobs)} job(s) stored in {db_path}; run the same command again to resume", file=sys.stderr)
        return 130 if stats.stopped.startswith("interrupted") else 2
    return rc


def _print_summary(summary: dict, as_json: bool, jobs, rows) -> int:
    from ..certificates import canonical_json
    from ..sweep.summary import summary_text
    if as_json:
        sys.stdout.write(canonical_json(summary))
    else:
        print(summary_text(summary))
    return 1 if summary["totals"]["error"] else 0


def _list(jobs, rows, as_json: bool) -> int:
    from ..certificates import canonical_json
    if jobs is None:
        from ..errors import ProblemError
        raise ProblemError("--list", "needs the sweep spec", None, "give SPEC")
    items = [{"key": j.key, "name": j.name, "network": j.architecture, "regularisation": j.regularisation,
              "seed": j.seed, "parameters": j.n_params, "status": rows[j.key]["status"] if j.key in rows else "pending",
              "also": list(j.also)} for j in jobs]
    if as_json:
        sys.stdout.write(canonical_json(items))
        return 0
    w = max(len(i["name"]) for i in items)
    for i in items:
        print(f"{i['key'][:12]}  {i['name'].ljust(w)}  {i['parameters']:>3} params  {i['status']}"
              + (f"  (also: {', '.join(i['also'])})" if i["also"] else ""))
    return 0
