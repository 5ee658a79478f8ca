"""MkDocs hooks file (``hooks:`` in mkdocs.yml): delegates every event to :class:`JdihSite`.

MkDocs loads this file by path, so it only imports the installed package.
"""

from __future__ import annotations

from jdih.site.plugin import JdihSite, guarded

_site = JdihSite()

on_config = guarded(_site.on_config)
on_files = guarded(_site.on_files)
on_nav = guarded(_site.on_nav)
on_env = guarded(_site.on_env)
on_page_content = guarded(_site.on_page_content)
on_post_build = guarded(_site.on_post_build)
