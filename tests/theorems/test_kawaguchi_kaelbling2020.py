"""symlandscape.theorems.kawaguchi_kaelbling2020: the rows of the reproduction and their verdicts."""

from __future__ import annotations

import subprocess
import sys

from symlandscape.reproduce import reproduce


def test_rows_and_verdicts(tmp_path):
    rows = reproduce(["kawaguchi_kaelbling2020"], tmp_path)
    by = [(r.theorem, r.verdict) for r in rows]
    assert by[0] == ("failure mode (abstract: additional theorem)", "verified")
    assert by[1] == ("failure mode (abstract: additional theorem)", "verified")   # line on 3 points, residual sums
    assert "3 positive, 0 negative, 2 zero" in rows[1].reason                      # non-strict saddles
    assert by[2] == ("failure mode (evidence)", "undecided")          # mpmath evidence is never a verdict
    assert [v for t, v in by if t == "main theorem (elimination)"] == ["verified"] * 7
    assert [v for t, v in by if t == "main theorem (positive statement)"] == ["verified"] * 3
    assert sum(r.seconds for r in rows) < 60
    files = sorted(str(p) for p in (tmp_path / "kawaguchi_kaelbling2020").glob("*.json"))
    assert len(files) == 12 and sum(len(r.certificates) for r in rows) == 12
    out = subprocess.run([sys.executable, "-m", "symlandscape.checker", *files], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.count("s VERIFIED") == 12, out.stdout
    assert "0.5125" in rows[2].reason   # L~ at the start: (1/2)(1^2 + 0^2) + (1/20)(1/2)^2
