import json

import pytest

from symlandscape.errors import ProblemError
from symlandscape.spec import load_problem, parse_problem, problem_to_dict

GOOD = {"network": {"widths": [2, 1, 2]}, "data": {"inputs": [[1, 0], [0, 1]], "targets": [[2, 0], [0, 1]]}}


def with_(path, value):
    obj = json.loads(json.dumps(GOOD))
    *head, last = path
    d = obj
    for k in head:
        d = d[k]
    d[last] = value
    return obj


def test_parameter_order_and_names():
    p = parse_problem({"network": {"widths": [2, 2, 1], "bias": True}, "data": {"inputs": [[1, 2]], "targets": [[3]]}})
    assert p.parameters == ["W1[1,1]", "W1[1,2]", "W1[2,1]", "W1[2,2]", "b1[1]", "b1[2]", "W2[1,1]", "W2[1,2]",
                            "b2[1]"]
    assert p.l2_per_parameter() == [0] * 9


def test_canonical_roundtrip():
    p = parse_problem(with_(["l2"], ["1/10", [["1/3"], ["2"]]]))
    assert parse_problem(problem_to_dict(p)) == p


@pytest.mark.parametrize("obj,field,needle", [
    (with_(["data", "inputs"], [[1, 0], [0]]), "data.inputs[1]", "ragged"),
    (with_(["data", "inputs"], []), "data.inputs", "empty"),
    (with_(["data", "inputs"], [[1.5, 0], [0, 1]]), "data.inputs[0][0]", "floats"),
    (with_(["data", "targets"], [[2, 0]]), "data.targets", "samples"),
    (with_(["network", "widths"], [3, 1, 2]), "data.inputs[0]", "entries"),
    (with_(["network", "widths"], [2, 0, 2]), "network.widths[1]", "positive"),
    (with_(["network", "activation"], "lineer"), "network.activation", 'did you mean "linear"'),
    (with_(["l2"], "-1"), "l2", ">= 0"),
    (with_(["l2"], ["1", "2", "3"]), "l2", "one entry per layer"),
    (with_(["loss"], {"kind": "squared", "scale": "0"}), "loss.scale", "positive"),
    (with_(["netwrk"], {}), "netwrk", 'did you mean "network"'),
])
def test_bad_input_names_field(obj, field, needle):
    with pytest.raises(ProblemError) as e:
        parse_problem(obj)
    assert e.value.field == field
    assert needle in str(e.value)


def test_load_problem_errors(tmp_path):
    with pytest.raises(ProblemError, match="no such file"):
        load_problem(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    with pytest.raises(ProblemError, match="not valid JSON"):
        load_problem(bad)
    nan = tmp_path / "nan.json"
    nan.write_text('{"network": {"widths": [1, 1]}, "data": {"inputs": [[NaN]], "targets": [[1]]}}')
    with pytest.raises(ProblemError, match="NaN"):
        load_problem(nan)
