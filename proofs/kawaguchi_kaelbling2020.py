"""Reproduce kawaguchi_kaelbling2020: run this file to regenerate proofs/kawaguchi_kaelbling2020/ (deterministic) and print the rows.

Usage:  python proofs/kawaguchi_kaelbling2020.py [--full]
"""

import sys
from pathlib import Path

from symlandscape.reproduce import reproduce, rows_table

if __name__ == "__main__":
    rows = reproduce(["kawaguchi_kaelbling2020"], Path(__file__).resolve().parent, full="--full" in sys.argv)
    print(rows_table(rows))
