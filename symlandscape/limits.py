"""Size limits and time limits: refuse hopeless work up front, stop cleanly when asked.

Before any heavy computation the command line estimates the size of a problem
(:func:`estimate`): the number of parameters, the degree of the loss, the Bezout bound
of the gradient system (the number of isolated complex critical points cannot exceed
``(deg L - 1) ** n``) and the number of samples. :func:`check_limits` refuses a problem
beyond the documented limits (docs/audit.md, "Limits") with a :class:`LimitError` that
states the estimate and the limit; ``--force`` skips the check.

:func:`time_limit` is a context manager that stops the work inside it after a number of
seconds by raising :class:`TimeLimitExceeded` (a :class:`LimitError`), using
``signal.setitimer`` (main thread, POSIX). Output files are written atomically by the
callers, so a stopped run leaves no partial file.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from dataclasses import dataclass

from .errors import LimitError
from .spec import Problem

__all__ = ["SizeEstimate", "estimate", "check_limits", "LIMITS", "time_limit", "TimeLimitExceeded",
           "loss_degree"]

#: Documented limits per command (docs/audit.md). ``classify`` solves the whole gradient
#: system; ``point`` only builds the loss and decides one point.
LIMITS = {
    "classify": {"parameters": 20, "bezout": 10 ** 12, "samples": 1000},
    "point": {"parameters": 40, "bezout": None, "samples": 1000},
}


@dataclass(frozen=True)
class SizeEstimate:
    """How big a problem is, before building anything.

    Attributes
    ----------
    parameters : int
    loss_degree : int
        An upper bound on the total degree of the loss polynomial.
    bezout : int
        ``(loss_degree - 1) ** parameters``: a bound on the number of isolated complex
        critical points (Bezout's theorem for the gradient system).
    samples : int
    """

    parameters: int
    loss_degree: int
    bezout: int
    samples: int

    def text(self) -> str:
        g = max(self.loss_degree - 1, 0)
        b = self.bezout
        btxt = f"{b}" if b < 10 ** 12 else f"about 10^{len(str(b)) - 1}"
        return (f"{self.parameters} parameters, loss degree {self.loss_degree}, "
                f"Bezout bound {g}^{self.parameters} = {btxt}, {self.samples} sample(s)")


def loss_degree(problem: Problem) -> int:
    """Upper bound on the total degree of the loss in the parameters.

    Examples
    --------
    >>> from symlandscape.spec import parse_problem
    >>> loss_degree(parse_problem({"network": {"widths": [1, 1, 1, 1]}, "data": {"inputs": [[1]], "targets": [[1]]}}))
    6
    """
    net = problem.network
    # polynomial: the degree of h; linear and piecewise-linear (per region): 1; smooth
    # non-polynomial activations have no degree: counted as 1 (the estimate is then a floor)
    d = max(len(net.coefficients) - 1, 0) if net.activation == "polynomial" else 1
    deg = 1  # pre-activation of layer 1
    for _ in range(2, len(net.widths)):
        deg = d * deg + 1
    total = 2 * deg
    if any(x for layer in problem.l2 for row in layer for x in row):
        total = max(total, 2)
    return total


def estimate(problem: Problem) -> SizeEstimate:
    """The size estimate of ``problem`` (cheap: nothing is built)."""
    n = problem.n_params
    D = loss_degree(problem)
    return SizeEstimate(n, D, max(D - 1, 0) ** n, len(problem.inputs))


def check_limits(problem: Problem, force: bool = False, command: str = "classify") -> SizeEstimate:
    """Raise :class:`LimitError` when ``problem`` is beyond the limits of ``command``.

    The message holds the estimate, the limit that is exceeded and how to go on anyway
    (``--force``). Returns the estimate.

    Examples
    --------
    >>> from symlandscape.spec import parse_problem
    >>> p = parse_problem({"network": {"widths": [8, 8, 8]}, "data": {"inputs": [[1] * 8], "targets": [[1] * 8]}})
    >>> check_limits(p)
    Traceback (most recent call last):
    ...
    symlandscape.errors.LimitError: problem too large for classify: 128 parameters (limit 20), Bezout bound above the limit 1000000000000; estimate: 128 parameters, loss degree 4, Bezout bound 3^128 = about 10^61, 1 sample(s); pass --force to try anyway (see docs/audit.md, Limits)
    """
    est = estimate(problem)
    if force:
        return est
    lim = LIMITS[command]
    over = []
    if lim["parameters"] is not None and est.parameters > lim["parameters"]:
        over.append(f"{est.parameters} parameters (limit {lim['parameters']})")
    if lim["bezout"] is not None and est.bezout > lim["bezout"]:
        over.append(f"Bezout bound above the limit {lim['bezout']}")
    if lim["samples"] is not None and est.samples > lim["samples"]:
        over.append(f"{est.samples} samples (limit {lim['samples']})")
    if over:
        raise LimitError(f"problem too large for {command}: " + ", ".join(over) + f"; estimate: {est.text()}; "
                         "pass --force to try anyway (see docs/audit.md, Limits)")
    return est


class TimeLimitExceeded(LimitError):
    """The work did not finish within the time limit (``--timeout``).

    ``token`` is the value the firing :func:`time_limit` block yielded (so that nested
    limits can tell whose limit it was)."""

    token = None


#: seconds after the SIGALRM limit before a hard limit kills the process (native code)
HARD_GRACE = 5.0


def _watchdog(seconds: float, message: str) -> int | None:
    """Fork a process that kills this one after ``seconds`` (printing ``message``); its pid.

    SIGALRM only interrupts Python code: a computation inside native code (FLINT, a
    solver call) that holds the interpreter does not see it. The watchdog is a separate
    process, so it acts anyway."""
    import os
    import sys
    if not hasattr(os, "fork"):
        return None
    parent = os.getpid()
    try:
        child = os.fork()
    except OSError:
        return None
    if child:
        return child
    try:  # in the watchdog process: never return into the caller's code
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        time.sleep(seconds)
        os.kill(parent, 0)
        sys.stderr.write(f"symlandscape: error: {message}\n")
        sys.stderr.flush()
        os.kill(parent, signal.SIGKILL)
    except BaseException:
        pass
    os._exit(0)


@contextlib.contextmanager
def time_limit(seconds: float | None, what: str = "the computation", hard: bool = False):
    """Stop the work inside the block after ``seconds`` (None or <= 0: no limit).

    Raises :class:`TimeLimitExceeded` in the main thread via ``signal.setitimer``. With
    ``hard=True`` (the command line), a watchdog process also kills the whole process
    :data:`HARD_GRACE` seconds later, for work stuck in native code. The
    previous handler and timer are restored on exit; limits nest (an enclosing limit that
    expires first stays in charge, and is re-armed with what is left of it). Outside the main thread, or where
    ``SIGALRM`` does not exist, the block runs without a limit.

    Examples
    --------
    >>> import time
    >>> try:
    ...     with time_limit(0.05):
    ...         time.sleep(1)
    ... except TimeLimitExceeded as exc:
    ...     print(exc)
    the computation did not finish within 0.05 s (--timeout); stopped, no partial output file was written
    """
    usable = (seconds is not None and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    token = object()  # TimeLimitExceeded.token tells which limit fired
    if not usable:
        yield token
        return

    outer, _ = signal.getitimer(signal.ITIMER_REAL)
    if outer and outer <= seconds:  # an enclosing limit expires first: it stays in charge
        yield token
        return

    def _raise(signum, frame):
        exc = TimeLimitExceeded(f"{what} did not finish within {seconds:g} s (--timeout); stopped, "
                                "no partial output file was written")
        exc.token = token
        raise exc

    start = time.monotonic()
    dog = _watchdog(seconds + HARD_GRACE, f"{what} did not finish within {seconds:g} s (--timeout) and was "
                    f"killed {HARD_GRACE:g} s later (it was inside native code); no partial output file "
                    "was written") if hard else None
    old = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield token
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        if dog:
            import os
            try:
                os.kill(dog, signal.SIGKILL)
                os.waitpid(dog, 0)
            except OSError:
                pass
        if outer:  # re-arm the enclosing limit with what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - start), 1e-3))
