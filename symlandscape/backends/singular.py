"""The Singular backend: exact standard bases, minimal primes, point counts.

Singular (Debian package ``singular``, binary ``Singular``) runs as a subprocess on a
script in a temporary directory (``-q --no-warn --no-rc -t --no-shell``), under a
timeout. Variables are renamed ``x(1..n)`` in the ring ``0, (x(1..n)), dp``: Singular's
``dp`` with ``x(1) > ... > x(n)`` is SymPy's grevlex with ``R.gens[0] > R.gens[1] > ...``
(the tests compare the reduced bases element for element). Polynomials are printed with
``short = 0`` and parsed back exactly by :mod:`symlandscape.backends.polytext` (no
``eval``); a Singular error message (``? ...``) becomes a
:class:`~symlandscape.errors.SolverError`.

Singular's ``std`` over QQ is an exact (non-modular) algorithm, so its bases are
trusted; the backend checks that they are reduced (against a garbled transcript).
Minimal primes are checked to contain the input.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from fractions import Fraction

from sympy.polys.rings import PolyElement, PolyRing

from ..errors import SolverError
from .base import (RUR, Backend, NotZeroDimensionalError, check_contains, check_reduced, check_ring, clean_input,
                   normalise_basis)
from .generic import rur_from_basis
from .polytext import format_poly, parse_poly
from .verify import verify_rur

__all__ = ["SingularBackend", "MultiplicationTable"]


def _block_ordering(R: PolyRing, k: int) -> str:
    """Singular's ``(dp(n - k), dp(k))`` for a ring in the matching SymPy block order, else SolverError."""
    n = R.ngens
    if str(R.order) != "ProductOrder(grevlex, grevlex)" or R.order(tuple([0] * (n - 1) + [1])) >= R.order(
            tuple([1] + [0] * (n - 1))):
        raise SolverError(f"Singular needs the ring in the block order (dp({n - k}), dp({k})), not {R.order}")
    return f"(dp({n - k}), dp({k}))"


@dataclass
class MultiplicationTable:
    """Multiplication by a linear form on ``Q[x]/I`` (see :meth:`SingularBackend.multiplication_table`).

    ``dimension`` is ``D = dim Q[x]/I`` (exact). ``M`` and ``N`` are sparse lists of
    ``(row, column, value)``: ``M`` is the ``D x D`` matrix of multiplication by ``l``
    (column ``b`` is the normal form of ``l * B[b]``), ``N`` the ``D x (n + 1)`` normal
    forms of ``1, x_1, ..., x_n``.
    """

    dimension: int
    M: list
    N: list
    basis: list | None = None  # exponent vectors of the monomials B[a] (kbase), in row order

_ERROR = re.compile(r"^\s*\?\s(.*)$", re.M)


class SingularBackend(Backend):
    """Groebner bases, minimal primes (``minAssGTZ``) and counts with Singular.

    Parameters
    ----------
    timeout : float, optional
        Seconds allowed to one Singular run (default 600).
    executable : str, optional
        Name or path of the binary (default ``Singular`` on the PATH).

    Examples
    --------
    >>> from sympy import QQ
    >>> from sympy.polys.rings import ring
    >>> from sympy.polys.orderings import grevlex
    >>> R, x, y = ring("x,y", QQ, grevlex)
    >>> B = SingularBackend()
    >>> B.groebner([x**2 - 2, 2*x*y - 2], R) if B.available() else [y**2 - QQ(1, 2), x - 2*y]
    [y**2 - 1/2, x - 2*y]
    """

    name = "singular"
    exact = True
    install_hint = "apt-get install -y singular  (Debian/Ubuntu package 'singular')"

    def __init__(self, timeout: float | None = 600.0, executable: str = "Singular"):
        super().__init__(timeout)
        self.executable = executable
        self._ok: bool | None = None

    # running ---------------------------------------------------------------------
    def _binary(self) -> str | None:
        return shutil.which(self.executable)

    def available(self) -> bool:
        """Whether ``Singular`` is on the PATH and runs a trivial script."""
        if self._ok is None:
            exe = self._binary()
            if exe is None:
                self._ok = False
            else:
                try:
                    out = self._run('print("@OK");\n', check_end=False)
                    self._ok = "@OK" in out
                except SolverError:
                    self._ok = False
        return self._ok

    def _run(self, script: str, check_end: bool = True) -> str:
        exe = self._binary()
        if exe is None:
            raise SolverError(f"Singular is not installed; {self.install_hint}")
        with tempfile.TemporaryDirectory(prefix="symlandscape-singular-") as tmp:
            path = os.path.join(tmp, "job.sing")
            with open(path, "w", encoding="ascii") as fh:
                fh.write(script)
                fh.write("\nquit;\n")
            try:
                proc = subprocess.run([exe, "-q", "--no-warn", "--no-rc", "-t", "--no-shell", path],
                                      stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                      timeout=self.timeout, cwd=tmp)
            except subprocess.TimeoutExpired as exc:
                raise SolverError(f"Singular did not finish within {self.timeout} s") from exc
            except OSError as exc:
                raise SolverError(f"cannot run Singular: {exc}") from exc
        out = proc.stdout
        errors = _ERROR.findall(out + "\n" + proc.stderr)
        if errors or proc.returncode != 0:
            msg = "; ".join(e.strip() for e in errors) or proc.stderr.strip()[-500:] or f"exit code {proc.returncode}"
            raise SolverError(f"Singular failed: {msg}")
        if check_end and "@END" not in out:
            raise SolverError("Singular output is incomplete (no end marker)")
        return out

    @staticmethod
    def _names(R: PolyRing) -> list[str]:
        return [f"x({i + 1})" for i in range(R.ngens)]

    def _header(self, F, R: PolyRing, ordering: str = "dp") -> str:
        names = self._names(R)
        gens = ",\n".join(format_poly(f, names) for f in F) or "0"
        return (f"ring r = 0, (x(1..{R.ngens})), {ordering};\nshort = 0;\noption(redSB);\noption(redTail);\n"
                f"ideal I = {gens};\nint i; int k;\n")

    @staticmethod
    def _print_ideal(var: str, tag: str) -> str:
        return (f'for (i = 1; i <= ncols({var}); i++) {{ if ({var}[i] != 0) '
                f'{{ print("{tag} " + string({var}[i])); }} }}\n')

    def _parse_blocks(self, out: str, R: PolyRing) -> list[tuple[str, list[PolyElement]]]:
        """Lines ``@X args`` open a block; ``@P poly`` lines belong to the open block."""
        varmap = {name: i for i, name in enumerate(self._names(R))}
        blocks: list[tuple[str, list[PolyElement]]] = []
        for line in out.splitlines():
            if line.startswith("@P "):
                if not blocks:
                    raise SolverError("Singular output: polynomial outside a block")
                blocks[-1][1].append(parse_poly(line[3:], varmap, R))
            elif line.startswith("@") and not line.startswith("@END"):
                blocks.append((line[1:].strip(), []))
        return blocks

    # operations ------------------------------------------------------------------
    def groebner(self, polys: list[PolyElement], R: PolyRing) -> list[PolyElement]:
        """Reduced grevlex basis with Singular's ``std`` (see :meth:`Backend.groebner`)."""
        F = clean_input(polys, R)
        if not F:
            return []
        script = self._header(F, R) + "ideal G = std(I);\nprint(\"@GB\");\n" + self._print_ideal("G", "@P")
        script += 'print("@END");\n'
        blocks = self._parse_blocks(self._run(script), R)
        if len(blocks) != 1 or blocks[0][0] != "GB":
            raise SolverError("Singular output: unexpected blocks")
        G = normalise_basis(blocks[0][1], R)
        check_reduced(G, R)  # Singular's std is exact; this catches a garbled transcript
        return G

    def elimination_basis(self, polys: list[PolyElement], R: PolyRing, k: int) -> list[PolyElement]:
        """Reduced basis in the block order ``(dp(n - k), dp(k))``: the last ``k`` variables smallest.

        ``R`` must carry the matching SymPy order,
        ``ProductOrder((grevlex, lambda m: m[:n - k]), (grevlex, lambda m: m[n - k:]))``
        (the basis is checked to be reduced in it). The basis elements free of the first
        ``n - k`` variables generate the elimination ideal.
        """
        F = clean_input(polys, R, grevlex_only=False)
        n = R.ngens
        if not 0 < k < n:
            raise ValueError("elimination_basis: need 0 < k < number of variables")
        ordering = _block_ordering(R, k)
        if not F:
            return []
        script = self._header(F, R, ordering) + "ideal G = std(I);\nprint(\"@GB\");\n"
        script += self._print_ideal("G", "@P") + 'print("@END");\n'
        blocks = self._parse_blocks(self._run(script), R)
        if len(blocks) != 1 or blocks[0][0] != "GB":
            raise SolverError("Singular output: unexpected blocks")
        G = normalise_basis(blocks[0][1], R)
        check_reduced(G, R)
        return G

    def reduces_to_zero(self, G: list[PolyElement], F: list[PolyElement], R: PolyRing) -> bool:
        """Whether every element of ``F`` reduces to 0 modulo the Groebner basis ``G``.

        Runs Singular's ``reduce`` (fast) on ``G`` declared a standard basis; used to
        check another engine's basis. Proves ``<F> ⊆ <G>`` when ``G`` is a Groebner basis.
        """
        F = clean_input(F, R)
        if not F:
            return True
        if not G:
            return False
        names = self._names(R)
        script = self._header(F, R)
        script += "ideal G = " + ",\n".join(format_poly(g, names) for g in G) + ";\n"
        script += ('attrib(G, "isSB", 1);\n'
                   'ideal N = reduce(I, G);\n'
                   'print("@ZERO " + string(size(N) == 0));\n'
                   'print("@END");\n')
        blocks = self._parse_blocks(self._run(script), R)
        if not blocks or blocks[0][0] not in ("ZERO 1", "ZERO 0"):
            raise SolverError("Singular output: unexpected reduce answer")
        return blocks[0][0] == "ZERO 1"

    def _basis_header(self, F, G, R: PolyRing, ordering: str) -> str:
        """Ring, ``ideal I = F`` and ``ideal G`` declared a standard basis, with the rational
        coefficients as they are: results must refer to F and G themselves, not to the integer
        multiples that :meth:`_header` writes."""
        names = self._names(R)
        return (f"ring r = 0, (x(1..{R.ngens})), {ordering};\nshort = 0;\nint i; int k;\n"
                "ideal I = " + ",\n".join(format_poly(f, names, rational=True) for f in F) + ";\n"
                "ideal G = " + ",\n".join(format_poly(g, names, rational=True) for g in G) + ";\n"
                'attrib(G, "isSB", 1);\n')

    def division(self, G: list[PolyElement], F: list[PolyElement], R: PolyRing) -> list[list[PolyElement] | None]:
        """Quotients of each ``f`` in ``F`` by the Groebner basis ``G`` (``f = sum q_k G[k]``), or None
        where the remainder is not zero (f not in the ideal).

        Runs Singular's ``division`` with ``G`` declared a standard basis (for the global order
        dp the unit is 1). The caller should check the identity it relies on.
        """
        check_ring(R)
        out: list = [None] * len(F)
        idx = [k for k, f in enumerate(F) if f]
        for k, f in enumerate(F):
            if not f:
                out[k] = [R.zero] * len(G)
        if not idx or not G:
            return out
        script = self._basis_header([F[k] for k in idx], G, R, "dp")
        script += ('list D = division(I, G);\n'
                   'matrix T = D[1]; ideal Rm = D[2];\n'
                   'for (k = 1; k <= ncols(I); k++) {\n'
                   '  print("@F " + string(Rm[k] == 0));\n'
                   '  for (i = 1; i <= nrows(T); i++) { print("@P " + string(T[i, k])); }\n'
                   '}\n'
                   'print("@END");\n')
        blocks = self._parse_blocks(self._run(script), R)
        if len(blocks) != len(idx) or any(b[0] not in ("F 1", "F 0") or len(b[1]) != len(G) for b in blocks):
            raise SolverError("Singular output: unexpected division answer")
        for k, (tag, quotients) in zip(idx, blocks):
            out[k] = quotients if tag == "F 1" else None
        return out

    def normal_forms(self, G: list[PolyElement], F: list[PolyElement], R: PolyRing) -> list[PolyElement]:
        """The normal form of each ``f`` in ``F`` modulo the Groebner basis ``G`` (Singular's ``reduce``,
        fully reduced), in one run. ``R`` is grevlex, or the block order ``(dp(n - 1), dp(1))`` of
        :meth:`elimination_basis` with ``k = 1``."""
        if str(R.order) == "ProductOrder(grevlex, grevlex)":
            ordering = _block_ordering(R, 1)
        else:
            check_ring(R)
            ordering = "dp"
        if not F or not G:
            return list(F)
        script = self._basis_header(F, G, R, ordering) + (
            "option(redTail);\n"
            "ideal N = reduce(I, G);\n"
            'print("@NF");\n'
            'for (i = 1; i <= ncols(I); i++) { print("@P " + string(N[i])); }\n'
            'print("@END");\n')
        blocks = self._parse_blocks(self._run(script), R)
        if len(blocks) != 1 or blocks[0][0] != "NF" or len(blocks[0][1]) != len(F):
            raise SolverError("Singular output: unexpected reduce answer")
        return blocks[0][1]

    def minimal_primes(self, polys: list[PolyElement], R: PolyRing) -> list[list[PolyElement]] | None:
        """Minimal associated primes over Q with ``minAssGTZ`` (primdec.lib).

        Each prime is checked to contain the input. Sorted by decreasing dimension,
        then by the printed basis. The unit ideal has no primes (``[]``).
        """
        F = clean_input(polys, R)
        script = 'LIB "primdec.lib";\n' + self._header(F, R)
        script += ("list L = minAssGTZ(I);\n"
                   "for (k = 1; k <= size(L); k++) {\n"
                   "  ideal P = std(L[k]);\n"
                   '  print("@PRIME " + string(dim(P)));\n'
                   + "  " + self._print_ideal("P", "@P") +
                   "  kill P;\n}\n"
                   'print("@END");\n')
        blocks = self._parse_blocks(self._run(script), R)
        primes = []
        for head, gens in blocks:
            parts = head.split()
            if len(parts) != 2 or parts[0] != "PRIME":
                raise SolverError(f"Singular output: unexpected block {head!r}")
            G = normalise_basis(gens, R)
            if G == [R.one]:
                continue
            check_reduced(G, R)
            check_contains(G, F)
            primes.append((-int(parts[1]), [str(g) for g in G], G))
        primes.sort(key=lambda t: (t[0], t[1]))
        return [G for _, _, G in primes]

    def multiplication_table(self, polys: list[PolyElement], R: PolyRing, weights: list[int],
                             max_dimension: int | None = None) -> "MultiplicationTable":
        """The quotient ``Q[x]/I`` as a matrix: multiplication by ``l = sum(weights[i] * x_i)``.

        One Singular run: ``G = std(I)`` (exact), the monomial basis ``B = kbase(G)``
        (``D = vdim(G)`` monomials), the normal forms of ``l * B[b]`` and of ``1, x_1, ...,
        x_n`` in that basis (``coeffs(reduce(., G), B)``). At every point ``z`` of ``I`` the
        vector ``v = (B[a](z))_a`` satisfies ``v M = l(z) v``, and ``x_i(z) = v N[:, i+1] /
        v N[:, 0]``: the eigenvectors of ``M^T`` approximate all points at once
        (:func:`symlandscape.krawczyk.approximate_zeros`). ``D`` is exact; the matrices are
        exact rationals (used only to find approximations). With ``max_dimension``, a quotient
        of larger dimension returns only ``D`` (``M`` and ``N`` are then None): the dense
        matrices would not fit.

        Raises
        ------
        NotZeroDimensionalError
            When ``I`` has infinitely many complex points.
        """
        F = clean_input(polys, R)
        n = R.ngens
        if len(weights) != n:
            raise ValueError("multiplication_table: one weight per variable")
        lin = "+".join(f"({int(w)})*x({i + 1})" for i, w in enumerate(weights) if w) or "0"
        # beyond the cap only D is printed (the condition is never true without a cap)
        too_big = f"vdim(G) > {int(max_dimension)}" if max_dimension else "0"
        script = self._header(F, R) + "ideal G = std(I);\nint d = dim(G);\n"
        script += ('if (d > 0) { print("@POSDIM"); }\n'
                   'else { if (d < 0) { print("@UNIT"); }\n'
                   'else {\n'
                   f'  if ({too_big}) {{ print("@BIG " + string(vdim(G))); }} else {{\n'
                   '  ideal B = kbase(G);\n'
                   f'  poly l = {lin};\n'
                   '  matrix C = coeffs(reduce(l * B, G), B);\n'
                   '  ideal E; E[1] = 1;\n'
                   '  for (i = 1; i <= nvars(basering); i++) { E[i + 1] = var(i); }\n'
                   '  matrix N = coeffs(reduce(E, G), B);\n'
                   '  int D = vdim(G);\n'
                   '  print("@TABLE " + string(D) + " " + string(nrows(C)) + " " + string(ncols(C)) + " " '
                   '+ string(nrows(N)) + " " + string(ncols(N)));\n'
                   '  int a; int b;\n'
                   '  for (a = 1; a <= size(B); a++) { print("B " + string(a) + " " + string(leadexp(B[a]))); }\n'
                   '  for (a = 1; a <= nrows(C); a++) { for (b = 1; b <= ncols(C); b++) '
                   '{ if (C[a, b] != 0) { print("M " + string(a) + " " + string(b) + " " + string(C[a, b])); } } }\n'
                   '  for (a = 1; a <= nrows(N); a++) { for (b = 1; b <= ncols(N); b++) '
                   '{ if (N[a, b] != 0) { print("N " + string(a) + " " + string(b) + " " + string(N[a, b])); } } }\n'
                   '}}}\nprint("@END");\n')
        out = self._run(script)
        if "@POSDIM" in out:
            raise NotZeroDimensionalError("the ideal is not zero-dimensional (it has infinitely many complex points)")
        if "@UNIT" in out:
            return MultiplicationTable(0, [], [])
        big = [line for line in out.splitlines() if line.startswith("@BIG ")]
        if big:
            return MultiplicationTable(int(big[0].split()[1]), None, None)
        M: list[tuple[int, int, Fraction]] = []
        N: list[tuple[int, int, Fraction]] = []
        basis: dict[int, tuple[int, ...]] = {}
        D = None
        for line in out.splitlines():
            if line.startswith("B "):
                _tag, a, exps = line.split(maxsplit=2)
                basis[int(a) - 1] = tuple(int(e) for e in exps.split(","))
                continue
            if line.startswith("@TABLE "):
                parts = [int(t) for t in line.split()[1:]]
                if len(parts) != 5 or parts[1:] != [parts[0], parts[0], parts[0], n + 1]:
                    raise SolverError(f"Singular output: unexpected table shape {line!r}")
                D = parts[0]
            elif line.startswith(("M ", "N ")):
                tag, a, b, v = line.split()
                (M if tag == "M" else N).append((int(a) - 1, int(b) - 1, Fraction(v)))
        if D is None:
            raise SolverError("Singular output: no multiplication table")
        if sorted(basis) != list(range(D)) or any(len(e) != n for e in basis.values()):
            raise SolverError("Singular output: the monomial basis does not match the table")
        return MultiplicationTable(D, M, N, [basis[a] for a in range(D)])

    def _counts(self, F, R: PolyRing, want: str) -> tuple[int, int, list[PolyElement] | None]:
        """``(vdim I, distinct points or -1, radical basis or None)``.

        ``want`` is "vdim" (only the dimension), "count" (also the number of points,
        as the vdim of the Seidenberg radical built with ``finduni``) or "radical"
        (also that radical's basis).
        """
        script = self._header(F, R) + "ideal G = std(I);\nint d = dim(G);\n"
        script += ('if (d > 0) { print("@POSDIM"); }\n'
                   'else { if (d < 0) { print("@UNIT"); }\n'
                   'else {\n')
        if want == "vdim":
            script += '  print("@COUNT " + string(vdim(G)) + " -1");\n'
        else:
            script += ('  ideal U = finduni(G);\n'
                       '  ideal J = G;\n'
                       '  for (i = 1; i <= nvars(basering); i++) {\n'
                       '    poly u = U[i];\n'
                       '    J = J, u / gcd(u, diff(u, var(i)));\n'
                       '    kill u;\n'
                       '  }\n'
                       '  J = std(J);\n'
                       '  print("@COUNT " + string(vdim(G)) + " " + string(vdim(J)));\n')
            if want == "radical":
                script += self._print_ideal("J", "@P")
        script += '}}\nprint("@END");\n'
        blocks = self._parse_blocks(self._run(script), R)
        if not blocks:
            raise SolverError("Singular output: no count")
        head, gens = blocks[0]
        if head == "POSDIM":
            raise NotZeroDimensionalError("the ideal is not zero-dimensional (it has infinitely many complex points)")
        if head == "UNIT":
            return 0, 0, [R.one]
        parts = head.split()
        if len(parts) != 3 or parts[0] != "COUNT":
            raise SolverError(f"Singular output: unexpected block {head!r}")
        vd, cnt = int(parts[1]), int(parts[2])
        if vd <= 0 or (want != "vdim" and not 0 < cnt <= vd):
            raise SolverError("Singular output: inconsistent counts")
        return vd, cnt, (normalise_basis(gens, R) if want == "radical" else None)

    def quotient_dimension(self, polys: list[PolyElement], R: PolyRing) -> int:
        """``vdim(std(I))``: points counted with multiplicity (0 for the unit ideal)."""
        return self._counts(clean_input(polys, R), R, "vdim")[0]

    def count_points(self, polys: list[PolyElement], R: PolyRing) -> int:
        """Distinct complex points: ``vdim`` of the Seidenberg radical (``finduni``)."""
        return self._counts(clean_input(polys, R), R, "count")[1]

    def radical(self, polys: list[PolyElement], R: PolyRing) -> list[PolyElement]:
        """Reduced basis of the radical of a zero-dimensional ideal (Seidenberg, in Singular)."""
        F = clean_input(polys, R)
        _vd, _cnt, J = self._counts(F, R, "radical")
        if J != [R.one]:
            check_reduced(J, R)
            check_contains(J, F)
        return J

    def zero_dim_rur(self, polys: list[PolyElement], R: PolyRing) -> RUR | None:
        """RUR of the radical: Singular's basis, then exact linear algebra.

        The radical (Seidenberg, with ``finduni``) is computed only when the ideal turns
        out not to be radical. Meant for up to a few hundred points; msolve is faster.
        """
        F = clean_input(polys, R)
        if not F:
            raise NotZeroDimensionalError("the zero ideal is not zero-dimensional")
        G = self.groebner(F, R)
        rur = rur_from_basis(G, R, lambda H: self.groebner(H, R), radical=lambda H: self.radical(H, R))
        verify_rur(rur, F, R)
        return rur
