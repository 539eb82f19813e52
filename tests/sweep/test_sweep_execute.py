"""Execution (symlandscape.sweep.execute): job statuses, the coordinator, interruption and resume, DB contents."""

import os
import signal
import time


from symlandscape.sweep import execute
from symlandscape.sweep.execute import LocalExecutor, run_job, run_sweep
from symlandscape.sweep.jobs import generate_jobs
from symlandscape.sweep.spec import parse_sweep_spec
from symlandscape.sweep.store import SweepStore

CHAIN = {"network": {"widths": [1, 1, 1]}, "data": {"inputs": [[1]], "targets": [[1]]}}
ENGINE = {"backend": None}


def test_done_carries_counts_engine_and_worker():
    r = run_job(dict(CHAIN, l2="1/10"), ENGINE, timeout=60, force=False)
    assert r["status"] == "done" and r["message"] is None
    assert (r["complex_points"], r["real_points"], r["by_kind"]) == (5, 3, {"global_min": 2, "strict_saddle": 1})
    assert r["global_min"]["exact"] == "19/200" and r["complete"] is True
    assert r["engine_version"] and r["worker"].endswith(f":{os.getpid()}") and r["engine_backend"].startswith("auto")
    assert [e["kind"] for e in r["strata"]] == ["global_min", "global_min", "strict_saddle"]


def test_refused_beyond_the_limits_unless_forced():
    big = {"network": {"widths": [8, 8, 8]}, "data": {"inputs": [[1] * 8], "targets": [[1] * 8]}}
    r = run_job(big, ENGINE, timeout=60, force=False)
    assert r["status"] == "refused" and r["message"].startswith("LimitError: problem too large")


def test_error_is_an_unexpected_exception_with_its_traceback(monkeypatch):
    def broken(problem, backend, force, route="exact"):
        raise RuntimeError("engine bug")
    monkeypatch.setattr(execute, "classify_summary", broken)
    r = run_job(CHAIN, ENGINE, timeout=60, force=False)
    assert r["status"] == "error" and r["message"].startswith("builtins.RuntimeError: engine bug")
    assert "Traceback" in r["message"] and "broken" in r["message"]


def test_timeout_even_when_signals_are_ignored(monkeypatch):
    def stuck(problem, backend, force, route="exact"):  # like native code: SIGALRM never gets through
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        while True:
            time.sleep(0.01)
    monkeypatch.setattr(execute, "classify_summary", stuck)
    r = run_job(CHAIN, ENGINE, timeout=0.5, force=False)
    assert r["status"] == "timeout" and "0.5 s" in r["message"] and 0.5 <= r["seconds"] < 2


def test_a_child_killed_by_the_kernel_is_an_error(monkeypatch):
    monkeypatch.setattr(execute, "classify_summary", lambda *a: os.kill(os.getpid(), signal.SIGKILL))
    r = run_job(CHAIN, ENGINE, timeout=10, force=False)
    assert r["status"] == "error" and "signal 9" in r["message"]


# --------------------------------------------------------------------------------------
U = {"uniform": ["1/10", "1"], "denominator": 10}


def tiny_spec(**over):
    obj = {"name": "tiny", "networks": {"widths": [[1, 1, 1], [1, 1, 1, 1]]}, "data": {"samples": 1, "entries": U},
           "regularisation": ["none", {"per_weight": U}], "seeds": [0, 1], "timeout": 30}
    obj.update(over)
    return parse_sweep_spec(obj)


def test_interrupted_run_resumes_without_recomputing(tmp_path):
    jobs = generate_jobs(tiny_spec())
    store = SweepStore(tmp_path / "s.sqlite")
    seen = []

    def progress(msg):  # Ctrl-C after the second stored result
        seen.append(msg)
        if sum("stored" in m for m in seen) == 2:
            raise KeyboardInterrupt

    stats = run_sweep(jobs, store, LocalExecutor(1), timeout=30, force=False, sweep="tiny", progress=progress)
    assert stats.stopped == "interrupted (Ctrl-C)" and stats.finished == 2
    first = store.rows()
    assert len(first) == 2 and all(r["status"] == "done" for r in first.values())
    # a new connection sees a consistent database (as a new process would)
    other = SweepStore(tmp_path / "s.sqlite", readonly=True)
    assert set(other.rows()) == set(first)
    other.close()

    stats = run_sweep(jobs, store, LocalExecutor(1), timeout=30, force=False, sweep="tiny")
    assert stats.stopped is None and stats.skipped == 2 and stats.finished == len(jobs) - 2
    rows = store.rows()
    assert set(rows) == {j.key for j in jobs}
    for k, r in first.items():  # not recomputed
        assert rows[k]["finished_at"] == r["finished_at"] and rows[k]["worker"] == r["worker"]
    stats = run_sweep(jobs, store, LocalExecutor(1), timeout=30, force=False)
    assert stats.submitted == 0 and stats.skipped == len(jobs)
    store.close()


def test_database_holds_the_literature_counts(tmp_path):
    """Two sweeps in one database: the regularised chains of literature.md section 5, items 8 and 9
    (x = 1, y = 2, lambda = (1/10, 1/5) and (1/10, 1/5, 3/10)): 5 complex / 3 real and 17 complex /
    9 real critical points; 2 and 4 global minima; for three factors the origin is a non-global strict
    local minimum (L = 2) and there are 4 saddles."""
    store = SweepStore(tmp_path / "m.sqlite")
    data = {"inputs": [[1]], "targets": [[2]]}
    for name, widths, lam in (("n2", [1, 1, 1], ["1/10", "1/5"]), ("n3", [1, 1, 1, 1], ["1/10", "1/5", "3/10"])):
        spec = parse_sweep_spec({"name": name, "networks": {"widths": widths}, "data": data,
                                 "regularisation": [{"l2": lam}]})
        run_sweep(generate_jobs(spec), store, LocalExecutor(1), timeout=60, force=False, sweep=name)
    rows = {r["sweep"]: r for r in store.rows().values()}
    n2, n3 = rows["n2"], rows["n3"]
    assert (n2["status"], n2["complete"], n2["complex_points"], n2["real_points"]) == ("done", True, 5, 3)
    assert n2["by_kind"] == {"global_min": 2, "strict_saddle": 1}
    assert abs(float(n2["global_min_approx"]) - 0.27284271) < 5e-9  # the 8 digits of literature.md
    assert (n3["complex_points"], n3["real_points"]) == (17, 9)
    assert n3["by_kind"] == {"global_min": 4, "local_min": 1, "strict_saddle": 4}
    assert abs(float(n3["global_min_approx"]) - 0.42200927) < 5e-9
    assert {"dimension": 0, "kind": "local_min", "value": "2", "approx": "2.0"} in n3["strata"]
    assert n3["problem"] and '"l2"' in n3["problem"] and n3["engine_options"] == '{"backend": null, "route": "auto"}'
    assert n3["executor"] == "local:1" and n3["timeout"] == 60 and n3["seconds"] > 0
    assert n3["engine_version"] and n3["finished_at"].endswith("Z")
    store.close()


def test_timeouts_are_stored_and_rerun_only_under_a_longer_limit(tmp_path, monkeypatch):
    jobs = generate_jobs(tiny_spec(networks={"widths": [1, 1, 1]}, regularisation=["none"], seeds=[0]))
    store = SweepStore(tmp_path / "t.sqlite")

    def slow(problem, backend, force, route="exact"):
        time.sleep(30)
    monkeypatch.setattr(execute, "classify_summary", slow)
    monkeypatch.setattr(execute, "START_METHOD", "fork")  # forked workers inherit the patch
    stats = run_sweep(jobs, store, LocalExecutor(1), timeout=0.3, force=False)
    assert stats.by_status == {"timeout": 1}
    assert store.row(jobs[0].key)["status"] == "timeout" and store.row(jobs[0].key)["timeout"] == 0.3
    assert run_sweep(jobs, store, LocalExecutor(1), timeout=0.3, force=False).submitted == 0
    monkeypatch.undo()
    stats = run_sweep(jobs, store, LocalExecutor(1), timeout=30, force=False)
    assert stats.submitted == 1 and store.row(jobs[0].key)["status"] == "done"
    store.close()
