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

:func:`run_in_child` runs a function in a forked child process that is killed, with its
process group, at a time limit: the only limit that also stops work sitting in native
code (FLINT, a solver call), from any thread (the audit's per-problem budget, the
per-problem limit of ``symlandscape sweep``).
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
           "loss_degree", "run_in_child", "ChildOutcome"]

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


@dataclass(frozen=True)
class ChildOutcome:
    """What :func:`run_in_child` saw.

    Attributes
    ----------
    status : str
        ``"ok"`` (``value`` holds the return value), ``"raised"`` (the function raised:
        ``error``), ``"timeout"`` (killed at the limit) or ``"died"`` (the child ended
        without an answer, e.g. killed by the kernel for lack of memory: ``error``).
    value : object
        The function's return value (pickled through a pipe).
    error : dict or None
        For ``raised``: ``type`` (qualified class name), ``bases`` (class names of its
        MRO), ``message``, ``traceback`` (text) and ``symlandscape`` (True for a
        :class:`~symlandscape.errors.SymlandscapeError`); for ``died``: ``message``.
    seconds : float
        Wall-clock time of the child.
    """

    status: str
    value: object = None
    error: dict | None = None
    seconds: float = 0.0


def _describe_exception(exc: BaseException) -> dict:
    import traceback
    from .errors import SymlandscapeError
    t = type(exc)
    return {"type": f"{t.__module__}.{t.__qualname__}", "bases": [c.__name__ for c in t.__mro__],
            "message": str(exc), "symlandscape": isinstance(exc, SymlandscapeError),
            "traceback": "".join(traceback.format_exception(t, exc, exc.__traceback__, limit=-12))}


def _die_with_parent(parent: int) -> None:
    """In a forked child: ask the kernel to kill it when its parent dies (Linux), so a
    killed worker leaves no orphan computing on."""
    import os
    import sys
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no prctl
            pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def run_in_child(fn, args: tuple = (), seconds: float | None = None) -> ChildOutcome:
    """Run ``fn(*args)`` in a forked child process, killed with its process group after
    ``seconds`` (None or <= 0: no limit).

    SIGALRM (:func:`time_limit`) cannot stop native code and only works in the main
    thread; a child process can always be killed. The child gets its own process group
    (solver subprocesses die with it) and dies with its parent (Linux), so an interrupted
    caller leaves nothing running. The return value travels back pickled through a pipe;
    exceptions come back described (:class:`ChildOutcome`), never re-raised. Where
    ``fork`` does not exist, ``fn`` runs in this process under :func:`time_limit`.

    Examples
    --------
    >>> run_in_child(sum, ([1, 2, 3],)).value
    6
    >>> import time
    >>> run_in_child(time.sleep, (5,), seconds=0.2).status
    'timeout'
    >>> out = run_in_child(int, ("x",))
    >>> out.status, out.error["type"], out.error["message"]
    ('raised', 'builtins.ValueError', "invalid literal for int() with base 10: 'x'")
    """
    import os
    import pickle
    import select
    limit = seconds if seconds is not None and seconds > 0 else None
    t0 = time.monotonic()
    if not hasattr(os, "fork"):  # pragma: no cover - not POSIX
        try:
            with time_limit(limit, "the computation") as token:
                value = fn(*args)
        except TimeLimitExceeded as exc:
            if exc.token is not token:
                raise
            return ChildOutcome("timeout", seconds=time.monotonic() - t0)
        except Exception as exc:
            return ChildOutcome("raised", error=_describe_exception(exc), seconds=time.monotonic() - t0)
        return ChildOutcome("ok", value, seconds=time.monotonic() - t0)

    import ctypes  # noqa: F401  (imported before fork: the child only uses it)
    parent = os.getpid()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        try:
            os.close(r)
            os.setpgid(0, 0)
            _die_with_parent(parent)
            try:
                payload = ("ok", fn(*args))
            except BaseException as exc:  # noqa: B902 - everything goes back to the parent
                payload = ("raised", _describe_exception(exc))
            try:
                data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as exc:
                data = pickle.dumps(("raised", _describe_exception(exc)))
            with os.fdopen(w, "wb") as fh:
                fh.write(data)
        finally:
            os._exit(0)
    os.close(w)
    try:
        os.setpgid(pid, pid)  # also here: no race with a kill before the child ran
    except OSError:
        pass
    chunks = []
    timed_out = False
    try:
        while True:
            wait = None if limit is None else t0 + limit - time.monotonic()
            if wait is not None and wait <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([r], [], [], wait)
            if ready:
                block = os.read(r, 1 << 16)
                if not block:
                    break
                chunks.append(block)
    finally:
        os.close(r)
        try:  # the whole group: solver subprocesses too (the child itself may be exiting)
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        _, wstatus = os.waitpid(pid, 0)
    elapsed = time.monotonic() - t0
    if timed_out:
        return ChildOutcome("timeout", seconds=elapsed)
    try:
        kind, value = pickle.loads(b"".join(chunks))
    except Exception:
        sig = os.WTERMSIG(wstatus) if os.WIFSIGNALED(wstatus) else None
        why = (f"killed by signal {sig} ({signal.Signals(sig).name})" if sig else
               f"exit status {os.WEXITSTATUS(wstatus)}")
        return ChildOutcome("died", error={"message": f"the child process ended without an answer: {why} "
                                           "(out of memory?)"}, seconds=elapsed)
    if kind == "ok":
        return ChildOutcome("ok", value, seconds=elapsed)
    return ChildOutcome("raised", error=value, seconds=elapsed)
