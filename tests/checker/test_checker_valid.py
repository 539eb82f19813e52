"""Hand-made valid certificates: every kind and method of docs/certificates.md."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
import sympy as sp

from checker_builders import SQUARE, VALID, sym_loss
from symlandscape.checker import (CONDITIONAL, NOT_VERIFIED, VERIFIED, Result, check_certificate, check_file,
                                  main, verify_morse_bott)
from symlandscape.checker.problem import parse_problem
from symlandscape.checker.verify import CheckError

CONDITIONAL_NAMES = {"reg2_algebraic_global_min", "reg2_algebraic_reducible_minpoly",
                     "chain2_min_least_critical_value_linear"}
DATA = Path(__file__).parent / "data"
PRODUCER = sorted(DATA.glob("producer-*.json"))
NAMES = sorted(VALID())


@pytest.mark.parametrize("name", NAMES)
def test_valid_certificate_verifies(name):
    result = check_certificate(VALID()[name])
    expected = CONDITIONAL if name in CONDITIONAL_NAMES else VERIFIED
    assert result.status == expected, result.message
    assert result.ok
    kind = VALID()[name]["claim"]["kind"]
    assert kind in result.message


@pytest.mark.parametrize("name", NAMES)
def test_valid_certificate_claims_hold_independently(name):
    """The hand-made point claims are true (sympy re-evaluation), so the tests test the checker."""
    c = VALID()[name]
    if c["claim"]["type"] != "point" or c["field"] is not None:
        return
    L, syms = sym_loss(c["problem"])
    at = {s: sp.Rational(v) for s, v in zip(syms, c["claim"]["point"])}
    assert all(sp.diff(L, s).subs(at) == 0 for s in syms)
    assert L.subs(at) == sp.Rational(c["claim"]["value"])


def test_algebraic_point_holds_independently():
    """beta^4 + beta^2/5 - 199/100 = 0; (beta^3 + beta/10, beta) is critical for REG2 with the claimed value."""
    c = VALID()["reg2_algebraic_global_min"]
    L, syms = sym_loss(c["problem"])
    beta = sp.sqrt(sp.sqrt(2) - sp.Rational(1, 10))
    at = {syms[0]: beta ** 3 + beta / 10, syms[1]: beta}
    for s in syms:
        assert sp.simplify(sp.diff(L, s).subs(at)) == 0
    assert sp.simplify(L.subs(at) - (sp.Rational(1, 100) + beta ** 2 / 5)) == 0


def test_file_round_trip_and_status_lines(tmp_path, capsys):
    files = []
    for name, c in VALID().items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(c, indent=1))
        files.append(str(path))
        assert check_file(path).ok
    assert main(files) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(files)
    for line, f in zip(lines, files):
        assert line.startswith(f"s VERIFIED {f}: ") or line.startswith(f"s VERIFIED CONDITIONALLY {f}: ")
        if "CONDITIONALLY" in line:
            assert "; assumes: " in line


def test_strict_mode_fails_conditional(tmp_path, capsys):
    path = tmp_path / "c.json"
    path.write_text(json.dumps(VALID()["reg2_algebraic_global_min"]))
    assert main([str(path)]) == 0
    assert main(["--strict", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == out[1]
    assert out[0].startswith(f"s VERIFIED CONDITIONALLY {path}: global_min")


def test_mixed_files_exit_1(tmp_path, capsys):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(VALID()["chain2_min_nonnegative"]))
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    assert main([str(good), str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"s VERIFIED {good}: ")
    assert out[1].startswith(f"s NOT VERIFIED {bad}: not valid JSON")


def test_usage_errors_exit_2(capsys):
    assert main([]) == 2
    assert main(["--bogus", "x.json"]) == 2
    assert main(["--help"]) == 0
    capsys.readouterr()


def test_result_lines():
    assert Result(VERIFIED, "claim").line("f") == "s VERIFIED f: claim"
    assert Result(CONDITIONAL, "claim", "A").line("f") == "s VERIFIED CONDITIONALLY f: claim; assumes: A"
    assert Result(NOT_VERIFIED, "why").line("f") == "s NOT VERIFIED f: why"
    assert not Result(NOT_VERIFIED, "why").ok and Result(NOT_VERIFIED, "why").reason == "why"


def test_morse_bott_function_directly():
    """verify_morse_bott on L = 1/2 (w2 w1^2 - 1)^2: the line {w1 = 0} near (0, -1)."""
    problem = parse_problem(SQUARE)
    point = [Fraction(0), Fraction(-1)]
    hint = {"method": "morse_bott", "parametrization": ["0", [["1", [1]]]], "at": ["-1"], "rank": 1}
    assert "dimension 1" in verify_morse_bott(problem, point, hint)
    # a two-parameter "manifold" that is really the same line: Jacobian rank 1, not 2
    bad = {"method": "morse_bott", "parametrization": ["0", [["1", [1, 0]], ["1", [0, 1]]]],
           "at": ["-1", "0"], "rank": 2}
    with pytest.raises(CheckError, match="rank 1, not 2"):
        verify_morse_bott(problem, point, bad)
    # a curve leaving the critical set: phi(s) = (s, -1) is not critical for s != 0
    off = {"method": "morse_bott", "parametrization": [[["1", [1]]], "-1"], "at": ["0"], "rank": 1}
    with pytest.raises(CheckError, match="does not vanish identically"):
        verify_morse_bott(problem, point, off)
    # phi(s0) is not the point
    with pytest.raises(CheckError, match="differs from point"):
        verify_morse_bott(problem, point, dict(hint, at=["-2"]))
    # vanishing denominator
    den0 = {"method": "morse_bott", "parametrization": ["0", {"num": [["-1", [0]]], "den": [["1", [1]]]}],
            "at": ["0"], "rank": 1}
    with pytest.raises(CheckError, match="denominator vanishes"):
        verify_morse_bott(problem, point, den0)


def test_morse_bott_nullity_mismatch():
    """On the 2-chain's global-minimum hyperbola the Hessian has nullity 1: a claimed
    manifold dimension 2 is refused (phi cannot even have rank 2 there)."""
    from checker_builders import CHAIN2
    problem = parse_problem(CHAIN2)
    point = [Fraction(1), Fraction(1)]
    hint = {"method": "morse_bott",
            "parametrization": [[["1", [1]]], {"num": [["1", [0]]], "den": [["1", [1]]]}], "at": ["1"], "rank": 1}
    assert "nullity 1" in verify_morse_bott(problem, point, hint)
    # the origin of the 3-chain: Hessian zero (nullity 3), claimed 1-dimensional manifold {w1 = w2 = 0}
    from checker_builders import CHAIN3
    problem3 = parse_problem(CHAIN3)
    hint3 = {"method": "morse_bott", "parametrization": ["0", "0", [["1", [1]]]], "at": ["0"], "rank": 1}
    with pytest.raises(CheckError, match="nullity is 3, not the manifold dimension 1"):
        verify_morse_bott(problem3, [Fraction(0)] * 3, hint3)


def test_negative_root_gives_the_symmetric_critical_point():
    """Moving the interval to the negative root -beta gives (-sqrt2 beta, -beta): also critical, same value."""
    c = VALID()["reg2_algebraic_global_min"]
    c["field"]["interval"] = ["-2", "-1"]
    assert check_certificate(c).status == CONDITIONAL


@pytest.mark.parametrize("path", PRODUCER, ids=[p.name for p in PRODUCER])
def test_producer_certificates(path):
    """Certificates written by ``symlandscape classify`` for examples/ (fixtures, not regenerated)."""
    result = check_file(path)
    assert result.ok, result.message
    assert (result.status == CONDITIONAL) == ("least_critical_value" in path.read_text())


def test_addition_summaries():
    V = VALID()
    assert "det H[S,S] < 0" in check_certificate(V["chain3_line_negative_minor"]).message
    assert "L = a root of" in check_certificate(V["chain3_line_value_null"]).message
    assert "stated: 1/2" in check_certificate(V["chain3_line_value_rational"]).message
    assert "ascent" in check_certificate(V["chain2_origin_saddle_ascent_curve"]).message
