"""CODEOWNERS generated from ``sop/peran.yml``: the approving role owns everything, and by name
content/ and every path outside it that decides how the system works (code, SOP, workflows,
settings, dependency locks): those run with every secret once merged (issue 12)."""

from __future__ import annotations

from ..people import People
from ..sop_model import Sop

HEADER = (
    "# Dibuat dari sop/peran.yml oleh `jdih github codeowners`; jangan diubah manual.\n"
    "# Pemilik (wajib me-review) = pemegang peran yang menyetujui konten (langkah 5 SOP).\n"
)
OWNED = ("*", "/content/", "/sop/", "/.github/", "/scripts/", "/mkdocs.yml", "/kantor.yml", "/pyproject.toml",
         "/requirements*.lock", "/package*.json", "/uji", "/jalankan")


def approver_logins(sop: Sop, people: People) -> list[str]:
    """GitHub logins of everyone who may approve (the roles of the approval, ``menyetujui``)."""
    roles = sop.approver_roles
    return sorted(f"@{p.github}" for p in people.by_id.values() if p.github and p.has_role(*roles))


def render_codeowners(sop: Sop, people: People) -> str:
    """The CODEOWNERS text (the last matching line wins, so every owned path lists the approvers)."""
    owners = " ".join(approver_logins(sop, people))
    if not owners:
        return HEADER + "# Tidak ada pemegang peran penyetuju dengan akun GitHub di sop/peran.yml.\n"
    return HEADER + "".join(f"{path} {owners}\n" for path in OWNED)
