"""Official documents: letterhead (kop surat), signature blocks, HTML from one template set, PDF.

The laporan, the Buku Agenda and the archive's berita acara share the templates in
``jdih/templates/naskah/``: the kop (emblem, the institution's lines, address and contacts, a
double rule), the title with the document number, and the signature block ("Sampit,
2 Desember 2026", position, space to sign, name, NIP; "Mengetahui" for the Sekretaris).
The same HTML is written as ``.html`` and turned into PDF by WeasyPrint (A4, "Halaman 2 dari 5",
table headers repeated on every page, DejaVu fonts embedded, no word broken mid-word).

Every value in a document comes from outside the code (post titles, office settings), so the
templates autoescape, and WeasyPrint may fetch nothing but ``data:`` URIs.
"""

from __future__ import annotations

import base64
import gc
import io
import mimetypes
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from markupsafe import Markup, escape

from ..errors import ConfigError
from ..office import Identity, Office, load_office
from ..people import People, Person
from ..project import Project
from ..worktime import format_date_id

TEMPLATE_PACKAGE = "jdih"
TEMPLATE_DIR = "templates/naskah"
_URL_BREAKS = re.compile(r"([/.\-_?&=#]+)")  # "://" stays whole


@dataclass(frozen=True)
class Letterhead:
    """What a document's kop, number and signature block print, resolved from the office file."""

    identity: Identity
    logo_uri: str  # data: URI of the emblem, "" for none
    number: str  # document number ("" when the office set no pattern)
    place_date: str  # "Sampit, 2 Desember 2026"
    signer: Person | None
    acknowledger: Person | None


def letterhead(office: Office, people: People, document: str, when: date | datetime, *,
               period: str = "", sequence: str | None = None) -> Letterhead:
    """The letterhead of ``document`` (``laporan``, ``agenda``, ``berita_acara``) signed on ``when``."""
    day = when.date() if isinstance(when, datetime) else when
    signer, ack = office.signatories(document, people)
    return Letterhead(
        identity=office.identity,
        logo_uri=_logo_uri(office),
        number=office.document_number(document, day, sequence=sequence, period=period),
        place_date=f"{office.identity.city}, {format_date_id(day)}" if office.identity.city
        else format_date_id(day),
        signer=signer,
        acknowledger=ack,
    )


def plain_letterhead(institution: str, when: date | datetime | None = None) -> Letterhead:
    """A letterhead with only the institution's name (callers without the office file: tests, tools)."""
    ident = Identity(name=institution) if institution else Identity()
    return Letterhead(ident, "", "", format_date_id(when) if when else "", None, None)


def _logo_uri(office: Office) -> str:
    path = office.logo_path()
    if path is None:
        return ""
    kind = mimetypes.guess_type(path.name)[0] or ""
    if kind not in ("image/png", "image/jpeg", "image/svg+xml"):
        raise office.error(f"lambang '{path.name}' harus berupa berkas PNG, JPEG atau SVG", "identitas", "logo")
    return f"data:{kind};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def url_text(url: str) -> Markup:
    """A URL as escaped text that may wrap after a run of ``/ . - _ ? & = #`` (never inside a word)."""
    parts = _URL_BREAKS.split(url)  # text, separator, text, separator, ...
    return Markup("").join(escape(p) + (Markup("<wbr>") if i % 2 else Markup("")) for i, p in enumerate(parts) if p)


def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader(TEMPLATE_PACKAGE, TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["url"] = url_text
    return env


_ENV: list[Any] = []


def render(template: str, **context: Any) -> str:
    """Render one of the document templates (``laporan.html.j2``, ``agenda.html.j2``, ...)."""
    if not _ENV:
        _ENV.append(_environment())
    return str(_ENV[0].get_template(template).render(**context))


def html_to_pdf(html: str) -> bytes:
    """The document as PDF bytes (WeasyPrint; only ``data:`` URIs are fetched)."""
    try:
        import weasyprint
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as exc:  # OSError: the Pango/HarfBuzz libraries are missing
        raise ConfigError(
            f"pembuat PDF (WeasyPrint) tidak dapat dimuat: {exc}",
            hint="Jalankan ./jalankan atau scripts/setup_env.sh untuk memasang WeasyPrint dan pustaka Pango.",
        ) from None
    fetcher = URLFetcher(allowed_protocols={"data"})
    return bytes(weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf())


@dataclass(frozen=True)
class Part:
    """Which part of a long document one HTML chunk is (templates read it as ``part``).

    ``first`` prints the kop, title and number; ``last`` the signature block; ``page_numbers`` > 0 makes
    instead a page-number layer: that many empty pages whose footers read "Halaman X dari ``total_pages``",
    X counted from ``first_page``."""

    first: bool
    last: bool
    page_numbers: int = 0
    first_page: int = 1
    total_pages: int = 0


LAYER_PAGES = 100  # pages of the page-number layer per WeasyPrint document


def chunked_pdf(chunks: Iterable[str], page_layer: Callable[[int, int, int], str], *,
                layer_pages: int = LAYER_PAGES) -> bytes:
    """One PDF from HTML chunks rendered one at a time, so memory holds one chunk's layout, not the
    whole document's (WeasyPrint needed 3.85 GB for a 10,000-row agenda in one piece).

    Chunks are kept as PDF bytes while the next ones render, and merged (pypdf) only after the last, so
    the peak is one chunk's layout or the merged pages, not both. Each chunk starts on a new page and
    prints no footer. ``page_layer(first, count, total)`` is the HTML of ``count`` empty pages with the
    same page geometry whose footers carry "Halaman X dari ``total``" from X = ``first`` (WeasyPrint's
    page counter), rendered ``layer_pages`` pages at a time; each is stamped onto the page it numbers."""
    from pypdf import PdfReader, PdfWriter

    parts: list[bytes] = []  # compact (~14 kB a page); parsed only once every chunk is rendered
    for html in chunks:
        parts.append(html_to_pdf(html))
        gc.collect()  # WeasyPrint's layout trees hold reference cycles: free them before the next chunk
    writer = PdfWriter()
    metadata = None
    while parts:
        reader = PdfReader(io.BytesIO(parts.pop(0)))
        if metadata is None:
            metadata = reader.metadata
        writer.append(reader)
    total = len(writer.pages)
    step = max(layer_pages, 1)
    for start in range(0, total, step):
        count = min(step, total - start)
        layer = PdfReader(io.BytesIO(html_to_pdf(page_layer(start + 1, count, total))))
        if len(layer.pages) != count:  # the layer is empty pages: anything else is a template error
            raise RuntimeError(f"page-number layer has {len(layer.pages)} pages for {count}")
        for i, numbers in enumerate(layer.pages):
            page = writer.pages[start + i]
            page.merge_page(numbers)
            page.compress_content_streams()  # merge_page leaves the combined content stream uncompressed
        del layer
    if metadata:
        writer.add_metadata({k: v for k, v in metadata.items() if isinstance(v, str)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def project_letterhead(project: Project, document: str, when: date | datetime, *, period: str = "",
                       sequence: str | None = None) -> Letterhead:
    """:func:`letterhead` from the project's ``kantor.yml`` and ``sop/peran.yml``."""
    return letterhead(load_office(project.root), project.people, document, when, period=period, sequence=sequence)
