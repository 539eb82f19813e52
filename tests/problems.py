"""Small problems built from the literature's instances (imported by the tests)."""

from symlandscape.spec import parse_problem

#: A generic (2,1,2) linear network: its rank-one critical set is one component irreducible over Q
#: carrying two conjugate values (tests/test_strata_values.py).
GENERIC_212 = {"name": "generic-212", "network": {"widths": [2, 1, 2], "activation": "linear", "bias": False},
               "loss": {"kind": "squared", "scale": "1/2"}, "l2": "0",
               "data": {"inputs": [["1/2", "1/2"], ["-1/2", "1/2"]], "targets": [["-1", "1"], ["0", "2/3"]]}}


def make_problem(widths, inputs, targets, scale="1/2", l2="0", bias=False, activation="linear", coefficients=None,
                 name="test"):
    net = {"widths": list(widths), "activation": activation, "bias": bias}
    if coefficients is not None:
        net["coefficients"] = coefficients
    return parse_problem({"name": name, "network": net, "loss": {"kind": "squared", "scale": scale}, "l2": l2,
                          "data": {"inputs": inputs, "targets": targets}})


def chain(n, x=1, y=1, l2="0", scale="1/2"):
    """Scalar chain y = w_n ... w_1 x."""
    return make_problem([1] * (n + 1), [[x]], [[y]], scale=scale, l2=l2, name=f"chain{n}")
