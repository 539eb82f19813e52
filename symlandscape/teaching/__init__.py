"""Teaching: pictures, LaTeX, step-by-step explanations and rich display in Jupyter.

* :mod:`.latex` -- the loss, gradient, Hessian and verdict table in LaTeX;
* :mod:`.plot` -- contour plots with the whole real critical set (needs the ``plot`` extra,
  matplotlib), slices through a point, the loss along a certificate's curve;
* :mod:`.explain` -- why a point is what it is, step by step, with exact numbers;
* :mod:`.display` -- ``_repr_html_`` / ``_repr_latex_`` for reports in Jupyter.

Nothing here decides anything: the verdicts come from :mod:`symlandscape.classify` and
:mod:`symlandscape.pointcheck`; this package only shows them.
"""

__all__ = ["latex", "plot", "explain", "display"]
