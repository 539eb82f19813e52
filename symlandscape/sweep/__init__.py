"""Sweeps: run a family of problems (architectures x regularisation x seeds) and keep every result.

One stage per module, data flowing one way:

* :mod:`.spec` -- the sweep-spec JSON format (docs/sweep.md): parsing and validation;
* :mod:`.jobs` -- job generation: one concrete, canonical problem per combination, with a
  key (a hash of the problem and the engine options) that makes resuming possible;
* :mod:`.execute` -- one job in a child process under a hard time limit
  (:func:`symlandscape.limits.run_in_child`), and the coordinator that feeds a local
  process pool or a Dask cluster and stores each result as it arrives;
* :mod:`.store` -- the SQLite database (WAL; written only by the coordinating process);
* :mod:`.summary` -- the summary table (counts, kinds, times) and its JSON form.

The command line is ``symlandscape sweep SPEC`` (:mod:`symlandscape.commands.sweep`).
"""

from .jobs import Job, generate_jobs, job_key
from .spec import SweepSpec, load_sweep_spec, parse_sweep_spec
from .store import SweepStore
from .summary import summarise, summary_text

__all__ = ["SweepSpec", "load_sweep_spec", "parse_sweep_spec", "Job", "generate_jobs", "job_key", "SweepStore",
           "summarise", "summary_text"]
