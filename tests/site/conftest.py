"""Fixtures for the site tests (one shared strict build)."""

from __future__ import annotations

import pytest

from support.site_build import add_public_posts, add_sentinel_posts, add_xss_posts, site_project


@pytest.fixture(scope="package")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One real strict build shared by the non-browser tests of this folder."""
    from jdih.site.build import build_site

    root = tmp_path_factory.mktemp("situs") / "proyek"
    project = site_project(root)
    public = add_public_posts(project)
    secret = add_sentinel_posts(project)
    xss = add_xss_posts(project)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("JDIH_CARI_PER_BAGIAN", "4")  # a search index in several parts, merged by the search page
        site = build_site(project.root, root / "site", strict=True)
    return {"project": project, "site": site, "public": public, "secret": secret, "xss": xss}
