"""The sweep database (symlandscape.sweep.store): rows, the resume policy, bad files."""

import json
import sqlite3

import pytest

from symlandscape.errors import ProblemError
from symlandscape.spec import parse_problem
from symlandscape.sweep.jobs import generate_jobs
from symlandscape.sweep.spec import parse_sweep_spec
from symlandscape.sweep.store import SCHEMA_VERSION, SweepStore

JOB = generate_jobs(parse_sweep_spec({"name": "s", "networks": {"widths": [1, 1, 1]},
                                      "data": {"inputs": [[1]], "targets": [[1]]}, "regularisation": [{"l2": "1/10"}]}))[0]
DONE = {"status": "done", "message": None, "seconds": 0.25, "complete": True, "complex_points": 5, "real_points": 3,
        "by_kind": {"global_min": 2, "strict_saddle": 1}, "global_min": {"exact": "19/200", "approx": "0.095"},
        "strata": [{"dimension": 0, "kind": "global_min", "value": "19/200", "approx": "0.095"}],
        "engine_version": "0.1.0", "engine_commit": "abc", "engine_backend": "sympy", "worker": "h:1"}


def test_row_round_trip_and_wal(tmp_path):
    st = SweepStore(tmp_path / "a.sqlite")
    st.record(JOB, DONE, timeout=60.0, force=False, executor="local:1", sweep="s")
    r = st.row(JOB.key)
    assert r["status"] == "done" and r["complete"] is True and r["by_kind"] == DONE["by_kind"]
    assert r["strata"] == DONE["strata"] and r["global_min_exact"] == "19/200" and r["executor"] == "local:1"
    assert parse_problem(json.loads(r["problem"])).n_params == 2  # the stored problem is a problem file
    assert json.loads(r["engine_options"]) == {"backend": None, "route": "auto"}
    assert st.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert st.meta("schema_version") == str(SCHEMA_VERSION)
    st.close()
    # a result replaces the earlier one of the same job
    st = SweepStore(tmp_path / "a.sqlite")
    st.record(JOB, dict(DONE, seconds=1.0), timeout=60.0, force=False, executor="local:2", sweep="s")
    assert len(st.rows()) == 1 and st.row(JOB.key)["executor"] == "local:2"
    st.close()


@pytest.mark.parametrize("stored, stored_timeout, stored_force, timeout, force, retry, expect", [
    ("done", 60.0, False, 600.0, True, True, False),      # done is never recomputed
    ("timeout", 10.0, False, 10.0, False, False, False),  # same limit: would time out again
    ("timeout", 10.0, False, 5.0, False, False, False),
    ("timeout", 10.0, False, 20.0, False, False, True),   # a longer limit now
    ("timeout", 10.0, False, None, False, False, True),   # no limit now
    ("refused", 60.0, False, 60.0, False, False, False),
    ("refused", 60.0, False, 60.0, True, False, True),    # force now
    ("refused", 60.0, True, 60.0, True, False, False),
    ("error", 60.0, False, 60.0, False, False, False),
    ("error", 60.0, False, 60.0, False, True, True),      # --retry-errors
])
def test_resume_policy(tmp_path, stored, stored_timeout, stored_force, timeout, force, retry, expect):
    st = SweepStore(tmp_path / "p.sqlite")
    assert st.needs_run(JOB, timeout, force, retry)
    res = DONE if stored == "done" else {"status": stored, "message": "m", "seconds": 1.0}
    st.record(JOB, res, timeout=stored_timeout, force=stored_force, executor="local:1")
    assert st.needs_run(JOB, timeout, force, retry) is expect
    st.close()


def test_unknown_status_is_refused(tmp_path):
    st = SweepStore(tmp_path / "u.sqlite")
    with pytest.raises(ValueError):
        st.record(JOB, {"status": "maybe", "seconds": 0}, timeout=1, force=False, executor="x")
    with pytest.raises(sqlite3.IntegrityError):  # the schema's CHECK too
        with st.db:
            st.db.execute("UPDATE results SET status = 'maybe'") if st.rows() else st.db.execute(
                "INSERT INTO results (key, name, sweep, architecture, regularisation, n_params, problem, "
                "engine_options, status, seconds, force, executor, finished_at) "
                "VALUES ('k', 'n', 's', 'a', 'r', 1, '{}', '{}', 'maybe', 0, 0, 'x', 't')")
    st.close()


def test_bad_database_files(tmp_path):
    with pytest.raises(ProblemError, match="no such database"):
        SweepStore(tmp_path / "missing.sqlite", readonly=True)
    (tmp_path / "junk.sqlite").write_text("not a database at all" * 100)
    with pytest.raises(ProblemError, match="not a sweep database"):
        SweepStore(tmp_path / "junk.sqlite")
    old = sqlite3.connect(tmp_path / "old.sqlite")
    old.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                      "INSERT INTO meta VALUES ('schema_version', '0');")
    old.close()
    with pytest.raises(ProblemError, match="schema version 0"):
        SweepStore(tmp_path / "old.sqlite")
    with pytest.raises(ProblemError, match="folder of the database does not exist"):
        SweepStore(tmp_path / "no" / "such" / "x.sqlite")
