"""GitHub as the place where the SOP happens: event payloads, the PR timeline, the preview comment.

Pure mapping (events, timeline → riwayat entries, CODEOWNERS) is kept apart from the REST
client (:mod:`.client`, over an injected ``httpx.Client``).
"""
