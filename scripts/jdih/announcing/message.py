"""The announcement text, rendered from the office's Jinja2 templates in ``sop/templat/``.

Plain text for WhatsApp, so autoescape is off; ``StrictUndefined`` turns a misspelt variable
into an error (naming the template file and line) instead of a silently empty line.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..channels.outbox import is_outbox_link
from ..errors import ConfigError
from ..links import post_url
from ..post import Post
from ..project import Project
from ..worktime import format_date_id
from .config import AnnounceConfig

# Used when the office has not (yet) put its own template in sop/templat/.
BUILTIN_TEMPLATE = """\
*{{ kantor }}*
Konten baru telah diunggah:

*{{ judul }}*
Kategori: {{ kategori }}{% if seri %} | Seri: {{ seri }}{% endif +%}

{% for t in tautan %}
- {{ t.nama }}: {{ t.url }}
{% endfor %}
- Situs JDIH: {{ situs }}

Mohon dibantu menyukai dan membagikan. Terima kasih.
"""

BUILTIN_DIGEST = """\
*{{ kantor }}*
{{ jumlah }} konten baru telah diunggah:
{% for p in pos %}

{{ loop.index }}. *{{ p.judul }}*
Kategori: {{ p.kategori }}{% if p.seri %} | Seri: {{ p.seri }}{% endif +%}

{% for t in p.tautan %}
- {{ t.nama }}: {{ t.url }}
{% endfor %}
- Situs JDIH: {{ p.situs }}
{% endfor %}

Mohon dibantu menyukai dan membagikan. Terima kasih.
"""


@dataclass(frozen=True)
class Rendered:
    """One message ready to send: its text and which posts it announces."""

    text: str
    post_ids: tuple[str, ...]
    title: str
    link: str


def post_context(project: Project, config: AnnounceConfig, post: Post) -> dict[str, Any]:
    """Template variables of one post."""
    cat = project.sop.categories.get(post.category)
    links = post.links
    order = [p for p in post.platforms if p in links] + sorted(p for p in links if p not in post.platforms)
    link_items = []
    manual = []
    for pid in order:
        spec = project.platforms.get(pid)
        name = spec.name if spec else pid
        if is_outbox_link(links[pid]):
            # Prepared in the local outbox, not posted by the API: its link is the JDIH page, not the platform's.
            manual.append(name)
            continue
        link_items.append({"platform": pid, "nama": name, "url": links[pid]})
    published = post.first_entered(project.sop.published_states)
    return {
        "kantor": config.office,
        "id": post.id,
        "judul": post.title,
        "kategori": cat.label if cat else post.category,
        "seri": post.series,
        "tautan": link_items,
        "manual": manual,
        "situs": post_url(project.site_url, post.id),
        "tanggal": format_date_id(published) if published else "",
        "dokumen_hukum": post.legal_document,
    }



# Jinja2's own (English) messages that an office editing a template meets most, in Indonesian.
_JINJA_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"'([^']+)' is undefined", "variabel '{0}' tidak dikenal"),
    (r"'([^']+)' has no attribute '([^']+)'", "'{0}' tidak punya bagian '{1}'"),
    (r"Unexpected end of template.*'(end\w+)'", "templat berakhir sebelum blok ditutup: {{% {0} %}} kurang"),
    (r"Encountered unknown tag '([^']+)'.*'(end\w+)'",
     "tag '{0}' tidak dikenal atau salah tempat; mungkin {{% {1} %}} kurang/berlebih"),
    (r"Encountered unknown tag '([^']+)'", "tag '{0}' tidak dikenal"),
    (r"unexpected '([^']+)'", "tanda '{0}' tidak diharapkan di sini"),
    (r"unexpected end of template", "templat berakhir di tengah ekspresi ({{{{ atau {{% belum ditutup)"),
    (r"expected token '([^']+)', got '([^']+)'", "diharapkan '{0}', tetapi tertulis '{1}'"),
    (r"no filter named '([^']+)'", "filter '{0}' tidak ada"),
)


def jinja_message_id(message: str) -> str:
    """Indonesian for a Jinja2 error message (the original, marked, when not recognised)."""
    import re

    for pattern, text in _JINJA_PATTERNS:
        m = re.search(pattern, message, re.IGNORECASE | re.DOTALL)
        if m:
            return text.format(*m.groups())
    return f"kesalahan Jinja2 (pesan asli: {message})"

class Templates:
    """The office's templates (or the built-in ones when a default file is absent)."""

    def __init__(self, sop_dir: Path, config: AnnounceConfig) -> None:
        self.sop_dir = sop_dir
        self.config = config
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(sop_dir)),
            autoescape=False,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )

    def _template(self, name: str, builtin: str, default_name: str) -> tuple[jinja2.Template, Path]:
        path = self.sop_dir / name
        if not path.is_file() and name == default_name:
            return self._compile(lambda: self.env.from_string(builtin), path), path
        if not path.is_file():
            raise self.config.error("templat" if "ringkasan" not in name else "templat_ringkasan",
                                    f"templat pengumuman tidak ditemukan: {path}")
        return self._compile(lambda: self.env.get_template(name), path), path

    @staticmethod
    def _compile(load: Any, path: Path) -> jinja2.Template:
        try:
            return load()
        except jinja2.TemplateSyntaxError as exc:
            raise ConfigError(f"templat pengumuman tidak sah: {jinja_message_id(exc.message or str(exc))}", file=path,
                              line=exc.lineno, hint="Perbaiki sintaks Jinja2 pada baris tersebut.") from None

    def _render(self, name: str, builtin: str, default_name: str, context: dict[str, Any]) -> str:
        template, path = self._template(name, builtin, default_name)
        try:
            text = template.render(**context)
        except jinja2.TemplateError as exc:
            raise ConfigError(
                f"templat pengumuman gagal diisi: {jinja_message_id(getattr(exc, 'message', None) or str(exc))}",
                file=path,
                line=_template_line(exc, path),
                hint="Variabel yang tersedia: " + ", ".join(sorted(context)),
            ) from None
        return tidy(text)

    def single(self, context: dict[str, Any]) -> str:
        """Message for one post."""
        return self._render(self.config.template, BUILTIN_TEMPLATE, _default("templat"), context)

    def digest(self, contexts: list[dict[str, Any]]) -> str:
        """One message for several posts."""
        ctx = {"kantor": self.config.office, "jumlah": len(contexts), "pos": contexts}
        return self._render(self.config.summary_template, BUILTIN_DIGEST, _default("templat_ringkasan"), ctx)


def _default(key: str) -> str:
    from .config import DEFAULT_DIGEST_TEMPLATE, DEFAULT_TEMPLATE

    return DEFAULT_TEMPLATE if key == "templat" else DEFAULT_DIGEST_TEMPLATE


def _template_line(exc: BaseException, path: Path) -> int | None:
    """The template line where rendering failed (Jinja maps its frames to template lines)."""
    tb: types.TracebackType | None = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in (str(path), "<template>"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def tidy(text: str) -> str:
    """Trailing spaces removed, at most one blank line in a row, one final newline."""
    lines = [ln.rstrip() for ln in text.strip().splitlines()]
    out: list[str] = []
    for ln in lines:
        if ln == "" and out and out[-1] == "":
            continue
        out.append(ln)
    return "\n".join(out) + "\n"
