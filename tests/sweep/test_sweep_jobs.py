"""Job generation (symlandscape.sweep.jobs): deterministic problems and keys; changes add only new jobs."""

import pytest
import json
from fractions import Fraction
import subprocess
import sys
from pathlib import Path

from symlandscape.spec import parse_problem
from symlandscape.sweep.jobs import generate_jobs, job_key
from symlandscape.sweep.spec import parse_sweep_spec

ROOT = Path(__file__).resolve().parents[2]
U = {"uniform": ["1/10", "1"], "denominator": 10}


def spec(**over):
    base = {"name": "t", "networks": {"widths": [[1, 1, 1], [1, 2, 1], [1, 1, 1, 1]]},
            "data": {"samples": 2, "entries": U},
            "regularisation": ["none", {"l2": "1/10"}, {"per_weight": U}], "seeds": [0, 1, 2]}
    base.update(over)
    return parse_sweep_spec(base)


def test_every_combination_is_a_valid_problem_in_canonical_form():
    jobs = generate_jobs(spec())
    assert len(jobs) == 27 and len({j.key for j in jobs}) == 27
    for j in jobs:
        p = parse_problem(j.problem)
        assert p.n_params == j.n_params and p.name == j.name
        assert len(p.inputs) == 2
        allowed = {str(Fraction(k, 10)) for k in range(1, 11)}  # canonical: "1/5", not "2/10"
        assert all(x in allowed for r in j.problem["data"]["inputs"] + j.problem["data"]["targets"] for x in r)


def test_same_spec_same_jobs_in_another_process():
    keys = [j.key for j in generate_jobs(spec())]
    code = ("import json; from symlandscape.sweep.jobs import generate_jobs; "
            "from symlandscape.sweep.spec import parse_sweep_spec; "
            f"print(json.dumps([j.key for j in generate_jobs(parse_sweep_spec({json.dumps(SPEC_OBJ)}))]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "123", "PATH": "/usr/bin:/bin"})
    assert json.loads(out.stdout) == [j.key for j in generate_jobs(parse_sweep_spec(SPEC_OBJ))]
    assert keys == [j.key for j in generate_jobs(spec())]


SPEC_OBJ = {"name": "t", "networks": {"widths": [[1, 1, 1], [1, 1, 1, 1]]}, "data": {"samples": 1, "entries": U},
            "regularisation": [{"per_weight": U}], "seeds": [0, 1]}


def test_changing_the_spec_adds_only_new_jobs():
    old = {j.key: j.problem for j in generate_jobs(spec())}
    bigger = generate_jobs(spec(seeds=[0, 1, 2, 3], networks={"widths": [[1, 1, 1], [2, 1, 1], [1, 2, 1],
                                                                           [1, 1, 1, 1]]},
                                name="renamed"))
    new = {j.key: j.problem for j in bigger}
    assert set(old) <= set(new)  # the name of the sweep is not part of a problem's key
    assert len(new) == 4 * 3 * 4


def test_data_depend_on_seed_and_io_widths_only():
    jobs = generate_jobs(spec())
    by = {(j.architecture, j.regularisation, j.seed): j.problem for j in jobs}
    # same seed, same input/output widths: the same data for every depth, width and regularisation
    d = by[("1-1-1 linear", "none", 0)]["data"]
    assert by[("1-1-1-1 linear", "per_weight U[1/10,1]/10", 0)]["data"] == d == by[("1-2-1 linear", "l2=1/10", 0)]["data"]
    assert by[("1-1-1 linear", "none", 1)]["data"] != d
    # per-weight regularisation: one random rational per weight, seeded
    l2 = by[("1-2-1 linear", "per_weight U[1/10,1]/10", 0)]["l2"]
    assert [len(layer) for layer in l2] == [2, 1] and len(l2[1][0]) == 2
    assert l2 != by[("1-2-1 linear", "per_weight U[1/10,1]/10", 1)]["l2"]


def test_seed_independent_problems_are_merged():
    jobs = generate_jobs(parse_sweep_spec({"name": "m", "networks": {"widths": [1, 1, 1]},
                                           "data": {"inputs": [[1]], "targets": [[2]]},
                                           "regularisation": ["none", {"per_weight": U}], "seeds": [0, 1, 2]}))
    assert [j.name for j in jobs][0] == "m-1-1-1-linear-none-s0"
    assert jobs[0].also == ("m-1-1-1-linear-none-s1", "m-1-1-1-linear-none-s2")
    assert len(jobs) == 1 + 3


def test_key_is_the_problem_and_engine_not_the_spelling():
    p = {"name": "a", "network": {"widths": [1, 1, 1]}, "l2": "1/10", "data": {"inputs": [[1]], "targets": [["2"]]}}
    q = {"name": "b", "description": "other", "network": {"widths": [1, 1, 1], "activation": "linear", "bias": False},
         "l2": [[["0.1"]], [["1/10"]]], "loss": {"kind": "squared", "scale": "1/2"},
         "data": {"inputs": [["2/2"]], "targets": [[2]]}}
    assert job_key(p, {"backend": None}) == job_key(q, {"backend": None})
    assert job_key(p, {"backend": None}) != job_key(dict(p, l2="1/5"), {"backend": None})
    assert job_key(p, {"backend": None}) != job_key(p, {"backend": "flint"})


def test_backend_is_in_the_key():
    a = generate_jobs(spec())
    b = generate_jobs(spec(backend="sympy"))
    assert not {j.key for j in a} & {j.key for j in b}
    assert [j.problem for j in a] == [j.problem for j in b]


def test_route_is_part_of_the_engine_options():
    from symlandscape.errors import ProblemError
    from symlandscape.sweep.spec import parse_sweep_spec
    base = {"format": "symlandscape-sweep", "version": 1, "name": "r",
            "networks": [{"widths": [1, 1, 1]}], "data": {"inputs": [[1]], "targets": [[2]]}}
    auto = generate_jobs(parse_sweep_spec(base))[0]
    exact = generate_jobs(parse_sweep_spec(dict(base, route="exact")))[0]
    assert auto.engine["route"] == "auto" and exact.engine["route"] == "exact"
    assert auto.key != exact.key
    with pytest.raises(ProblemError, match="route"):
        parse_sweep_spec(dict(base, route="fast"))
