"""ReLU-type reproductions (Swirszcz et al. 2016 Props 1-3, Theorem 1; Yun et al. 2019 Thm 2):
certificates emitted by symlandscape.nonlinear are verified by the independent checker,
and mutated certificates are rejected."""

import copy
import json
from fractions import Fraction as F

import pytest

from symlandscape.checker import check_certificate
from symlandscape.nonlinear.piecewise import convex_certificate, exact_loss
from symlandscape.nonlinear.point import analyse_nonlinear_point
from symlandscape.spec import load_problem, parse_problem, problem_to_dict

EX = "examples/"

CASES = [  # (file, point, value, kind)
    ("swirszcz_prop1", "1,-3,1,0", F(18), "local_min"),
    ("swirszcz_prop2", "-5,1,1,-8,1,-1,-1", F(0), "global_min"),
    ("swirszcz_prop2", "-3,1,13/3,-10,1,-1,-3", F(8, 3), "local_min"),
    ("swirszcz_prop3", "-3/2,-3/2,3/2,1,0,-79/6,1,1,-1,-1", F(1, 6), "local_min"),
    ("swirszcz_prop3", "-2,1,1,11/3,-10,-11,1,-1,-1,-3", F(2, 3), "local_min"),
    ("swirszcz_dead_layer", "1,1,1,-100,-100,-100,1,1,1,1,1,1,1,1,1,1,-7/5", F(106, 5), "local_min"),
    ("yun_thm2_leaky", "0,0,0,0,4/3,1,1,0,-1", F(1, 3), "local_min"),
]


def pt(s):
    return [F(x) for x in s.split(",")]


@pytest.fixture(scope="module")
def certs():
    out = {}
    for name, at, value, kind in CASES:
        r = analyse_nonlinear_point(load_problem(EX + name + ".json"), pt(at))
        out[(name, at)] = (r, r.certificate(timestamp=False))
    return out


@pytest.mark.parametrize("name,at,value,kind", CASES)
def test_reproduction_verified(certs, name, at, value, kind):
    r, cert = certs[(name, at)]
    assert r.kind == kind and r.value == value
    res = check_certificate(json.loads(json.dumps(cert)))
    assert res.status == "VERIFIED", res.message


def test_prop2_sign_question():
    """As printed (w2 = -1) the points are not even critical (L = 29 and 23/3); w2 = +1 gives 0 and 8/3."""
    p = load_problem(EX + "swirszcz_prop2.json")
    assert exact_loss(p, pt("-5,-1,1,-8,1,-1,-1")) == 29
    assert exact_loss(p, pt("-3,-1,13/3,-10,1,-1,-3")) == F(23, 3)
    assert convex_certificate(p, pt("-3,-1,13/3,-10,1,-1,-3")).local_min is False
    assert exact_loss(p, pt("-5,1,1,-8,1,-1,-1")) == 0
    assert exact_loss(p, pt("-3,1,13/3,-10,1,-1,-3")) == F(8, 3)


def test_kink_regions_prop3():
    v = convex_certificate(load_problem(EX + "swirszcz_prop3.json"), pt("-2,1,1,11/3,-10,-11,1,-1,-1,-3"))
    assert v.local_min and v.regions == 4 and v.kinks == [(1, 3), (2, 4)]


def test_not_a_minimum_is_certified_as_such():
    p = load_problem(EX + "swirszcz_prop1.json")
    r = analyse_nonlinear_point(p, pt("1,-3,1,1/2"))
    assert r.kind == "not_local_min"
    cert = r.certificate(timestamp=False)
    assert cert["claim"]["kind"] == "not_local_min" and "descent_ray" in cert["hints"]
    assert check_certificate(json.loads(json.dumps(cert))).status == "VERIFIED"


def _mutations(cert):
    c = cert["claim"]
    h = cert["hints"]
    yield "value", lambda d: d["claim"].__setitem__("value", "17")
    yield "point", lambda d: d["claim"]["point"].__setitem__(3, "1/100")
    yield "better point", lambda d: d["hints"].__setitem__("better_point", list(c["point"]))
    yield "kind", lambda d: d["claim"].__setitem__("kind", "global_min")
    yield "scale", lambda d: d["problem"]["loss"].__setitem__("scale", "2")
    yield "target", lambda d: d["problem"]["data"]["targets"][3].__setitem__(0, "-2")
    if "regions" in h.get("piecewise", {}):
        yield "drop region", lambda d: d["hints"]["piecewise"]["regions"].pop()
        yield "duplicate region", lambda d: d["hints"]["piecewise"]["regions"].__setitem__(
            0, copy.deepcopy(d["hints"]["piecewise"]["regions"][-1]))
        yield "negative multiplier", lambda d: d["hints"]["piecewise"]["regions"][0]["multipliers"].__setitem__(0, "-1")
        yield "activation", lambda d: (d["problem"]["network"].__setitem__("activation", "leaky_relu"),
                                       d["problem"]["network"].__setitem__("slopes", ["1", "1/2"]))


@pytest.mark.parametrize("case", [CASES[0], CASES[4], CASES[5]], ids=["prop1", "prop3", "dead"])
def test_mutations_rejected(certs, case):
    cert = certs[(case[0], case[1])][1]
    for label, mutate in _mutations(cert):
        d = copy.deepcopy(cert)
        mutate(d)
        if d == cert:
            continue
        res = check_certificate(d)
        assert res.status == "NOT VERIFIED", (label, res.message)


def test_leaky_roundtrip_and_errors():
    p = load_problem(EX + "yun_thm2_leaky.json")
    assert parse_problem(problem_to_dict(p)).network == p.network
    from symlandscape.errors import ProblemError
    base = {"network": {"widths": [1, 1, 1], "activation": "leaky_relu"}, "data": {"inputs": [[1]], "targets": [[1]]}}
    with pytest.raises(ProblemError, match="slopes"):
        parse_problem(base)
    base["network"]["slopes"] = ["1", "1"]
    with pytest.raises(ProblemError, match="linear"):
        parse_problem(base)
    base["network"] = {"widths": [1, 1, 1], "activation": "relu", "slopes": ["1", "0"]}
    with pytest.raises(ProblemError, match="leaky_relu"):
        parse_problem(base)
