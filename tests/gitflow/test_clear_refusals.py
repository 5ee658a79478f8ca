"""Workflow commands that used to mislead: each refusal names the real cause, its file and line, and one rule
for exit codes (an unknown post is a usage error, exit 2, in every command)."""

from __future__ import annotations

import pytest

from support.office import POST, SLUG, Office, give_disposisi, write_draft

# Who may run each command in the office of tests/support/office.py.
BY = {"setujui": "rahmat", "tolak": "rahmat", "batalkan": "rahmat", "ajukan": "dwi", "sunting": "siti",
      "draf": "siti", "buka": "siti", "riwayat": "siti", "pratinjau": "siti", "umumkan": "dwi"}


def test_a_mistyped_status_is_named_unknown_with_its_file_and_line(office: Office) -> None:
    give_disposisi(office)
    assert office.run("siti", "draf", SLUG).exit_code == 0
    write_draft(office, "dwi", "Yuk kenali tahapan kampanye Pemilu! #JDIH")
    assert office.run("dwi", "ajukan").exit_code == 0
    write_draft(office, "siti", "Suntingan Siti.")
    path = office["siti"].root / POST
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[2] == "status: sunting"
    path.write_text(text.replace("status: sunting", "status: persetujuaan", 1), encoding="utf-8")
    r = office.run("siti", "sunting", SLUG)
    assert r.exit_code == 1, r.output
    assert "status 'persetujuaan' tidak dikenal" in r.output and f"{POST}:3" in r.output
    assert "Maksud Anda 'persetujuan'?" in r.output
    assert "hanya berlaku untuk status" not in r.output


@pytest.mark.parametrize("command", [["setujui"], ["tolak", "--catatan", "x"], ["batalkan", "--catatan", "x"],
                                     ["ajukan"], ["sunting"], ["draf"]])
def test_on_main_without_a_post_the_example_is_the_command_itself(office: Office, command: list[str]) -> None:
    r = office.run(BY[command[0]], *command)
    assert r.exit_code == 2, r.output
    assert f"contoh: jdih {command[0]} 2026/" in r.output
    if command[0] != "ajukan":
        assert "jdih ajukan" not in r.output


@pytest.mark.parametrize("command", [["buka"], ["draf"], ["ajukan"], ["sunting"], ["setujui"],
                                     ["tolak", "--catatan", "x"], ["batalkan", "--catatan", "x"], ["riwayat"],
                                     ["pratinjau"]])
def test_an_unknown_post_is_a_usage_error_exit_2_in_every_command(office: Office, command: list[str]) -> None:
    give_disposisi(office)
    r = office.run(BY[command[0]], *command, "2026/tidak-ada")
    assert r.exit_code == 2, r.output
    assert "tidak ditemukan" in r.output and "Traceback" not in r.output


def test_ajukan_refuses_what_setujui_would_refuse_and_sunting_shows_the_findings(office: Office) -> None:
    give_disposisi(office)  # platforms facebook and x
    assert office.run("siti", "draf", SLUG).exit_code == 0
    write_draft(office, "dwi", "Kata " * 80 + "#JDIH")  # 405 characters: over X's 280
    before = office["dwi"].repo.commit("HEAD").hexsha
    r = office.run("dwi", "ajukan")
    assert r.exit_code == 1, r.output
    assert "belum dapat diajukan" in r.output and f"{POST}:" in r.output and "GALAT" in r.output
    assert office["dwi"].repo.commit("HEAD").hexsha == before  # nothing committed
    assert "Kata Kata" in (office["dwi"].root / POST).read_text(encoding="utf-8")  # the draft is kept

    path = office["dwi"].root / POST
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Kata " * 80, "Kata " * 10), encoding="utf-8")
    r = office.run("dwi", "ajukan")
    assert r.exit_code == 0, r.output
    write_draft(office, "siti", "Disunting.")
    path = office["siti"].root / POST
    path.write_text(path.read_text(encoding="utf-8").replace("kategori:", "serii: Istilah Pemilu\nkategori:", 1),
                    encoding="utf-8")  # a mistyped key: a warning, shown, not refused
    r = office.run("siti", "sunting", SLUG)
    assert r.exit_code == 0, r.output
    assert f"Catatan: temuan pemeriksaan: {POST}:4 PERINGATAN SKEMA-KUNCI" in r.output
    # The Kasubbag approves what passed; the approval does not hit an error ajukan let through.
    r = office.run("rahmat", "setujui", SLUG)
    assert r.exit_code == 0, r.output

