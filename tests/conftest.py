"""Shared fixtures."""

import mpmath
import pytest



@pytest.fixture(autouse=True)
def _reset_mpmath():
    """mpmath precision is global state: restore it after every test (mpmath's own convention)."""
    dps = mpmath.mp.dps
    yield
    mpmath.mp.dps = dps
