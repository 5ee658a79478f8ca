"""The desk on GitHub: ``/admin/`` built into the public site from ``sop/`` and ``kantor.yml``."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from desk.conftest import DECAP_DIST, no_english
from helpers import REPO, WIB
from jdih.desk.service import ENV_DECAP
from jdih.errors import ConfigError
from jdih.office import load_office
from jdih.site.build import build_site
from support.site_build import site_project
from support.static_site import serve_site

SECTION = (
    "\nmeja:\n  github:\n    repo: kpu-kotim/jdih-medsos\n"
    "    oauth_url: https://jdih-oauth.contoh.workers.dev/\n"
)
SAMPLES = sorted((REPO / "content").glob("*/*/index.md"))[:3]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A real site build of a project with a ``meja.github`` section and three sample posts."""
    if not (DECAP_DIST / "decap-cms.js").is_file():
        pytest.fail("Decap CMS belum terpasang: jalankan bash scripts/setup_env.sh")
    mp = pytest.MonkeyPatch()
    mp.setenv(ENV_DECAP, str(DECAP_DIST))
    root = tmp_path_factory.mktemp("admin") / "proyek"
    project = site_project(root)
    for src in SAMPLES:
        shutil.copytree(src.parent, project.content_dir / src.parent.parent.name / src.parent.name)
    with (root / "kantor.yml").open("a", encoding="utf-8") as f:
        f.write(SECTION)
    site = build_site(root, root / "site", strict=False)
    yield site
    mp.undo()


def test_the_admin_page_is_built_from_sop_and_kantor(built: Path) -> None:
    admin = built / "admin"
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert "connect-src 'self' blob: data: https://api.github.com" in page  # the page's own CSP (meta)
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and not [s for s in sources if ":" in s or s.startswith("/")]  # no CDN, relative to the site
    config = json.loads((admin / "config.json").read_text(encoding="utf-8"))
    decap = config["decap"]
    assert decap["backend"] == {"name": "github", "repo": "kpu-kotim/jdih-medsos", "branch": "main",
                                "base_url": "https://jdih-oauth.contoh.workers.dev"}
    assert decap["publish_mode"] == "editorial_workflow" and decap["locale"] == "id"
    collection = decap["collections"][0]
    assert collection["format"] == "jdih-frontmatter" and collection["create"] is True
    names = [f["name"] for f in collection["fields"]]
    assert not {"status", "riwayat", "tautan"} & set(names)
    # New entries: the disposisi group (note, when the request arrived), plain Decap widgets.
    step = next(f for f in collection["fields"] if f["name"] == "langkah")
    assert step["widget"] == "object" and step["required"] is False and "diisi saat disposisi" in step["hint"].lower()
    assert [(f["name"], f["widget"]) for f in step["fields"]] == [("catatan", "text"), ("mulai", "datetime")]
    assert next(f for f in collection["fields"] if f["name"] == "body")["widget"] == "text"
    assert config["format"]["sopOwned"] == ["status", "riwayat", "tautan"]
    assert (admin / "decap" / "decap-cms.js").is_file() and (admin / "js-yaml.min.js").is_file()
    assert not list((admin / "decap").glob("*.map"))
    assert len(list((admin / "decap").glob("*.decap-cms.js"))) > 10  # lazily loaded chunks


def test_the_page_refuses_wrong_steps_by_the_rules_ci_applies(built: Path) -> None:
    """``tolak-langkah.js`` runs before Decap, with the rules, people and wording generated from ``sop/``: the
    same refusal text as CI's board correction (jdih.forge.decap)."""
    from jdih.forge.decap import note_refusal, role_refusal
    from jdih.project import Project

    admin = built / "admin"
    page = (admin / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts.index("tolak-langkah.js") < scripts.index("decap/decap-cms.js")
    assert (admin / "tolak-langkah.js").is_file()
    rules = json.loads((admin / "config.json").read_text(encoding="utf-8"))["langkah"]
    sop = Project(built.parent).sop
    assert rules["labelPrefix"] == "decap-cms/"
    assert {col: (r["langkah"], r["peran"]) for col, r in rules["kolom"].items()} == {
        "pending_review": ("ajukan", ["pengelola"]), "pending_publish": ("sunting", ["staf"]),
        "draft": ("tolak", ["kasubbag"]),
    }
    assert rules["kolom"]["pending_publish"]["ditolak"] == role_refusal(sop, "sunting") == (
        "langkah SOP 'sunting' hanya boleh dilakukan oleh Staf Sub Bagian Hukum dan SDM")
    # tidak setuju needs a reason a label cannot carry: refused on the board even to the Kasubbag, as CI does
    assert rules["kolom"]["draft"]["alasan"] == note_refusal("tolak")
    assert rules["kolom"]["pending_review"]["alasan"] is None
    assert (rules["setuju"]["langkah"], rules["setuju"]["peran"]) == ("setujui", ["kasubbag"])
    assert (rules["disposisi"]["langkah"], rules["disposisi"]["peran"]) == ("disposisi", ["kasubbag"])
    assert rules["orang"]["dwi-kpukotim"] == {"peran": ["pengelola"]}
    assert rules["orang"]["rizky-kpukotim"] == {"peran": ["pengelola", "staf"]}
    assert all(login == login.lower() for login in rules["orang"])
    for key in ("pindah", "setuju", "baru"):
        assert "{login}" in rules["pesan"][key] and "{alasan}" in rules["pesan"][key]
        assert "tidak ada langkah SOP yang dicatat" in rules["pesan"][key]


def test_the_refusal_rules_follow_a_renamed_role_and_state(tmp_path: Path) -> None:
    """Renaming a role and a state in ``sop/alur.yml`` (and the people's roles in ``sop/peran.yml``) changes
    the rules and the column titles with no code change."""
    from jdih.desk.config import column_labels
    from jdih.desk.github_admin import step_rules
    from jdih.project import Project

    root = site_project(tmp_path / "proyek").root
    alur, peran = root / "sop" / "alur.yml", root / "sop" / "peran.yml"
    text = re.sub(r"\bstaf\b", "penyunting", alur.read_text(encoding="utf-8"))
    text = text.replace("Staf Sub Bagian Hukum dan SDM", "Penyunting Naskah")
    text = re.sub(r"\bpersetujuan\b", "pemeriksaan", text)  # the state (persetujuan_bertanda_tangan stays)
    alur.write_text(text.replace("label: Menunggu pemeriksaan", "label: Menunggu pemeriksaan Kasubbag"), "utf-8")
    peran.write_text(re.sub(r"\bstaf\b", "penyunting", peran.read_text(encoding="utf-8")), encoding="utf-8")
    project = Project(root)
    rules = step_rules(project)
    ready = rules["kolom"]["pending_publish"]
    assert ready["peran"] == ["penyunting"]
    assert ready["ditolak"] == "langkah SOP 'sunting' hanya boleh dilakukan oleh Penyunting Naskah"
    assert rules["orang"]["siti-kpukotim"]["peran"] == ["penyunting"]
    assert column_labels(project)["pending_publish"] == "Menunggu pemeriksaan Kasubbag"


def test_no_section_no_admin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jdih.desk.github_admin import write_github_admin

    project = site_project(tmp_path / "proyek")
    assert load_office(project.root).desk_github is None
    assert write_github_admin(project.root, tmp_path / "site") is False
    assert not (tmp_path / "site").exists()


def test_a_wrong_section_names_kantor_and_line(tmp_path: Path) -> None:
    project = site_project(tmp_path / "proyek")
    text = (project.root / "kantor.yml").read_text(encoding="utf-8")
    (project.root / "kantor.yml").write_text(text + SECTION.replace("kpu-kotim/jdih-medsos", "bukan repo"), "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_office(project.root)
    line = text.count("\n") + 4
    assert caught.value.line == line and "pemilik/nama" in caught.value.message


def test_decap_without_npm_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jdih.desk.github_admin import write_github_admin

    project = site_project(tmp_path / "proyek")
    (project.root / "kantor.yml").write_text((project.root / "kantor.yml").read_text("utf-8") + SECTION, "utf-8")
    monkeypatch.setenv(ENV_DECAP, str(tmp_path / "tidak-ada"))
    with pytest.raises(ConfigError, match="Decap CMS belum terpasang"):
        write_github_admin(project.root, tmp_path / "site")


@contextlib.contextmanager
def chromium_on(site: Path, timezone_id: str | None = None) -> Iterator[tuple[Page, str, list[str]]]:
    """Chromium with a page (in the time zone ``timezone_id``, else the machine's), the built site served on
    loopback, and the page's script errors."""
    errors: list[str] = []
    with serve_site(site) as root, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--lang=id-ID"])
        page = browser.new_page(timezone_id=timezone_id)
        page.on("pageerror", lambda e: errors.append(str(e)))
        yield page, root.rstrip("/"), errors
        browser.close()


def test_the_page_loads_in_chromium_and_its_format_round_trips(built: Path) -> None:
    """Decap starts with the GitHub sign-in in Indonesian; the format, run by Chromium, keeps every byte."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "content").glob("*/*/index.md"))]
    with chromium_on(built) as (page, base, errors):
        page.goto(f"{base}/admin/")
        page.get_by_role("button", name="Masuk dengan GitHub").wait_for(timeout=60_000)
        results = page.evaluate(
            """(texts) => texts.map((t) => {
                const f = window.JDIH_FORMAT;
                const same = f.toFile(f.fromFile(t));
                const data = f.fromFile(t);
                data.judul = 'Judul Baru';
                return [same, f.toFile(data)];
            })""",
            texts,
        )
    assert not errors
    for text, (same, titled) in zip(texts, results, strict=True):
        assert same == text
        changed = [(a, b) for a, b in zip(text.splitlines(), titled.splitlines(), strict=True) if a != b]
        assert len(changed) == 1 and changed[0][1] == "judul: Judul Baru"


def with_test_backend(built: Path) -> dict:
    """The built admin configuration with Decap's in-browser test backend instead of GitHub's API."""
    config: dict = json.loads((built / "admin" / "config.json").read_text(encoding="utf-8"))
    config["decap"]["backend"] = {"name": "test-repo"}
    # The test backend cannot list folders holding posts as media: its media live apart.
    config["decap"]["media_folder"] = "aset-uji"
    config["decap"]["collections"][0]["media_folder"] = "/aset-uji"
    return config


def open_entry(page: Page, base: str, config: dict, files: dict, entry: str) -> None:
    """Decap signed in on its in-browser test backend holding ``files``, at the entry ``entry``
    (``2026/<slug>/index``) of the collection."""
    page.route("**/admin/config.json", lambda route: route.fulfill(json=config))
    page.add_init_script(f"window.repoFiles = {json.dumps(files)};")
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"{base}/admin/#/collections/konten/entries/{entry}")


def test_decap_saves_through_the_format_keeping_the_sop_fields(built: Path) -> None:
    """The real Decap editor (its in-browser test backend instead of GitHub's API) saves a new title:
    the file it writes differs from the original in the title line only."""
    post = REPO / "content" / "2026" / "jdih-hadir-di-bluesky-dan-mastodon" / "index.md"
    text = post.read_text(encoding="utf-8")
    rel = post.relative_to(REPO).as_posix()
    tree: dict = {}
    node = tree
    for part in rel.split("/")[:-1]:
        node = node.setdefault(part, {})
    node["index.md"] = {"content": text, "path": rel}
    config = with_test_backend(built)
    with chromium_on(built) as (page, base, errors):
        open_entry(page, base, config, tree, "2026/jdih-hadir-di-bluesky-dan-mastodon/index")
        title = page.get_by_label("Judul", exact=True)
        title.wait_for(timeout=60_000)
        title.fill("JDIH Hadir di Bluesky #Pemilu")
        page.get_by_role("button", name="Simpan").first.click()
        page.get_by_text("Tersimpan").first.wait_for(timeout=60_000)
        saved = page.evaluate(
            "() => Object.values(window.repoFilesUnpublished).flatMap((e) => e.diffs).map((d) => d.content)"
        )
    assert not errors
    assert len(saved) == 1
    changed = [(a, b) for a, b in zip(text.splitlines(), saved[0].splitlines(), strict=True) if a != b]
    assert changed == [("judul: JDIH KPU Kotawaringin Timur Kini Hadir di Bluesky, Mastodon, dan Threads",
                        "judul: 'JDIH Hadir di Bluesky #Pemilu'")]


def test_the_kasubbag_creates_a_new_entry_with_its_disposisi_inputs(built: Path) -> None:
    """A new entry in the real Decap editor (its in-browser test backend): the file it writes carries the
    disposisi group (CI makes it the first riwayat entry at the merge) and none of the SOP's own fields. The
    browser is on a laptop in Makassar (WITA, UTC+8): the 08:00 typed as when the request arrived is that
    instant, stored as 07:00 WIB."""
    from jdih.post import parse_post

    config = with_test_backend(built)
    with chromium_on(built, timezone_id="Asia/Makassar") as (page, base, errors):
        page.route("**/admin/config.json", lambda route: route.fulfill(json=config))
        page.add_init_script("window.repoFiles = {};")
        page.goto(f"{base}/admin/")
        page.get_by_role("button", name="Masuk").click()
        page.goto(f"{base}/admin/#/collections/konten/new")
        page.get_by_label("Judul", exact=True).wait_for(timeout=60_000)
        page.get_by_label("Judul", exact=True).fill("Pemilih Pemula")
        page.get_by_label("Kategori", exact=True).fill("Rutin: Edukasi")
        page.keyboard.press("Enter")
        page.get_by_label("Platform", exact=True).fill("X")
        page.keyboard.press("Enter")
        page.get_by_label("Catatan disposisi").fill("Buat konten DPT untuk pemilih pemula")
        page.locator("input[id^=mulai-field]").fill("2026-11-20T08:00")
        page.get_by_label("Isi (keterangan unggahan)").fill("Sudah cek DPT? #PemilihPemula\n")
        page.get_by_text("Diisi saat disposisi", exact=False).first.wait_for()
        no_english(page, "konten baru (GitHub)")
        page.get_by_role("button", name="Simpan").first.click()
        page.get_by_text("Tersimpan").first.wait_for(timeout=60_000)
        saved = page.evaluate(
            "() => Object.values(window.repoFilesUnpublished).flatMap((e) => e.diffs)"
            ".filter((d) => d.path.endsWith('index.md')).map((d) => [d.path, d.content])"
        )
    assert not errors
    [(path, text)] = saved
    assert path.startswith("content/") and path.endswith("/pemilih-pemula/index.md")
    post = parse_post(Path("index.md"), text)
    assert post.meta["langkah"] == {"catatan": "Buat konten DPT untuk pemilih pemula",
                                    "mulai": datetime(2026, 11, 20, 7, 0, tzinfo=WIB)}
    assert "  mulai: 2026-11-20T07:00:00+07:00\n" in text
    assert post.meta["platform"] == ["x"] and post.meta["kategori"] == "rutin-edukasi"
    assert not {"status", "riwayat", "tautan"} & set(post.meta)
    assert text.endswith("---\n\nSudah cek DPT? #PemilihPemula\n")


def test_the_netlify_oauth_client_needs_the_site_domain(tmp_path: Path) -> None:
    from jdih.desk.github_admin import github_config

    project = site_project(tmp_path / "proyek")
    text = (project.root / "kantor.yml").read_text(encoding="utf-8")
    section = "\nmeja:\n  github:\n    repo: kpu-kotim/jdih-medsos\n    oauth_url: https://api.netlify.com\n" \
              "    site_domain: jdih-kotim.netlify.app\n"
    (project.root / "kantor.yml").write_text(text + section, encoding="utf-8")
    settings = load_office(project.root).desk_github
    assert settings is not None
    backend = github_config(project, settings.repo, settings.oauth_url, settings.site_domain)["backend"]
    assert backend == {"name": "github", "repo": "kpu-kotim/jdih-medsos", "branch": "main",
                       "base_url": "https://api.netlify.com", "site_domain": "jdih-kotim.netlify.app"}
    (project.root / "kantor.yml").write_text(text + section.replace("https://api", "http://api"), encoding="utf-8")
    with pytest.raises(ConfigError, match="oauth_url"):
        load_office(project.root)
