"""Success rates of plain gradient descent on the jellyfish dataset (Swirszcz, Czarnecki & Pascanu
2016, Sec. 3.1.2, Table 1). Statistical evidence, never a certificate.

Positive points [1, 0], [0.2, 0.6]; negative [0, 1], [0.6, 0.2]; a 2-h-1 network with biases;
a run "succeeds" when every sign is right (zero training error), as in their Table 1.

Their training protocol (App. A: loss, initialisation, step size, number of steps) is not in
the sources available to this project, so the experiment is run over a small grid of
protocols -- squared loss on +1/-1 targets or the logistic loss log(1 + exp(-y f)) (the log
loss of their Sec. 3.2), N(0, s^2) starts with s in {0.1, 1}, full-batch steps of a fixed
size, 2000 or 20000 steps -- and every protocol's rates are printed beside the paper's. All
runs of one width are vectorised (one array operation per step for all starts).
"""

from __future__ import annotations

import itertools

import numpy as np

from ..spec import parse_problem

__all__ = ["PAPER_GD", "PROTOCOLS", "jellyfish_problem", "train", "success_rate", "table"]

#: Table 1 of Swirszcz et al. (ICLR 2017 submission): GD success rates (%) on jellyfish.
PAPER_GD = {"relu": {2: 16, 3: 33, 4: 66, 5: 68, 6: 69, 7: 86},
            "sigmoid": {2: 62, 3: 100, 4: 100, 5: 100, 6: 100, 7: 100}}

X = np.array([[1.0, 0.0], [0.2, 0.6], [0.0, 1.0], [0.6, 0.2]])
Y = np.array([1.0, 1.0, -1.0, -1.0])

#: (loss, init std, step size, steps): the grid of protocols compared with Table 1.
PROTOCOLS = [(loss, std, lr, steps) for loss, std, (lr, steps) in
             itertools.product(("squared", "logistic"), (0.1, 1.0), ((0.05, 2000), (0.1, 20000)))]


def jellyfish_problem(h: int, activation: str = "relu"):
    """The jellyfish dataset with a 2-h-1 network (squared loss, +1/-1 targets)."""
    return parse_problem({"name": f"jellyfish-{activation}-{h}",
                          "network": {"widths": [2, h, 1], "activation": activation, "bias": True},
                          "loss": {"kind": "squared", "scale": "1"},
                          "data": {"inputs": [["1", "0"], ["0.2", "0.6"], ["0", "1"], ["0.6", "0.2"]],
                                   "targets": [["1"], ["1"], ["-1"], ["-1"]]}})


def _act(activation):
    if activation == "relu":
        return lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float)

    def s(z):
        return 0.5 * (1 + np.tanh(0.5 * z))
    return s, lambda z: s(z) * (1 - s(z))


def train(h: int, activation: str = "relu", runs: int = 100, steps: int = 2000, lr: float = 0.05, seed: int = 0,
          loss: str = "squared", std: float = 1.0):
    """Full-batch GD for ``runs`` starts at once from N(0, std^2); returns the final (W, b, v, c) arrays.

    The loss is the mean over the four points of ``(f - y)^2`` or ``log(1 + exp(-y f))``.
    """
    h_, dh = _act(activation)
    rng = np.random.default_rng(seed)
    W = rng.normal(0, std, (runs, h, 2))
    b = rng.normal(0, std, (runs, h))
    v = rng.normal(0, std, (runs, h))
    c = rng.normal(0, std, runs)
    with np.errstate(all="ignore"):
        for _ in range(steps):
            z = np.einsum("rhd,nd->rnh", W, X) + b[:, None, :]          # (runs, 4, h)
            a = h_(z)
            f = np.einsum("rnh,rh->rn", a, v) + c[:, None]              # (runs, 4)
            if loss == "squared":
                g = 2 * (f - Y) / len(Y)
            else:
                g = -Y / (1 + np.exp(Y * f)) / len(Y)
            gv = np.einsum("rn,rnh->rh", g, a)
            gc = g.sum(axis=1)
            delta = g[:, :, None] * v[:, None, :] * dh(z)              # (runs, 4, h)
            gW = np.einsum("rnh,nd->rhd", delta, X)
            gb = delta.sum(axis=1)
            W -= lr * gW
            b -= lr * gb
            v -= lr * gv
            c -= lr * gc
    return W, b, v, c


def success_rate(h: int, activation: str = "relu", runs: int = 100, steps: int = 2000, lr: float = 0.05,
                 seed: int = 0, loss: str = "squared", std: float = 1.0) -> float:
    """Fraction of the :func:`train` runs that classify all four points correctly.

    >>> 0 <= success_rate(2, runs=3, steps=50) <= 1
    True
    """
    W, b, v, c = train(h, activation, runs, steps, lr, seed, loss, std)
    with np.errstate(all="ignore"):
        f = np.einsum("rnh,rh->rn", _act(activation)[0](np.einsum("rhd,nd->rnh", W, X) + b[:, None, :]), v) \
            + c[:, None]
    return float(np.mean(np.all(np.sign(f) == Y, axis=1)))


def table(runs: int = 100, protocols=PROTOCOLS, seed: int = 0) -> str:
    """Our GD success rates (%) for every protocol, beside the paper's Table 1 (GD columns)."""
    head = "| protocol (loss, init std, step, steps) | " + " | ".join(
        f"{act} h={h}" for act in ("relu", "sigmoid") for h in range(2, 8)) + " | mean abs. diff. |"
    lines = [head, "|" + "---|" * (14)]
    paper = [PAPER_GD[act][h] for act in ("relu", "sigmoid") for h in range(2, 8)]
    lines.append("| **paper, Table 1 (GD)** | " + " | ".join(f"{p}" for p in paper) + " | |")
    for loss, std, lr, steps in protocols:
        ours = [round(100 * success_rate(h, act, runs, steps, lr, seed, loss, std))
                for act in ("relu", "sigmoid") for h in range(2, 8)]
        diff = sum(abs(a - p) for a, p in zip(ours, paper)) / len(paper)
        lines.append(f"| {loss}, {std}, {lr}, {steps} | " + " | ".join(str(o) for o in ours) + f" | {diff:.1f} |")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(table())
