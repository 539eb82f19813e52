"""Paper-specific constructions: each module reproduces one paper's claims on instances.

Every module defines ``PAPER`` (the key used by ``symlandscape reproduce``) and
``run(outdir, full=False, progress=None) -> list[Row]``.
"""

from __future__ import annotations

import importlib

__all__ = ["PAPERS", "load"]

#: paper key -> module name, in the order of the reproduction table
PAPERS = {
    "kawaguchi2016": "kawaguchi2016",
    "baldi_hornik1989": "baldi_hornik1989",
    "lu_kawaguchi2017": "lu_kawaguchi2017",
    "achour2024": "achour2024",
    "shen2018": "shen2018",
    "swirszcz2016": "swirszcz2016",
    "yun2019": "yun2019",
    "kawaguchi_kaelbling2020": "kawaguchi_kaelbling2020",
}


def load(paper: str):
    """The module of a paper, or None when that reproduction is not available in this build."""
    try:
        return importlib.import_module(f"{__name__}.{PAPERS[paper]}")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.endswith(PAPERS[paper]):
            return None
        raise
