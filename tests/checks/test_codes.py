"""The code table documents exactly the codes the checks emit."""

from __future__ import annotations

import re
from pathlib import Path

import jdih.checks
from jdih.checks.codes import CODES, markdown_table


def test_every_emitted_code_is_documented_and_vice_versa():
    folder = Path(jdih.checks.__file__).parent
    used: set[str] = set()
    for src in folder.glob("*.py"):
        if src.name == "codes.py":
            continue
        used |= set(re.findall(r'"((?:BERKAS|LOKASI|SKEMA|RIWAYAT|TAUTAN|NORMA|TEKS|MEDIA|PERIKSA)(?:-[A-Z]+)*)"',
                                src.read_text()))
    assert used == set(CODES)
    assert all(re.fullmatch(r"[A-Z]+(-[A-Z]+)*", c) for c in CODES)
    assert markdown_table().count("\n") == len(CODES) + 1
