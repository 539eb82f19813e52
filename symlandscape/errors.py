"""The exception tree of symlandscape.

Every error the package raises on purpose derives from :class:`SymlandscapeError`.
Errors about user input say what failed, where, and what to write instead.
"""

from __future__ import annotations

__all__ = [
    "SymlandscapeError",
    "ProblemError",
    "PointError",
    "SolverError",
    "LimitError",
    "CertificateError",
]


class SymlandscapeError(Exception):
    """Base class of every error raised by symlandscape."""


class ProblemError(SymlandscapeError, ValueError):
    """A problem file or problem dictionary is invalid.

    Parameters
    ----------
    field : str
        Dotted path of the offending field, e.g. ``"data.inputs[2][0]"``.
    message : str
        What is wrong.
    value : object, optional
        The offending value, shown with ``repr``.
    hint : str, optional
        What to write instead.

    Examples
    --------
    >>> e = ProblemError("l2", "must be >= 0", value="-1", hint='write "0" or a positive rational')
    >>> print(e)
    l2: must be >= 0 (got '-1'); write "0" or a positive rational
    """

    def __init__(self, field: str, message: str, value: object = None, hint: str | None = None):
        self.field = field
        self.message = message
        self.value = value
        self.hint = hint
        text = f"{field}: {message}"
        if value is not None:
            text += f" (got {value!r})"
        if hint:
            text += f"; {hint}"
        super().__init__(text)


class PointError(ProblemError):
    """A point given by the user does not fit the problem (length, format)."""


class SolverError(SymlandscapeError):
    """An exact computation could not be carried out (it never returns a partial answer silently)."""


class LimitError(SymlandscapeError):
    """A problem is larger than the documented limits; pass ``--force`` to try anyway."""


class CertificateError(SymlandscapeError):
    """A certificate could not be produced or read."""
