"""Reproduce baldi_hornik1989: run this file to regenerate proofs/baldi_hornik1989/ (deterministic) and print the rows.

Usage:  python proofs/baldi_hornik1989.py [--full]
"""

import sys
from pathlib import Path

from symlandscape.reproduce import reproduce, rows_table

if __name__ == "__main__":
    rows = reproduce(["baldi_hornik1989"], Path(__file__).resolve().parent, full="--full" in sys.argv)
    print(rows_table(rows))
