"""Reproduce yun2019: run this file to regenerate proofs/yun2019/ (deterministic) and print the rows.

Usage:  python proofs/yun2019.py [--full]
"""

import sys
from pathlib import Path

from symlandscape.reproduce import reproduce, rows_table

if __name__ == "__main__":
    rows = reproduce(["yun2019"], Path(__file__).resolve().parent, full="--full" in sys.argv)
    print(rows_table(rows))
