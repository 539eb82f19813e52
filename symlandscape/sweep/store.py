"""The sweep database: one SQLite file (standard library ``sqlite3``, WAL journal).

Only the coordinating process writes (workers return results); every result is committed
in its own transaction as it arrives, so a sweep stopped at any moment (Ctrl-C, a
killed process, a power cut) leaves a consistent database, and running the same command
again resumes. One row per job key (table ``results``, schema below); ``meta`` holds the
schema version and the last spec run against the file.

Schema (version 1) of ``results``: ``key`` (primary key, :func:`~.jobs.job_key`),
``name``, ``sweep``, ``architecture``, ``regularisation``, ``seed``, ``n_params``,
``problem`` (canonical problem JSON: a problem file), ``engine_options`` (JSON),
``status`` (``done`` / ``timeout`` / ``refused`` / ``error``), ``message``,
``complete`` (0/1), ``complex_points``, ``real_points``, ``by_kind`` (JSON; these three
only for finite critical sets, design.md 3.4), ``strata`` (JSON list: ``dimension``,
``kind``, ``value``, ``approx`` of every stratum and point), ``global_min_exact``,
``global_min_approx``, ``seconds``, ``timeout`` (the per-problem limit in force),
``force``, ``engine_version``, ``engine_commit``, ``engine_backend``, ``executor``,
``worker``, ``finished_at`` (UTC).

Examples
--------
>>> import tempfile, os
>>> from symlandscape.sweep.spec import parse_sweep_spec
>>> from symlandscape.sweep.jobs import generate_jobs
>>> job = generate_jobs(parse_sweep_spec({"networks": {"widths": [1, 1, 1]},
...                                       "data": {"inputs": [[1]], "targets": [[1]]}}))[0]
>>> with tempfile.TemporaryDirectory() as d:
...     st = SweepStore(os.path.join(d, "s.sqlite"))
...     st.record(job, {"status": "timeout", "message": "no result within 1 s", "seconds": 1.0}, timeout=1.0,
...               force=False, executor="local:1")
...     print(st.row(job.key)["status"], st.needs_run(job, timeout=1.0, force=False),
...           st.needs_run(job, timeout=5.0, force=False))
...     st.close()
timeout False True
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from ..errors import ProblemError

__all__ = ["SweepStore", "SCHEMA_VERSION", "STATUSES"]

SCHEMA_VERSION = 1
STATUSES = ("done", "timeout", "refused", "error")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    sweep TEXT NOT NULL,
    architecture TEXT NOT NULL,
    regularisation TEXT NOT NULL,
    seed INTEGER,
    n_params INTEGER NOT NULL,
    problem TEXT NOT NULL,
    engine_options TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('done', 'timeout', 'refused', 'error')),
    message TEXT,
    complete INTEGER,
    complex_points INTEGER,
    real_points INTEGER,
    by_kind TEXT,
    strata TEXT,
    global_min_exact TEXT,
    global_min_approx TEXT,
    seconds REAL NOT NULL,
    timeout REAL,
    force INTEGER NOT NULL,
    engine_version TEXT,
    engine_commit TEXT,
    engine_backend TEXT,
    executor TEXT NOT NULL,
    worker TEXT,
    finished_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS results_group ON results (sweep, architecture, regularisation);
"""

_JSON_COLUMNS = ("by_kind", "strata")


class SweepStore:
    """The results of sweeps in one SQLite file (created when missing).

    Parameters
    ----------
    path : str or Path
    readonly : bool
        Open an existing file and write nothing (``--summary-only``).
    """

    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = Path(path)
        if readonly and not self.path.exists():
            raise ProblemError("--db", "no such database", str(path),
                               "run the sweep first, or give the database file with --db FILE")
        if not readonly and self.path.parent and not self.path.parent.exists():
            raise ProblemError("--db", "the folder of the database does not exist", str(path),
                               "create the folder, or choose another --db FILE")
        try:
            self.db = sqlite3.connect(self.path, timeout=30)
            self.db.row_factory = sqlite3.Row
            if not readonly:
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                self.db.executescript(_SCHEMA)
                self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
                self.db.commit()
            version = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise ProblemError("--db", f"not a sweep database ({exc})", str(path),
                               "give the .sqlite file a sweep wrote, or a new file name") from None
        if version is None or int(version[0]) != SCHEMA_VERSION:
            raise ProblemError("--db", f"database schema version {None if version is None else version[0]}, "
                               f"this symlandscape writes version {SCHEMA_VERSION}", str(path),
                               "use a new database file")

    def close(self) -> None:
        self.db.close()

    # reading ----------------------------------------------------------------------
    def row(self, key: str) -> dict | None:
        """The stored result of one job (JSON columns decoded), or None."""
        r = self.db.execute("SELECT * FROM results WHERE key = ?", (key,)).fetchone()
        return None if r is None else self._decode(r)

    def rows(self, keys=None) -> dict[str, dict]:
        """Stored results by key (all, or those of ``keys``)."""
        out = {}
        for r in self.db.execute("SELECT * FROM results ORDER BY rowid"):
            if keys is None or r["key"] in keys:
                out[r["key"]] = self._decode(r)
        return out

    @staticmethod
    def _decode(r) -> dict:
        d = dict(r)
        for c in _JSON_COLUMNS:
            if d[c] is not None:
                d[c] = json.loads(d[c])
        d["complete"] = None if d["complete"] is None else bool(d["complete"])
        d["force"] = bool(d["force"])
        return d

    def meta(self, key: str) -> str | None:
        r = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if r is None else r[0]

    def needs_run(self, job, timeout: float | None, force: bool, retry_errors: bool = False) -> bool:
        """Whether ``job`` must be (re)computed: no result yet; a timeout under a shorter
        limit than now; a refusal without ``force`` when ``force`` is now given; an error
        when ``retry_errors``. A ``done`` result is never recomputed."""
        r = self.row(job.key)
        if r is None:
            return True
        st = r["status"]
        if st == "timeout":
            return timeout is None or (r["timeout"] is not None and timeout > r["timeout"])
        if st == "refused":
            return force and not r["force"]
        if st == "error":
            return retry_errors
        return False

    # writing ----------------------------------------------------------------------
    def set_meta(self, key: str, value: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def record(self, job, result: dict, *, timeout: float | None, force: bool, executor: str,
               sweep: str = "") -> None:
        """Store one result (replacing an earlier one of the same job), committed at once."""
        status = result["status"]
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        gmin = result.get("global_min") or {}
        row = {
            "key": job.key, "name": job.name, "sweep": sweep, "architecture": job.architecture,
            "regularisation": job.regularisation, "seed": job.seed, "n_params": job.n_params,
            "problem": json.dumps(job.problem, sort_keys=True), "engine_options": json.dumps(job.engine, sort_keys=True),
            "status": status, "message": result.get("message"),
            "complete": None if result.get("complete") is None else int(bool(result["complete"])),
            "complex_points": result.get("complex_points"), "real_points": result.get("real_points"),
            "by_kind": None if result.get("by_kind") is None else json.dumps(result["by_kind"], sort_keys=True),
            "strata": None if result.get("strata") is None else json.dumps(result["strata"], sort_keys=True),
            "global_min_exact": gmin.get("exact"), "global_min_approx": gmin.get("approx"),
            "seconds": float(result.get("seconds", 0.0)), "timeout": timeout, "force": int(force),
            "engine_version": result.get("engine_version"), "engine_commit": result.get("engine_commit"),
            "engine_backend": result.get("engine_backend"), "executor": executor, "worker": result.get("worker"),
            "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        with self.db:  # one transaction per result
            self.db.execute(f"INSERT OR REPLACE INTO results ({cols}) VALUES ({marks})", tuple(row.values()))
