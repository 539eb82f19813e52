"""Command line: ``symlandscape classify | point | check``.

Errors in the input print one clear line (what, where, what to write instead) and exit
with status 2; ``--debug`` shows the traceback. Ctrl-C stops cleanly with status 130;
output files are written atomically, so an interrupted run leaves no partial file.
"""

from __future__ import annotations

import argparse
import sys

from .ballroute import ROUTES
from .errors import ProblemError
from .errors import SymlandscapeError

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="symlandscape",
                                description="Exact critical points of small neural-network losses, with certificates.")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("classify", help="classify every critical point / component of a problem")
    c.add_argument("problem", help="problem file (JSON, see docs/problem-format.md)")
    c.add_argument("--json", action="store_true", help="print the JSON report (design.md 3.4)")
    c.add_argument("--certificates", metavar="DIR", help="write one certificate file per verdict into DIR")
    c.add_argument("--out", metavar="FILE", help="write the JSON report to FILE (atomically)")
    c.add_argument("--timings", action="store_true", help="include stage timings in the JSON report")
    c.add_argument("--no-evidence", action="store_true", help="skip the mpmath evidence")
    c.add_argument("--quiet", action="store_true", help="no progress messages on stderr")
    c.add_argument("--backend", metavar="NAME", help="exact engine: sympy, flint, singular or msolve "
                   "(default: the fastest installed; every engine gives the same exact answer; "
                   "sympy means SymPy alone, without python-flint)")
    c.add_argument("--route", choices=ROUTES, default="auto",
                   help="finite critical sets: 'exact' Q(alpha) arithmetic (exact coordinates); 'balls' a proved "
                        "Krawczyk box per complex point (or a proved msolve RUR) and certified ball arithmetic, with "
                        "box-point certificates; 'auto' (default) takes 'balls' from 30 complex points on when "
                        "python-flint and Singular or msolve are installed")
    c.add_argument("--gauge", action="store_true",
                   help="fix the rescaling symmetry of hidden units (linear or monomial activations, no l2 on their "
                        "weights): one gauge coordinate per unit set to 1 or 0, each row stands for its orbit "
                        "(exact route)")
    c.add_argument("--latex", action="store_true", help="print loss, gradient, Hessian and verdicts in LaTeX")

    q = sub.add_parser("point", help="is this point critical, its value, its kind")
    q.add_argument("problem")
    q.add_argument("--at", required=True, help='the point, comma-separated rationals in parameter order, e.g. "0,1/2,1"')
    q.add_argument("--json", action="store_true")
    q.add_argument("--certificate", metavar="FILE", help="write the certificate to FILE")
    q.add_argument("--no-evidence", action="store_true")

    k = sub.add_parser("check", help="re-check certificates with the independent checker")
    k.add_argument("certificates", nargs="+")
    k.add_argument("--strict", action="store_true", help="treat conditional verdicts as failures")

    # limits (symlandscape.limits, docs/audit.md): size check before heavy work, and a time limit
    for sp in (c, q, k):
        _add_limit_options(sp, force=sp is not k)

    from .commands import discover
    for mod in discover():
        sp = sub.add_parser(mod.NAME, help=mod.HELP)
        mod.add_arguments(sp)
        if not any(a.dest == "timeout" for a in sp._actions):  # --timeout on every command
            _add_limit_options(sp, force=False)
        sp.set_defaults(_run=mod.run)
    return p


def _add_limit_options(sp, force: bool = True) -> None:
    sp.add_argument("--timeout", type=float, metavar="SECONDS",
                    help="stop after SECONDS (exit 2, no partial output file)")
    if force:
        sp.add_argument("--force", action="store_true",
                        help="skip the size limits of docs/audit.md (the estimate is shown when refused)")


def _progress(quiet: bool):
    if quiet:
        return None

    def say(msg: str) -> None:
        print(f"[symlandscape] {msg}", file=sys.stderr, flush=True)
    return say


def _cmd_classify(args) -> int:
    from .certificates import canonical_json, write_json_atomic
    from .classify import classify
    from .report import report_json, report_text
    from .spec import load_problem
    from .limits import check_limits
    problem = load_problem(args.problem)
    check_limits(problem, force=args.force, command="classify")
    from .solve import using_backend
    with using_backend(args.backend):
        if args.gauge and args.route == "balls":
            raise ProblemError("--route", "gauge fixing works with the exact route", args.route,
                               "drop --route or write --route exact")
        rep = classify(problem, _progress(args.quiet), route=args.route, gauge=args.gauge)
    rj = report_json(rep, certificates_dir=args.certificates, timings=args.timings,
                     evidence=not args.no_evidence)
    if args.out:
        write_json_atomic(args.out, rj)
    if args.latex:
        from .teaching.latex import report_latex
        sys.stdout.write(report_latex(rep))
    elif args.json:
        sys.stdout.write(canonical_json(rj))
    else:
        print(report_text(rep, rj))
        if args.certificates:
            n = sum(len(e.get("certificate_files", [])) for e in rj["strata"])
            print(f"\n{n} certificate(s) written to {args.certificates}")
    return 0


def _cmd_point(args) -> int:
    from .certificates import canonical_json, write_json_atomic
    from .pointcheck import analyse_point, parse_point
    from .report import point_json, point_text
    from .spec import load_problem
    from .limits import check_limits
    problem = load_problem(args.problem)
    check_limits(problem, force=args.force, command="point")
    q = parse_point(args.at, problem.n_params, problem.parameters)
    res = analyse_point(problem, q)
    pj = point_json(res, evidence=not args.no_evidence)
    if args.certificate:
        if pj["certificate"] is None:
            print(f"no certificate written: {pj['reason']}", file=sys.stderr)
        else:
            write_json_atomic(args.certificate, pj["certificate"])
    if args.json:
        sys.stdout.write(canonical_json(pj))
    else:
        print(point_text(res, pj))
    return 0


def _cmd_check(args) -> int:
    from .checker.cli import main as check_main
    argv = list(args.certificates) + (["--strict"] if args.strict else [])
    return check_main(argv)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from .limits import time_limit
    try:
        with time_limit(getattr(args, "timeout", None), f"symlandscape {args.command}", hard=True):
            if args.command == "classify":
                return _cmd_classify(args)
            if args.command == "point":
                return _cmd_point(args)
            if args.command == "check":
                return _cmd_check(args)
            if hasattr(args, "_run"):
                return args._run(args)
    except SymlandscapeError as exc:
        if args.debug:
            raise
        print(f"symlandscape: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("symlandscape: interrupted; no partial output was written", file=sys.stderr)
        return 130
    except OSError as exc:  # an output path that cannot be written (missing folder, permissions, disk full)
        if args.debug:
            raise
        where = exc.filename if exc.filename else "output"
        print(f"symlandscape: error: {where}: cannot write: {exc.strerror or exc}; "
              "choose a folder that exists and that you can write to", file=sys.stderr)
        return 2
    return 2  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
