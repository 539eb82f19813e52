"""Time limits (symlandscape.limits): run_in_child kills work wherever it sits, and leaves nothing behind."""

import os
import signal
import subprocess
import sys
import time

import pytest

from symlandscape.errors import LimitError
from symlandscape.limits import run_in_child

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc and prctl")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _wait_dead(pid: int, seconds: float = 5.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return False


def test_value_and_exception_come_back():
    assert run_in_child(lambda: {"a": [1, 2]}).value == {"a": [1, 2]}
    out = run_in_child(lambda: (_ for _ in ()).throw(LimitError("too big")))
    assert out.status == "raised" and out.error["symlandscape"] and out.error["bases"][0] == "LimitError"
    assert "too big" in out.error["message"] and "Traceback" in out.error["traceback"]


def test_large_value_through_the_pipe():
    big = list(range(200_000))  # several pipe buffers
    assert run_in_child(lambda: big).value == big


def _stubborn(pidfile):
    """Ignores SIGALRM and SIGTERM and starts a solver-like subprocess, then waits forever."""
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    p = subprocess.Popen(["sleep", "60"])
    with open(pidfile, "w") as fh:
        fh.write(f"{os.getpid()} {p.pid}")
    while True:
        time.sleep(0.01)


@linux
def test_timeout_kills_the_child_and_its_process_group(tmp_path):
    pidfile = tmp_path / "pids"
    t0 = time.monotonic()
    out = run_in_child(_stubborn, (str(pidfile),), seconds=1.0)
    assert out.status == "timeout" and 1.0 <= out.seconds < 3.0
    assert time.monotonic() - t0 < 3.0
    child, solver = map(int, pidfile.read_text().split())
    assert _wait_dead(child) and _wait_dead(solver)


def test_child_killed_from_outside_is_reported():
    out = run_in_child(lambda: os.kill(os.getpid(), signal.SIGKILL))
    assert out.status == "died" and "signal 9" in out.error["message"]


@linux
def test_child_dies_with_its_parent(tmp_path):
    """A worker killed while its child computes (e.g. Ctrl-C stopping a pool) leaves no orphan."""
    pidfile = tmp_path / "pids"
    worker = os.fork()
    if worker == 0:  # the "worker": runs a long job in a child
        try:
            run_in_child(_stubborn, (str(pidfile),), seconds=60)
        finally:
            os._exit(0)
    for _ in range(200):
        if pidfile.exists() and pidfile.read_text():
            break
        time.sleep(0.05)
    child, solver = map(int, pidfile.read_text().split())
    os.kill(worker, signal.SIGKILL)
    os.waitpid(worker, 0)
    assert _wait_dead(child), "the child outlived its parent"
    os.killpg(child, signal.SIGKILL) if _alive(solver) else None  # tidy up (solver is in the child's group)
