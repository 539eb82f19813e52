"""Success rates of plain gradient descent on the jellyfish dataset (Swirszcz et al. 2016,
Sec. 3.1.2, Table 1). Statistical evidence, never a certificate.

Positive points [1, 0], [0.2, 0.6]; negative [0, 1], [0.6, 0.2]; a 2-h-1 network trained on
the squared loss with targets +1/-1; a run "succeeds" when every sign is right (0 training
error). The paper's initialisation and loss (App. A) were not consulted, so rates differ.
"""

from __future__ import annotations

import numpy as np

from ..spec import parse_problem
from .numeric import NumericLoss, gradient_descent

__all__ = ["PAPER_GD", "jellyfish_problem", "success_rate"]

#: Table 1 of Swirszcz et al. (ICLR 2017 submission): GD success rates (%) on jellyfish.
PAPER_GD = {"relu": {2: 16, 3: 33, 4: 66, 5: 68, 6: 69, 7: 86},
            "sigmoid": {2: 62, 3: 100, 4: 100, 5: 100, 6: 100, 7: 100}}


def jellyfish_problem(h: int, activation: str = "relu"):
    """The jellyfish dataset with a 2-h-1 network."""
    return parse_problem({"name": f"jellyfish-{activation}-{h}",
                          "network": {"widths": [2, h, 1], "activation": activation, "bias": True},
                          "loss": {"kind": "squared", "scale": "1"},
                          "data": {"inputs": [["1", "0"], ["0.2", "0.6"], ["0", "1"], ["0.6", "0.2"]],
                                   "targets": [["1"], ["1"], ["-1"], ["-1"]]}})


def success_rate(h: int, activation: str = "relu", runs: int = 100, steps: int = 2000, lr: float = 0.05,
                 seed: int = 0) -> float:
    """Fraction of GD runs from N(0, 1) starts that classify all four points correctly.

    >>> 0 <= success_rate(2, runs=3, steps=50) <= 1
    True
    """
    nl = NumericLoss(jellyfish_problem(h, activation))
    rng = np.random.default_rng(seed)
    ok = 0
    for _ in range(runs):
        x = gradient_descent(nl, rng.normal(0, 1, nl.n), lr, steps)
        layers = nl._layers(x)
        a = nl.X
        for k, (W, b) in enumerate(layers):
            z = a @ W.T + b
            a = nl.h(z) if k < len(layers) - 1 else z
        ok += bool(np.all(np.sign(a[:, 0]) == nl.Y[:, 0]))
    return ok / runs


def table(runs: int = 100, steps: int = 2000) -> str:
    """Our GD success rates beside the paper's Table 1 (GD columns)."""
    lines = ["| h | ReLU GD (ours) | ReLU GD (paper) | Sigmoid GD (ours) | Sigmoid GD (paper) |",
             "|---|---|---|---|---|"]
    for h in range(2, 8):
        r = success_rate(h, "relu", runs, steps)
        s = success_rate(h, "sigmoid", runs, steps)
        lines.append(f"| {h} | {100 * r:.0f}% | {PAPER_GD['relu'][h]}% | {100 * s:.0f}% | {PAPER_GD['sigmoid'][h]}% |")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(table())
