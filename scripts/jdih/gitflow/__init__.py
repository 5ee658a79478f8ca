"""The SOP on plain git (gitpython): local-mode steps, change checks and a post's trail.

``compare`` holds the pure (git-free) comparison of two front-matter versions; the other
modules are the git shell around it.
"""
