"""Reproduce lu_kawaguchi2017: run this file to regenerate proofs/lu_kawaguchi2017/ (deterministic) and print the rows.

Usage:  python proofs/lu_kawaguchi2017.py [--full]
"""

import sys
from pathlib import Path

from symlandscape.reproduce import reproduce, rows_table

if __name__ == "__main__":
    rows = reproduce(["lu_kawaguchi2017"], Path(__file__).resolve().parent, full="--full" in sys.argv)
    print(rows_table(rows))
