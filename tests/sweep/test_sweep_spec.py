"""Sweep specs (symlandscape.sweep.spec): what is accepted, and errors that name field, value and fix."""

import json

import pytest

from symlandscape.errors import ProblemError
from symlandscape.sweep.spec import load_sweep_spec, parse_sweep_spec

RANDOM = {"samples": 1, "entries": {"uniform": ["1/10", "1"], "denominator": 10}}


def spec(**over):
    base = {"name": "t", "networks": {"widths": [1, 1, 1]}, "data": RANDOM}
    base.update(over)
    return base


def test_generator_product_and_defaults():
    s = parse_sweep_spec(spec(networks={"widths": [[1, 1, 1], [2, 1, 1]], "bias": [False, True]}))
    assert [n.label for n in s.networks] == ["1-1-1 linear", "1-1-1 linear+bias", "2-1-1 linear", "2-1-1 linear+bias"]
    assert [r.label for r in s.regularisations] == ["none"]
    assert s.seeds == (0,) and s.timeout == 60.0 and s.backend is None and s.force is False
    assert s.loss == {"kind": "squared", "scale": "1/2"}
    assert s.combinations == 4


def test_explicit_network_list_and_polynomial():
    s = parse_sweep_spec(spec(networks=[{"widths": [1, 1, 1]},
                                        {"widths": [1, 1, 1], "activation": "polynomial",
                                         "coefficients": [["0", "1", "1"], ["0", "1", "0", "-1/3"]]}]))
    assert [n.label for n in s.networks] == ["1-1-1 linear", "1-1-1 poly[0,1,1]", "1-1-1 poly[0,1,0,-1/3]"]


def test_duplicate_networks_are_merged():
    s = parse_sweep_spec(spec(networks=[{"widths": [1, 1, 1]}, {"widths": [1, 1, 1], "activation": "linear"}]))
    assert len(s.networks) == 1


def test_regularisation_options():
    s = parse_sweep_spec(spec(regularisation=["none", {"l2": "0.1"}, {"l2": ["1/10", "1/5"], "label": "mehta"},
                                              {"per_layer": ["1/4", "1/2"]},
                                              {"per_weight": {"uniform": ["0", "1"], "denominator": 10}}]))
    assert [r.label for r in s.regularisations] == ["none", "l2=1/10", "mehta", "per_layer {1/4,1/2}",
                                                    "per_weight U[0,1]/10"]
    assert s.regularisations[2].value == ["1/10", "1/5"]


def test_base_problem_file(tmp_path):
    (tmp_path / "p.json").write_text(json.dumps({"name": "p", "network": {"widths": [1, 1, 1, 1]}, "l2": "1/10",
                                                 "data": {"inputs": [[1]], "targets": [[2]]}}))
    (tmp_path / "s.json").write_text(json.dumps({"name": "from-base", "base": "p.json", "seeds": [0, 1]}))
    s = load_sweep_spec(tmp_path / "s.json")
    assert [n.label for n in s.networks] == ["1-1-1-1 linear"]
    assert not s.data.random and s.data.json() == {"inputs": [["1"]], "targets": [["2"]]}
    assert [r.label for r in s.regularisations] == ["base l2"]


def test_seeds_forms():
    assert parse_sweep_spec(spec(seeds={"first": 5, "count": 3})).seeds == (5, 6, 7)
    assert parse_sweep_spec(spec(seeds=[3, 1])).seeds == (3, 1)


BAD = [
    (spec(networks={"widths": [1, 0, 1]}), "networks.widths", "[1, 1, 1]"),
    (spec(networks={"widths": [[1, 1, 1], [1]]}), "networks.widths[1]", "e.g."),
    (spec(networks={"widths": [1, 1, 1], "activation": "relu"}), "networks.activation", "symlandscape hunt"),
    (spec(networks={"widths": [1, 1, 1], "activaton": "linear"}), "networks.activaton", 'did you mean "activation"'),
    (spec(networks={"widths": [1, 1, 1], "activation": "polynomial"}), "networks.coefficients", "h(x)"),
    (spec(networks={"widths": [1, 1, 1], "bias": "yes"}), "networks.bias", "[false, true]"),
    (spec(data={"samples": 0}), "data.samples", "number of random samples"),
    (spec(data={"samples": 1, "entries": [0.5]}), "data.entries[0]", '"1/2"'),
    (spec(data={"samples": 1, "entries": {"uniform": ["1", "0"]}}), "data.entries.uniform", "low <= high"),
    (spec(data={"samples": 1, "entries": {"uniform": ["1/3", "3/8"], "denominator": 5}}), "data.entries",
     "raise the denominator"),
    (spec(data={"samples": 1, "inputs": [[1]]}), "data.samples", "cannot be mixed"),
    (spec(data={"inputs": [[1, 2]], "targets": [[1]]}), "data", "input/output widths"),
    (spec(regularisation=["l2"]), "regularisation[0]", '"none"'),
    (spec(regularisation=[{"l2": "-1"}]), "regularisation[0].l2", '"0"'),
    (spec(regularisation=[{"per_weight": ["-1", "1"]}]), "regularisation[0].per_weight", "must be >= 0"),
    (spec(regularisation=[{"l2": ["1", "1", "1"]}]), "regularisation.l2", "per_layer"),
    (spec(regularisation=["none", "none"]), "regularisation[1]", "label"),
    (spec(seeds=[1, 1]), "seeds[1]", "each seed once"),
    (spec(seeds={"count": 0}), "seeds.count", "{\"first\": 0"),
    (spec(seeds=[-1]), "seeds[0]", "[0, 1, 2]"),
    (spec(timeout=0), "timeout", "e.g. 60"),
    (spec(backend="maple"), "backend", "one of: sympy"),
    (spec(backend="flnt"), "backend", 'did you mean "flint"'),
    (spec(force="yes"), "force", "size limits"),
    (spec(format="symlandscape-certificate"), "format", "symlandscape-sweep"),
    (spec(version=2), "version", "version 1"),
    ({"network": {"widths": [1, 1, 1]}, "data": {"inputs": [[1]], "targets": [[1]]}}, "network", '"base"'),
    ({"name": "x", "data": RANDOM}, "networks", '"widths"'),
    (spec(data=None) | {"data": {"samples": 1}, "networks": {"widths": [1, 1, 1]}, "loss": {"scale": "0"}},
     "loss.scale", "must be positive"),
    (spec(base={"network": {"widths": [1, 1]}, "data": {"inputs": [[0.1]], "targets": [[1]]}}),
     "base.data.inputs[0][0]", "1/10"),
]


@pytest.mark.parametrize("obj, field, fix", BAD, ids=[b[1] + "-" + str(i) for i, b in enumerate(BAD)])
def test_bad_spec_names_field_value_and_fix(obj, field, fix):
    with pytest.raises(ProblemError) as e:
        parse_sweep_spec(obj)
    assert e.value.field == field, str(e.value)
    assert fix in str(e.value)


def test_file_errors_name_the_file(tmp_path):
    f = tmp_path / "s.json"
    f.write_text('{"name": "x", ')
    with pytest.raises(ProblemError, match=r"s\.json: not valid JSON"):
        load_sweep_spec(f)
    f.write_text(json.dumps(spec(seeds=[1, 1])))
    with pytest.raises(ProblemError, match=r"s\.json: seeds\[1\]: repeats an earlier seed"):
        load_sweep_spec(f)
    with pytest.raises(ProblemError, match="no such file"):
        load_sweep_spec(tmp_path / "missing.json")


def test_example_spec_is_valid():
    from pathlib import Path
    s = load_sweep_spec(Path(__file__).resolve().parents[2] / "examples" / "sweep_chains.json")
    assert s.combinations == 18
