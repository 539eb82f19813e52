"""Reproduce shen2018: run this file to regenerate proofs/shen2018/ (deterministic) and print the rows.

Usage:  python proofs/shen2018.py [--full]
"""

import sys
from pathlib import Path

from symlandscape.reproduce import reproduce, rows_table

if __name__ == "__main__":
    rows = reproduce(["shen2018"], Path(__file__).resolve().parent, full="--full" in sys.argv)
    print(rows_table(rows))
