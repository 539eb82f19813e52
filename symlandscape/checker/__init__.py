"""Independent checker of symlandscape certificates (docs/certificates.md, version 1).

Uses the Python standard library only and imports nothing from the rest of
symlandscape: it rebuilds the loss from the problem held in the certificate with its
own exact polynomial arithmetic over :class:`fractions.Fraction`, its own number
field arithmetic Q(alpha) with Sturm sequences, and only checks the hints, never
searches.

>>> from symlandscape.checker import check_certificate
>>> check_certificate({}).status
'NOT VERIFIED'
"""

from .cli import main
from .verify import (CONDITIONAL, KINDS, NOT_VERIFIED, VERIFIED, Result, check_certificate, check_file,
                     verify_morse_bott)

__all__ = [
    "Result",
    "check_certificate",
    "check_file",
    "main",
    "verify_morse_bott",
    "VERIFIED",
    "CONDITIONAL",
    "NOT_VERIFIED",
    "KINDS",
]
