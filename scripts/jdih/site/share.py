"""Link previews and sharing: Open Graph / Twitter card tags, the preview image, the WhatsApp link.

Links to the site are shared into WhatsApp groups, so every page carries a card: a post page
its own title, excerpt, canonical URL and first image (sized for link previews), the other
pages a default card. Pure functions; the preview images they name are made by the generator.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import quote

from .collect import SiteMedia

DEFAULT_CARD = "assets/jdih/kartu-bagikan.png"
DEFAULT_SIZE = (1200, 630)
# WhatsApp shows no preview for images above ~300 KB; platforms want JPEG or PNG.
PREVIEW_MAX_BYTES = 300_000
PREVIEW_WIDTH = 800
PREVIEW_TYPES = (".jpg", ".jpeg", ".png")


@dataclass(frozen=True)
class Preview:
    """The image of a link preview: site path, size and alt text."""

    path: str
    width: int
    height: int
    alt: str


def preview_path(m: SiteMedia) -> str:
    """Site path of the converted preview JPEG of ``m`` (when the original does not fit)."""
    return f"m/{m.digest[:32]}-pratinjau.jpg"


def needs_conversion(m: SiteMedia) -> bool:
    """True when the original image is too heavy, too large or of a type previews do not take."""
    return m.ext not in PREVIEW_TYPES or m.size > PREVIEW_MAX_BYTES or max(m.width, m.height) > 2 * PREVIEW_WIDTH


def preview(m: SiteMedia, original_path: str) -> Preview:
    """The preview image of a post whose first image is ``m`` (served at ``original_path``)."""
    if not needs_conversion(m):
        return Preview(original_path, m.width, m.height, m.alt)
    width, height = preview_size(m.width, m.height)
    return Preview(preview_path(m), width, height, m.alt)


def preview_size(width: int, height: int) -> tuple[int, int]:
    """Size of a converted preview (whole image, at most :data:`PREVIEW_WIDTH` wide)."""
    w = min(PREVIEW_WIDTH, width)
    return w, max(1, round(height * w / width))


def tags(site_url: str, image: Preview | None, *, article: bool) -> str:
    """``og:type``, ``og:image*`` and ``twitter:*`` tags (title, description and URL are the page's)."""
    base = site_url.rstrip("/") + "/"
    if image is None:
        image = Preview(DEFAULT_CARD, *DEFAULT_SIZE, "")
    url = html.escape(base + image.path, quote=True)
    out = [
        f'<meta property="og:type" content="{"article" if article else "website"}">',
        f'<meta property="og:image" content="{url}">',
        f'<meta property="og:image:width" content="{image.width}">',
        f'<meta property="og:image:height" content="{image.height}">',
        '<meta name="twitter:card" content="summary_large_image">',
        f'<meta name="twitter:image" content="{url}">',
    ]
    if image.alt:
        alt = html.escape(image.alt, quote=True)
        out += [f'<meta property="og:image:alt" content="{alt}">', f'<meta name="twitter:image:alt" content="{alt}">']
    return "\n  ".join(out)


def whatsapp_link(title: str, url: str) -> str:
    """A ``wa.me`` share link: WhatsApp opens with the title and the page's address typed in."""
    return "https://wa.me/?text=" + quote(f"{title}\n{url}", safe="")
