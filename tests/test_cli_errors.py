"""The bad-input catalogue (issue #8): every wrong input gets one clear line (what, where,
what to write instead), a non-zero exit status, and no traceback unless --debug."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from symlandscape.cli import main

GOOD = {"network": {"widths": [1, 1, 1]}, "data": {"inputs": [[1]], "targets": [[1]]}}


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text if isinstance(text, str) else json.dumps(text))
    return str(p)


def _run(capsys, argv):
    rc = main(argv)
    out, err = capsys.readouterr()
    return rc, out, err


def _one_clear_line(err):
    lines = [l for l in err.splitlines() if l.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("symlandscape: error: ")
    assert "Traceback" not in err
    return lines[0]


def _with(path, value, base=GOOD):
    obj = json.loads(json.dumps(base))
    cur = obj
    for k in path[:-1]:
        cur = cur[k]
    cur[path[-1]] = value
    return obj


# (file contents, words that must appear in the message: where, what, what instead)
CATALOGUE = {
    "malformed-json": ('{"network": {"widths": [1, 1, 1]}, "data": {"inputs": [[1]]',
                       ["not valid JSON", "line 1", "fix the JSON syntax"]),
    "unknown-top-key": ({**GOOD, "netwrk": {}}, ["netwrk", "unknown key", 'did you mean "network"']),
    "unknown-nested-key": (_with(["network", "widht"], 3), ["network.widht", 'did you mean "widths"']),
    "unknown-activation": (_with(["network", "activation"], "lineer"), ["network.activation", '"linear"']),
    "float": (_with(["data", "inputs"], [[0.1]]), ["data.inputs[0][0]", "floats are not exact", '"1/10"']),
    "nan": ('{"network": {"widths": [1, 1, 1]}, "data": {"inputs": [[NaN]], "targets": [[1]]}}',
            ["NaN", "not a number", '"1/2"']),
    "infinity": ('{"network": {"widths": [1, 1, 1]}, "data": {"inputs": [[1]], "targets": [[-Infinity]]}}',
                 ["Infinity", "not a number"]),
    "non-numeric-string": (_with(["data", "targets"], [["one"]]), ["data.targets[0][0]", "not an exact number",
                                                                    '"p/q"']),
    "ragged": (_with(["network", "widths"], [2, 1, 1], _with(["data"], {"inputs": [[1, 2], [1]],
                                                                        "targets": [[1], [1]]})),
               ["data.inputs[1]", "ragged", "give 2 number(s) per row"]),
    "empty-data": (_with(["data"], {"inputs": [], "targets": []}), ["data.inputs", "empty", "[[1]]"]),
    "mismatched-input-width": (_with(["network", "widths"], [2, 1, 1]),
                               ["data.inputs[0]", "network.widths[0] is 2", "give 2 number(s) per row"]),
    "mismatched-output-width": (_with(["network", "widths"], [1, 1, 3]),
                                ["data.targets[0]", "network.widths[-1] is 3"]),
    "mismatched-sample-count": (_with(["data", "targets"], [[1], [2]]), ["data.targets", "2 samples",
                                                                         "one target row per input row"]),
    "negative-l2": ({**GOOD, "l2": "-1/2"}, ["l2", "must be >= 0", '"0"']),
    "negative-l2-per-layer": ({**GOOD, "l2": ["0", "-1"]}, ["l2[1]", "must be >= 0"]),
    "zero-width": (_with(["network", "widths"], [1, 0, 1]), ["network.widths[1]", "positive integer"]),
    "absurd-width": (_with(["network", "widths"], [1, 10 ** 6, 1]), ["network.widths[1]", "above the limit 64"]),
    "bad-scale": (_with(["loss"], {"scale": "-1"}), ["loss.scale", "positive"]),
    "not-an-object": ("[1, 2, 3]", ["top level", "JSON object"]),
    "certificate-as-problem": ({"format": "symlandscape-certificate", "version": 1, "problem": GOOD},
                               ["certificate file, not a problem file", "symlandscape check"]),
}


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_bad_problem_file(tmp_path, capsys, name):
    content, words = CATALOGUE[name]
    f = _write(tmp_path, f"{name}.json", content)
    for cmd in (["classify", f], ["point", f, "--at", "0,0"]):
        rc, out, err = _run(capsys, cmd)
        assert rc == 2
        line = _one_clear_line(err)
        for w in words:
            assert w in line, (w, line)
        assert out == ""


def test_missing_file(tmp_path, capsys):
    rc, out, err = _run(capsys, ["classify", str(tmp_path / "nope.json")])
    assert rc == 2
    line = _one_clear_line(err)
    assert "nope.json" in line and "no such file" in line and "check the path" in line


def test_point_of_wrong_length(tmp_path, capsys):
    f = _write(tmp_path, "p.json", GOOD)
    rc, out, err = _run(capsys, ["point", f, "--at", "0,0,0"])
    assert rc == 2
    line = _one_clear_line(err)
    assert "--at" in line and "3 coordinates" in line and "2 parameters" in line and "W1[1,1], W2[1,1]" in line


@pytest.mark.parametrize("at,words", [("0,x", ["--at[1]", "W2[1,1]", "not an exact number"]),
                                      ("0,nan", ["--at[1]", "not an exact number"]),
                                      ("0,", ["--at[1]"])])
def test_point_bad_coordinate(tmp_path, capsys, at, words):
    f = _write(tmp_path, "p.json", GOOD)
    rc, out, err = _run(capsys, ["point", f, "--at", at])
    assert rc == 2
    line = _one_clear_line(err)
    for w in words:
        assert w in line


def test_absurd_size_is_refused_with_estimate(tmp_path, capsys):
    big = {"network": {"widths": [4, 4, 4]}, "data": {"inputs": [[1, 2, 3, 4]], "targets": [[1, 0, 1, 0]]}}
    f = _write(tmp_path, "big.json", big)
    rc, out, err = _run(capsys, ["classify", f])
    assert rc == 2
    line = _one_clear_line(err)
    for w in ("too large for classify", "32 parameters (limit 20)", "Bezout bound 3^32", "--force"):
        assert w in line, (w, line)
    huge = {"network": {"widths": [64, 64, 64]}, "data": {"inputs": [[1] * 64], "targets": [[1] * 64]}}
    f = _write(tmp_path, "huge.json", huge)
    rc, out, err = _run(capsys, ["point", f, "--at", ",".join(["0"] * 8192)])
    assert rc == 2
    assert "8192 parameters (limit 40)" in _one_clear_line(err)


def test_force_and_timeout_stop_cleanly(tmp_path, capsys):
    big = {"network": {"widths": [2, 2, 2, 2]}, "loss": {"scale": "1"},
           "data": {"inputs": [[1, 0], [0, 1]], "targets": [[2, 0], [0, 1]]}}
    f = _write(tmp_path, "big.json", big)
    d = tmp_path / "certs"
    rc, out, err = _run(capsys, ["classify", f, "--force", "--timeout", "1", "--quiet", "--certificates", str(d),
                                 "--out", str(tmp_path / "report.json")])
    assert rc == 2
    line = _one_clear_line(err)
    assert "did not finish within 1 s" in line and "--timeout" in line
    assert not (tmp_path / "report.json").exists()
    assert not d.exists() or not list(d.iterdir())


def test_certificate_for_a_different_problem(tmp_path, capsys):
    """A certificate whose embedded problem was replaced is NOT VERIFIED (exit 1), with the reason."""
    f = _write(tmp_path, "chain2.json", {**GOOD, "name": "c2"})
    d = tmp_path / "certs"
    assert _run(capsys, ["classify", f, "--quiet", "--certificates", str(d)])[0] == 0
    other = _write(tmp_path, "other.json", _with(["data", "targets"], [["3"]], GOOD))
    d2 = tmp_path / "certs2"
    assert _run(capsys, ["classify", other, "--quiet", "--certificates", str(d2)])[0] == 0
    for cert_path in sorted(d.iterdir()):
        cert = json.loads(cert_path.read_text())
        cert["problem"] = json.loads(next(d2.iterdir()).read_text())["problem"]
        bad = _write(tmp_path, "swapped-" + cert_path.name, cert)
        rc, out, err = _run(capsys, ["check", bad])
        assert rc == 1
        assert out.startswith("s NOT VERIFIED") and "Traceback" not in out + err
    # a problem file given to the checker
    rc, out, err = _run(capsys, ["check", f])
    assert rc == 1 and "s NOT VERIFIED" in out and "format" in out


def test_check_missing_certificate(tmp_path, capsys):
    rc, out, err = _run(capsys, ["check", str(tmp_path / "nope.json")])
    assert rc == 1 and "NOT VERIFIED" in out and "no such file" in out


def test_debug_shows_traceback(tmp_path):
    f = _write(tmp_path, "neg.json", {**GOOD, "l2": "-1"})
    r = subprocess.run([sys.executable, "-m", "symlandscape", "classify", f], capture_output=True, text=True)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "l2: must be >= 0" in r.stderr
    r = subprocess.run([sys.executable, "-m", "symlandscape", "--debug", "classify", f], capture_output=True,
                       text=True)
    assert r.returncode != 0 and "Traceback" in r.stderr and "ProblemError" in r.stderr


@pytest.mark.parametrize("opt", [["--out", "{missing}/r.json"], ["--certificates", "{file}/certs"]])
def test_unwritable_output_path(tmp_path, capsys, opt):
    f = _write(tmp_path, "p.json", GOOD)
    blocker = _write(tmp_path, "afile", "x")  # a file where a folder is expected
    arg = opt[1].format(missing="/proc/no-such-folder", file=blocker)
    rc, out, err = _run(capsys, ["classify", f, "--quiet", opt[0], arg])
    assert rc == 2
    line = _one_clear_line(err)
    assert "cannot write" in line and "choose a folder" in line


def test_unwritable_point_certificate(tmp_path, capsys):
    f = _write(tmp_path, "p.json", GOOD)
    rc, out, err = _run(capsys, ["point", f, "--at", "0,0", "--certificate", "/proc/no-such/c.json"])
    assert rc == 2
    line = _one_clear_line(err)
    assert "/proc/no-such" in line and "cannot write" in line
