"""Sphinx configuration for the symlandscape documentation.

Build (warnings are errors):  python -m sphinx -W --keep-going -b html docs docs/_build/html
The pictures of the tutorial are drawn at build time by the same commands the tutorial
shows (``symlandscape plot ...``), into ``docs/_generated/``.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

project = "symlandscape"
author = "the symlandscape developers"
copyright = "symlandscape developers"
from symlandscape import __version__ as release  # noqa: E402

extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.mathjax"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "_generated/*.txt", "README.md", "notebooks/.ipynb_checkpoints"]
myst_enable_extensions = ["dollarmath", "colon_fence"]
myst_heading_anchors = 3
# some format descriptions use JSON-like schemas ("[num, ...]") that are not literal JSON
suppress_warnings = ["misc.highlighting_failure"]
napoleon_numpy_docstring = True
napoleon_google_docstring = False
napoleon_use_ivar = True
autodoc_member_order = "bysource"
autodoc_typehints = "none"
html_theme = "alabaster"
html_static_path = []


def _draw_pictures(app):
    """The tutorial's pictures, drawn with the commands the tutorial shows."""
    import contextlib
    import io
    import os

    from symlandscape.cli import main
    out = Path(app.srcdir) / "_generated"
    out.mkdir(exist_ok=True)
    jobs = [
        ["plot", "examples/chain2.json", "--out", str(out / "chain2.png")],
        ["plot", "docs/examples/chain2_l2.json", "--out", str(out / "chain2_l2.png")],
        ["plot", "examples/chain3.json", "--at", "0,0,0", "--out", str(out / "chain3_origin.png")],
    ]
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for argv in jobs:
            with contextlib.redirect_stdout(io.StringIO()):
                if main(argv) != 0:
                    raise RuntimeError("symlandscape " + " ".join(argv) + " failed")
    finally:
        os.chdir(cwd)


def setup(app):
    app.connect("builder-inited", _draw_pictures)
