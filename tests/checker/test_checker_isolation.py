"""The checker runs with the standard library only and imports nothing from symlandscape."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

from checker_builders import VALID

REPO = Path(__file__).resolve().parents[2]
CHECKER = REPO / "symlandscape" / "checker"
BLOCKED = ("sympy", "numpy", "mpmath", "flint", "gmpy2", "scipy")

WRAPPER = """
import runpy, sys
BLOCKED = {blocked!r}
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError("blocked for the test: " + name)
        return None
sys.meta_path.insert(0, Block())
sys.path.insert(0, {path!r})
sys.argv = ["checker"] + {files!r}
runpy.run_module({module!r}, run_name="__main__", alter_sys=True)
"""


def _run(module: str, path: Path, files: list[str]) -> subprocess.CompletedProcess:
    code = WRAPPER.format(blocked=BLOCKED, path=str(path), files=files, module=module)
    # -I: no user site, no PYTHONPATH, no cwd on sys.path; -S: no site-packages at all.
    return subprocess.run([sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True, timeout=120)


def _write_valid(tmp_path) -> list[str]:
    files = []
    for name, cert in VALID().items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(cert))
        files.append(str(path))
    return files


def test_module_runs_without_sympy_numpy_mpmath(tmp_path):
    files = _write_valid(tmp_path)
    proc = _run("symlandscape.checker", REPO, files)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == len(files)
    assert all(line.startswith("s VERIFIED ") for line in lines), proc.stdout
    assert proc.stderr == ""


def test_standalone_copy_outside_symlandscape(tmp_path):
    """A copy of the package under another name, with symlandscape not importable at all."""
    shutil.copytree(CHECKER, tmp_path / "lib" / "standalone_checker",
                    ignore=shutil.ignore_patterns("__pycache__"))
    files = _write_valid(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text("[NaN]")
    proc = _run("standalone_checker", tmp_path / "lib", files + [str(bad)])
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert all(line.startswith("s VERIFIED ") for line in lines[:-1])
    assert lines[-1].startswith(f"s NOT VERIFIED {bad}: ")


def test_usage_error_exit_code(tmp_path):
    proc = _run("symlandscape.checker", REPO, [])
    assert proc.returncode == 2
    assert "usage" in proc.stderr


def test_imports_are_standard_library_or_relative():
    stdlib = set(sys.stdlib_module_names)
    for path in sorted(CHECKER.glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name.split(".")[0] in stdlib, (path.name, alias.name)
            elif isinstance(node, ast.ImportFrom):
                if node.level == 0:
                    assert node.module.split(".")[0] in stdlib, (path.name, node.module)
                else:
                    assert node.level == 1, (path.name, "imports from outside the checker package")


def test_every_module_has_all():
    for path in sorted(CHECKER.glob("*.py")):
        tree = ast.parse(path.read_text())
        names = [t.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
                 for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                 if isinstance(t, ast.Name)]
        assert "__all__" in names, path.name
