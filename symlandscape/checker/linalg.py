"""Exact linear algebra over Q or Q(alpha): definiteness, rank, linear solve, char. polynomial.

Matrices are lists of rows; entries are Fractions or field elements with exact
comparisons.
"""

from __future__ import annotations

from fractions import Fraction

from .base import CheckError, charge
from .polys import uadd, umul, uscale

__all__ = ["psd_nullity", "rank", "solve", "charpoly"]


def psd_nullity(H: list[list]) -> tuple[int | None, str]:
    """Symmetric Gaussian elimination: the nullity of a PSD matrix, or ``None``.

    Every pivot must be ``>= 0``; a zero pivot must have a zero remaining row (else a
    2x2 principal minor is negative). For a PSD matrix the number of zero pivots is
    the nullity.

    Returns
    -------
    (nullity or None, reason)
        ``reason`` says why the matrix is not PSD (empty when it is).

    Examples
    --------
    >>> F = Fraction
    >>> psd_nullity([[F(1), F(1)], [F(1), F(1)]])
    (1, '')
    >>> psd_nullity([[F(0), F(1)], [F(1), F(0)]])[0] is None
    True
    """
    n = len(H)
    A = [list(row) for row in H]
    nullity = 0
    for k in range(n):
        charge((n - k) ** 2)
        p = A[k][k]
        if p < 0:
            return None, f"pivot {k + 1} of the symmetric elimination is negative ({p})"
        if p == 0:
            for j in range(k + 1, n):
                if A[k][j] != 0:
                    return None, (f"pivot {k + 1} is zero but its row is not (entry {j + 1} is {A[k][j]}), "
                                  "so a 2x2 principal minor is negative")
            nullity += 1
            continue
        inv = 1 / p
        for i in range(k + 1, n):
            f = A[i][k] * inv
            if f != 0:
                for j in range(k + 1, n):
                    A[i][j] = A[i][j] - f * A[k][j]
    return nullity, ""


def rank(M: list[list]) -> int:
    """Rank by Gaussian elimination.

    >>> F = Fraction
    >>> rank([[F(1), F(2)], [F(2), F(4)], [F(0), F(1)]])
    2
    """
    A = [list(row) for row in M]
    rows = len(A)
    cols = len(A[0]) if A else 0
    r = 0
    for c in range(cols):
        piv = next((i for i in range(r, rows) if A[i][c] != 0), None)
        if piv is None:
            continue
        A[r], A[piv] = A[piv], A[r]
        inv = 1 / A[r][c]
        charge((rows - r) * (cols - c))
        for i in range(r + 1, rows):
            f = A[i][c] * inv
            if f != 0:
                for j in range(c, cols):
                    A[i][j] = A[i][j] - f * A[r][j]
        r += 1
    return r


def solve(A: list[list[Fraction]], B: list[list[Fraction]]) -> tuple[list[list[Fraction]], int]:
    """One solution ``X`` of ``A X = B`` (free unknowns set to 0) and ``rank(A)``.

    Raises
    ------
    CheckError
        If the system is inconsistent.

    Examples
    --------
    >>> F = Fraction
    >>> solve([[F(2), F(0)], [F(0), F(0)]], [[F(4)], [F(0)]])
    ([[Fraction(2, 1)], [Fraction(0, 1)]], 1)
    """
    n, m = len(A), len(B[0]) if B else 0
    M = [list(A[i]) + list(B[i]) for i in range(n)]
    cols = len(A[0]) if A else 0
    pivots = []
    r = 0
    for c in range(cols):
        piv = next((i for i in range(r, n) if M[i][c] != 0), None)
        if piv is None:
            continue
        M[r], M[piv] = M[piv], M[r]
        inv = 1 / M[r][c]
        M[r] = [x * inv for x in M[r]]
        charge(n * (cols + m))
        for i in range(n):
            if i != r and M[i][c] != 0:
                f = M[i][c]
                M[i] = [x - f * y for x, y in zip(M[i], M[r])]
        pivots.append(c)
        r += 1
    for i in range(r, n):
        if any(M[i][cols + j] != 0 for j in range(m)):
            raise CheckError("internal: inconsistent linear system")
    X = [[Fraction(0)] * m for _ in range(cols)]
    for i, c in enumerate(pivots):
        X[c] = M[i][cols:]
    return X, r


def charpoly(S: list[list[Fraction]]) -> list[Fraction]:
    """``det(t I - S)`` as a coefficient list ``[c0, ..., cn]`` (monic).

    Similarity reduction to upper Hessenberg form, then the standard recurrence on
    the leading principal submatrices: O(n^3) exact operations.

    Examples
    --------
    >>> F = Fraction
    >>> charpoly([[F(2), F(1)], [F(1), F(2)]])
    [Fraction(3, 1), Fraction(-4, 1), Fraction(1, 1)]
    """
    n = len(S)
    H = [[Fraction(x) for x in row] for row in S]
    charge(n ** 3 + 1)
    for m in range(1, n - 1):
        piv = next((i for i in range(m, n) if H[i][m - 1] != 0), None)
        if piv is None:
            continue
        if piv != m:
            H[piv], H[m] = H[m], H[piv]
            for row in H:
                row[piv], row[m] = row[m], row[piv]
        inv = 1 / H[m][m - 1]
        for i in range(m + 1, n):
            u = H[i][m - 1] * inv
            if u:
                for j in range(n):
                    H[i][j] -= u * H[m][j]
                for j in range(n):
                    H[j][m] += u * H[j][i]
    # p[k] = char. polynomial of the leading k x k block of the Hessenberg matrix.
    p = [[Fraction(1)]]
    for k in range(1, n + 1):
        pk = umul([-H[k - 1][k - 1], Fraction(1)], p[k - 1])
        prod = Fraction(1)
        for i in range(1, k):
            prod *= H[k - i][k - i - 1]
            if not prod:
                break
            pk = uadd(pk, uscale(p[k - i - 1], -prod * H[k - i - 1][k - 1]))
        p.append(pk)
    return p[n]
