"""A catalogue of invalid certificates: each is refused with a clear reason."""

from __future__ import annotations

import json
import os
import random
import time

import pytest

from checker_builders import CHAIN2, CHAIN3, REG2, SQUARE, VALID, point_cert, problem
from symlandscape.checker import NOT_VERIFIED, check_certificate, check_file, main


def _set(obj, path, value):
    for key in path[:-1]:
        obj = obj[key]
    obj[path[-1]] = value


def _del(obj, path):
    for key in path[:-1]:
        obj = obj[key]
    del obj[path[-1]]


def edit(name, path, value):
    c = VALID()[name]
    _set(c, path, value)
    return c


def remove(name, path):
    c = VALID()[name]
    _del(c, path)
    return c


SADDLE = "chain2_origin_strict_saddle"
MIN = "chain2_min_nonnegative"

CATALOGUE = {
    # --- claims that are false --------------------------------------------------------
    "wrong sign of negative direction": (edit(SADDLE, ["hints", "negative_direction"], ["1", "-1"]),
                                         "v^T H v = 2, not negative"),
    "wrong sign of positive direction": (edit(SADDLE, ["hints", "positive_direction"], ["1", "1"]),
                                         "w^T H w = -2, not positive"),
    "zero direction": (edit(SADDLE, ["hints", "negative_direction"], ["0", "0"]), "not negative"),
    "not a critical point": (edit(MIN, ["claim", "point"], ["1", "2"]), "not a critical point: dL/dW1[1,1] = 2"),
    "wrong value": (edit(MIN, ["claim", "value"], "1/2"), "L(point) = 0, not 1/2"),
    "nonnegative bound with value above 0": (point_cert(CHAIN2, [0, 0], "1/2", "global_min",
                                                        {"lower_bound": {"method": "nonnegative"}}),
                                             "proves L >= 0, but the claimed value is 1/2"),
    "fake least squares bound (value above)": (point_cert(CHAIN2, [0, 0], "1/2", "global_min",
                                                          {"lower_bound": {"method": "least_squares"}}),
                                               "least squares bound is 0, not the claimed value 1/2"),
    "fake least squares bound (value below)": (point_cert(
        {**CHAIN2, "data": {"inputs": [["1"], ["1"]], "targets": [["1"], ["3"]]}}, [0, 0], 5, "global_min",
        {"lower_bound": {"method": "least_squares"}}), "least squares bound is 1, not the claimed value 5"),
    "least squares on a regularised problem": (point_cert(REG2, [0, 0], 2, "global_min",
                                                          {"lower_bound": {"method": "least_squares"}}),
                                               "the least squares bound is"),
    "eckart_young wrong eigenvalues": (edit("eckart_young", ["hints", "lower_bound", "eigenvalues"], ["3", "2"]),
                                       "not the eigenvalues of Sigma"),
    "eckart_young wrong count": (edit("eckart_young", ["hints", "lower_bound", "eigenvalues"], ["4"]),
                                 "expected 2 entries"),
    "eckart_young claimed for the unconstrained value": (
        edit("eckart_young", ["hints", "lower_bound"], {"method": "least_squares"}),
        "least squares bound is 0, not the claimed value 1/2"),
    "least_critical_value, polynomial activation without regularisation": (
        point_cert(SQUARE, [1, 1], 0, "global_min", {"lower_bound": {"method": "least_critical_value"}}),
        "needs (every l2 > 0 and no bias: L coercive) or (a linear activation and every l2 = 0) or"),
    "least_critical_value, regularised but with biases (polynomial activation)": (
        point_cert(problem([1, 1, 1], [[1]], [[2]], l2=["1/10", "2/10"], bias=True, coefficients=["0", "0", "1"]),
                   [0, 0, 0, "2"], 0, "global_min", {"lower_bound": {"method": "least_critical_value"}}),
        "or (a linear activation, biases and every l2 > 0)"),
    "descent curve that ascends": (edit("chain3_origin_nonstrict", ["hints", "descent_curve"], [["-1", "-1", "-1"]]),
                                   "starts with 1 t^3, which is not negative"),
    "ascent curve that descends": (edit("chain3_origin_nonstrict", ["hints", "ascent_curve"], [["1", "1", "1"]]),
                                   "starts with -1 t^3, which is not positive"),
    "constant curve": (edit("chain3_origin_nonstrict", ["hints", "descent_curve"], [["0", "0", "0"]]),
                       "constant along the curve"),
    "curve with positive lowest coefficient (order 2)": (
        edit("chain3_origin_nonstrict", ["hints", "descent_curve"], [["1", "0", "0"], ["0", "-1", "1"]]),
        "starts with 1 t^5, which is not negative"),
    "nonstrict saddle claimed at a strict saddle": (
        edit(SADDLE, ["claim", "kind"], "nonstrict_saddle") | {}, "hints.hessian: missing"),
    "PSD claimed for an indefinite Hessian": (
        point_cert(CHAIN2, [0, 0], "1/2", "nonstrict_saddle",
                   {"hessian": {"method": "positive_semidefinite"}, "descent_curve": [["1", "1"]],
                    "ascent_curve": [["1", "-1"]]}), "not positive semidefinite"),
    "local min with a worse 'better point'": (edit("reg3_origin_local_min", ["hints", "better_point"], ["0", "0", "1"]),
                                              "L there is 43/20, not below the claimed value 2"),
    "local min at a saddle": (point_cert(REG2, [0, 0], 2, "local_min",
                                         {"better_point": ["1", "1"], "hessian": {"method": "positive_definite"}}),
                              "not positive definite"),
    "local max (impossible: the last layer makes H PSD in its block)": (
        point_cert(CHAIN2, [0, 0], "1/2", "local_max", {"hessian": {"method": "negative_definite"}}),
        "not negative definite"),
    "global min claimed at a saddle": (point_cert(CHAIN3, [0, 0, 0], "1/2", "global_min",
                                                  {"lower_bound": {"method": "nonnegative"}}),
                                       "claimed value is 1/2"),
    "undecided kind": (edit(MIN, ["claim", "kind"], "undecided"), "claim.kind: 'undecided' is not one of"),
    # --- hints that do not fit the kind ------------------------------------------------
    "kind changed, hints for another kind": (edit(MIN, ["claim", "kind"], "local_min"), "hints.better_point: missing"),
    "strict saddle without directions": (edit(MIN, ["claim", "kind"], "strict_saddle"),
                                         "hints.negative_direction: missing"),
    "hessian method for another kind": (edit("reg3_origin_local_min", ["hints", "hessian", "method"],
                                             "positive_semidefinite"), "does not fit"),
    "unknown lower bound method": (edit(MIN, ["hints", "lower_bound", "method"], "trust_me"), "does not fit"),
    "unknown hint": (edit(MIN, ["hints", "proof"], "obvious"), "hints: unknown key 'proof'"),
    "local_min stratum without a Morse-Bott hint": (edit("chain2_hyperbola_stratum", ["claim", "kind"], "local_min"),
                                                    "hints.hessian: missing"),
    # --- stratum identities -------------------------------------------------------------
    "gradient cofactor wrong": (edit("chain2_hyperbola_stratum", ["hints", "membership", "gradient", 0, 0],
                                     [["2", [0, 1]]]), "dL/dW1[1,1] is not the stated combination"),
    "value cofactor wrong": (edit("chain2_hyperbola_stratum", ["hints", "membership", "value", "cofactors", 0],
                                  [["1", [1, 1]]]), "(L - 0)^1 is not the stated combination"),
    "stratum value wrong": (edit("chain2_hyperbola_stratum", ["claim", "value"], "1"), "(L - 1)^1"),
    "membership missing": (remove("chain2_hyperbola_stratum", ["hints", "membership"]), "hints.membership: missing"),
    "square not an inequation": (edit("chain3_line_strict_saddle_stratum",
                                      ["hints", "negative_direction", "squares", 0, 1], [["1", [1, 0, 0]]]),
                                 "first square must be one of the inequations"),
    "square with non-positive coefficient": (edit("chain3_line_strict_saddle_stratum",
                                                  ["hints", "negative_direction", "squares", 0, 0], "0"),
                                             "is not positive"),
    "strict saddle stratum without inequation": (edit("chain3_line_strict_saddle_stratum",
                                                      ["claim", "inequations"], []),
                                                 "first square must be one of the inequations"),
    "Hessian-zero cofactor wrong": (edit("chain4_line_nonstrict_stratum", ["hints", "hessian", "cofactors", 0, 1],
                                         [[], [], []]), "H[W1[1,1],W2[1,1]] is not the stated combination"),
    "stratum descent order wrong": (edit("chain4_line_nonstrict_stratum", ["hints", "descent_curve", "order"], 2),
                                    "expected 1 entries"),
    "stratum descent squares sign": (edit("chain4_line_nonstrict_stratum", ["hints", "ascent_curve", "cofactors"],
                                          VALID()["chain4_line_nonstrict_stratum"]["hints"]["descent_curve"]["cofactors"]),
                                     "a_3 - sum c_i m_i^2 is not the stated combination"),
    # --- additions to version 1 ----------------------------------------------------------
    "power square not a power of an inequation": (
        edit("chain3_line_square_of_power", ["hints", "negative_direction", "squares", 0, 1], [["1", [1, 0, 1]]]),
        "first square must be one of the inequations (or a power of one)"),
    "negative minor wrong sign of square": (
        edit("chain3_line_negative_minor", ["hints", "negative_minor", "squares", 0, 0], "-1"), "is not positive"),
    "negative minor with a non-negative determinant": (
        edit("chain3_line_negative_minor", ["hints", "negative_minor", "indices"], [0, 2]),
        "det H[S,S] + sum c_j m_j^2 is not the stated combination"),
    "negative minor with repeated indices": (
        edit("chain3_line_negative_minor", ["hints", "negative_minor", "indices"], [0, 0]), "2 to 6 distinct"),
    "negative minor index out of range": (
        edit("chain3_line_negative_minor", ["hints", "negative_minor", "indices"], [0, 3]), "outside 0..2"),
    "negative minor without membership": (
        remove("chain3_line_negative_minor", ["hints", "membership"]), "hints.membership: missing"),
    "root_of differs from minpoly": (
        edit("chain3_line_value_root_of", ["claim", "value", "root_of"], ["2", "-4", "-1", "3"]),
        "differs from claim.value.root_of"),
    "rational value not a root of minpoly": (edit("chain3_line_value_rational", ["claim", "value"], "1/3"),
                                            "1/3 is not a root"),
    "algebraic value relation for a global min": (
        edit("chain3_line_value_rational", ["claim", "kind"], "global_min") | {},
        "a global_min stratum needs a rational value"),
    "non-rational value without minpoly": (edit("chain3_line_strict_saddle_stratum", ["claim", "value"], None),
                                          "minpoly: missing"),
    "point strict saddle ascent curve descending": (
        edit("chain2_origin_saddle_ascent_curve", ["hints", "ascent_curve"], [["1", "1"]]), "not positive"),
    # --- fields ---------------------------------------------------------------------------
    "interval holds two roots": (point_cert(CHAIN2, [1, 1], 0, "global_min", {"lower_bound": {"method": "nonnegative"}},
                                            {"minpoly": ["-2", "0", "1"], "interval": ["-2", "2"]}),
                                 "holds 2 roots"),
    "root outside the interval": (point_cert(CHAIN2, [1, 1], 0, "global_min",
                                             {"lower_bound": {"method": "nonnegative"}},
                                             {"minpoly": ["-2", "0", "1"], "interval": ["2", "3"]}),
                                  "holds 0 roots"),
    "endpoint is a root": (point_cert(CHAIN2, [1, 1], 0, "global_min", {"lower_bound": {"method": "nonnegative"}},
                                      {"minpoly": ["-4", "0", "1"], "interval": ["2", "3"]}), "endpoint is a root"),
    "empty interval": (edit("reg2_algebraic_global_min", ["field", "interval"], ["2", "1"]), "need lo < hi"),
    "constant minpoly": (edit("reg2_algebraic_global_min", ["field", "minpoly"], ["3"]), "degree >= 1"),
    "field element without field": (edit(MIN, ["claim", "point"], [["1"], "1"]), "needs \"field\""),
    "algebraic point wrong coordinate": (edit("reg2_algebraic_global_min", ["claim", "point", 1], ["0", "1", "0", "1"]),
                                         "not a critical point"),
    "algebraic value wrong": (edit("reg2_algebraic_global_min", ["claim", "value"], ["1/100", "0", "1/4"]),
                              "claim.value: L(point) = 1/100 + 1/5*alpha^2"),
    "other algebraic number (minpoly changed)": (
        edit("reg2_algebraic_global_min", ["field", "minpoly"], ["-2", "0", "1/5", "0", "1"]), "not a critical point"),
    # --- structure ------------------------------------------------------------------------
    "parameters in wrong order": (edit("eckart_young", ["parameters"],
                                       ["W1[1,2]", "W1[1,1]", "W2[1,1]", "W2[2,1]"]), "parameters: do not match"),
    "parameters wrong names": (edit(MIN, ["parameters"], ["w1", "w2"]), "parameters: do not match"),
    "point of wrong length": (edit(MIN, ["claim", "point"], ["1"]), "expected 2 entries, got 1"),
    "missing claim": (remove(MIN, ["claim"]), "certificate.claim: missing"),
    "missing problem data": (remove(MIN, ["problem", "data"]), "problem.data: missing"),
    "missing kind": (remove(MIN, ["claim", "kind"]), "claim.kind: missing"),
    "claim not an object": (edit(MIN, ["claim"], []), "claim: expected an object"),
    "wrong claim type": (edit(MIN, ["claim", "type"], "region"), "claim.type"),
    "wrong format": (edit(MIN, ["format"], "other"), "format: expected"),
    "wrong version": (edit(MIN, ["version"], 2), "version: 2 is not supported"),
    "unknown top-level key": (edit(MIN, ["assumptions"], []), "unknown key 'assumptions'"),
    "unknown problem key": (edit(MIN, ["problem", "network", "slope"], "1"), "unknown key 'slope'"),
    "unknown activation": (edit(MIN, ["problem", "network", "activation"], "softplus"), "is not \"linear\""),
    "negative scale": (edit(MIN, ["problem", "loss", "scale"], "-1"), "must be positive"),
    "negative l2": (edit(MIN, ["problem", "l2"], "-1"), "must be >= 0"),
    "ragged data": (edit(MIN, ["problem", "data", "inputs"], [["1", "2"]]), "problem.data.inputs[0]: expected 1 entries, got 2"),
    "boolean number": (edit(MIN, ["claim", "value"], True), "got true"),
    "decimal string": (edit(MIN, ["claim", "value"], "0.0"), "expected a rational"),
    "zero denominator": (edit(MIN, ["claim", "value"], "1/0"), "zero denominator"),
    "float (python object)": (edit(MIN, ["claim", "value"], 0.0), "got a float"),
    "huge integer": (edit(MIN, ["claim", "value"], "1" * 10_001), "more than 10000 digits"),
    "huge int where a word is expected (message must not fail)": (
        edit(MIN, ["claim", "kind"], 10 ** 5000), "claim.kind: <number with about 5001 digits> is not one of"),
    "huge int coordinate (message must not fail)": (edit(MIN, ["claim", "point"], [10 ** 5000, 1]),
                                                    "dL/dW1[1,1] = <number with about 5001 digits>"),
    "huge exponent": (edit("chain2_hyperbola_stratum", ["claim", "equations", 0, 0, 1], [10 ** 9, 1]),
                      "outside 0..1000"),
    "negative exponent": (edit("chain2_hyperbola_stratum", ["claim", "equations", 0, 0, 1], [-1, 1]), "outside"),
    "too many parameters": (edit(MIN, ["problem", "network", "widths"], [15, 15, 1]), "240 parameters, more than 200"),
    "curve order above 64": (edit("chain3_origin_nonstrict", ["hints", "descent_curve"], [["0", "0", "0"]] * 65),
                             "more than 64 entries"),
}


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_invalid_certificate_is_refused(name):
    cert, reason = CATALOGUE[name]
    result = check_certificate(cert)
    assert result.status == NOT_VERIFIED, result.message
    if reason is not None:
        assert reason in result.message
    assert "internal error" not in result.message


def test_nested_python_object_does_not_crash():
    deep = []
    for _ in range(10_000):
        deep = [deep]
    c = VALID()[MIN]
    c["evidence"] = deep
    result = check_certificate(c)
    assert result.status == NOT_VERIFIED and "nested deeper than 64" in result.message


def test_cyclic_python_object_does_not_hang():
    c = VALID()[MIN]
    c["evidence"] = c
    assert "nested deeper" in check_certificate(c).message


def test_non_dict_inputs():
    for obj in (None, [], "x", 3, 1.5, {"format": "symlandscape-certificate"}):
        assert check_certificate(obj).status == NOT_VERIFIED


# --- files ------------------------------------------------------------------------------

def _write(tmp_path, name, data):
    path = tmp_path / name
    (path.write_bytes if isinstance(data, bytes) else path.write_text)(data)
    return str(path)


FILE_CASES = {
    "malformed.json": ('{"format": "symlandscape-certificate",', "not valid JSON"),
    "empty.json": ("", "not valid JSON"),
    "nan.json": ('{"format": "symlandscape-certificate", "value": NaN}', "NaN is not a number here"),
    "infinity.json": ('[Infinity]', "Infinity is not a number here"),
    "minus_infinity.json": ('[-Infinity]', "-Infinity is not a number here"),
    "deep.json": ("[" * 10_000 + "]" * 10_000, "nested deeper than 64"),
    "deep_objects.json": ('{"a":' * 10_000 + "1" + "}" * 10_000, "nested deeper than 64"),
    "medium_deep.json": ("[" * 100 + "]" * 100, "nested deeper than 64"),
    "huge_int.json": ("[" + "9" * 20_000 + "]", "more than 10000 digits"),
    "duplicate.json": ('{"format": "a", "format": "b"}', "duplicate key 'format'"),
    "not_utf8.json": (b'{"format": "\xff"}', "not UTF-8"),
    "top_list.json": ("[1, 2]", "expected a JSON object"),
}


@pytest.mark.parametrize("name", sorted(FILE_CASES))
def test_bad_files(tmp_path, name):
    data, reason = FILE_CASES[name]
    result = check_file(_write(tmp_path, name, data))
    assert result.status == NOT_VERIFIED
    assert reason in result.message, result.message


def test_float_in_claim_file_refused_but_allowed_in_evidence(tmp_path):
    c = VALID()[MIN]
    c["evidence"] = {"approx": 0.5, "big": 1e300}
    assert check_file(_write(tmp_path, "ok.json", json.dumps(c))).ok
    text = json.dumps(c).replace('"value": "0"', '"value": 0.0')
    result = check_file(_write(tmp_path, "bad.json", text))
    assert result.status == NOT_VERIFIED and "JSON float 0.0 is not exact" in result.message


def test_huge_int_in_certificate_field(tmp_path):
    c = VALID()[MIN]
    text = json.dumps(c).replace('"version": 1', '"version": ' + "1" * 5000)
    result = check_file(_write(tmp_path, "v.json", text))
    assert result.status == NOT_VERIFIED and "version" in result.message


def test_10mb_of_garbage_is_fast(tmp_path):
    rng = random.Random(0)
    alphabet = b'{}[]",:0123456789abc \n\\'
    data = bytes(rng.choice(alphabet) for _ in range(100_000)) * 100
    path = _write(tmp_path, "garbage.json", data)
    start = time.perf_counter()
    result = check_file(path)
    assert time.perf_counter() - start < 10
    assert result.status == NOT_VERIFIED


def test_file_larger_than_20mb_refused_without_reading(tmp_path):
    path = tmp_path / "big.json"
    with open(path, "wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    result = check_file(str(path))
    assert result.status == NOT_VERIFIED and "larger than 20 MB" in result.message


def test_missing_file_and_directory(tmp_path, capsys):
    assert "no such file" in check_file(str(tmp_path / "nope.json")).message
    assert "cannot read" in check_file(str(tmp_path)).message
    assert main([str(tmp_path / "nope.json")]) == 1
    assert capsys.readouterr().out.startswith("s NOT VERIFIED ")


def test_work_limit_rejects_instead_of_hanging():
    """A wide polynomial-activation network: the symbolic loss is too large; refused quickly."""
    from checker_builders import problem
    prob = problem([8, 12, 8], [[i + j for j in range(8)] for i in range(3)], [[1] * 8] * 3,
                   coefficients=[0, 1, 1, 1, 1, 1, 1])
    c = point_cert(prob, [0] * 192, 12, "global_min", {"lower_bound": {"method": "nonnegative"}})
    start = time.perf_counter()
    result = check_certificate(c)
    assert result.status == NOT_VERIFIED
    assert time.perf_counter() - start < 60
    assert "limit" in result.message or "not a critical point" in result.message or "L(point)" in result.message


def test_sign_refinement_limit():
    """A field element equal to alpha - r with r within 2^-3000 of alpha: the sign is not
    decided within 2000 refinements (NOT VERIFIED), not guessed."""
    from fractions import Fraction

    from symlandscape.checker.base import LimitError
    from symlandscape.checker.field import NumberField
    K = NumberField([Fraction(-2), Fraction(0), Fraction(1)], Fraction(1), Fraction(2))
    lo, hi = Fraction(1), Fraction(2)
    for _ in range(3000):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if mid * mid < 2 else (lo, mid)
    with pytest.raises(LimitError, match="2000 refinements"):
        K.sign([-lo, Fraction(1)])
    assert os.environ is not None
