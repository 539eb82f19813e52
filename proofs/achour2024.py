"""Reproduce achour2024: run this file to regenerate proofs/achour2024/ (deterministic) and print the rows.

Usage:  python proofs/achour2024.py [--full]
"""

import sys
from pathlib import Path

from symlandscape.reproduce import reproduce, rows_table

if __name__ == "__main__":
    rows = reproduce(["achour2024"], Path(__file__).resolve().parent, full="--full" in sys.argv)
    print(rows_table(rows))
