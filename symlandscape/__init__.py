"""symlandscape: exact critical points of small neural-network losses, with certificates."""

from .errors import (CertificateError, LimitError, PointError, ProblemError, SolverError,
                     SymlandscapeError)
from .spec import Loss, Network, Problem, load_problem, parameter_names, parse_problem, problem_to_dict

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "SymlandscapeError", "ProblemError", "PointError", "SolverError", "LimitError", "CertificateError",
    "Network", "Loss", "Problem", "load_problem", "parse_problem", "problem_to_dict", "parameter_names",
]
