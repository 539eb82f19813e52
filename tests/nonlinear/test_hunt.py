"""hunt on datasets generated from a seed (not tuned): it must find and certify a bad local
minimum that the independent checker verifies."""

import json
import subprocess
import sys

import numpy as np
import pytest

from symlandscape.checker import check_certificate
from symlandscape.nonlinear.hunt import hunt
from symlandscape.spec import parse_problem


def seeded_problem(seed, hidden=2, m=7):
    rng = np.random.default_rng(seed)
    xs = sorted(rng.choice(np.arange(-6, 7), m, replace=False).tolist())
    ys = rng.integers(-4, 5, m).tolist()
    return parse_problem({"name": f"seeded-{seed}", "network": {"widths": [1, hidden, 1], "activation": "relu",
                                                                 "bias": True},
                          "loss": {"kind": "squared", "scale": "1"},
                          "data": {"inputs": [[str(x)] for x in xs], "targets": [[str(y)] for y in ys]}})


@pytest.mark.parametrize("seed", [101])
def test_hunt_certifies_bad_minimum_on_seeded_data(seed):
    problem = seeded_problem(seed)
    clusters, best = hunt(problem, restarts=30, seed=seed)
    proved = [c for c in clusters[1:] if c.result is not None and c.result.kind == "local_min"]
    assert proved, [(c.value, c.result and c.result.reason) for c in clusters]
    for c in proved:
        res = check_certificate(json.loads(json.dumps(c.result.certificate(timestamp=False))))
        assert res.status == "VERIFIED", res.message
        assert c.value > clusters[0].value


def test_hunt_cli(tmp_path):
    out = subprocess.run([sys.executable, "-m", "symlandscape", "hunt", "examples/swirszcz_prop1.json",
                          "--restarts", "20", "--certificates", str(tmp_path), "--quiet"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    files = sorted(tmp_path.glob("*.json"))
    assert files
    chk = subprocess.run([sys.executable, "-m", "symlandscape", "check", *map(str, files)],
                         capture_output=True, text=True, timeout=300)
    assert chk.returncode == 0 and "s VERIFIED" in chk.stdout
