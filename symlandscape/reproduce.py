"""``symlandscape reproduce``: run the theorem reproductions and print the table.

Certificates go under ``proofs/<paper>/`` (deterministic: no time stamps), and every row
says paper, theorem, instance, claim, verdict (verified / refuted / undecided), the
certificates that carry it and the run time.
"""

from __future__ import annotations

import time
from pathlib import Path

from .errors import ProblemError
from .theorems import PAPERS, load

__all__ = ["reproduce", "rows_table"]


def reproduce(names: list[str], outdir: str | Path = "proofs", full: bool = False, progress=None,
              backend: str | None = "sympy") -> list:
    """Run the named papers' reproductions (``["all"]`` for every one available).

    ``backend`` pins the exact engine (default SymPy, installed everywhere) so that the
    certificates are byte-identical on every machine; ``None`` picks the fastest.
    """
    from .solve import using_backend
    with using_backend(backend):
        return _reproduce(names, outdir, full, progress)


def _reproduce(names, outdir, full, progress) -> list:
    if names == ["all"] or not names:
        names = list(PAPERS)
    rows = []
    for name in names:
        if name not in PAPERS:
            import difflib
            close = difflib.get_close_matches(name, PAPERS, n=1)
            raise ProblemError("reproduce NAME", "unknown paper", name,
                               (f'did you mean "{close[0]}"? ' if close else "") + "one of: all, " + ", ".join(PAPERS))
        mod = load(name)
        if mod is None:
            from .theorems.common import UNDECIDED, Row
            rows.append(Row(name, "-", "-", "reproduction not implemented in this version", UNDECIDED,
                            "no module symlandscape.theorems." + PAPERS[name]))
            continue
        t = time.perf_counter()
        rows.extend(mod.run(Path(outdir) / name, full=full, progress=progress))
        if progress:
            progress(f"{name}: done in {time.perf_counter() - t:.1f} s")
    return rows


def rows_table(rows) -> str:
    """A plain-text table of the rows."""
    head = f"{'paper':<24} {'theorem':<28} {'instance':<44} {'verdict':<10} {'certs':>5} {'s':>6}  claim"
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r.paper:<24} {r.theorem[:28]:<28} {r.instance[:44]:<44} {r.verdict:<10} "
                     f"{len(r.certificates):>5} {r.seconds:>6.1f}  {r.claim}")
    n = {v: sum(r.verdict == v for r in rows) for v in ("verified", "refuted", "undecided")}
    lines.append("")
    lines.append(f"{len(rows)} rows: {n['verified']} verified, {n['refuted']} refuted, {n['undecided']} undecided")
    return "\n".join(lines)
