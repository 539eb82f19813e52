"""Command line: ``python -m symlandscape.checker FILE...`` (also ``symlandscape check``).

Prints one status line per file::

    s VERIFIED <file>: <claim summary>
    s VERIFIED CONDITIONALLY <file>: <claim summary>; assumes: <assumption>
    s NOT VERIFIED <file>: <reason>

Exit code 0 when every file is verified (conditionally or not), 1 otherwise, 2 for a
usage error. ``--strict`` counts ``VERIFIED CONDITIONALLY`` as a failure.
"""

from __future__ import annotations

import argparse

from .verify import CONDITIONAL, NOT_VERIFIED, check_file

__all__ = ["main"]


def _print(line: str) -> None:
    line = " ".join(line.splitlines())
    try:
        print(line, flush=True)
    except UnicodeEncodeError:
        print(line.encode("ascii", "backslashreplace").decode("ascii"), flush=True)


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    """Check certificate files and print one status line each.

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name (default ``sys.argv[1:]``).
    prog : str, optional
        Program name for usage messages.

    Returns
    -------
    int
        0 if every file is verified, 1 otherwise, 2 for a usage error.

    Examples
    --------
    >>> main(["/nonexistent.json"])
    s NOT VERIFIED /nonexistent.json: cannot read the file: no such file
    1
    """
    parser = argparse.ArgumentParser(
        prog=prog or "python -m symlandscape.checker",
        description="Independent checker of symlandscape certificates (standard library only).")
    parser.add_argument("files", nargs="+", metavar="CERTIFICATE", help="certificate JSON file(s)")
    parser.add_argument("--strict", action="store_true",
                        help="count VERIFIED CONDITIONALLY as a failure")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    ok = True
    for name in args.files:
        result = check_file(name)
        _print(result.line(name))
        if result.status == NOT_VERIFIED or (args.strict and result.status == CONDITIONAL):
            ok = False
    return 0 if ok else 1
