"""The ledger round-trips records and refuses damaged ones with a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import NOW
from jdih.errors import JdihError
from jdih.ledger import DONE, SENDING, Ledger


def test_round_trip_and_forget(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "bb")
    assert ledger.get("2026/a", "x").status == "menunggu"
    ledger.update("2026/a", "x", NOW, status=SENDING, progres={"rkey": "3k"})
    ledger.update("2026/a", "x", NOW, status=DONE, remote_id="9", url="https://x.com/i/web/status/9")
    entry = ledger.get("2026/a", "x")
    assert (entry.status, entry.remote_id, entry.progres) == (DONE, "9", {"rkey": "3k"})
    assert [e.kanal for e in ledger.entries()] == ["x"]
    ledger.forget("2026/a")
    assert list(ledger.entries()) == []


@pytest.mark.parametrize("raw", ["{x", "[]", '{"post_id": "2026/a", "kanal": "x", "status": "hilang"}', "\\xff"])
def test_damaged_record_is_a_clear_error(tmp_path: Path, raw: str) -> None:
    ledger = Ledger(tmp_path / "bb")
    path = tmp_path / "bb" / "2026__a" / "x.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(raw.encode("latin-1") if raw == "\\xff" else raw.encode())
    with pytest.raises(JdihError) as err:
        ledger.get("2026/a", "x")
    assert "buku besar rusak" in err.value.pesan and err.value.berkas == str(path)
    with pytest.raises(JdihError):
        list(ledger.entries())
    assert path.read_bytes()  # nothing deleted
