"""Execution: one job on a worker, and the coordinator that runs a whole sweep.

:func:`run_job` runs on a worker (a process of the local pool or a Dask worker
thread): it classifies one problem in a forked child process that is killed with its
process group at the per-problem time limit (:func:`symlandscape.limits.run_in_child`,
the same machinery as the audit's budget: it stops work inside FLINT or a solver
subprocess too, and the child dies with its worker), and returns a small result dict
(status, counts, strata, global minimum value, seconds, engine version). Workers never
write to the database.

:func:`run_sweep` is the coordinator: it skips jobs with a stored result
(:meth:`~.store.SweepStore.needs_run`), submits the others to an executor
(:class:`LocalExecutor`, a ``concurrent.futures.ProcessPoolExecutor``, or
:class:`DaskExecutor`, a ``distributed.Client``), and stores every result as it
arrives, with a progress line on stderr. Ctrl-C (or the whole command's ``--timeout``)
cancels what is queued, stops the workers and returns: every stored result is
committed, and the same command resumes.
"""

from __future__ import annotations

import functools
import os
import signal
import socket
import time
from collections import Counter
from dataclasses import dataclass, field

from ..errors import ProblemError

__all__ = ["run_job", "classify_summary", "engine_info", "LocalExecutor", "DaskExecutor", "run_sweep", "RunStats",
           "default_workers", "DASK_CONNECT_TIMEOUT", "START_METHOD"]

#: Seconds to wait for a Dask scheduler to answer.
DASK_CONNECT_TIMEOUT = 15
#: Start method of local workers (None: "fork" when this process has one thread, else a fork server).
START_METHOD = None


def default_workers() -> int:
    """Local worker processes by default: all cores but one (at least one)."""
    return max(1, (os.cpu_count() or 2) - 1)


@functools.lru_cache(maxsize=None)
def engine_info() -> dict:
    """Version and git commit of the symlandscape that computes (``+dirty`` when the
    package's files differ from the commit), and which worker (host:pid) ran it."""
    import subprocess
    from pathlib import Path
    from .. import __version__
    root = Path(__file__).resolve().parents[2]
    commit = None
    if (root / ".git").exists():
        try:
            r = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True,
                               timeout=10)
            if r.returncode == 0:
                commit = r.stdout.strip()
                d = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no", "--",
                                    "symlandscape"], capture_output=True, text=True, timeout=10)
                if d.returncode == 0 and d.stdout.strip():
                    commit += "+dirty"
        except (OSError, subprocess.SubprocessError):
            commit = None
    return {"engine_version": __version__, "engine_commit": commit}


def _backend_label(backend: str | None) -> str:
    if backend is not None:
        return backend
    from ..backends import available_backends
    return "auto (" + ", ".join(available_backends()) + ")"


def _value(v) -> dict:
    if v is None:
        return {"value": None, "approx": None}
    j = v.json()
    return {"value": j["exact"], "approx": j["approx"]}


def classify_summary(problem: dict, backend: str | None = None, force: bool = False, route: str = "exact") -> dict:
    """Classify ``problem`` (a problem dictionary) with ``route`` and summarise the report.

    Returns ``complete``, ``global_min`` (``exact``, ``approx``) or None, ``strata`` (one
    entry per stratum and per point: ``dimension``, ``kind``, ``value``, ``approx``) and,
    when the critical set is finite, ``complex_points``, ``real_points`` and ``by_kind``
    (real points per kind), as in the ``counts`` of design.md 3.4.

    Raises
    ------
    LimitError
        When the problem is beyond the limits of docs/audit.md and ``force`` is false.

    Examples
    --------
    >>> s = classify_summary({"network": {"widths": [1, 1, 1]}, "l2": "1/10",
    ...                       "data": {"inputs": [[1]], "targets": [[1]]}})
    >>> s["complete"], s["complex_points"], s["real_points"], s["by_kind"], s["global_min"]["exact"]
    (True, 5, 3, {'global_min': 2, 'strict_saddle': 1}, '19/200')
    """
    from ..classify import classify
    from ..limits import check_limits
    from ..solve import using_backend
    from ..spec import parse_problem
    prob = parse_problem(problem)
    check_limits(prob, force=force, command="classify")
    with using_backend(backend):
        rep = classify(prob, route=route)
    entries = [dict(dimension=s.dimension, kind=s.kind, **_value(s.value)) for s in rep.strata]
    entries += [dict(dimension=0, kind=v.kind, **_value(v.value)) for v in rep.points]
    entries.sort(key=lambda e: (-e["dimension"], float(e["approx"]) if e["approx"] is not None else float("inf"),
                                e["kind"], e["value"] or ""))
    out = {"complete": bool(rep.complete), "strata": entries,
           "global_min": None if rep.gmin is None else {k: rep.gmin.json()[k] for k in ("exact", "approx")}}
    if rep.finite:
        out["complex_points"] = rep.n_complex
        out["real_points"] = len(rep.points)
        out["by_kind"] = dict(sorted(Counter(v.kind for v in rep.points).items()))
    return out


def run_job(problem: dict, engine: dict, timeout: float | None, force: bool) -> dict:
    """Worker side of one job: :func:`classify_summary` in a child process killed after
    ``timeout`` seconds. Never raises for a failure of the job itself: the status says it.

    Returns
    -------
    dict
        ``status`` (``done``, ``timeout``, ``refused`` -- the engine declined, e.g. a
        problem beyond the size limits or a backend that is not installed -- or
        ``error`` -- an unexpected exception, a bug: the message holds the traceback),
        ``message``, ``seconds``, the fields of :func:`classify_summary` when done,
        ``engine_version``, ``engine_commit``, ``engine_backend`` and ``worker``.

    Examples
    --------
    >>> p = {"network": {"widths": [1, 1, 1]}, "data": {"inputs": [[1]], "targets": [[1]]}}
    >>> r = run_job(p, {"backend": "sympy"}, timeout=60, force=False)
    >>> r["status"], r["complete"], [(e["dimension"], e["kind"]) for e in r["strata"]]
    ('done', True, [(1, 'global_min'), (0, 'strict_saddle')])
    >>> run_job(p, {"backend": "maple"}, timeout=60, force=False)["status"]
    'refused'
    """
    from .. import classify as _classify, solve as _solve  # noqa: F401  (imported once here, not in every child)
    from ..limits import run_in_child
    backend = engine.get("backend")
    info = dict(engine_info(), worker=f"{socket.gethostname()}:{os.getpid()}")
    try:
        info["engine_backend"] = _backend_label(backend)
    except Exception as exc:  # pragma: no cover - a broken backend module is reported per job
        info["engine_backend"] = f"unknown ({type(exc).__name__})"
    try:
        out = run_in_child(classify_summary, (problem, backend, force, engine.get("route", "exact")), seconds=timeout)
    except SystemExit:  # a local worker stopped by the coordinator: the child's group is killed already
        os._exit(128 + signal.SIGTERM)
    res = dict(info, seconds=round(out.seconds, 3))
    if out.status == "ok":
        res.update(out.value, status="done", message=None)
    elif out.status == "timeout":
        res.update(status="timeout", message=f"no result within {timeout:g} s (the child process was killed)")
    elif out.status == "raised" and out.error["symlandscape"]:
        res.update(status="refused", message=f"{out.error['bases'][0]}: {out.error['message']}")
    elif out.status == "raised":
        res.update(status="error", message=f"{out.error['type']}: {out.error['message']}\n{out.error['traceback']}")
    else:
        res.update(status="error", message=out.error["message"])
    return res


# --------------------------------------------------------------------------------------
# executors
# --------------------------------------------------------------------------------------
def _worker_init() -> None:
    """Local pool workers leave Ctrl-C to the coordinator, which stops them with SIGTERM:
    then the running job's child is killed with its whole process group (solver
    subprocesses too) before the worker exits."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)


def _exit_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)  # unwinds through run_in_child, whose cleanup kills the child's group


class LocalExecutor:
    """A ``concurrent.futures.ProcessPoolExecutor`` with ``workers`` processes.

    Workers are forked when this process has a single thread (fast: the engine is
    already imported), else started by a fork server (forking a process with threads
    can deadlock); ``start_method`` (or :data:`START_METHOD`) overrides the choice."""

    def __init__(self, workers: int, start_method: str | None = None):
        import multiprocessing as mp
        import threading
        from concurrent.futures import ProcessPoolExecutor
        if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
            raise ProblemError("--workers", "expected a positive integer", workers, f"e.g. {default_workers()}")
        methods = mp.get_all_start_methods()
        start_method = start_method or START_METHOD
        if start_method:
            ctx = mp.get_context(start_method)
        elif "fork" in methods and threading.active_count() == 1:
            ctx = mp.get_context("fork")
        else:
            ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
        self.workers = workers
        self.label = f"local:{workers}"
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init)

    def submit(self, fn, *args):
        return self.pool.submit(fn, *args)

    def as_completed(self, futures):
        from concurrent.futures import as_completed
        return as_completed(futures)

    def shutdown(self, cancel: bool = False) -> None:
        """Wait for the workers, or (``cancel``) drop the queue and stop them at once; a
        stopped worker's child process dies with it."""
        if not cancel:
            self.pool.shutdown(wait=True)
            return
        procs = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for p in procs:
            try:
                p.terminate()
            except (OSError, AttributeError):
                pass
        for p in procs:
            p.join(5)


class DaskExecutor:
    """A ``distributed.Client`` connected to the scheduler at ``address``
    (``pip install 'symlandscape[sweep]'``, or ``pip install dask distributed``).

    A cancelled task that already runs finishes on its worker (Dask does not stop
    running tasks); the per-problem time limit bounds how long."""

    def __init__(self, address: str):
        try:
            import distributed
        except ImportError:
            raise ProblemError("--dask", "needs the optional packages dask and distributed, which are not installed",
                               address, "pip install 'symlandscape[sweep]' (or: pip install dask distributed), "
                               "or run on the local process pool (--workers N)") from None
        self._distributed = distributed
        try:
            self.client = distributed.Client(address, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ProblemError("--dask", f"cannot connect to a Dask scheduler: {exc}", address,
                               "start one (dask scheduler; dask worker ADDRESS) and give its address, "
                               "e.g. tcp://127.0.0.1:8786") from None
        self.label = f"dask:{address}"
        self._futures: list = []

    def submit(self, fn, *args):
        import uuid
        fut = self.client.submit(fn, *args, pure=False, key=f"symlandscape-sweep-{uuid.uuid4().hex}")
        self._futures.append(fut)
        return fut

    def as_completed(self, futures):
        return self._distributed.as_completed(futures, loop=self.client.loop)

    def shutdown(self, cancel: bool = False) -> None:
        try:
            if cancel and self._futures:
                self.client.cancel(self._futures)
        finally:
            self.client.close()


# --------------------------------------------------------------------------------------
# the coordinator
# --------------------------------------------------------------------------------------
@dataclass
class RunStats:
    """What one run of :func:`run_sweep` did."""

    total: int = 0
    skipped: int = 0
    submitted: int = 0
    finished: int = 0
    by_status: Counter = field(default_factory=Counter)
    not_run: list = field(default_factory=list)
    stopped: str | None = None
    seconds: float = 0.0


def _clock(s: float) -> str:
    s = int(round(s))
    return f"{s // 3600}h{s // 60 % 60:02d}m{s % 60:02d}s" if s >= 3600 else (
        f"{s // 60}m{s % 60:02d}s" if s >= 60 else f"{s}s")


def run_sweep(jobs, store, executor, *, timeout: float | None, force: bool, retry_errors: bool = False,
              sweep: str = "", progress=None) -> RunStats:
    """Run every job of ``jobs`` without a stored result on ``executor``; store each
    result as it arrives (in this process only).

    Parameters
    ----------
    jobs : list of Job
    store : SweepStore
    executor : LocalExecutor or DaskExecutor
        Shut down by this function (cancelled when stopped early).
    timeout : float or None
        Seconds per problem.
    force : bool
        Classify problems beyond the size limits.
    retry_errors : bool
        Recompute jobs whose stored status is ``error``.
    sweep : str
        The sweep's name (stored with each row).
    progress : callable, optional
        Called with one line per finished job (done/total, eta).

    Returns
    -------
    RunStats
        ``stopped`` says why the run ended early (Ctrl-C, the command's ``--timeout``).
    """
    from ..limits import TimeLimitExceeded
    say = progress or (lambda msg: None)
    stats = RunStats(total=len(jobs))
    todo = [j for j in jobs if store.needs_run(j, timeout, force, retry_errors)]
    stats.skipped = len(jobs) - len(todo)
    if stats.skipped:
        say(f"{stats.skipped} of {len(jobs)} job(s) already in {store.path}: not recomputed")
    t0 = time.monotonic()
    futures: dict = {}
    try:
        for j in todo:
            futures[executor.submit(run_job, j.problem, j.engine, timeout, force)] = j
            stats.submitted += 1
        for fut in executor.as_completed(list(futures)):
            job = futures.pop(fut)
            try:
                res = fut.result()
            except Exception as exc:  # the executor failed (a lost worker), not the job: nothing stored
                stats.not_run.append((job.name, f"{type(exc).__name__}: {exc}"))
                say(f"{job.name}: not run ({type(exc).__name__}: {exc})")
                continue
            store.record(job, res, timeout=timeout, force=force, executor=executor.label, sweep=sweep)
            stats.finished += 1
            stats.by_status[res["status"]] += 1
            elapsed = time.monotonic() - t0
            left = len(todo) - stats.finished - len(stats.not_run)
            eta = elapsed / stats.finished * left
            bad = ", ".join(f"{k} {stats.by_status[k]}" for k in ("timeout", "refused", "error") if stats.by_status[k])
            say(f"{stats.skipped + stats.finished}/{len(jobs)} stored" + (f" ({bad})" if bad else "") +
                f", elapsed {_clock(elapsed)}, eta {_clock(eta)}: {job.name} {res['status']} in {res['seconds']:.2f} s")
    except KeyboardInterrupt:
        stats.stopped = "interrupted (Ctrl-C)"
    except TimeLimitExceeded as exc:
        stats.stopped = "stopped: " + str(exc).split(";")[0].removeprefix("symlandscape sweep ")
    finally:
        stats.seconds = time.monotonic() - t0
        executor.shutdown(cancel=stats.stopped is not None or bool(futures))
    return stats
