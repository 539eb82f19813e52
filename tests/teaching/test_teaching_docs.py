"""The documentation's examples are tests.

Every fenced block marked ``pycon`` in docs/*.md is run as a doctest, and every block
marked ``console`` is run command by command (``$ symlandscape ...`` in-process, in a
scratch folder that sees ``examples/`` and ``docs/examples/``), its output compared
with the text that follows (doctest rules: ``...`` matches anything, ``<BLANKLINE>`` an
empty line). The Sphinx build (warnings as errors) and the notebooks are slow tests.
"""

import contextlib
import doctest
import io
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.S | re.M)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _blocks(kind):
    out = []
    for md in sorted(DOCS.rglob("*.md")):
        if "_build" in md.parts:
            continue
        text = md.read_text()
        for m in FENCE.finditer(text):
            if m.group(1) == kind:
                line = text[: m.start()].count("\n") + 1
                out.append(pytest.param(md, line, m.group(2), id=f"{md.relative_to(DOCS)}:{line}"))
    return out


@pytest.fixture
def scratch(tmp_path):
    (tmp_path / "docs").mkdir()
    os.symlink(ROOT / "examples", tmp_path / "examples")
    os.symlink(DOCS / "examples", tmp_path / "docs" / "examples")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(cwd)


def _pages_with(kind):
    return sorted({p.values[0] for p in _blocks(kind)})


@pytest.mark.parametrize("md", _pages_with("pycon"), ids=lambda p: str(p.relative_to(DOCS)))
def test_pycon_blocks(md, scratch):
    """The page's pycon blocks, in order, sharing one namespace (like a doctest file)."""
    globs: dict = {}
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    out = io.StringIO()
    for p in _blocks("pycon"):
        page, line, body = p.values
        if page == md:
            test = doctest.DocTestParser().get_doctest(body, globs, md.name, str(md), line)
            runner.run(test, out=out.write, clear_globs=False)
            globs.update(test.globs)  # DocTest copies its globals
    assert runner.tries > 0 and runner.failures == 0, out.getvalue()


def _commands(body):
    cmds, cur = [], None
    for ln in body.splitlines():
        if ln.startswith("$ "):
            cur = [ln[2:], []]
            cmds.append(cur)
        elif cur is not None:
            cur[1].append(ln)
    return [(c, "\n".join(o).rstrip() + "\n") for c, o in cmds]


@pytest.mark.parametrize("md, line, body", _blocks("console"))
def test_console_block(md, line, body, scratch):
    from symlandscape.cli import main
    pytest.importorskip("matplotlib")
    checker = doctest.OutputChecker()
    for cmd, want in _commands(body):
        argv = shlex.split(cmd)
        assert argv[0] == "symlandscape", f"{md.name}:{line}: only symlandscape commands are run: {cmd}"
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(io.StringIO()):
            rc = main(argv[1:])
        got = buf.getvalue()
        assert rc == 0, f"{cmd} exited {rc}"
        assert checker.check_output(want, got, FLAGS), f"{md.name}:{line}: {cmd}\n--- want\n{want}--- got\n{got}"


def test_every_doc_has_run_examples():
    assert len(_blocks("console")) >= 6 and len(_blocks("pycon")) >= 3


@pytest.mark.slow
def test_sphinx_build_warnings_are_errors(tmp_path):
    pytest.importorskip("sphinx")
    pytest.importorskip("myst_parser")
    r = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
                        str(DOCS), str(tmp_path / "html")], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-4000:]
    html = (tmp_path / "html" / "tutorial.html").read_text()
    assert "chain2.png" in html and (tmp_path / "html" / "_images" / "chain2.png").exists()
    assert (tmp_path / "html" / "reference" / "api.html").exists()
