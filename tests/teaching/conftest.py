"""Fixtures for the teaching tests: example problems classified once per session."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def reports():
    from symlandscape.classify import classify
    from symlandscape.spec import load_problem
    cache = {}

    def get(name):
        if name not in cache:
            path = ROOT / "examples" / f"{name}.json"
            if not path.exists():
                path = ROOT / "docs" / "examples" / f"{name}.json"
            cache[name] = classify(load_problem(path))
        return cache[name]
    return get


@pytest.fixture
def agg():
    """matplotlib with the non-interactive backend (skips when the plot extra is missing)."""
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    yield
    import matplotlib.pyplot as plt
    plt.close("all")
