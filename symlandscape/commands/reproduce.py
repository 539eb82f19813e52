"""``symlandscape reproduce [NAME|all] [--json] [--full] [--out DIR]``."""

from __future__ import annotations

import json
import sys

NAME = "reproduce"
HELP = "reproduce the source papers' theorems on concrete instances, with certificates"


def add_arguments(p) -> None:
    p.add_argument("names", nargs="*", default=["all"], help="paper keys (default: all)")
    p.add_argument("--json", action="store_true", help="print the rows as JSON")
    p.add_argument("--full", action="store_true", help="also the heavier instances (documented runtimes)")
    p.add_argument("--out", default="proofs", help="folder for certificates (default: proofs)")
    p.add_argument("--quiet", action="store_true")


def run(args) -> int:
    from ..reproduce import reproduce, rows_table
    say = None if args.quiet else (lambda m: print(f"[symlandscape] {m}", file=sys.stderr, flush=True))
    rows = reproduce(args.names or ["all"], args.out, full=args.full, progress=say)
    if args.json:
        sys.stdout.write(json.dumps([r.as_dict() for r in rows], indent=2) + "\n")
    else:
        print(rows_table(rows))
    return 0
