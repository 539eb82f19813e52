"""``symlandscape sweep`` end to end on tiny problems (chains): table, resume, Ctrl-C, JSON, errors."""

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from symlandscape.cli import main
from symlandscape.sweep import execute

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "sweep_chains.json"
U = {"uniform": ["1/10", "1"], "denominator": 10}


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(["sweep", *map(str, argv)])
    return rc, out.getvalue(), err.getvalue()


def write(tmp_path, obj, name="s.json"):
    f = tmp_path / name
    f.write_text(json.dumps(obj))
    return f


def test_example_end_to_end_then_resume_json_list(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rc, out, err = run(EXAMPLE, "--workers", "1")
    assert rc == 0, err
    assert out.startswith("sweep chains: 18 jobs (18 done) in sweep_chains.sqlite")
    rows = {ln.split("  ")[0].strip() + " / " + ln.split()[2]: ln.split() for ln in out.splitlines()[3:9]}
    assert len(rows) == 6
    # 1-1-1-1 linear with l2 = 1/10: 17 complex critical points for every seed (1 + 2^n (n - 1), literature.md 5.10)
    row = out.splitlines()[7].split()
    assert row[:3] == ["1-1-1-1", "linear", "l2=1/10"] and row[11] == "17"
    assert "18/18 stored" in err and (tmp_path / "sweep_chains.sqlite").exists()
    # resume: nothing recomputed, same table
    rc, out2, err2 = run(EXAMPLE, "--workers", "1")
    assert rc == 0 and "18 of 18 job(s) already in sweep_chains.sqlite: not recomputed" in err2
    assert out2.splitlines()[:9] == out.splitlines()[:9] or _same_but_times(out, out2)
    # the summary alone, as JSON
    rc, js, _ = run(EXAMPLE, "--summary-only", "--json")
    s = json.loads(js)
    assert rc == 0 and s["totals"]["done"] == 18 and s["totals"]["pending"] == 0 and len(s["groups"]) == 6
    g = s["groups"][4]
    assert (g["architecture"], g["regularisation"], g["complex_points"]) == ("1-1-1-1 linear", "l2=1/10",
                                                                            {"min": 17, "max": 17})
    # the database alone (no spec)
    rc, out3, _ = run("--summary-only", "--db", "sweep_chains.sqlite")
    assert rc == 0 and out3.startswith("sweep (all rows): 18 jobs (18 done)")
    rc, lst, _ = run(EXAMPLE, "--list", "--json")
    assert rc == 0 and [i["status"] for i in json.loads(lst)] == ["done"] * 18


def _same_but_times(a, b):
    strip = lambda t: [ln.rsplit("  ", 1)[0] for ln in t.splitlines()]  # noqa: E731
    return strip(a) == strip(b)


def test_changing_the_spec_computes_only_new_jobs(tmp_path):
    spec = {"name": "grow", "networks": {"widths": [1, 1, 1]}, "data": {"samples": 1, "entries": U},
            "regularisation": [{"per_weight": U}], "seeds": [0, 1]}
    db = tmp_path / "g.sqlite"
    assert run(write(tmp_path, spec), "--db", db, "--workers", "1")[0] == 0
    spec["seeds"] = [0, 1, 2]
    spec["networks"] = {"widths": [[1, 1, 1], [2, 1, 1]]}
    rc, out, err = run(write(tmp_path, spec), "--db", db, "--workers", "1")
    assert rc == 0 and "2 of 6 job(s) already in" in err and err.count(" stored") == 4
    assert "6 jobs (6 done)" in out


def test_pending_jobs_in_the_summary_and_list(tmp_path):
    spec = write(tmp_path, {"name": "p", "networks": {"widths": [1, 1, 1]}, "data": {"samples": 1, "entries": U},
                            "seeds": [0, 1, 2]})
    db = tmp_path / "p.sqlite"
    rc, out, err = run(spec, "--db", db, "--summary-only")
    assert rc == 2 and "no such database" in err
    rc, out, _ = run(spec, "--db", db, "--list")
    assert rc == 0 and out.count("pending") == 3
    assert run(spec, "--db", db, "--workers", "1", "--quiet")[0] == 0
    spec2 = write(tmp_path, {"name": "p", "networks": {"widths": [1, 1, 1]}, "data": {"samples": 1, "entries": U},
                             "seeds": [0, 1, 2, 3]}, "s2.json")
    rc, out, _ = run(spec2, "--db", db, "--summary-only")
    assert rc == 0 and "4 jobs (3 done, 1 pending)" in out


def test_engine_error_gives_exit_status_1_and_names_the_problem(tmp_path, monkeypatch):
    def broken(problem, backend, force, route="exact"):
        raise ZeroDivisionError("a bug")
    monkeypatch.setattr(execute, "classify_summary", broken)
    monkeypatch.setattr(execute, "START_METHOD", "fork")  # the forked pool inherits the patch
    spec = write(tmp_path, {"name": "bug", "networks": {"widths": [1, 1, 1]},
                            "data": {"inputs": [[1]], "targets": [[1]]}})
    rc, out, err = run(spec, "--db", tmp_path / "b.sqlite", "--workers", "1")
    assert rc == 1
    assert "error: bug-1-1-1-linear-none-s0: builtins.ZeroDivisionError: a bug" in out
    monkeypatch.undo()
    rc, out, err = run(spec, "--db", tmp_path / "b.sqlite", "--workers", "1")
    assert rc == 1 and "1 of 1 job(s) already in" in err  # errors stay until --retry-errors
    rc, out, err = run(spec, "--db", tmp_path / "b.sqlite", "--workers", "1", "--retry-errors")
    assert rc == 0 and "1 jobs (1 done)" in out


@pytest.mark.parametrize("argv, msg", [
    (["--workers", "0"], "--workers: expected a positive integer"),
    (["--workers", "2", "--dask", "tcp://127.0.0.1:1"], "--workers: is for the local pool"),
    (["--problem-timeout", "-1"], "--problem-timeout"),
])
def test_bad_options(tmp_path, argv, msg):
    rc, out, err = run(EXAMPLE, "--db", tmp_path / "x.sqlite", *argv)
    assert rc == 2 and msg in err and "Traceback" not in err


def test_bad_spec_and_missing_spec(tmp_path):
    rc, _, err = run(write(tmp_path, {"name": "x", "networks": {"widths": [1, 1, 1]}, "data": {"samples": 1},
                                      "seeds": [2, 2]}))
    assert rc == 2 and "s.json: seeds[1]: repeats an earlier seed (got 2); each seed once" in err
    rc, _, err = run()
    assert rc == 2 and "SPEC: missing" in err


def test_dask_without_distributed_installed_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    rc, _, err = run(EXAMPLE, "--db", tmp_path / "d.sqlite", "--dask", "tcp://127.0.0.1:8786")
    assert rc == 2
    assert "--dask: needs the optional packages dask and distributed" in err and "pip install" in err


def test_dask_scheduler_not_reachable(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(execute, "DASK_CONNECT_TIMEOUT", 2)
    t0 = time.monotonic()
    rc, _, err = run(EXAMPLE, "--db", tmp_path / "d.sqlite", "--dask", "tcp://127.0.0.1:9")
    assert rc == 2 and "cannot connect to a Dask scheduler" in err and time.monotonic() - t0 < 30


# --------------------------------------------------------------------------------------
def _marked_processes(marker: str) -> list[int]:
    found = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                env = (d / "environ").read_bytes()
                state = (d / "stat").read_text().split(")")[-1].split()[0]
            except OSError:
                continue
            if marker.encode() in env and state != "Z":
                found.append(int(d.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc")
def test_ctrl_c_leaves_a_consistent_database_and_no_process(tmp_path):
    """A real SIGINT while a long job runs: exit 130 at once, the finished jobs stored, no process left
    (pool workers and their children); the same command resumes and computes only the rest."""
    spec = write(tmp_path, {"name": "intr", "networks": {"widths": [[1, 1, 1], [2, 2, 2]]},
                            "data": {"samples": 2, "entries": U}, "regularisation": {"per_weight": U},
                            "seeds": [0, 1], "timeout": 60})
    marker = f"SWEEP_TEST_{uuid.uuid4().hex}"
    env = dict(os.environ, PYTHONPATH=str(ROOT), **{marker: "1"})
    proc = subprocess.Popen([sys.executable, "-m", "symlandscape", "sweep", str(spec), "--workers", "1"],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:
        if line.startswith("[sweep] 2/4 stored"):
            break
    time.sleep(0.5)  # the first 2-2-2 job (8 parameters, > 60 s) is running in a child of the worker
    assert len(_marked_processes(marker)) >= 3  # coordinator, worker, child
    t0 = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert time.monotonic() - t0 < 10
    assert "interrupted (Ctrl-C); 2 of 4 job(s) stored" in err and "Traceback" not in err
    assert "4 jobs (2 done, 2 pending)" in out
    for _ in range(50):
        if not _marked_processes(marker):
            break
        time.sleep(0.1)
    assert _marked_processes(marker) == []
    # resume: only the two long jobs run (and time out under a 1 s limit)
    r = subprocess.run([sys.executable, "-m", "symlandscape", "sweep", str(spec), "--workers", "1",
                        "--problem-timeout", "1"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "2 of 4 job(s) already in" in r.stderr and "4 jobs (2 done, 2 timeout)" in r.stdout
    assert r.stdout.count("timeout: intr-2-2-2-") == 2
