"""The summary of a sweep: one row per (network, regularisation), from the database.

:func:`summarise` gathers, per group, the job counts by status, how many
classifications are complete, the range of the number of complex and real critical
points over the finite critical sets (N_C and N_R, as in the count tables of Mehta et
al. and Bharadwaj, literature.md section 2.2), the real critical points by kind, how
many problems have a positive-dimensional critical set, and the times.
:func:`summary_text` prints it as a table; the dict itself is ``--json``.

Examples
--------
>>> rows = {"a": {"architecture": "1-1-1 linear", "regularisation": "none", "status": "done", "complete": True,
...               "complex_points": None, "real_points": None, "by_kind": None, "n_params": 2, "name": "a",
...               "strata": [{"dimension": 1, "kind": "global_min"}, {"dimension": 0, "kind": "strict_saddle"}],
...               "seconds": 0.2, "message": None, "timeout": 60.0},
...         "b": {"architecture": "1-1-1 linear", "regularisation": "l2=1/10", "status": "done", "complete": True,
...               "complex_points": 5, "real_points": 3, "by_kind": {"global_min": 2, "strict_saddle": 1},
...               "n_params": 2, "name": "b", "strata": [], "seconds": 0.1, "message": None, "timeout": 60.0}}
>>> s = summarise(rows, sweep="demo", database="demo.sqlite")
>>> s["totals"]["done"], [(g["regularisation"], g["complex_points"], g["by_kind"]) for g in s["groups"]]
(2, [('none', None, {}), ('l2=1/10', {'min': 5, 'max': 5}, {'global_min': 2, 'strict_saddle': 1})])
>>> print(summary_text(s))  # doctest: +NORMALIZE_WHITESPACE
sweep demo: 2 jobs (2 done) in demo.sqlite
<BLANKLINE>
network       regularisation  n  jobs  done  t/o  ref  err  pend  compl  N_C  N_R  gmin  lmin  ssad  nsad  lmax  und  pos-dim  time s (max)
1-1-1 linear  none            2     1     1    0    0    0     0      1    -    -     -     -     -     -     -    -        1     0.2 (0.2)
1-1-1 linear  l2=1/10         2     1     1    0    0    0     0      1    5    3     2     -     1     -     -    -        -     0.1 (0.1)
<BLANKLINE>
n: parameters; t/o, ref, err, pend: timeout, refused, error, not yet run; compl: complete classifications;
N_C, N_R: complex and real critical points (min-max over finite critical sets); gmin ... und: real critical
points by kind, summed (global_min, local_min, strict_saddle, nonstrict_saddle, local_max, undecided);
pos-dim: problems with a positive-dimensional critical set.
"""

from __future__ import annotations

from collections import Counter

__all__ = ["summarise", "summary_text", "KINDS"]

#: Kinds of design.md 3.3 with their column names.
KINDS = (("global_min", "gmin"), ("local_min", "lmin"), ("strict_saddle", "ssad"), ("nonstrict_saddle", "nsad"),
         ("local_max", "lmax"), ("undecided", "und"))
_STATUSES = ("done", "timeout", "refused", "error")


def _range(values) -> dict | None:
    values = [v for v in values if v is not None]
    return {"min": min(values), "max": max(values)} if values else None


def summarise(rows: dict, jobs=None, sweep: str = "", database: str = "") -> dict:
    """The summary of ``rows`` (stored results by key).

    Parameters
    ----------
    rows : dict
        ``{key: row}`` as returned by :meth:`~.store.SweepStore.rows`.
    jobs : list of Job, optional
        The spec's jobs: groups and their order come from them, and jobs without a row
        count as pending. Without it, every row counts (``--summary-only --db FILE``).
    sweep, database : str
        Shown in the heading.
    """
    if jobs is not None:
        items = [(j.architecture, j.regularisation, j.n_params, rows.get(j.key)) for j in jobs]
    else:
        items = [(r["architecture"], r["regularisation"], r["n_params"], r) for r in rows.values()]
    groups: dict = {}
    for arch, reg, n, r in items:
        g = groups.setdefault((arch, reg), {"architecture": arch, "regularisation": reg, "parameters": [],
                                            "rows": [], "pending": 0})
        g["parameters"].append(n)
        if r is None:
            g["pending"] += 1
        else:
            g["rows"].append(r)
    out_groups = []
    totals = Counter()
    for g in groups.values():
        rs = g.pop("rows")
        status = Counter(r["status"] for r in rs)
        done = [r for r in rs if r["status"] == "done"]
        finite = [r for r in done if r.get("complex_points") is not None]
        kinds = Counter()
        for r in finite:
            kinds.update(r.get("by_kind") or {})
        pos = [r for r in done if any(e["dimension"] > 0 for e in (r.get("strata") or []))]
        strata_kinds = Counter(e["kind"] for r in pos for e in r["strata"] if e["dimension"] > 0)
        secs = [float(r["seconds"]) for r in rs]
        ps = g.pop("parameters")
        entry = {
            **g,
            "parameters": _range(ps),
            "jobs": len(rs) + g["pending"],
            **{k: status.get(k, 0) for k in _STATUSES},
            "complete": sum(1 for r in done if r.get("complete")),
            "finite": len(finite),
            "complex_points": _range(r["complex_points"] for r in finite),
            "real_points": _range(r["real_points"] for r in finite),
            "by_kind": {k: kinds[k] for k, _ in KINDS if kinds[k]},
            "positive_dimensional": len(pos),
            "strata_by_kind": {k: strata_kinds[k] for k, _ in KINDS if strata_kinds[k]},
            "seconds": {"total": round(sum(secs), 3), "max": round(max(secs), 3) if secs else None},
            "problems": {k: [r["name"] for r in rs if r["status"] == k] for k in ("timeout", "refused", "error")},
            "messages": {r["name"]: (r.get("message") or "").splitlines()[0][:300] for r in rs
                         if r["status"] in ("refused", "error")},
        }
        out_groups.append(entry)
        for k in _STATUSES + ("pending", "jobs", "complete"):
            totals[k] += entry[k]
        totals["seconds"] += entry["seconds"]["total"]
    tot = {k: totals.get(k, 0) for k in ("jobs",) + _STATUSES + ("pending", "complete")}
    tot["seconds"] = round(totals.get("seconds", 0.0), 3)
    return {"format": "symlandscape-sweep-summary", "version": 1, "sweep": sweep, "database": database,
            "totals": tot, "groups": out_groups}


def _r(x) -> str:
    if x is None:
        return "-"
    return str(x["min"]) if x["min"] == x["max"] else f"{x['min']}-{x['max']}"


def _n(v) -> str:
    return str(v) if v else "-"


def summary_text(summary: dict) -> str:
    """The summary as a table (see the module example)."""
    t = summary["totals"]
    parts = [f"{t[k]} {k}" for k in _STATUSES + ("pending",) if t[k]]
    head = f"sweep {summary['sweep']}: {t['jobs']} jobs ({', '.join(parts) or 'none'})"
    if summary["database"]:
        head += f" in {summary['database']}"
    cols = ["network", "regularisation", "n", "jobs", "done", "t/o", "ref", "err", "pend", "compl", "N_C", "N_R"]
    cols += [short for _, short in KINDS] + ["pos-dim", "time s (max)"]
    table = [cols]
    for g in summary["groups"]:
        sec = g["seconds"]
        table.append([g["architecture"], g["regularisation"], _r(g["parameters"]), str(g["jobs"]),
                      str(g["done"]), str(g["timeout"]), str(g["refused"]), str(g["error"]), str(g["pending"]),
                      str(g["complete"]), _r(g["complex_points"]), _r(g["real_points"])]
                     + [_n(g["by_kind"].get(k)) for k, _ in KINDS]
                     + [_n(g["positive_dimensional"]),
                        "-" if sec["max"] is None else f"{sec['total']:.1f} ({sec['max']:.1f})"])
    widths = [max(len(row[i]) for row in table) for i in range(len(cols))]
    lines = [head, ""]
    for row in table:
        cells = [row[i].ljust(widths[i]) if i < 2 else row[i].rjust(widths[i]) for i in range(len(cols))]
        lines.append("  ".join(cells).rstrip())
    lines += ["", "n: parameters; t/o, ref, err, pend: timeout, refused, error, not yet run; compl: complete "
              "classifications;",
              "N_C, N_R: complex and real critical points (min-max over finite critical sets); gmin ... und: real "
              "critical",
              "points by kind, summed (global_min, local_min, strict_saddle, nonstrict_saddle, local_max, undecided);",
              "pos-dim: problems with a positive-dimensional critical set."]
    for g in summary["groups"]:
        for k in ("timeout", "refused", "error"):
            names = g["problems"][k]
            for name in names[:5]:
                msg = g["messages"].get(name)
                lines.append(f"{k}: {name}" + (f": {msg}" if msg else ""))
            if len(names) > 5:
                lines.append(f"{k}: ... and {len(names) - 5} more in {g['architecture']} / {g['regularisation']}")
    return "\n".join(lines)
