"""The summary (symlandscape.sweep.summary): groups in spec order, pending jobs, ranges, problems listed."""

from symlandscape.sweep.jobs import generate_jobs
from symlandscape.sweep.spec import parse_sweep_spec
from symlandscape.sweep.summary import summarise, summary_text

U = {"uniform": ["1/10", "1"], "denominator": 10}
JOBS = generate_jobs(parse_sweep_spec({"name": "sum", "networks": {"widths": [[1, 1, 1], [1, 1, 1, 1]]},
                                       "data": {"samples": 1, "entries": U},
                                       "regularisation": ["none", {"per_weight": U}], "seeds": [0, 1, 2]}))


def row(job, status, **kw):
    r = {"name": job.name, "architecture": job.architecture, "regularisation": job.regularisation,
         "n_params": job.n_params, "status": status, "seconds": kw.pop("seconds", 1.0), "message": None,
         "complete": None, "complex_points": None, "real_points": None, "by_kind": None, "strata": None}
    r.update(kw)
    return r


def test_groups_statuses_ranges_and_pending():
    g = {(j.architecture, j.regularisation, j.seed): j for j in JOBS}
    pw = "per_weight U[1/10,1]/10"
    rows = {
        g[("1-1-1-1 linear", pw, 0)].key: row(g[("1-1-1-1 linear", pw, 0)], "done", complete=True, complex_points=17,
                                              real_points=9, by_kind={"global_min": 4, "local_min": 1,
                                                                      "strict_saddle": 4}, strata=[], seconds=2.0),
        g[("1-1-1-1 linear", pw, 1)].key: row(g[("1-1-1-1 linear", pw, 1)], "done", complete=True, complex_points=17,
                                              real_points=1, by_kind={"global_min": 1}, strata=[], seconds=0.5),
        g[("1-1-1-1 linear", pw, 2)].key: row(g[("1-1-1-1 linear", pw, 2)], "timeout", seconds=30.0,
                                              message="no result within 30 s"),
        g[("1-1-1 linear", "none", 0)].key: row(g[("1-1-1 linear", "none", 0)], "refused",
                                                message="LimitError: too large\nsecond line"),
        g[("1-1-1 linear", "none", 1)].key: row(g[("1-1-1 linear", "none", 1)], "error",
                                                message="builtins.KeyError: 'x'\nTraceback ..."),
        g[("1-1-1 linear", "none", 2)].key: row(g[("1-1-1 linear", "none", 2)], "done", complete=False,
                                                strata=[{"dimension": 1, "kind": "global_min"},
                                                        {"dimension": 0, "kind": "undecided"}]),
    }
    s = summarise(rows, JOBS, "sum", "x.sqlite")
    assert s["totals"] == {"jobs": 12, "done": 3, "timeout": 1, "refused": 1, "error": 1, "pending": 6,
                           "complete": 2, "seconds": 35.5}
    assert [(x["architecture"], x["regularisation"]) for x in s["groups"]] == [
        ("1-1-1 linear", "none"), ("1-1-1 linear", pw), ("1-1-1-1 linear", "none"), ("1-1-1-1 linear", pw)]
    a, b, c, d = s["groups"]
    assert (a["done"], a["refused"], a["error"], a["pending"], a["complete"], a["positive_dimensional"]) == \
        (1, 1, 1, 0, 0, 1)
    assert a["strata_by_kind"] == {"global_min": 1} and a["complex_points"] is None
    assert a["messages"] == {JOBS[0].name: "LimitError: too large", JOBS[1].name: "builtins.KeyError: 'x'"}
    assert b["pending"] == 3 and b["seconds"] == {"total": 0, "max": None}
    assert d["complex_points"] == {"min": 17, "max": 17} and d["real_points"] == {"min": 1, "max": 9}
    assert d["by_kind"] == {"global_min": 5, "local_min": 1, "strict_saddle": 4} and d["problems"]["timeout"]
    text = summary_text(s)
    assert text.startswith("sweep sum: 12 jobs (3 done, 1 timeout, 1 refused, 1 error, 6 pending) in x.sqlite")
    lines = text.splitlines()
    assert lines[6].split()[:14] == ["1-1-1-1", "linear", "per_weight", "U[1/10,1]/10", "3", "3", "2", "1", "0",
                                     "0", "0", "2", "17", "1-9"]
    assert lines[6].split()[14:20] == ["5", "1", "4", "-", "-", "-"] and lines[6].endswith("32.5 (30.0)")
    assert lines[4].split()[4:] == ["2", "3", "0", "0", "0", "0", "3", "0", "-", "-"] + ["-"] * 7 + ["-"]
    assert f"refused: {JOBS[0].name}: LimitError: too large" in text
    assert f"error: {JOBS[1].name}: builtins.KeyError: 'x'" in text and "timeout: sum-1-1-1-1-" in text


def test_without_jobs_every_row_counts():
    rows = {j.key: row(j, "done", complete=True, complex_points=5, real_points=3, by_kind={"global_min": 2},
                       strata=[]) for j in JOBS[:2]}
    s = summarise(rows, None, "(all rows)", "db")
    assert s["totals"]["jobs"] == 2 and s["totals"]["pending"] == 0 and len(s["groups"]) == 1
