"""The ledger round-trips records and refuses damaged ones with a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import NOW
from jdih.errors import JdihError
from jdih.ledger import DONE, SENDING, Ledger, LedgerEntry, LedgerError


def test_round_trip_and_forget(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "bb")
    assert ledger.get("2026/a", "x").status == "menunggu"
    ledger.update("2026/a", "x", NOW, status=SENDING, progress={"rkey": "3k"})
    ledger.update("2026/a", "x", NOW, status=DONE, remote_id="9", url="https://x.com/i/web/status/9")
    entry = ledger.get("2026/a", "x")
    assert (entry.status, entry.remote_id, entry.progress) == (DONE, "9", {"rkey": "3k"})
    assert [e.channel for e in ledger.entries()] == ["x"]
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
    assert "buku besar rusak" in err.value.message and err.value.file == str(path)
    assert "hapus" not in (err.value.hint or "")
    with pytest.raises(JdihError):
        list(ledger.entries())
    assert path.read_bytes()  # nothing deleted


def _plant(tmp_path: Path, text: str, channel: str = "x") -> Path:
    path = tmp_path / "bb" / "2026__a" / f"{channel}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


GOOD = '{"post_id": "2026/a", "kanal": "x", "status": "selesai", "remote_id": "9", "url": "https://x.com/a/status/9"}'


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (GOOD.replace('"url"', '"evil": 1, "url"'), "kunci tidak dikenal: evil"),
        (GOOD.replace('"9"', "9"), "nilai 'remote_id' bertipe salah"),
        ('{"post_id": "2026/a", "kanal": "x", "status": "selesai", "percobaan": true}', "'percobaan' bertipe salah"),
        ('{"post_id": "2026/a", "kanal": "x", "status": "selesai", "progres": []}', "'progres' bertipe salah"),
        ('{"post_id": "2026/a", "status": "selesai"}', "kunci wajib 'kanal'"),
        (GOOD.replace('"2026/a"', '"2026/lain"'), "catatan milik 2026/lain lewat x"),
    ],
)
def test_strict_schema_refuses_planted_records(tmp_path: Path, raw: str, why: str) -> None:
    path = _plant(tmp_path, raw)
    with pytest.raises(LedgerError) as err:
        Ledger(tmp_path / "bb").get("2026/a", "x")
    assert why in err.value.message and err.value.file == str(path)


def test_symlinked_record_is_refused_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "luar.json"
    outside.write_text(GOOD)
    link = tmp_path / "bb" / "2026__a" / "x.json"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    ledger = Ledger(tmp_path / "bb")
    for read in (lambda: ledger.get("2026/a", "x"), lambda: list(ledger.entries())):
        with pytest.raises(LedgerError, match="tautan simbolik"):
            read()


def test_symlinked_folder_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "lain"
    elsewhere.mkdir()
    (elsewhere / "x.json").write_text(GOOD)
    (tmp_path / "bb").mkdir()
    (tmp_path / "bb" / "2026__a").symlink_to(elsewhere)
    with pytest.raises(LedgerError, match="bukan folder biasa"):
        list(Ledger(tmp_path / "bb").entries())
    with pytest.raises(LedgerError):
        Ledger(tmp_path / "bb").update("2026/a", "x", NOW, status=DONE)
    assert (elsewhere / "x.json").read_text() == GOOD  # nothing written through the link


def test_ledger_folder_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "bb").write_text("bukan folder")
    with pytest.raises(LedgerError, match="seharusnya folder, tetapi berupa berkas"):
        Ledger(tmp_path / "bb").get("2026/a", "x")


def test_damaged_record_is_replaced_with_a_copy_kept(tmp_path: Path) -> None:
    path = _plant(tmp_path, "{rusak")
    ledger = Ledger(tmp_path / "bb")
    assert ledger.damaged("2026/a", "x") is not None
    assert [k for k, _ in ledger.damaged_records("2026/a")] == ["x"]
    kept = ledger.replace_damaged(LedgerEntry("2026/a", "x", status=DONE, url="https://x.com/a/status/1"), NOW)
    assert kept is not None and kept.read_text() == "{rusak" and kept.parent.name == "buku-besar-rusak"
    assert ledger.get("2026/a", "x").status == DONE and path.is_file()


def test_advice_for_a_damaged_record_comes_from_the_caller(tmp_path: Path) -> None:
    _plant(tmp_path, "[]")
    ledger = Ledger(tmp_path / "bb", lambda key, channel: f"perbaiki {key} {channel}")
    with pytest.raises(LedgerError) as err:
        ledger.get("2026/a", "x")
    assert err.value.hint == "perbaiki 2026/a x"
