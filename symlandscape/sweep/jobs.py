"""Job generation: one concrete problem per (network, regularisation, seed) of a sweep spec.

Each job is a problem dictionary in the canonical form of
:func:`symlandscape.spec.problem_to_dict` (a valid problem file), determined by the
spec and the seed alone. Random data and random regularisation weights are drawn from
:class:`random.Random` generators seeded by text that names only what they depend on:

* data: the seed, the number of samples, the input and output widths and the entry
  sets -- so two networks with the same input and output widths see the same data for
  the same seed (depth and width compare on identical data);
* weights: the seed, the widths and the distribution.

The key of a job (:func:`job_key`) is the SHA-256 of the canonical JSON of the problem
(without its name and description) and the engine options. Identical problems therefore
share one job (and one result), resuming skips every job whose key is stored, and
editing a spec (more seeds, another network) adds only the new jobs.

Examples
--------
>>> from symlandscape.sweep.spec import parse_sweep_spec
>>> spec = parse_sweep_spec({"name": "demo", "networks": {"widths": [[1, 1, 1], [1, 1, 1, 1]]},
...                          "data": {"samples": 1, "entries": {"uniform": ["1/10", "1"], "denominator": 10}},
...                          "regularisation": {"per_weight": {"uniform": ["1/10", "1"], "denominator": 10}},
...                          "seeds": [0, 1]})
>>> jobs = generate_jobs(spec)
>>> [j.name for j in jobs]
['demo-1-1-1-linear-per_weight-U-1-10-1-10-s0', 'demo-1-1-1-linear-per_weight-U-1-10-1-10-s1', 'demo-1-1-1-1-linear-per_weight-U-1-10-1-10-s0', 'demo-1-1-1-1-linear-per_weight-U-1-10-1-10-s1']
>>> jobs[0].problem["data"], jobs[0].problem["l2"]
({'inputs': [['4/5']], 'targets': [['1/2']]}, [[['1/10']], [['3/10']]])
>>> jobs[2].problem["data"] == jobs[0].problem["data"]  # same seed, same input/output widths
True
>>> [j.key for j in generate_jobs(spec)] == [j.key for j in jobs]
True
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass, field

from ..exact import format_rational
from ..spec import parse_problem, problem_to_dict
from .spec import NetworkChoice, Regularisation, SweepSpec

__all__ = ["Job", "generate_jobs", "job_key", "random_data", "random_l2"]


def _canon(obj) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class Job:
    """One problem of a sweep.

    Attributes
    ----------
    key : str
        :func:`job_key` of the problem and the engine options (64 hex digits).
    name : str
        ``<sweep>-<widths>-<activation>-<regularisation>-s<seed>``.
    architecture, regularisation : str
        Labels of the network and the regularisation option (the summary's groups).
    seed : int
    problem : dict
        The canonical problem dictionary (a problem file).
    engine : dict
        The engine options in the key (``backend``).
    n_params : int
    also : tuple of str
        Names of other combinations of the spec that gave the same problem.
    """

    key: str
    name: str
    architecture: str
    regularisation: str
    seed: int
    problem: dict
    engine: dict
    n_params: int
    also: tuple = field(default=())


def job_key(problem: dict, engine: dict) -> str:
    """SHA-256 of the canonical problem (name and description left out) and engine options.

    Examples
    --------
    >>> p = {"name": "a", "network": {"widths": [1, 1, 1]}, "data": {"inputs": [[1]], "targets": [["2/4"]]}}
    >>> q = dict(p, name="b", data={"inputs": [["1"]], "targets": [["0.5"]]})
    >>> job_key(p, {"backend": None}) == job_key(q, {"backend": None})
    True
    >>> job_key(p, {"backend": None}) == job_key(p, {"backend": "sympy"})
    False
    """
    canon = problem_to_dict(parse_problem(problem))
    canon.pop("name", None)
    text = _canon({"problem": canon, "engine": engine})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def random_data(spec: SweepSpec, widths, seed: int) -> dict:
    """The data of ``spec`` for a network with these widths and this seed (``inputs``, ``targets``)."""
    d = spec.data
    if not d.random:
        return d.json()
    dx, dy = widths[0], widths[-1]
    rng = random.Random("symlandscape-sweep-data|" + _canon([seed, d.samples, dx, dy, d.input_entries.json(),
                                                              d.target_entries.json()]))
    X = [[format_rational(d.input_entries.draw(rng)) for _ in range(dx)] for _ in range(d.samples)]
    Y = [[format_rational(d.target_entries.draw(rng)) for _ in range(dy)] for _ in range(d.samples)]
    return {"inputs": X, "targets": Y}


def random_l2(reg: Regularisation, widths, seed: int):
    """The ``l2`` field for one regularisation option, network and seed."""
    if reg.kind == "none":
        return "0"
    if reg.kind == "l2":
        return reg.value
    rng = random.Random(f"symlandscape-sweep-l2-{reg.kind}|" + _canon([seed, list(widths), reg.dist.json()]))
    if reg.kind == "per_layer":
        return [format_rational(reg.dist.draw(rng)) for _ in range(len(widths) - 1)]
    return [[[format_rational(reg.dist.draw(rng)) for _ in range(widths[l - 1])] for _ in range(widths[l])]
            for l in range(1, len(widths))]


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.]+", "-", text).strip("-")


def _job(spec: SweepSpec, net: NetworkChoice, reg: Regularisation, seed: int) -> Job:
    widths = net.widths
    act = net.network["activation"] + ("-bias" if net.network["bias"] else "")
    name = _slug(f"{spec.name}-{'-'.join(map(str, widths))}-{act}-{reg.label}-s{seed}")
    raw = {"name": name,
           "description": f"sweep {spec.name}: network {net.label}, regularisation {reg.label}, seed {seed}",
           "network": net.network, "loss": spec.loss, "l2": random_l2(reg, widths, seed),
           "data": random_data(spec, widths, seed)}
    prob = parse_problem(raw)
    problem = problem_to_dict(prob)
    problem["description"] = raw["description"]
    engine = {"backend": spec.backend, "route": spec.route}
    return Job(job_key(problem, engine), name, net.label, reg.label, seed, problem, engine, prob.n_params)


def generate_jobs(spec: SweepSpec) -> list[Job]:
    """Every job of ``spec`` in spec order (networks, then regularisations, then seeds);
    combinations that give the same problem are merged into the first (``Job.also``)."""
    jobs: dict[str, Job] = {}
    for net in spec.networks:
        for reg in spec.regularisations:
            for seed in spec.seeds:
                j = _job(spec, net, reg, seed)
                if j.key in jobs:
                    first = jobs[j.key]
                    jobs[j.key] = Job(**{**first.__dict__, "also": first.also + (j.name,)})
                else:
                    jobs[j.key] = j
    return list(jobs.values())
