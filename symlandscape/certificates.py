"""Certificates: one JSON document per verdict, in the format of docs/certificates.md.

A certificate holds the exact problem, the claim (a point or a stratum, its value and
kind) and the hints that let the independent checker (:mod:`symlandscape.checker`)
confirm the claim by exact evaluation and polynomial expansion, without searching.
Files are written atomically (temporary file, then rename).
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import subprocess
import tempfile
from pathlib import Path

from .exact import format_rational
from .spec import problem_to_dict
from .strata import poly_json

__all__ = ["FORMAT", "VERSION", "point_certificate", "stratum_certificates", "write_json_atomic",
           "provenance", "canonical_json"]

FORMAT = "symlandscape-certificate"
VERSION = 1


def _git_revision() -> str | None:
    try:
        here = Path(__file__).resolve().parent
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5)
        return out.stdout.strip() or None if out.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None


def provenance(reference: str | None = None, timestamp: bool = True) -> dict:
    """Where a certificate comes from: package version, git revision and date (unless
    ``timestamp`` is False: deterministic output), and the paper."""
    from . import __version__
    p = {"package": f"symlandscape {__version__}"}
    if timestamp:
        p["git"] = _git_revision()
    if timestamp:
        p["date"] = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
    if reference:
        p["reference"] = reference
    return p


def _header(problem, field_json, reference=None, timestamp=True) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "problem": problem_to_dict(problem),
        "parameters": problem.parameters,
        "field": field_json,
    }


def point_certificate(model, verdict, evidence: dict | None = None, reference: str | None = None,
                      timestamp: bool = True) -> dict | None:
    """The certificate of a point verdict (None for ``undecided``, and for verdicts proved in the engine only)."""
    if verdict.kind == "undecided" or not getattr(verdict, "certifiable", True):
        return None
    box = getattr(verdict, "box_certificate", None)
    if box is not None:  # a point known by a proved isolating box (docs/certificates.md, addition 12)
        cert = _header(model.problem, None)
        cert["claim"] = box["claim"]
        cert["hints"] = box["hints"]
        cert["provenance"] = provenance(reference, timestamp)
        if evidence:
            cert["evidence"] = evidence
        return cert
    p = verdict.point
    K = p.field
    cert = _header(model.problem, K.field_json())
    cert["claim"] = {
        "type": "point",
        "point": p.json(),
        "value": K.element_json(p.evaluate(model.L)),
        "kind": verdict.kind,
    }
    cert["hints"] = verdict.hints
    cert["provenance"] = provenance(reference, timestamp)
    if evidence:
        cert["evidence"] = evidence
    return cert


def _value_json(stratum):
    v = stratum.value
    if v is None:
        return None
    if v.is_rational:
        return format_rational(v.fraction)
    return {"root_of": [str(c) for c in v.field.minpoly_integer()],
            "interval": [format_rational(v.field.lo), format_rational(v.field.hi)]}


def stratum_certificates(model, stratum, evidence: dict | None = None, reference: str | None = None,
                         timestamp: bool = True) -> list[dict]:
    """One certificate per claim of a stratum (none for an undecided stratum)."""
    if stratum.kind == "undecided" or stratum.scope != "stratum":
        return []
    out = []
    for claim in stratum.claims:
        cert = _header(model.problem, None)
        cert["claim"] = {
            "type": "stratum",
            "equations": [poly_json(g) for g in stratum.equations],
            "inequations": [poly_json(g) for g in claim["inequations"]],
            "value": _value_json(stratum),
            "kind": stratum.kind,
        }
        if stratum.on_value:
            cert["claim"]["on_value"] = True
        if stratum.positive:
            cert["claim"]["positive"] = [poly_json(g) for g in stratum.positive]
        cert["hints"] = claim["hints"]
        cert["provenance"] = provenance(reference, timestamp)
        if evidence:
            cert["evidence"] = evidence
        out.append(cert)
    return out


def canonical_json(obj) -> str:
    """Deterministic JSON text: sorted keys, two-space indent, trailing newline; a list without
    objects nested at most two deep (numbers, exponents, a polynomial term ``[c, [e, ...]]``)
    stays on one line.

    So a polynomial takes one line per term, not one per number: the certificates of
    unregularised (2,2,2,2) with 3 samples were about 4x smaller.

    Examples
    --------
    >>> print(canonical_json({"b": [["1/2", [0, 1]], ["3", [2, 0]]], "a": {"x": [1, 2]}}), end="")
    {
      "a": {
        "x": [1, 2]
      },
      "b": [
        ["1/2", [0, 1]],
        ["3", [2, 0]]
      ]
    }
    """
    return _dump(obj, 0) + "\n"


def _list_depth(x) -> int | None:
    """Nesting depth of lists (0 for a scalar), None when an object is inside."""
    if isinstance(x, dict):
        return None
    if not isinstance(x, list):
        return 0
    depth = 0
    for e in x:
        d = _list_depth(e)
        if d is None:
            return None
        depth = max(depth, d)
    return depth + 1


def _dump(x, level: int) -> str:
    pad, end = "  " * (level + 1), "  " * level
    if isinstance(x, dict):
        if not x:
            return "{}"
        return "{\n" + ",\n".join(f"{pad}{json.dumps(k)}: {_dump(x[k], level + 1)}" for k in sorted(x)) + "\n" + end + "}"
    if isinstance(x, list):
        depth = _list_depth(x)
        if not x or (depth is not None and depth <= 2):
            return json.dumps(x)
        return "[\n" + ",\n".join(pad + _dump(e, level + 1) for e in x) + "\n" + end + "]"
    return json.dumps(x)


def write_json_atomic(path: str | Path, obj) -> Path:
    """Write JSON to ``path`` atomically: a temporary file in the same folder, then rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
    except OSError as exc:  # name the file the user asked for, not the temporary one
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(canonical_json(obj))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path
