"""Reproduce swirszcz2016: run this file to regenerate proofs/swirszcz2016/ (deterministic) and print the rows.

Usage:  python proofs/swirszcz2016.py [--full]
"""

import sys
from pathlib import Path

from symlandscape.reproduce import reproduce, rows_table

if __name__ == "__main__":
    rows = reproduce(["swirszcz2016"], Path(__file__).resolve().parent, full="--full" in sys.argv)
    print(rows_table(rows))
