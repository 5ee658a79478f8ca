"""A rebuild without MkDocs, when nothing MkDocs reads changed since its last run.

MkDocs makes only the fixed pages (home, indexes, SOP ...) and copies the theme's files, yet
importing it and listing Material's 14,000 theme files takes longer than the rest of a rebuild
after one post changed. So each MkDocs run of ``jdih situs bangun`` is recorded
(:class:`~jdih.site.generator.MkDocsRun`, in ``.jdih/situs-cache/``): its files, the fixed pages
as shells around their bodies and the shells of generated pages. A later build reuses that
record when MkDocs' inputs are the same: ``mkdocs.yml``, the site code and our theme layer, the
installed MkDocs and Material, the files of any other theme folder of that run, the output
folder and strictness (:func:`inputs_key`), and the fixed pages' Markdown (checked after
content/ is read). Their bodies, which change with the posts, are filled into the shells.
Anything else (a shell never made, a changed input) runs MkDocs as usual.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from . import cache
from .generator import MkDocsRun, SiteBuild, fixed_digest
from .output import Output
from .pages import THEME_DIR
from .shell import MissingShell, Shells

RUN_FILE = "mkdocs-jalan.pickle"  # in .jdih/situs-cache/
_SITE_CODE = Path(__file__).resolve().parent


def inputs_key(root: Path, config_file: Path, site_dir: Path | None, strict: bool) -> str:
    """What MkDocs' output depends on, besides content/: the configuration, the code and theme
    layer of the site, the installed MkDocs and Material, the output folder and strictness."""
    h = hashlib.blake2b(digest_size=16)
    h.update(config_file.read_bytes())
    h.update(repr((str(root.resolve()), str(site_dir.resolve()) if site_dir else None, strict)).encode())
    code = sorted(_SITE_CODE.glob("*.py")) + sorted(p for p in THEME_DIR.rglob("*") if p.is_file())
    for path in code:
        h.update(str(path).encode() + b"\0" + path.read_bytes())
    for dist in ("mkdocs", "mkdocs-material"):
        try:
            h.update(metadata.version(dist).encode())
        except metadata.PackageNotFoundError:
            h.update(b"?")
    return h.hexdigest()


def load_run(cache_dir: Path, key: str) -> MkDocsRun | None:
    """The recorded MkDocs run made with inputs ``key``, if its files are all still there."""
    run = cache.load(cache_dir / RUN_FILE, key).get("jalan")
    if not isinstance(run, MkDocsRun) or not (cache_dir / cache.MKDOCS_DIR).is_dir():
        return None
    if any(cache.tree_digest(Path(folder)) != digest for folder, digest in run.theme_dirs.items()):
        return None
    return run


def save_run(cache_dir: Path, key: str, run: MkDocsRun) -> None:
    """Record a finished MkDocs run (after its output was committed)."""
    cache.save(cache_dir / RUN_FILE, key, {"jalan": run})


def forget_run(cache_dir: Path) -> None:
    """MkDocs is about to rebuild its folder: the record no longer describes it."""
    (cache_dir / RUN_FILE).unlink(missing_ok=True)


def rebuild(root: Path, run: MkDocsRun, swap: Callable[[Path, Path], None]) -> bool:
    """Build the site of ``root`` reusing ``run`` instead of running MkDocs; False (nothing
    changed) when MkDocs must run after all."""
    site = SiteBuild()
    site.start("build")
    try:
        site.load(root)
        if fixed_digest(site.make_fixed(run.settings.site_name)) != run.fixed_digest:
            return False
        output = Output(Path(run.final), site.cache_dir)
        try:
            site.write_fixed(output, run)
            site.write_site(output, run.settings, Shells(run.shells), run.fixed_urls)
        except MissingShell:
            output.discard()
            return False
        except BaseException:
            output.discard()
            raise
        output.commit(swap)
        return True
    finally:
        site.stop()
