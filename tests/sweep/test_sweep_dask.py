"""``symlandscape sweep --dask``: the same results from a Dask cluster (distributed.LocalCluster)."""

import contextlib
import io
import json

import pytest

from symlandscape.cli import main
from symlandscape.sweep.store import SweepStore

distributed = pytest.importorskip("distributed")

U = {"uniform": ["1/10", "1"], "denominator": 10}
SPEC = {"name": "dask", "networks": {"widths": [[1, 1, 1], [1, 1, 1, 1], [2, 2, 2]]},
        "data": {"samples": 2, "entries": U}, "regularisation": [{"per_weight": U}], "seeds": [0, 1],
        "timeout": 60}


def _run(argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(argv)
    return rc, out.getvalue(), err.getvalue()


@pytest.mark.slow  # about 12 s (starting the cluster, a 3 s limit twice); runs in CI
def test_local_cluster_gives_the_local_results(tmp_path):
    spec = tmp_path / "s.json"
    small = dict(SPEC, networks={"widths": [[1, 1, 1], [1, 1, 1, 1]]})
    spec.write_text(json.dumps(small))
    rc, local_out, err = _run(["sweep", str(spec), "--db", str(tmp_path / "local.sqlite"), "--workers", "1"])
    assert rc == 0, err
    # the same jobs plus two 2-2-2 ones (two samples: over 30 s each) that the per-problem limit stops inside
    # a worker thread's child
    spec.write_text(json.dumps(SPEC))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cl:
        rc, out, err = _run(["sweep", str(spec), "--db", str(tmp_path / "dask.sqlite"), "--dask",
                             cl.scheduler_address, "--problem-timeout", "3"])
    assert rc == 0, err
    assert "6 jobs (4 done, 2 timeout)" in out
    a, b = SweepStore(tmp_path / "local.sqlite"), SweepStore(tmp_path / "dask.sqlite")
    local, remote = a.rows(), b.rows()
    a.close(), b.close()
    assert set(local) <= set(remote)
    fields = ("status", "complete", "complex_points", "real_points", "by_kind", "strata", "global_min_exact", "problem")
    for k, r in local.items():
        assert {f: remote[k][f] for f in fields} == {f: r[f] for f in fields}
        assert remote[k]["executor"] == f"dask:{cl.scheduler_address}" and r["executor"] == "local:1"
    timeouts = [r for r in remote.values() if r["status"] == "timeout"]
    assert [(r["architecture"], r["regularisation"]) for r in timeouts] == [("2-2-2 linear", "per_weight U[1/10,1]/10")] * 2
    assert all(3 <= r["seconds"] < 15 for r in timeouts)
    # the local summary lines reappear in the Dask run's table (times aside)
    for line in local_out.splitlines()[3:5]:
        assert line.rsplit("  ", 1)[0] in out
