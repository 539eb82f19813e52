"""Reports: the JSON contract of design.md 3.4 and a human-readable table.

``report_json(report)`` is deterministic for a given problem (no time stamps unless
``timings=True``; certificates carry their own provenance dates, which callers can
switch off).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import mpmath

from .certificates import point_certificate, stratum_certificates, write_json_atomic
from .numeric import confirm_curve, confirm_point

__all__ = ["report_json", "report_text", "point_json", "point_text", "stratum_entries"]


def _point_json(point) -> dict:
    out = {"exact": point.json(), "approx": [mpmath.nstr(x, 20) for x in point.approx(25)]}
    if not point.is_rational:
        out["field"] = point.field.field_json()
        out["field_text"] = point.field.describe()
    return out


def _value(v) -> dict | None:
    return None if v is None else v.json()


def _evidence(model, verdict) -> dict:
    ev = {"point": confirm_point(model, verdict.point)}
    curve = verdict.hints.get("descent_curve")
    if curve:
        K = verdict.point.field
        dirs = [[_elem(K, c) for c in v] for v in curve]
        ev["descent_curve"] = confirm_curve(model, verdict.point, dirs)
    return ev


def _elem(K, x):
    from fractions import Fraction
    from sympy import QQ
    if isinstance(x, str):
        q = Fraction(x)
        return K.from_rational(q)
    return K.reduce([QQ(Fraction(c).numerator, Fraction(c).denominator) for c in reversed(x)])


def stratum_entries(report, timestamp: bool = True, evidence: bool = True) -> list[dict]:
    """Strata and points as report entries, with certificates (dicts)."""
    model = report.model
    entries = []
    for s in sorted(report.strata, key=lambda s: (-s.dimension, _sortkey(s.value), s.kind,
                                                  sorted(str(g) for g in s.equations))):
        sample = s.sample_points[0] if s.sample_points else None
        certs = stratum_certificates(model, s, timestamp=timestamp)
        ev = {"sample_point": confirm_point(model, sample)} if (evidence and sample is not None) else None
        for c in certs:
            if ev:
                c["evidence"] = ev
        entry = {
            "dimension": s.dimension,
            "value": _value(s.value),
            "kind": s.kind,
            "reason": s.reason,
            "scope": ("every point of the stratum" if s.scope == "stratum" else
                      "only the sample point(s) are classified"),
            "equations": [str(g.as_expr()) + " = 0" for g in s.equations],
            "inequations": [str(g.as_expr()) + " != 0" for g in s.excluded],
            "on_value": s.on_value,
            "positive": [str(g.as_expr()) + " > 0" for g in s.positive],
            "inequations_meaning": "a point belongs to the stratum when at least one inequation holds"
            if len(s.excluded) > 1 else None,
            "sample_point": _point_json(sample) if sample is not None else None,
            "certificate": certs[0] if certs else None,
            "certificates": certs,
        }
        if s.sample_verdicts:
            entry["sample_verdicts"] = [{"kind": v.kind, "reason": v.reason,
                                         "certificate": point_certificate(model, v, timestamp=timestamp)}
                                        for v in s.sample_verdicts]
        if entry["inequations_meaning"] is None:
            del entry["inequations_meaning"]
        _add_orbit(report, s, entry)
        entries.append(entry)
    for v in sorted(report.points, key=lambda v: (_sortkey(v.value), [str(c) for c in v.point.json()])):
        cert = point_certificate(model, v, evidence=_evidence(model, v) if evidence else None, timestamp=timestamp)
        entries.append({
            "dimension": 0,
            "value": _value(v.value),
            "kind": v.kind,
            "reason": v.reason,
            "scope": "the point",
            "equations": _point_equations(model, v.point),
            "inequations": [],
            "inertia": v.inertia.as_dict() if v.inertia else None,
            "sample_point": _point_json(v.point),
            "certificate": cert,
            "certificates": [cert] if cert else [],
        })
        _add_orbit(report, v, entries[-1])
    return entries


def _add_orbit(report, item, entry) -> None:
    """With gauge fixing: the entry stands for the orbit of its stratum or point under the rescalings of the
    gauged units (symlandscape.gauge); its dimension becomes the orbit family's, and every certificate names
    the rescalings so that the checker can prove the loss invariant under them."""
    chart = report.chart_of(item)
    orbit = report.gauge.orbit_json(chart, report.model.names) if chart is not None else None
    if orbit is None:
        return
    entry["slice_dimension"] = entry["dimension"]
    entry["dimension"] += orbit["dimension"]
    entry["orbit"] = orbit
    if entry["scope"] == "the point":
        entry["scope"] = "the orbit of the point"
    entry["description"] = ("the rescalings a * incoming, a^-k * outgoing (a != 0) of "
                            + ", ".join(r["unit"] for r in orbit["rescalings"])
                            + " applied to the points below (gauge: " + ", ".join(
                                f"{r['names']['gauge']} = 1" for r in orbit["rescalings"]) + ")")
    for c in entry["certificates"]:
        c["orbit"] = {"rescalings": [{k: r[k] for k in ("unit", "incoming", "outgoing", "degree")}
                                     for r in orbit["rescalings"]]}


def _point_equations(model, point):
    if point.is_rational:
        return [f"{n} = {c}" for n, c in zip(model.names, point.json())]
    return [f"{n} = {point.field.element_text(c)}" for n, c in zip(model.names, point.coords)] + \
        [point.field.describe()]


class _sortkey:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        if self.v is None or other.v is None:
            return self.v is not None and other.v is None
        return self.v.compare(other.v) < 0

    def __eq__(self, other):
        return (self.v is None and other.v is None) or (
            self.v is not None and other.v is not None and self.v.compare(other.v) == 0)


def report_json(report, certificates_dir: str | Path | None = None, timings: bool = False,
                timestamp: bool = True, evidence: bool = True) -> dict:
    """The JSON report of design.md 3.4 (and certificate files when a folder is given)."""
    entries = stratum_entries(report, timestamp=timestamp, evidence=evidence)
    out = {
        "format": "symlandscape-report",
        "version": 1,
        "problem": report.problem.name,
        "parameters": report.model.names,
        "complete": report.complete,
        "completeness": report.completeness,
        "global_min_value": None if report.gmin is None else dict(
            report.gmin.json(), method=report.gmin_method, reason=report.gmin_reason,
            conditional=report.gmin_conditional),
        "strata": entries,
        "notes": report.notes,
    }
    if report.gauge is not None:
        out["gauge"] = {
            "rescalings": [r.json(report.model.names) for r in report.gauge.rescalings],
            "charts": len(report.gauge.charts),
            "meaning": "each entry with an 'orbit' stands for every rescaling of its points by the listed units; "
                       "'dimension' is that family's, 'slice_dimension' the computed stratum's in its chart",
        }
    if report.finite:
        out["counts"] = {
            "complex_points": report.n_complex,
            "real_points": len(report.points),
            "by_kind": dict(sorted(Counter(v.kind for v in report.points).items())),
        }
    if certificates_dir is not None:
        d = Path(certificates_dir)
        k = 0
        for idx, e in enumerate(entries):
            paths = []
            for j, c in enumerate(e["certificates"]):
                k += 1
                name = f"{report.problem.name}-{idx + 1:03d}-{e['kind']}" + (f"-{j + 1}" if j else "") + ".json"
                paths.append(str(write_json_atomic(d / name, c)))
            e["certificate_files"] = paths
    if timings:
        out["timings"] = {k: round(v, 3) for k, v in report.timings.items()}
    return out


def report_text(report, rep_json: dict) -> str:
    """A table a person reads: one row per stratum or point."""
    lines = [f"problem: {report.problem.name}   parameters: {', '.join(report.model.names)}"]
    g = rep_json["global_min_value"]
    gtext = None if g is None else (g["exact"] if len(g["exact"]) <= 40 else "algebraic, see --json")
    lines.append("global minimum value: " + ("not decided" if g is None else
                                           f"{gtext} (~{g['approx']}) by {g['method']}"
                                           + (" [conditional on completeness]" if g["conditional"] else "")))
    lines.append(f"complete: {'yes' if report.complete else 'NO'} ({report.completeness})")
    if "gauge" in rep_json:
        g = rep_json["gauge"]
        lines.append(f"gauge: the rescaling symmetry of {len(g['rescalings'])} hidden unit(s) is fixed in "
                     f"{g['charts']} charts ({', '.join(r['names']['gauge'] + ' = 1 or 0' for r in g['rescalings'])});"
                     " a row marked 'rescalings' stands for its orbit, dim is the orbit family's")
    if "counts" in rep_json:
        c = rep_json["counts"]
        lines.append(f"finite critical set: {c['complex_points']} complex points, {c['real_points']} real; "
                     + ", ".join(f"{k}: {v}" for k, v in c["by_kind"].items()))
    lines.append("")
    lines.append(f"{'#':>3}  {'dim':>3}  {'kind':<17} {'value':<14} description")
    for i, e in enumerate(rep_json["strata"], start=1):
        val = e["value"]["exact"] if e["value"] else "?"
        if len(val) > 14:
            val = "~" + e["value"]["approx"][:12]
        sdim = e.get("slice_dimension", e["dimension"])
        if sdim == 0 and "field" in (e["sample_point"] or {}):
            desc = "algebraic point ~(" + ", ".join(x[:10] for x in e["sample_point"]["approx"]) + ")"
        else:
            desc = ", ".join(e["equations"][:6]) + (" ..." if len(e["equations"]) > 6 else "")
        if "orbit" in e:
            desc = "rescalings (" + ", ".join(r["unit"] for r in e["orbit"]["rescalings"]) + ") of: " + desc
        if e["inequations"]:
            desc += "; " + (" or ".join(e["inequations"]))
        if e.get("on_value"):
            desc += "; where L = this value"
        if e.get("positive"):
            desc += "; " + ", ".join(e["positive"])
        lines.append(f"{i:>3}  {e['dimension']:>3}  {e['kind']:<17} {val:<14} {desc}")
        if e["kind"] == "undecided" or e["scope"] != "every point of the stratum" and sdim > 0:
            lines.append(f"{'':>10}reason: {e['reason']}")
            for sv in e.get("sample_verdicts", []):
                lines.append(f"{'':>10}sample point: {sv['kind']} ({sv['reason']})")
    for n in report.notes:
        lines.append("note: " + n)
    return "\n".join(lines)


def point_json(res, timestamp: bool = True, evidence: bool = True) -> dict:
    """The JSON of ``symlandscape point`` (design.md 3.4)."""
    if hasattr(res, "to_json"):  # nonlinear problems (symlandscape.nonlinear.point)
        return res.to_json(timestamp, evidence)
    from .exact import format_rational
    out = {
        "parameters": res.model.names,
        "point": res.point.json(),
        "critical": res.critical,
        "value": res.value.json(),
    }
    if not res.critical:
        out["gradient"] = [format_rational(g) for g in res.gradient]
        out["kind"] = None
        out["reason"] = "the gradient does not vanish: " + ", ".join(
            f"dL/d{n} = {format_rational(g)}" for n, g in zip(res.model.names, res.gradient) if g)
        out["certificate"] = None
        return out
    v = res.verdict
    out["kind"] = v.kind
    out["reason"] = v.reason
    out["inertia"] = v.inertia.as_dict() if v.inertia else None
    out["certificate"] = point_certificate(res.model, v, evidence=_evidence(res.model, v) if evidence else None,
                                           timestamp=timestamp)
    return out


def point_text(res, pj: dict) -> str:
    if hasattr(res, "text"):  # nonlinear problems (symlandscape.nonlinear.point)
        return res.text(pj)
    lines = [f"point: {', '.join(f'{n} = {c}' for n, c in zip(pj['parameters'], pj['point']))}",
             f"critical: {'yes' if pj['critical'] else 'no'}",
             f"value: {pj['value']['exact']} (~{pj['value']['approx']})"]
    if pj["critical"]:
        i = pj["inertia"]
        if i:
            lines.append(f"Hessian inertia: {i['positive']} positive, {i['negative']} negative, {i['zero']} zero")
        lines.append(f"kind: {pj['kind']}")
    lines.append(f"reason: {pj['reason']}")
    return "\n".join(lines)
