"""Interruption (issue #8): Ctrl-C or --timeout during classify leaves no partial file.

Certificates and reports are written atomically (temporary file in the same folder,
then rename), so the output folder only ever holds complete JSON files."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from symlandscape import certificates

ROOT = Path(__file__).resolve().parent.parent


def _assert_no_partial(folder: Path):
    if not folder.exists():
        return
    for p in folder.iterdir():
        assert not p.name.startswith(".tmp-"), f"temporary file left behind: {p.name}"
        json.loads(p.read_text())  # every file is complete JSON


def _start(args, cwd):
    return subprocess.Popen([sys.executable, "-m", "symlandscape", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_sigint_during_long_classify(tmp_path):
    """A long classification (Achour et al. Thm 7, forced past the limits) stopped by SIGINT."""
    proc = _start(["classify", str(ROOT / "examples" / "achour_thm7.json"), "--force", "--certificates", "certs",
                   "--out", "report.json"], tmp_path)
    first = proc.stderr.readline()  # the work has started (inside main's handler)
    assert first.startswith("[symlandscape]"), first
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:  # pragma: no cover
        proc.kill()
        raise
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert not (tmp_path / "report.json").exists()
    _assert_no_partial(tmp_path / "certs")


@pytest.mark.parametrize("delay", [0.0, 0.3, 0.6, 0.9, 1.2, 1.5])
def test_sigint_at_any_moment_leaves_only_complete_files(tmp_path, delay):
    """SIGINT at different moments of a short run that writes many certificates."""
    proc = _start(["classify", str(ROOT / "examples" / "bottleneck_2112.json"), "--certificates", "certs",
                   "--out", "report.json"], tmp_path)
    proc.stderr.readline()
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    # -2: the signal came after main() returned, during interpreter shutdown (files are complete)
    assert proc.returncode in (0, 130, -signal.SIGINT), err
    assert "Traceback" not in err
    _assert_no_partial(tmp_path / "certs")
    if (tmp_path / "report.json").exists():
        json.loads((tmp_path / "report.json").read_text())


@pytest.mark.parametrize("delay", [0.5, 2.0, 5.0])
def test_sigint_during_reproduce_leaves_only_complete_files(tmp_path, delay):
    """``symlandscape reproduce`` writes many certificates; SIGINT at any moment leaves complete ones."""
    proc = _start(["reproduce", "all", "--out", "proofs-out"], tmp_path)
    proc.stderr.readline()
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode in (0, 130, -signal.SIGINT), err
    assert "Traceback" not in err
    for folder in [tmp_path / "proofs-out", *(tmp_path / "proofs-out").rglob("*")]:
        if folder.is_dir():
            _assert_no_partial_files(folder)


def _assert_no_partial_files(folder: Path):
    for p in folder.iterdir():
        assert not p.name.startswith(".tmp-"), f"temporary file left behind: {p}"
        if p.is_file() and p.suffix == ".json":
            json.loads(p.read_text())


def test_timeout_stops_classify(tmp_path):
    t0 = time.time()
    proc = _start(["classify", str(ROOT / "examples" / "achour_thm7.json"), "--force", "--timeout", "2", "--quiet",
                   "--certificates", "certs", "--out", "report.json"], tmp_path)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2
    assert "did not finish within 2 s" in err and "Traceback" not in err
    assert time.time() - t0 < 60
    assert not (tmp_path / "report.json").exists()
    _assert_no_partial(tmp_path / "certs")


def test_write_json_atomic_interrupted(tmp_path, monkeypatch):
    """An interrupt between writing and renaming removes the temporary file."""
    target = tmp_path / "c.json"

    def boom(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(certificates.os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        certificates.write_json_atomic(target, {"a": 1})
    assert list(tmp_path.iterdir()) == []


def test_every_command_has_timeout():
    from symlandscape.cli import build_parser
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, sp in sub.choices.items():
        assert any(a.dest == "timeout" for a in sp._actions), name


def test_timeout_stops_reproduce(tmp_path):
    proc = _start(["reproduce", "all", "--out", "proofs-out", "--timeout", "1", "--quiet"], tmp_path)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2 and "did not finish within 1 s" in err and "Traceback" not in err
    for folder in [tmp_path / "proofs-out", *(tmp_path / "proofs-out").rglob("*")]:
        if folder.is_dir():
            _assert_no_partial_files(folder)


def test_timeout_stops_native_code(tmp_path):
    """audit-216 spends a long time inside native solver code, where SIGALRM is not seen:
    the watchdog of --timeout kills the process (non-zero status, one clear line)."""
    from symlandscape.audit import random_problem
    prob = tmp_path / "p216.json"
    prob.write_text(json.dumps(random_problem(216)))
    t0 = time.time()
    proc = _start(["classify", str(prob), "--timeout", "2", "--quiet", "--certificates", "certs",
                   "--out", "report.json"], tmp_path)
    out, err = proc.communicate(timeout=120)
    if proc.returncode == 0:  # the engine became fast enough: nothing to stop
        return
    assert "did not finish within 2 s" in err and "Traceback" not in err
    assert time.time() - t0 < 40
    assert not (tmp_path / "report.json").exists()
    _assert_no_partial(tmp_path / "certs")
