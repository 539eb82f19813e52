"""Nonlinear networks: ReLU-type (piecewise polynomial) and smooth transcendental activations.

* :mod:`.activations` -- the activations and their derivatives (exact, float, mpmath).
* :mod:`.piecewise` -- activation patterns, exact forward pass, certified local minima of
  one-hidden-layer ReLU-type networks (also at kinks), dead layers (Swirszcz et al. 2016).
* :mod:`.interval` -- Krawczyk boxes: a unique critical point, a positive definite Hessian
  on the box and a certified better point (sigmoid, tanh, bent identity).
* :mod:`.point` -- ``symlandscape point`` for nonlinear problems.
* :mod:`.hunt` -- multi-start search for bad local minima, with certificates.
"""

from .activations import is_nonlinear

__all__ = ["is_nonlinear"]
