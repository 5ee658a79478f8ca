"""The office's settings, one file: ``kantor.yml`` at the project root.

Identity (kop surat lines, unit, address, city, contacts, logo), who signs which document,
the document numbering patterns, the site's options, the evaluation rules and the raw
``pengumuman`` section (checked by :mod:`jdih.announcing.config`). Every key is optional:
a missing file or key means the defaults below. Wrong values are :class:`ConfigError` naming
``kantor.yml`` and the line, like :mod:`jdih.sop_model` does for ``sop/alur.yml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .people import People, Person
from .sop_model import read_yaml_file
from .yamlsrc import LineMap

OFFICE_FILE = "kantor.yml"
DEFAULT_NAME = "KPU Kabupaten Kotawaringin Timur"
JDIHN_URL = "https://jdihn.go.id"
JDIH_KPU_URL = "https://jdih.kpu.go.id"
DOCUMENTS = ("laporan", "agenda", "berita_acara")
RULE_KINDS = ("langkah_lewat_norma", "langkah_memburuk", "perbaikan_tinggi", "menunggu_lewat_norma")
NUMBER_FIELDS = ("urut", "bulan", "bulan_romawi", "tahun", "periode")
UNNUMBERED = "......"  # the office writes the register number by hand
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_SECTIONS = ("identitas", "penandatangan", "penomoran", "situs", "evaluasi", "pengumuman", "meja")
# kantor.yml key (the office's Indonesian) -> Identity field.
_IDENTITY_TEXT = {"nama": "name", "unit": "unit", "alamat": "address", "kota": "city", "telepon": "phone",
                  "email": "email", "laman": "website", "jam_layanan": "service_hours", "logo": "logo"}


@dataclass(frozen=True)
class Identity:
    """Who the office is, as its letterhead and site footer show it."""

    name: str = DEFAULT_NAME
    letterhead: tuple[str, ...] = ("KOMISI PEMILIHAN UMUM", "KABUPATEN KOTAWARINGIN TIMUR")
    unit: str = ""
    address: str = ""
    city: str = "Sampit"
    phone: str = ""
    email: str = ""
    website: str = ""
    service_hours: str = ""
    logo: str = ""  # path relative to the project root; "" = no emblem

    @property
    def contacts(self) -> str:
        """"Telepon ... · Surel ... · Laman ..." (only what is filled in)."""
        parts = [f"Telepon {self.phone}" if self.phone else "", f"Surel {self.email}" if self.email else "",
                 f"Laman {self.website}" if self.website else ""]
        return " · ".join(p for p in parts if p)


@dataclass(frozen=True)
class Link:
    """A named external link (site footer)."""

    name: str
    url: str


@dataclass(frozen=True)
class SiteOptions:
    """What the office may change about the site without touching code."""

    links: tuple[Link, ...] = (Link("JDIH KPU RI", JDIH_KPU_URL), Link("JDIH Nasional (JDIHN)", JDIHN_URL))
    home: int = 8
    per_page: int = 20
    feed: int = 50


@dataclass(frozen=True)
class DeskGitHub:
    """``meja.github``: the web desk on GitHub (repository ``owner/name``, the OAuth client's address)."""

    repo: str
    oauth_url: str
    site_domain: str | None = None
    api_root: str | None = None  # GitHub Enterprise Server's REST API (https://HOST/api/v3); None: api.github.com


@dataclass(frozen=True)
class Signing:
    """Who signs a document (``oleh`` in kantor.yml) and who acknowledges it (``mengetahui``), as person ids."""

    signer: str | None = None
    acknowledger: str | None = None


@dataclass(frozen=True)
class Rule:
    """An evaluation rule: when ``when`` exceeds ``limit``, recommend ``hint`` (kantor.yml: jika, batas, saran)."""

    when: str
    limit: float
    hint: str
    line: int | None = None


DEFAULT_RULES = (
    Rule("langkah_lewat_norma", 1 / 3, "Meninjau kembali norma waktu langkah {langkah} ({kegiatan}, norma {norma}) "
         "atau menata ulang pembagian tugas {pelaksana}, karena {nilai} kejadian melampaui norma."),
    Rule("langkah_memburuk", 0.15, "Mencermati penyebab menurunnya ketepatan waktu langkah {langkah} ({kegiatan}) "
         "dibanding periode sebelumnya ({nilai})."),
    Rule("perbaikan_tinggi", 0.25, "Menyusun daftar periksa konsep konten berdasarkan catatan perbaikan Kasubbag, "
         "karena {nilai} keputusan persetujuan mengembalikan konten untuk perbaikan."),
    Rule("menunggu_lewat_norma", 0, "Menuntaskan {nilai} konten yang masih menunggu dan telah melewati norma "
         "waktu langkahnya."),
)


@dataclass(frozen=True)
class Office:
    """Everything in ``kantor.yml``."""

    identity: Identity = field(default_factory=Identity)
    signing: dict[str, Signing] = field(default_factory=dict)
    numbering: dict[str, str] = field(default_factory=dict)
    site: SiteOptions = field(default_factory=SiteOptions)
    rules: tuple[Rule, ...] = DEFAULT_RULES
    announce: dict[str, Any] = field(default_factory=dict)  # raw; checked by announcing.config
    root: Path | None = None
    source: Path | None = None
    lines: LineMap = field(default_factory=LineMap, compare=False)
    desk_github: DeskGitHub | None = None  # no `meja.github` section: no /admin/ on the site

    def line(self, *path: str) -> int | None:
        """Line of a key path in the file."""
        return self.lines.line(*path)

    def error(self, message: str, *path: str, hint: str | None = None) -> ConfigError:
        """A ConfigError pointing at ``path`` in ``kantor.yml``."""
        return ConfigError(message, file=self.source or OFFICE_FILE, line=self.line(*path) if path else None,
                           hint=hint)

    def logo_path(self) -> Path | None:
        """The emblem file, or None when none is configured; a configured but missing file is an error."""
        if not self.identity.logo:
            return None
        base = (self.root or Path.cwd()).resolve()
        path = (base / self.identity.logo).resolve()
        if not path.is_relative_to(base):  # the file is untrusted input: stay inside the repository
            raise self.error(f"berkas lambang '{self.identity.logo}' harus berada di dalam folder proyek",
                             "identitas", "logo")
        if not path.is_file():
            raise self.error(f"berkas lambang '{self.identity.logo}' tidak ditemukan", "identitas", "logo",
                             hint="Periksa `logo` di bagian identitas, atau kosongkan bila belum ada lambang.")
        return path

    def document_number(self, document: str, when: date, *, sequence: str | None = None, period: str = "") -> str:
        """The document's number in the office's pattern (empty when no pattern is set)."""
        pattern = self.numbering.get(document, "")
        return pattern.format(urut=sequence or UNNUMBERED, bulan=when.month, bulan_romawi=_ROMAN[when.month - 1],
                              tahun=when.year, periode=period) if pattern else ""

    def signatories(self, document: str, people: People) -> tuple[Person | None, Person | None]:
        """(signer, acknowledger) of ``document`` resolved in ``sop/peran.yml`` (people or officials)."""
        signing = self.signing.get(document, Signing())
        out: list[Person | None] = []
        for key, pid in (("oleh", signing.signer), ("mengetahui", signing.acknowledger)):
            if not pid:
                out.append(None)
                continue
            person = people.get(pid) or people.official(pid)
            if person is None:
                raise self.error(f"penandatangan '{pid}' tidak ada di sop/peran.yml (bagian orang atau pejabat)",
                                 "penandatangan", document, key)
            out.append(person)
        return out[0], out[1]


def load_office(root: Path) -> Office:
    """Read ``kantor.yml`` in ``root`` (the defaults when it is absent)."""
    path = root / OFFICE_FILE
    if not path.is_file():
        return Office(root=root)
    data, lines = read_yaml_file(path, ConfigError)
    if data is None:
        return Office(root=root, source=path, lines=lines)
    if not isinstance(data, dict):
        raise ConfigError(f"{OFFICE_FILE} harus berupa pemetaan kunci: nilai", file=path, line=1)
    return _Parser(data, lines, path).office(root)


class _Parser:
    """Checks each section; every error names the key's line."""

    def __init__(self, data: dict[str, Any], lines: LineMap, path: Path) -> None:
        self.data, self.lines, self.path = data, lines, path

    def fail(self, message: str, *key: Any) -> ConfigError:
        return ConfigError(message, file=self.path, line=self.lines.line(*key))

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(f"bagian '{name}' harus berupa pemetaan kunci: nilai", name)
        return value

    def text(self, sec: str, data: dict[str, Any], key: str, default: str) -> str:
        v = data.get(key)
        if v is None:
            return default
        if isinstance(v, bool) or not isinstance(v, str | int):
            raise self.fail(f"'{key}' harus berupa teks", sec, key)
        return str(v).strip()

    def office(self, root: Path) -> Office:
        for key in self.data:
            if key not in _SECTIONS:
                raise self.fail(f"bagian '{key}' tidak dikenal; yang dikenal: {', '.join(_SECTIONS)}", key)
        return Office(self.identity(), self.signing(), self.numbering(), self.site(), self.rules(),
                      self.section("pengumuman"), root, self.path, self.lines, desk_github=self.desk_github())

    def desk_github(self) -> DeskGitHub | None:
        import re

        data = self.section("meja").get("github")
        if data is None:
            return None
        if not isinstance(data, dict) or not set(data) <= {"repo", "oauth_url", "site_domain", "api_root"}:
            raise self.fail("'meja.github' harus berisi 'repo', 'oauth_url' dan boleh 'site_domain', 'api_root'",
                            "meja", "github")
        repo = self.text("meja", data, "repo", "")
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}", repo):
            raise self.fail(f"'repo' harus berbentuk pemilik/nama repositori GitHub, bukan {repo!r}", "meja", "github",
                            "repo")
        # https, or http on this computer's loopback address (a test or a local GitHub Enterprise tunnel)
        address = r"(https://[A-Za-z0-9.-]+|http://(127\.0\.0\.1|localhost))(:\d+)?(/[A-Za-z0-9._~/-]*)?"
        url = self.text("meja", data, "oauth_url", "")
        if not re.fullmatch(address, url):
            raise self.fail(f"'oauth_url' harus alamat https klien OAuth, bukan {url!r}", "meja", "github", "oauth_url")
        api_root = self.text("meja", data, "api_root", "") or None
        if api_root is not None and not re.fullmatch(address, api_root):
            raise self.fail(f"'api_root' harus alamat https API GitHub Enterprise Server (https://HOST/api/v3), "
                            f"bukan {api_root!r}", "meja", "github", "api_root")
        domain = self.text("meja", data, "site_domain", "") or None
        if domain is not None and not re.fullmatch(r"[A-Za-z0-9.-]+", domain):
            raise self.fail(f"'site_domain' harus nama domain saja, bukan {domain!r}", "meja", "github", "site_domain")
        return DeskGitHub(repo, url.rstrip("/"), domain, api_root.rstrip("/") if api_root else None)

    def identity(self) -> Identity:
        data = self.section("identitas")
        for key in data:
            if key not in (*_IDENTITY_TEXT, "kop"):
                raise self.fail(f"kunci '{key}' tidak dikenal di bagian identitas", "identitas", key)
        base = Identity()
        letterhead = data.get("kop", list(base.letterhead))
        if isinstance(letterhead, str):
            letterhead = [letterhead]
        if not isinstance(letterhead, list) or not all(isinstance(x, str) and x.strip() for x in letterhead):
            raise self.fail("'kop' harus berupa daftar baris teks", "identitas", "kop")
        values = {f: self.text("identitas", data, k, getattr(base, f)) for k, f in _IDENTITY_TEXT.items()}
        values["name"] = values["name"] or DEFAULT_NAME
        return Identity(letterhead=tuple(x.strip() for x in letterhead), **values)

    def signing(self) -> dict[str, Signing]:
        data = self.section("penandatangan")
        out = {}
        for doc, spec in data.items():
            if doc not in DOCUMENTS:
                raise self.fail(f"naskah '{doc}' tidak dikenal; pilihan: {', '.join(DOCUMENTS)}", "penandatangan", doc)
            if not isinstance(spec, dict) or not set(spec) <= {"oleh", "mengetahui"}:
                raise self.fail(f"penandatangan '{doc}' harus berisi 'oleh' dan boleh 'mengetahui'",
                                "penandatangan", doc)
            names = {k: self.text("penandatangan", spec, k, "") or None for k in ("oleh", "mengetahui")}
            out[str(doc)] = Signing(names["oleh"], names["mengetahui"])
        return out

    def numbering(self) -> dict[str, str]:
        data = self.section("penomoran")
        out = {}
        for doc in data:
            if doc not in DOCUMENTS:
                raise self.fail(f"naskah '{doc}' tidak dikenal; pilihan: {', '.join(DOCUMENTS)}", "penomoran", doc)
            pattern = self.text("penomoran", data, doc, "")
            try:
                pattern.format(urut="1", bulan=1, bulan_romawi="I", tahun=2026, periode="2026-S1")
            except (KeyError, IndexError, ValueError) as exc:
                raise self.fail(f"pola nomor '{pattern}' tidak sah ({exc}); isian yang dikenal: "
                                + ", ".join("{" + f + "}" for f in NUMBER_FIELDS), "penomoran", doc) from None
            out[str(doc)] = pattern
        return out

    def site(self) -> SiteOptions:
        data = self.section("situs")
        base = SiteOptions()
        links = []
        for i, item in enumerate(data.get("tautan") or []):
            if not (isinstance(item, dict) and isinstance(item.get("nama"), str) and isinstance(item.get("url"), str)
                    and item["url"].startswith(("https://", "http://"))):
                raise self.fail(f"tautan ke-{i + 1} harus berisi 'nama' dan 'url' http(s)", "situs", "tautan", i)
            links.append(Link(item["nama"], item["url"]))

        def count(key: str, default: int) -> int:
            v = data.get(key, default)
            if not isinstance(v, int) or isinstance(v, bool) or v < 1:
                raise self.fail(f"'{key}' harus bilangan bulat positif", "situs", key)
            return v

        return SiteOptions(tuple(links) if links else base.links, count("beranda", base.home),
                           count("per_halaman", base.per_page), count("umpan", base.feed))

    def rules(self) -> tuple[Rule, ...]:
        data = self.section("evaluasi")
        items = data.get("aturan")
        if items is None:
            return DEFAULT_RULES
        if not isinstance(items, list):
            raise self.fail("'aturan' harus berupa daftar", "evaluasi", "aturan")
        out = []
        for i, item in enumerate(items):
            where = ("evaluasi", "aturan", i)
            if not isinstance(item, dict) or item.get("jika") not in RULE_KINDS:
                raise self.fail(f"aturan ke-{i + 1}: 'jika' harus salah satu dari {', '.join(RULE_KINDS)}", *where)
            limit = item.get("batas")
            if isinstance(limit, bool) or not isinstance(limit, int | float) or limit < 0:
                raise self.fail(f"aturan ke-{i + 1}: 'batas' harus bilangan tidak negatif", *where, "batas")
            hint = item.get("saran")
            if not isinstance(hint, str) or not hint.strip():
                raise self.fail(f"aturan ke-{i + 1}: 'saran' harus berupa kalimat", *where)
            try:
                hint.format(langkah=1, kegiatan="", pelaksana="", norma="", nilai="", batas="")
            except (KeyError, IndexError, ValueError) as exc:
                raise self.fail(f"aturan ke-{i + 1}: isian {exc} pada 'saran' tidak dikenal", *where, "saran") from None
            out.append(Rule(str(item["jika"]), float(limit), " ".join(hint.split()), self.lines.line(*where)))
        return tuple(out)
