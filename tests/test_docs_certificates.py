"""The worked certificates in docs/certificate-examples.md are all verified by the checker."""

import json
import re
from pathlib import Path

from symlandscape.checker import check_certificate

DOC = Path(__file__).resolve().parent.parent / "docs" / "certificate-examples.md"


def test_every_worked_certificate_verifies():
    blocks = re.findall(r"```json\n(.*?)\n```", DOC.read_text(), re.S)
    assert len(blocks) >= 8
    kinds = set()
    for b in blocks:
        cert = json.loads(b)
        res = check_certificate(cert)
        assert res.status == "VERIFIED", res.message
        kinds.add(cert["claim"]["kind"])
    assert {"global_min", "local_min", "strict_saddle", "nonstrict_saddle"} <= kinds
