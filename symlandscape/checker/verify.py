"""Checking one certificate (docs/certificates.md, version 1): the top level.

:func:`check_file` and :func:`check_certificate` never raise: every failure, limit
or unexpected exception becomes ``NOT VERIFIED`` with the reason.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .base import MAX_FILE_BYTES, CheckError, LimitError, need_obj, reset_budget, short, show
from .boxes import box_point_claim
from .expneuron import check_exp_neuron
from .nonlinear import NONLINEAR, check_nonlinear
from .orbit import check_orbit
from .claims import KINDS, Context, point_claim, stratum_claim, verify_morse_bott
from .parse import check_depth, loads, parse_field
from .problem import parse_problem

__all__ = ["VERIFIED", "CONDITIONAL", "NOT_VERIFIED", "KINDS", "Result", "check_certificate", "check_file",
           "verify_morse_bott", "CheckError"]

VERIFIED = "VERIFIED"
CONDITIONAL = "VERIFIED CONDITIONALLY"
NOT_VERIFIED = "NOT VERIFIED"
FORMAT = "symlandscape-certificate"

_TOP = ("format", "version", "problem", "parameters", "field", "claim", "hints", "provenance", "evidence", "orbit")
_HINTS = ("membership", "lower_bound", "better_point", "hessian", "negative_direction", "positive_direction",
          "descent_curve", "ascent_curve", "negative_minor", "negative_bordered_minor", "nonnegative_trace")


@dataclass(frozen=True)
class Result:
    """Outcome of checking one certificate.

    Attributes
    ----------
    status : str
        ``"VERIFIED"``, ``"VERIFIED CONDITIONALLY"`` or ``"NOT VERIFIED"``.
    message : str
        The claim summary, or the reason when not verified.
    assumption : str or None
        What a conditional verification assumes.

    Examples
    --------
    >>> Result("NOT VERIFIED", "bad").line("c.json")
    's NOT VERIFIED c.json: bad'
    """

    status: str
    message: str
    assumption: str | None = None

    @property
    def ok(self) -> bool:
        """True unless NOT VERIFIED."""
        return self.status != NOT_VERIFIED

    @property
    def reason(self) -> str:
        """Alias of ``message``."""
        return self.message

    def line(self, file: str) -> str:
        """The status line for ``file``."""
        if self.status == CONDITIONAL:
            return f"s {CONDITIONAL} {file}: {self.message}; assumes: {self.assumption}"
        return f"s {self.status} {file}: {self.message}"


def _internal(exc: BaseException) -> str:
    try:
        detail = short(str(exc), 200)
    except Exception:  # pragma: no cover - str() of an exception can fail on huge ints
        detail = ""
    return f"internal error while checking ({type(exc).__name__}: {detail}); not verified"


def _guard(work, *args) -> Result:
    try:
        return work(*args)
    except CheckError as exc:
        return Result(NOT_VERIFIED, short(str(exc), 400))
    except RecursionError:
        return Result(NOT_VERIFIED, "structure too deep to check")
    except MemoryError:
        return Result(NOT_VERIFIED, "out of memory while checking")
    except Exception as exc:  # never crash on input
        return Result(NOT_VERIFIED, _internal(exc))


def check_file(path) -> Result:
    """Read and check one certificate file; never raises.

    >>> check_file("/nonexistent/c.json").message
    'cannot read the file: no such file'
    """
    return _guard(_read_and_check, path)


def _read_and_check(path) -> Result:
    try:
        if os.stat(path).st_size > MAX_FILE_BYTES:
            raise LimitError(f"file larger than {MAX_FILE_BYTES // 2 ** 20} MB")
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise CheckError("cannot read the file: no such file") from None
    except OSError as exc:
        raise CheckError(f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise LimitError(f"file larger than {MAX_FILE_BYTES // 2 ** 20} MB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CheckError(f"not UTF-8 text (byte {exc.start})") from None
    return check_certificate(loads(text))


def check_certificate(obj) -> Result:
    """Check a parsed certificate (a dict as read from JSON); never raises.

    >>> check_certificate({"format": "x"}).message
    "format: expected 'symlandscape-certificate', got 'x'"
    """
    reset_budget()
    try:
        return _guard(_check, obj)
    finally:
        reset_budget(active=False)


def _check(obj) -> Result:
    check_depth(obj)
    if not isinstance(obj, dict):
        raise CheckError(f"certificate: expected a JSON object at the top level, got {show(obj)}")
    if obj.get("format") != FORMAT:
        raise CheckError(f"format: expected '{FORMAT}', got {show(obj.get('format'))}")
    top = need_obj(obj, "certificate", _TOP, ("version", "problem", "parameters", "claim", "hints"))
    if isinstance(top["version"], bool) or top["version"] != 1:
        raise CheckError(f"version: {show(top['version'])} is not supported (this checker reads version 1)")
    claim = top["claim"]
    ctype = claim.get("type") if isinstance(claim, dict) else None
    if "orbit" in top and (ctype not in ("point", "stratum") or not isinstance(top["problem"], dict)
                           or "exp_neuron" in top["problem"] or not isinstance(top["problem"].get("network"), dict)
                           or top["problem"]["network"].get("activation") in NONLINEAR):
        raise CheckError("orbit: only point and stratum claims of polynomial problems extend to orbits")
    if isinstance(top["problem"], dict) and "exp_neuron" in top["problem"]:  # docs/certificates.md, exp neuron
        summary, assumption = check_exp_neuron(top)
        return Result(CONDITIONAL if assumption else VERIFIED, short(summary, 400), assumption)
    net = top["problem"].get("network") if isinstance(top["problem"], dict) else None
    if isinstance(net, dict) and net.get("activation") in NONLINEAR:  # docs/certificates.md, nonlinear
        summary, assumption = check_nonlinear(top)
        return Result(CONDITIONAL if assumption else VERIFIED, short(summary, 400), assumption)
    if ctype == "box_point":  # docs/certificates.md, Addition 12; rational only, no field
        summary, assumption = box_point_claim(top)
        return Result(CONDITIONAL if assumption else VERIFIED, short(summary, 400), assumption)
    problem = parse_problem(top["problem"])
    if top["parameters"] != problem.names:
        raise CheckError("parameters: do not match the problem's parameter order; expected "
                         + short(", ".join(problem.names), 200))
    ctx = Context(problem, parse_field(top.get("field")))
    hints = need_obj(top["hints"], "hints", _HINTS)
    if ctype == "point":
        summary, assumption = point_claim(ctx, need_obj(claim, "claim", ("type", "point", "value", "kind"),
                                                        ("point", "value", "kind")), hints)
    elif ctype == "stratum":
        summary, assumption = stratum_claim(ctx, need_obj(claim, "claim", ("type", "equations", "inequations",
                                                                           "value", "kind", "on_value", "positive"),
                                                          ("equations", "value", "kind")), hints)
    else:
        if not isinstance(claim, dict):
            raise CheckError(f"claim: expected an object, got {show(claim)}")
        raise CheckError(f"claim.type: expected 'point', 'stratum' or 'box_point', got {show(ctype)}")
    if "orbit" in top:
        summary = check_orbit(top["orbit"], ctx.model.loss, problem.names) + "; " + summary
    return Result(CONDITIONAL if assumption else VERIFIED, short(summary, 400), assumption)
