"""Determinism (issue #8): the same problem gives byte-identical JSON reports and
certificates, across runs and processes (different hash seeds), once the provenance
time stamp is removed."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from symlandscape.audit import random_problem

ROOT = Path(__file__).resolve().parent.parent
_DATE = re.compile(r'^\s*"date": "[^"]*",?\n', re.M)


def _classify(problem_file: Path, cwd: Path, hashseed: str) -> tuple[str, dict]:
    cwd.mkdir(parents=True)
    env = dict(os.environ, PYTHONHASHSEED=hashseed)
    r = subprocess.run([sys.executable, "-m", "symlandscape", "classify", str(problem_file), "--json", "--quiet",
                        "--certificates", "certs"], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    certs = {p.name: _DATE.sub("", p.read_text()) for p in sorted((cwd / "certs").glob("*.json"))} \
        if (cwd / "certs").exists() else {}
    return _DATE.sub("", r.stdout), certs


def _cases():
    yield "chain3", ROOT / "examples" / "chain3.json"
    yield "bottleneck_2112", ROOT / "examples" / "bottleneck_2112.json"
    yield "chain3_l2", ROOT / "examples" / "chain3_l2.json"


@pytest.mark.parametrize("name,path", list(_cases()), ids=[c[0] for c in _cases()])
def test_two_processes_give_identical_output(tmp_path, name, path):
    out1, certs1 = _classify(path, tmp_path / "run1", "1")
    out2, certs2 = _classify(path, tmp_path / "run2", "4242")
    # the report embeds the certificate file names, relative to the working folder: same text
    assert out1 == out2
    assert certs1 == certs2
    assert certs1, "expected certificates"
    assert '"date"' not in out1


@pytest.mark.parametrize("seed", [4, 16, 110])
def test_random_problems_are_deterministic(tmp_path, seed):
    prob = tmp_path / "p.json"
    prob.write_text(json.dumps(random_problem(seed)))
    a = _classify(prob, tmp_path / "a", "7")
    b = _classify(prob, tmp_path / "b", "8")
    assert a == b
