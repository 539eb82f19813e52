"""Rich display of reports in Jupyter: an HTML table with LaTeX and, for 2 parameters, the plot.

:class:`symlandscape.classify.Report` delegates ``_repr_html_`` and ``_repr_latex_`` here.

Examples
--------
>>> from symlandscape.spec import parse_problem
>>> from symlandscape.classify import classify
>>> rep = classify(parse_problem({"network": {"widths": [1, 1, 1]},
...                               "data": {"inputs": [[1]], "targets": [[1]]}}))
>>> html = report_html(rep, plot=False)
>>> "<table" in html and "strict saddle" in html and "global minimum" in html
True
>>> report_mathjax(rep).startswith("$$")
True
"""

from __future__ import annotations

import base64
import html
import io

from .latex import KIND_TEXT, _rows, loss_latex, report_latex

__all__ = ["report_html", "report_mathjax", "plot_png"]


def report_mathjax(report) -> str:
    """The LaTeX of :func:`~symlandscape.teaching.latex.report_latex` with ``$$`` delimiters."""
    return report_latex(report, display="dollar")


def plot_png(report) -> bytes | None:
    """The landscape plot as PNG bytes (2 parameters and matplotlib available), else None."""
    if report.model.n != 2:
        return None
    try:
        import matplotlib
    except ImportError:
        return None
    from matplotlib.figure import Figure
    from .plot import plot_landscape
    fig = Figure(figsize=(6.4, 5.6))
    ax = fig.add_subplot()
    plot_landscape(report, ax=ax)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80)
    return buf.getvalue()


def report_html(report, plot: bool = True) -> str:
    """An HTML table (kinds coloured, formulas in ``$...$`` for MathJax), and the plot for 2 parameters."""
    from .plot import KIND_STYLE
    name = html.escape(report.problem.name)
    g = "not decided" if report.gmin is None else html.escape(report.gmin.text())
    out = [f"<div class='symlandscape-report'><h4>{name}</h4>",
           f"<p>$L(\\theta) = {loss_latex(report.model, factor=True)}$</p>",
           f"<p>global minimum value: <b>{g}</b>"
           + (f" ({html.escape(report.gmin_method)})" if report.gmin is not None else "")
           + f"; complete: <b>{'yes' if report.complete else 'NO'}</b></p>",
           "<table><thead><tr><th>#</th><th>dim</th><th>kind</th><th>value</th><th>critical set</th></tr></thead>"
           "<tbody>"]
    for i, (dim, kind, val, desc) in enumerate(_rows(report), start=1):
        color = KIND_STYLE.get(kind, KIND_STYLE["undecided"])["color"]
        out.append(f"<tr><td>{i}</td><td>{dim}</td><td style='color:{color};font-weight:bold'>"
                   f"{html.escape(KIND_TEXT.get(kind, kind))}</td><td>${val}$</td><td>${desc}$</td></tr>")
    out.append("</tbody></table>")
    for n in report.notes:
        out.append(f"<p>note: {html.escape(n)}</p>")
    if plot:
        png = plot_png(report)
        if png:
            out.append("<img src='data:image/png;base64," + base64.b64encode(png).decode("ascii") + "'/>")
    out.append("</div>")
    return "\n".join(out)
